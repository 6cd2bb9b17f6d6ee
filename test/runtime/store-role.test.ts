// The ClusterRole the HealthEvent store runtime runs with (generated/rbac/health-event-store.yaml, from
// the rbac_rules of proto/nvsentinel/health/v1alpha1/health_event.proto) grants exactly what
// src/runtime calls: the store suite, a consumer watch with saved and reset positions, and cleanup run
// against crd-ts serve through a KubeApi that records each request's (group, resource, verb).
import type { KubeConfig } from "@kubernetes/client-node";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ClientNodeApi, HealthEventStore } from "../../src/runtime/index.js";
import type { RunningServer } from "../../src/server/index.js";
import { fault } from "./events.js";
import { ensureNamespace, startLocalServer } from "./local-server.js";
import { RecordingApi, type Permission } from "./recording-api.js";
import { defineStoreSuite } from "./store-suite.js";

const ROLE_FILE = fileURLToPath(new URL("../../generated/rbac/health-event-store.yaml", import.meta.url));

let server: RunningServer;
let kubeConfig: KubeConfig;
let recording: RecordingApi;
let n = 0;
beforeAll(async () => {
  ({ server, kubeConfig } = await startLocalServer());
  recording = new RecordingApi(new ClientNodeApi(kubeConfig));
});
afterAll(async () => server?.close());

function store(namespace: string, options = {}): HealthEventStore {
  return new HealthEventStore({ namespace, api: recording, ...options });
}

describe("the store runtime's requests", () => {
  defineStoreSuite(async () => {
    const namespace = `role-${++n}`;
    await ensureNamespace(kubeConfig, namespace);
    return { store: (options = {}) => store(namespace, options) };
  });

  it("include a consumer that watches, saves its position, resumes and is reset", async () => {
    const namespace = `role-${++n}`;
    await ensureNamespace(kubeConfig, namespace);
    const s = store(namespace);
    for (let round = 0; round < 2; round++) {
      // The event is inserted once the consumer follows the watch, so it arrives as a watch event; the
      // second consumer resumes from the position the first one saved.
      const watch = s.watch({ consumer: "drain" });
      const processed = (async () => {
        for await (const change of watch) {
          await watch.markProcessed(change.position);
          return;
        }
      })();
      await new Promise((resolve) => setTimeout(resolve, 200));
      await s.insert(fault("node-a", `key-${round}`));
      await processed;
      watch.stop();
    }
    await s.resetConsumer("drain", new Date(0));
  });
});

/** Every (group, resource, verb) the role's rules grant; `*` is not used by generated roles. */
function granted(file: string): Permission[] {
  const result: Permission[] = [];
  for (const doc of parseAllDocuments(readFileSync(file, "utf8"))) {
    const role = doc.toJS() as { kind?: string; rules?: { apiGroups: string[]; resources: string[]; verbs: string[] }[] } | null;
    if (role?.kind !== "ClusterRole") continue;
    for (const rule of role.rules ?? [])
      for (const apiGroup of rule.apiGroups) for (const resource of rule.resources) for (const verb of rule.verbs) result.push({ apiGroup, resource, verb });
  }
  return result;
}

const key = (p: Permission) => `${p.apiGroup === "" ? "core" : p.apiGroup} ${p.resource} ${p.verb}`;

describe("generated/rbac/health-event-store.yaml", () => {
  it("grants exactly the permissions the runtime used, no fewer and no more", () => {
    const used = [...recording.permissions.values()].map(key).sort();
    expect(used.length).toBeGreaterThan(5);
    expect([...new Set(granted(ROLE_FILE).map(key))].sort()).toEqual(used);
  });
});
