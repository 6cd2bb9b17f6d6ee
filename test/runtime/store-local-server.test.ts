// The store suite against the local API server over HTTP, with the real @kubernetes/client-node.
import type { KubeConfig } from "@kubernetes/client-node";
import { afterAll, beforeAll } from "vitest";
import { HealthEventStore } from "../../src/runtime/index.js";
import type { RunningServer } from "../../src/server/index.js";
import { ensureNamespace, startLocalServer } from "./local-server.js";
import { defineStoreSuite } from "./store-suite.js";

let server: RunningServer;
let kubeConfig: KubeConfig;
let n = 0;
beforeAll(async () => ({ server, kubeConfig } = await startLocalServer()));
afterAll(async () => server?.close());

defineStoreSuite(async () => {
  const namespace = `store-${++n}`;
  await ensureNamespace(kubeConfig, namespace);
  return { store: (options = {}) => HealthEventStore.fromKubeConfig(kubeConfig, { namespace, ...options }) };
});
