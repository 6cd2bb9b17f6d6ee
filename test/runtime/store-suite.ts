// The HealthEventStore behaviour suite, run against any API: the fake, the local server over
// HTTP, or a real cluster. `env()` gives a fresh namespace and a store factory per test.
import { describe, expect, it } from "vitest";
import { CleanupController, HealthEventStore, collect, labelKeys, labelValueFor, objectNameFor, type HealthEventStoreOptions } from "../../src/runtime/index.js";
import { fault, recovery } from "./events.js";

export interface SuiteEnv {
  store(options?: Partial<HealthEventStoreOptions>): HealthEventStore;
}

export function defineStoreSuite(env: () => Promise<SuiteEnv>): void {
  describe("insert", () => {
    it("creates one object per idempotency key under a deterministic name, with safe labels", async () => {
      const { store } = await env();
      const s = store();
      const node = "node-" + "x".repeat(80) + ".example.com";
      const first = await s.insert(fault(node, "key-1"));
      expect(first.result).toBe("created");
      expect(first.name).toBe(objectNameFor("key-1"));
      const stored = await s.get(first.name);
      expect(stored.spec.nodeName).toBe(node);
      expect(stored.metadata.labels?.[labelKeys.node]).toBe(labelValueFor(node));
      expect(stored.metadata.labels?.[labelKeys.node]).toMatch(/^[a-zA-Z0-9][a-zA-Z0-9._-]{0,61}[a-zA-Z0-9]$/);
      expect(stored.metadata.labels?.[labelKeys.state]).toBe("unresolved");
      expect(stored.metadata.labels?.[labelKeys.terminal]).toBe("false");
    });

    it("reports a repeated key as duplicate: no request from the same store, one 409 create from a fresh one", async () => {
      const { store } = await env();
      const a = store();
      await a.insert(fault("n1", "dup"));
      const writes = a.client.writes;
      expect(await a.insert(fault("n1", "dup"))).toEqual({ result: "duplicate", name: objectNameFor("dup"), downgraded: false });
      expect(a.client.writes).toBe(writes);
      const b = store({ dedupWindowMs: 0 });
      expect((await b.insert(fault("n1", "dup"))).result).toBe("duplicate");
      expect(b.client.requests.create).toBe(1);
    });

    it("lets a repeat wait for an insert of the same key in flight instead of sending a second create", async () => {
      const { store } = await env();
      const s = store({ dedupWindowMs: 0 });
      const results = await Promise.all([s.insert(fault("n1", "race")), s.insert(fault("n1", "race")), s.insert(fault("n1", "race"))]);
      expect(results.map((r) => r.result)).toEqual(["created", "duplicate", "duplicate"]);
      expect(s.client.requests.create).toBe(1);
    });

    it("downgrades a repeat within the window to STORE_AND_ANALYSE, also after a cold start", async () => {
      const { store } = await env();
      const s = store({ dedupWindowMs: 60_000 });
      await s.insert(fault("n2", "a", { entitiesImpacted: [{ entityType: "GPU", entityValue: "1" }, { entityType: "GPU", entityValue: "0" }] }));
      const repeat = await s.insert(fault("n2", "b", { entitiesImpacted: [{ entityType: "GPU", entityValue: "0" }, { entityType: "GPU", entityValue: "1" }] }));
      expect(repeat.downgraded).toBe(true);
      expect((await s.get(repeat.name)).spec.processingStrategy).toBe("STORE_AND_ANALYSE");
      const other = await s.insert(fault("n2", "c", { errorCode: ["48"] }));
      expect(other.downgraded).toBe(false);
      const cold = store({ dedupWindowMs: 60_000 });
      const coldRepeat = await cold.insert(fault("n2", "d", { entitiesImpacted: [{ entityType: "GPU", entityValue: "0" }, { entityType: "GPU", entityValue: "1" }] }));
      expect(coldRepeat.downgraded).toBe(true);
      const healthy = await cold.insert(recovery("n2", "e"));
      expect(healthy.downgraded).toBe(false);
    });

    it("rejects an invalid event before any request", async () => {
      const { store } = await env();
      const s = store();
      await expect(s.insert(fault("n", "bad", { recommendedAction: "CUSTOM" }))).rejects.toThrow(
        "invalid HealthEvent: spec.customRecommendedAction: Required value: customRecommendedAction is required when recommendedAction is CUSTOM",
      );
      await expect(s.insert(fault("", "bad"))).rejects.toThrow(`invalid HealthEvent: spec.nodeName: Invalid value: "": spec.nodeName in body should be at least 1 chars long`);
      expect(s.client.total).toBe(0);
    });
  });

  describe("queries", () => {
    it("finds by node, check, status value, unresolved, latest and in creation order", async () => {
      const { store } = await env();
      const s = store({ dedupWindowMs: 0 });
      for (let i = 0; i < 7; i++) await s.insert(fault(`q-${i % 2}`, `q${i}`, { checkName: i % 3 === 0 ? "SysLogsXIDError" : "GpuXidError" }));
      await s.insert(recovery("q-0", "q-rec"));
      expect((await collect(s.findByNode("q-0", 2))).map((e) => e.metadata.name).sort()).toEqual(["q0", "q2", "q4", "q6", "q-rec"].map(objectNameFor).sort());
      expect((await collect(s.findByCheck("SysLogsXIDError"))).length).toBe(3);
      await s.setQuarantineStatus(objectNameFor("q1"), "Quarantined");
      await s.setEvictionStatus(objectNameFor("q3"), { status: "InProgress" });
      expect((await collect(s.findByStatusValue("Quarantined"))).map((e) => e.metadata.name)).toEqual([objectNameFor("q1")]);
      expect((await collect(s.findByStatusValue("InProgress"))).map((e) => e.metadata.name)).toEqual([objectNameFor("q3")]);
      await s.setRemediationResult(objectNameFor("q0"), true);
      await s.setRemediationResult(objectNameFor("q2"), false);
      const open = (await collect(s.findUnresolved({ node: "q-0" }))).map((e) => e.metadata.name).sort();
      expect(open).toEqual(["q4", "q6", "q-rec"].map(objectNameFor).sort());
      const ordered = await collect(s.iterateInCreationOrder({ since: new Date(Date.now() - 3_600_000), batchSize: 3 }));
      expect(ordered.length).toBe(8);
      const times = ordered.map((e) => Date.parse(e.metadata.creationTimestamp!));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      const latest = await s.latestForNode("q-1");
      expect(latest && times.length > 0 && latest.spec.nodeName).toBe("q-1");
    });
  });

  describe("status updates", () => {
    it("sets quarantine with its finish time, eviction, remediation, span ids, and keeps concurrent writers' fields", async () => {
      const { store } = await env();
      const s = store();
      const { name } = await s.insert(fault("s1", "s-1"));
      await Promise.all([
        s.setQuarantineStatus(name, "Quarantined"),
        s.setSpanId(name, "quarantine", "span-q"),
        s.setSpanId(name, "drain", "span-d"),
        s.setEvictionStatus(name, { status: "Succeeded", message: "evicted 3 pods" }),
      ]);
      const updated = await s.get(name);
      expect(updated.status?.nodeQuarantined).toBe("Quarantined");
      expect(updated.status?.quarantineFinishTimestamp).toMatch(/^\d{4}-\d\d-\d\dT/);
      expect(updated.status?.spanIds).toEqual({ quarantine: "span-q", drain: "span-d" });
      expect(updated.status?.userPodsEvictionStatus).toEqual({ status: "Succeeded", message: "evicted 3 pods" });
      expect(await s.isNodeDrained("s1")).toBe(true);
      expect(await s.isNodeDrained("s2")).toBe(false);
      const done = await s.setRemediationResult(name, true);
      expect(done.event.status?.faultRemediated).toBe(true);
      expect(done.event.metadata.labels?.[labelKeys.state]).toBe("remediated");
      expect(done.event.metadata.labels?.[labelKeys.terminal]).toBe("true");
      expect((await s.setRemediationResult(name, true)).changed).toBe(false);
    });

    it("updates all events of a node", async () => {
      const { store } = await env();
      const s = store({ dedupWindowMs: 0 });
      for (let i = 0; i < 5; i++) await s.insert(fault("all-1", `all${i}`));
      await s.insert(fault("all-2", "other"));
      expect(await s.updateNodeEvents("all-1", (st) => ({ ...st, nodeQuarantined: "Cancelled" }))).toBe(5);
      expect((await collect(s.findByStatusValue("Cancelled"))).length).toBe(5);
    });
  });

  describe("cleanup", () => {
    it("deletes terminal events by label selection, oldest first, and leaves unresolved ones", async () => {
      const { store } = await env();
      const s = store({ dedupWindowMs: 0 });
      for (let i = 0; i < 12; i++) await s.insert(i % 3 === 0 ? fault("c-1", `cl${i}`) : recovery("c-1", `cl${i}`));
      await s.setRemediationResult(objectNameFor("cl0"), true);
      // Pretend the sweep runs two hours later, so every event is past the one-hour retention.
      const later = store({ now: () => new Date(Date.now() + 2 * 3_600_000) });
      const report = await new CleanupController(later.context, { perNodeLimit: 5 }).sweep();
      expect(report.examined).toEqual({ terminal: 9, unresolved: 3 });
      expect(report.deleted.length).toBe(7);
      expect(report.deleted.every((d) => d.reason === "node-limit" && d.state !== "unresolved")).toBe(true);
      const left = await collect(s.findByNode("c-1"));
      expect(left.length).toBe(5);
      expect(left.filter((e) => e.metadata.labels?.[labelKeys.state] === "unresolved").length).toBe(3);
    });
  });
}
