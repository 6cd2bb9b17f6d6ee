// The store suite against a real cluster: runs only when KUBECONFIG is set, and expects the
// generated HealthEvent CRD (generated/crds/) to be applied there. Each test uses a fresh
// namespace named healthevent-store-test-<random>-<n>; they are left for inspection.
import { KubeConfig } from "@kubernetes/client-node";
import { randomBytes } from "node:crypto";
import { describe } from "vitest";
import { HealthEventStore } from "../../src/runtime/index.js";
import { ensureNamespace } from "./local-server.js";
import { defineStoreSuite } from "./store-suite.js";

const kubeconfig = process.env.KUBECONFIG;
const run = randomBytes(3).toString("hex");
let n = 0;

describe.skipIf(!kubeconfig)(
  kubeconfig ? `store suite on the cluster of ${kubeconfig}` : "store suite on a real cluster — skipped: KUBECONFIG is not set",
  () => {
    defineStoreSuite(async () => {
      const kubeConfig = new KubeConfig();
      kubeConfig.loadFromDefault();
      const namespace = `healthevent-store-test-${run}-${++n}`;
      await ensureNamespace(kubeConfig, namespace);
      return { store: (options = {}) => HealthEventStore.fromKubeConfig(kubeConfig, { namespace, ...options }) };
    });
  },
);
