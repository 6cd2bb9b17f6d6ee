// Watch semantics on the fake API: changed fields, resume after the last processed position,
// 410 Gone relists without repeats or losses, operator reset, per-node order.
import { describe, expect, it } from "vitest";
import { HealthEventStore, objectNameFor, type HealthEventChange } from "../../src/runtime/index.js";
import { PositionTracker } from "../../src/runtime/watch/position-tracker.js";
import { fault } from "./events.js";
import { FakeKubeApi } from "./fake-kube-api.js";

function setup() {
  const api = new FakeKubeApi();
  const store = () => new HealthEventStore({ namespace: "w", api, dedupWindowMs: 0 });
  return { api, store };
}

/** Takes `n` changes from a fresh watch of `consumer`, marking the first `mark` processed. */
async function take(store: HealthEventStore, consumer: string, n: number, mark = n): Promise<HealthEventChange[]> {
  const watch = store.watch({ consumer });
  const seen: HealthEventChange[] = [];
  for await (const change of watch) {
    if (seen.length < mark) await watch.markProcessed(change.position);
    seen.push(change);
    if (seen.length === n) break;
  }
  watch.stop();
  return seen;
}

/** Starts a consumer in the background; it records and marks every change. Wait until its initial relist is done. */
async function running(store: HealthEventStore, consumer: string, mark: (c: HealthEventChange, i: number) => boolean = () => true) {
  const watch = store.watch({ consumer });
  const seen: HealthEventChange[] = [];
  const loop = (async () => {
    for await (const change of watch) {
      if (mark(change, seen.length)) await watch.markProcessed(change.position);
      seen.push(change);
    }
  })();
  await new Promise((r) => setTimeout(r, 20));
  return {
    seen,
    async until(n: number) {
      while (seen.length < n) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 20));
      watch.stop();
      await loop;
      return seen;
    },
  };
}

const id = (c: HealthEventChange) => `${c.type} ${c.event.metadata.name}@${c.event.metadata.resourceVersion}`;

describe("watch", () => {
  it("delivers inserts and updates with the status paths that changed, skipping label-only changes", async () => {
    const { store } = setup();
    const s = store();
    const consumer = await running(s, "c");
    const { name } = await s.insert(fault("n1", "a"));
    await s.setQuarantineStatus(name, "Quarantined");
    await s.setRemediationResult(name, true); // also a label write: no change of its own
    const changes = await consumer.until(3);
    expect(changes.length).toBe(3);
    expect(changes.map((c) => c.type)).toEqual(["insert", "update", "update"]);
    expect(changes[1].changedFields).toEqual(["status.nodeQuarantined", "status.quarantineFinishTimestamp"]);
    expect(changes[2].changedFields).toEqual(["status.faultRemediated", "status.lastRemediationTimestamp"]);
  });

  it("resumes after the last processed change, including ones processed out of order", async () => {
    const { store } = setup();
    const s = store();
    for (let i = 0; i < 5; i++) await s.insert(fault(`n${i}`, `k${i}`));
    const w = s.watch({ consumer: "c" });
    const got: HealthEventChange[] = [];
    for await (const change of w) {
      got.push(change);
      if (got.length === 4) break;
    }
    await w.markProcessed(got[0].position);
    await w.markProcessed(got[2].position); // out of order: 1 and 3 stay unprocessed
    w.stop();
    const again = await take(store(), "c", 3);
    const unprocessed = [got[1], got[3]].map((c) => c.event.metadata.name);
    const never = [0, 1, 2, 3, 4].map((i) => objectNameFor(`k${i}`)).filter((n) => !got.some((c) => c.event.metadata.name === n));
    expect(again.map((c) => c.event.metadata.name).sort()).toEqual([...unprocessed, ...never].sort());
    expect(again.every((c) => c.type === "insert")).toBe(true);
  });

  it("relists on 410 Gone without repeating processed changes or losing unprocessed ones", async () => {
    const { api, store } = setup();
    const s = store();
    const consumer = await running(s, "c", (_, i) => i < 2);
    for (let i = 0; i < 4; i++) await s.insert(fault(`n${i}`, `g${i}`));
    const first = await consumer.until(4);
    await s.setQuarantineStatus(objectNameFor("g0"), "Quarantined");
    await s.setQuarantineStatus(objectNameFor("g0"), "UnQuarantined");
    api.compact(); // the consumer's position is now too old: 410 Gone, relist
    const after = await take(store(), "c", 3);
    expect(after.map((c) => [c.type, c.event.metadata.name])).toEqual([
      ["update", objectNameFor("g0")],
      ["insert", objectNameFor("g2")],
      ["insert", objectNameFor("g3")],
    ].sort((a, b) => (a[1] < b[1] ? -1 : 1)));
    const g0 = after.find((c) => c.event.metadata.name === objectNameFor("g0"))!;
    expect(g0.event.status?.nodeQuarantined).toBe("UnQuarantined");
    expect(g0.previousKnown).toBe(false);
    expect(first.length).toBe(4);
  });

  it("reconnects after the server closes the watch and follows bookmarks", async () => {
    const { api, store } = setup();
    const s = store();
    const w = s.watch({ consumer: "c" });
    const got: string[] = [];
    const consume = (async () => {
      for await (const change of w) {
        got.push(change.event.metadata.name!);
        await w.markProcessed(change.position);
        if (got.length === 3) break;
      }
    })();
    await s.insert(fault("n", "r1"));
    await new Promise((r) => setTimeout(r, 20));
    api.bookmark();
    api.closeWatches();
    await s.insert(fault("n", "r2"));
    await new Promise((r) => setTimeout(r, 20));
    api.closeWatches();
    await s.insert(fault("n", "r3"));
    await consume;
    w.stop();
    expect(got).toEqual(["r1", "r2", "r3"].map(objectNameFor));
    expect(w.stats.reconnects).toBeGreaterThanOrEqual(2);
    expect(w.stats.bookmarks).toBe(1);
  });

  it("lets an operator reset a consumer to start fresh from a cut-off time", async () => {
    const { api, store } = setup();
    const s = store();
    api.clock = () => new Date("2026-11-25T10:00:00Z");
    await s.insert(fault("n", "old"));
    api.clock = () => new Date("2026-11-25T11:00:00Z");
    await s.insert(fault("n", "new"));
    expect((await take(s, "c", 1, 0)).length).toBe(1);
    await s.resetConsumer("c", new Date("2026-11-25T10:30:00Z"));
    const fresh = await take(store(), "c", 1);
    expect(fresh.map((c) => c.event.metadata.name)).toEqual([objectNameFor("new")]);
  });

  it("stops a running instance that was reset from overwriting the reset", async () => {
    const { store } = setup();
    const s = store();
    await s.insert(fault("n", "x1"));
    await s.insert(fault("n", "x2"));
    const w = s.watch({ consumer: "c" });
    const it = w[Symbol.asyncIterator]();
    const a = (await it.next()).value as HealthEventChange;
    await w.markProcessed(a.position);
    await s.resetConsumer("c", new Date(0));
    const b = (await it.next()).value as HealthEventChange;
    await expect(w.markProcessed(b.position)).rejects.toThrow("consumer c was reset by an operator; restart it to continue from the new position");
    w.stop();
  });

  it("delivers the changes of a node in order", async () => {
    const { store } = setup();
    const s = store();
    const consumer = await running(s, "c");
    for (let i = 0; i < 30; i++) {
      const { name } = await s.insert(fault(`n${i % 3}`, `o${i}`));
      await s.setQuarantineStatus(name, "Quarantined");
    }
    const changes = await consumer.until(60);
    expect(changes.length).toBe(60);
    const byNode = new Map<string, number[]>();
    for (const c of changes) byNode.set(c.event.spec.nodeName, [...(byNode.get(c.event.spec.nodeName) ?? []), Number(c.event.metadata.resourceVersion)]);
    for (const rvs of byNode.values()) expect(rvs).toEqual([...rvs].sort((a, b) => a - b));
  });
});

describe("position tracker", () => {
  it("moves the floor only past processed prefixes and keeps out-of-order ones in done", () => {
    const t = new PositionTracker("c", { epoch: 0, floor: "10", done: [] });
    const p11 = t.deliver("a", "11", "11");
    const p12 = t.deliver("b", "12", "12");
    t.pass("13");
    t.markProcessed(p12);
    expect(t.snapshot()).toEqual({ epoch: 0, floor: "10", cutoff: undefined, done: ["b@12"] });
    t.markProcessed(p11);
    expect(t.snapshot()).toEqual({ epoch: 0, floor: "13", cutoff: undefined, done: [] });
    expect(t.isProcessed("a", "11")).toBe(true);
    expect(t.isProcessed("c", "14")).toBe(false);
  });

  it("keeps relist deliveries in done until the relist marker is passed", () => {
    const t = new PositionTracker("c", { epoch: 0, floor: "10", done: [] });
    const a = t.deliver("a", "30", undefined);
    const b = t.deliver("b", "20", undefined);
    t.pass("40");
    t.markProcessed(a);
    expect(t.snapshot().done).toEqual(["a@30"]);
    expect(t.snapshot().floor).toBe("10");
    t.markProcessed(b);
    expect(t.snapshot()).toEqual({ epoch: 0, floor: "40", cutoff: undefined, done: [] });
  });
});
