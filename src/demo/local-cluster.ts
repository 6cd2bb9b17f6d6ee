// The demo's cluster: the local API server with the generated HealthEvent CRD, a KubeConfig for
// it, and a namespace.
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { fileURLToPath } from "node:url";
import { startServer, type RunningServer } from "../server/index.js";

// dist/src/demo/ → package root.
const crdFile = fileURLToPath(new URL("../../../generated/crds/nvsentinel.dgxc.nvidia.com_healthevents.yaml", import.meta.url));

export async function startLocalCluster(namespace: string): Promise<{ server: RunningServer; kubeConfig: KubeConfig }> {
  const server = await startServer({ crdFiles: [crdFile], bookmarkIntervalMs: 500 });
  const loaded = new KubeConfig();
  loaded.loadFromFile(server.kubeconfigPath);
  // @kubernetes/client-node refuses plain http unless the cluster entry skips TLS verification.
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: loaded.clusters.map((c) => ({ ...c, skipTLSVerify: c.server.startsWith("http:") })),
    users: loaded.users,
    contexts: loaded.contexts,
    currentContext: loaded.currentContext,
  });
  await kubeConfig.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name: namespace } } });
  return { server, kubeConfig };
}
