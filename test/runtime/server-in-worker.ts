// The local API server in a worker thread (needs `npm run -s build`), controlled by messages.
import type { KubeConfig } from "@kubernetes/client-node";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { FaultOptions, ServerOptions } from "../../src/server/index.js";
import { healthEventCrd, kubeConfigFor } from "./local-server.js";

export const serverBuilt = existsSync(fileURLToPath(new URL("../../dist/src/server/index.js", import.meta.url)));

export interface WorkerServer {
  url: string;
  kubeConfig: KubeConfig;
  admissionEnabled: boolean;
  setFaults(options: FaultOptions): Promise<void>;
  compact(): Promise<void>;
  injected(): Promise<Record<string, number>>;
  count(resource: string): Promise<number>;
  close(): Promise<void>;
}

export async function startServerInWorker(options: ServerOptions = {}): Promise<WorkerServer> {
  const worker = new Worker(new URL("./server-worker.mjs", import.meta.url), { workerData: { options: { crdFiles: [healthEventCrd], ...options } } });
  const pending = new Map<number, (result: unknown) => void>();
  let nextId = 1;
  const started = new Promise<{ url: string; kubeconfigPath: string; admissionEnabled: boolean }>((resolve, reject) => {
    pending.set(0, resolve as (r: unknown) => void);
    worker.once("error", reject);
  });
  worker.on("message", ({ id, result }: { id: number; result: unknown }) => {
    pending.get(id)?.(result);
    pending.delete(id);
  });
  const call = <T>(message: Record<string, unknown>) =>
    new Promise<T>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve as (r: unknown) => void);
      worker.postMessage({ id, ...message });
    });
  const info = await started;
  return {
    url: info.url,
    admissionEnabled: info.admissionEnabled,
    kubeConfig: kubeConfigFor(info.kubeconfigPath),
    setFaults: (faults) => call({ op: "faults", options: faults }),
    compact: () => call({ op: "compact" }),
    injected: () => call({ op: "injected" }),
    count: (resource) => call({ op: "count", resource }),
    close: async () => {
      await call({ op: "close" });
      await worker.terminate();
    },
  };
}
