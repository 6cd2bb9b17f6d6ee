// Cleanup over tens of thousands of objects (in the fake API, seeded directly): TTL and limits
// hold, oldest eligible go first, unresolved events are never deleted unless opted in, and a
// sweep's requests grow with the candidates read by label and the deletions.
import { describe, expect, it } from "vitest";
import type { HealthEvent } from "../../generated/ts/nvsentinel/health/v1/health_event_crd.js";
import { CleanupController, HealthEventStore, objectNameFor, stateOf, type CleanupPolicy } from "../../src/runtime/index.js";
import { labelsFor } from "../../src/runtime/labels.js";
import { healthEventsRef } from "../../src/runtime/store-context.js";
import { fault, recovery } from "./events.js";
import { FakeKubeApi } from "./fake-kube-api.js";

const hour = 3_600_000;
const now = Date.parse("2026-11-25T12:00:00Z");

/** `count` events over `nodes` nodes, ages spread over 48 h: 30% unresolved, 40% recoveries, 30% remediated. */
async function seed(count: number, nodes: number) {
  const api = new FakeKubeApi();
  const ref = healthEventsRef("cleanup");
  for (let i = 0; i < count; i++) {
    const created = new Date(now - Math.floor(((i * 7919) % count) / count * 48 * hour));
    api.clock = () => created;
    const kind = Math.floor(i / nodes) % 10;
    const spec = kind < 4 ? recovery(`node-${i % nodes}`, `c${i}`) : fault(`node-${i % nodes}`, `c${i}`);
    const status = kind >= 7 ? { faultRemediated: true } : undefined;
    await api.create(ref, {
      apiVersion: "nvsentinel.dgxc.nvidia.com/v1",
      kind: "HealthEvent",
      metadata: { name: objectNameFor(`c${i}`), namespace: "cleanup", labels: labelsFor({ spec, status }, created) },
      spec,
    } as HealthEvent);
    if (status) {
      const stored = await api.get<HealthEvent>(ref, objectNameFor(`c${i}`));
      await api.replaceStatus(ref, { ...stored, status });
    }
  }
  api.calls.length = 0;
  const store = new HealthEventStore({ namespace: "cleanup", api, now: () => new Date(now), writeRate: { perSecond: 1e9, burst: 1e9 } });
  const remaining = () => [...api.objects.values()] as unknown as HealthEvent[];
  return { api, store, remaining, sweep: (policy: CleanupPolicy) => new CleanupController(store.context, policy).sweep() };
}

const age = (e: HealthEvent) => now - Date.parse(e.metadata.creationTimestamp!);

describe("cleanup", () => {
  it("deletes terminal events past the TTL only, reading terminal candidates by label", async () => {
    const { store, remaining, sweep } = await seed(20_000, 200);
    const before = remaining();
    const expected = before.filter((e) => stateOf(e) !== "unresolved" && age(e) >= 24 * hour).length;
    const report = await sweep({ ttlMs: 24 * hour });
    expect(report.deleted.length).toBe(expected);
    expect(new Set(report.deleted.map((d) => d.reason))).toEqual(new Set(["ttl"]));
    expect(report.deleted.some((d) => d.state === "unresolved")).toBe(false);
    expect(report.examined).toEqual({ terminal: 14_000, unresolved: 0 });
    expect(report.requests).toBe(14 + expected);
    expect(store.client.requests.list).toBe(14);
    const after = remaining();
    expect(after.filter((e) => stateOf(e) === "unresolved").length).toBe(6_000);
    expect(after.some((e) => stateOf(e) !== "unresolved" && age(e) >= 24 * hour)).toBe(false);
    const times = report.deleted.map((d) => Date.parse(d.createdAt));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it("holds per-node and cluster limits by evicting the oldest terminal events, never unresolved ones or ones within retention", async () => {
    const { remaining, sweep } = await seed(20_000, 200);
    const before = remaining();
    const report = await sweep({ retentionMs: 2 * hour, perNodeLimit: 60, clusterLimit: 10_000 });
    const after = remaining();
    expect(after.filter((e) => stateOf(e) === "unresolved").length).toBe(6_000);
    expect(report.deleted.some((d) => d.state === "unresolved")).toBe(false);
    const perNode = new Map<string, HealthEvent[]>();
    for (const e of after) perNode.set(e.spec.nodeName, [...(perNode.get(e.spec.nodeName) ?? []), e]);
    for (const [node, events] of perNode) expect(events.length, node).toBeLessThanOrEqual(60);
    expect(after.length).toBeLessThanOrEqual(10_000);
    expect(report.overLimit).toEqual({ nodes: [], cluster: false });
    // Oldest first: on every node, each deleted event is older than every kept eligible terminal one.
    const deletedByNode = new Map<string, number>();
    for (const d of report.deleted) deletedByNode.set(d.node, Math.max(deletedByNode.get(d.node) ?? 0, Date.parse(d.createdAt)));
    for (const e of after) {
      if (stateOf(e) === "unresolved" || age(e) < 2 * hour) continue;
      expect(Date.parse(e.metadata.creationTimestamp!)).toBeGreaterThanOrEqual(deletedByNode.get(e.spec.nodeName) ?? 0);
    }
    const young = new Set(before.filter((e) => stateOf(e) !== "unresolved" && age(e) < 2 * hour).map((e) => e.metadata.name));
    expect(young.size).toBeGreaterThan(0);
    expect(report.deleted.filter((d) => young.has(d.name))).toEqual([]);
  });

  it("reports limits it cannot meet without deleting unresolved events, and deletes them only when opted in", async () => {
    const { remaining, sweep } = await seed(12_000, 100);
    const kept = await sweep({ perNodeLimit: 20, retentionMs: 0 });
    expect(kept.overLimit.nodes.length).toBe(100);
    expect(remaining().length).toBe(3_600);
    const opted = await sweep({ perNodeLimit: 20, retentionMs: 0, deleteUnresolved: true });
    expect(opted.deleted.every((d) => d.state === "unresolved" && d.reason === "node-limit")).toBe(true);
    expect(opted.overLimit.nodes).toEqual([]);
    expect(remaining().length).toBe(2_000);
  });

  it("skips a candidate that changed after it was read", async () => {
    const { api, sweep } = await seed(100, 10);
    const original = api.delete.bind(api);
    let raced = false;
    api.delete = async (ref, name, precondition) => {
      if (!raced) {
        raced = true;
        const event = await api.get<HealthEvent>(ref, name);
        await api.replaceStatus(ref, { ...event, status: { ...event.status, spanIds: { audit: "x" } } });
      }
      return original(ref, name, precondition);
    };
    const report = await sweep({ ttlMs: 0, retentionMs: 0 });
    expect(report.skipped).toEqual({ changed: 1, gone: 0 });
    expect(report.deleted.length).toBe(69);
  });
});
