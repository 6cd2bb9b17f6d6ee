// A crd-ts server with the generated CRDs, and clients of @kubernetes/client-node pointed at it.
import { CoreV1Api, CustomObjectsApi, KubeConfig, setHeaderOptions, PatchStrategy } from "@kubernetes/client-node";
import { fileURLToPath } from "node:url";
import { startServer, type RunningServer, type ServerOptions } from "../../src/server/index.js";
import type { HealthEvent, HealthEventSpec } from "../../generated/ts/nvsentinel/health/v1/health_event_crd.js";

export const CRD_DIR = fileURLToPath(new URL("../../generated/crds", import.meta.url));
export const GROUP = "nvsentinel.dgxc.nvidia.com";
export const VERSION = "v1";
export const PLURAL = "healthevents";
export const HE = { group: GROUP, version: VERSION, plural: PLURAL };
export const HE_ID = `${GROUP}/${PLURAL}`;
export const MERGE_PATCH = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

export interface TestServer {
  server: RunningServer;
  kc: KubeConfig;
  custom: CustomObjectsApi;
  core: CoreV1Api;
}

export async function startTestServer(options: ServerOptions = {}): Promise<TestServer> {
  const server = await startServer({ crdFiles: [CRD_DIR], bookmarkIntervalMs: 0, ...options });
  const kc = new KubeConfig();
  kc.loadFromFile(server.kubeconfigPath);
  return { server, kc, custom: kc.makeApiClient(CustomObjectsApi), core: kc.makeApiClient(CoreV1Api) };
}

export function healthEvent(
  name: string,
  spec: Partial<HealthEventSpec> = {},
  labels: Record<string, string> = {},
  namespace = "default",
): HealthEvent {
  return {
    apiVersion: `${GROUP}/${VERSION}`,
    kind: "HealthEvent",
    metadata: { name, namespace, labels },
    spec: {
      nodeName: "node-1",
      agent: "gpu-health-monitor",
      checkName: "GpuXidError",
      componentClass: "GPU",
      isFatal: true,
      isHealthy: false,
      message: "XID 79: GPU has fallen off the bus",
      errorCode: ["79"],
      recommendedAction: "RESTART_BM",
      processingStrategy: "EXECUTE_REMEDIATION",
      entitiesImpacted: [{ entityType: "GPU", entityValue: "0" }],
      generatedTimestamp: "2026-11-25T10:00:00Z",
      ...spec,
    },
  };
}

/** The Status body of a failed client call. */
export async function statusOf(promise: Promise<unknown>): Promise<{ code: number; reason: string; message: string; details?: unknown }> {
  try {
    await promise;
  } catch (error) {
    const body = (error as { body?: unknown }).body;
    return JSON.parse(typeof body === "string" ? body : JSON.stringify(body)) as never;
  }
  throw new Error("expected the call to fail");
}

/** A raw request to the server, for what the typed clients do not expose. */
export async function request(
  server: RunningServer,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; json: any }> {
  const response = await fetch(server.url + path, {
    method,
    headers: { "Content-Type": "application/json", Authorization: `Bearer ${server.token}`, ...headers },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? JSON.parse(text) : undefined };
}

export const HE_PATH = `/apis/${GROUP}/${VERSION}/namespaces/default/${PLURAL}`;
