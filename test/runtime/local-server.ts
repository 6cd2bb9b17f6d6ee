// Starts the local API server (src/server) with the generated HealthEvent CRD for runtime tests.
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { fileURLToPath } from "node:url";
import { startServer, type RunningServer, type ServerOptions } from "../../src/server/index.js";

export const healthEventCrd = fileURLToPath(new URL("../../generated/crds/nvsentinel.dgxc.nvidia.com_healthevents.yaml", import.meta.url));

export async function startLocalServer(options: ServerOptions = {}): Promise<{ server: RunningServer; kubeConfig: KubeConfig }> {
  const server = await startServer({ crdFiles: [healthEventCrd], ...options });
  return { server, kubeConfig: kubeConfigFor(server.kubeconfigPath) };
}

/** client-node 1.4 refuses plain http unless the cluster has skipTLSVerify set; the local server is http. */
export function kubeConfigFor(path: string): KubeConfig {
  const loaded = new KubeConfig();
  loaded.loadFromFile(path);
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: loaded.clusters.map((c) => ({ ...c, skipTLSVerify: c.server.startsWith("http:") })),
    users: loaded.users,
    contexts: loaded.contexts,
    currentContext: loaded.currentContext,
  });
  return kubeConfig;
}

/** Creates a namespace (tolerating one that exists); works on the local server and a real cluster. */
export async function ensureNamespace(kubeConfig: KubeConfig, name: string): Promise<void> {
  try {
    await kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name } } });
  } catch (error) {
    if ((error as { code?: number }).code !== 409) throw error;
  }
}
