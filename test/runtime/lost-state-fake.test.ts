// The runtime when the API loses or rewinds state, on the fake API: the de-duplication cache
// confirms with the server, consumers relist after the store went back in time, a status write
// whose reply was lost reports that it applied, and position saves do not wait behind inserts.
import { describe, expect, it } from "vitest";
import { HealthEventStore, type HealthEventChange } from "../../src/runtime/index.js";
import { ApiError, type KubeObject, type ResourceRef } from "../../src/runtime/kube-api.js";
import { fault } from "./events.js";
import { FakeKubeApi } from "./fake-kube-api.js";

const HE = { group: "nvsentinel.dgxc.nvidia.com", version: "v1alpha1", plural: "healthevents", namespace: "w" };

/** The fake's state at one moment; restoring it is a store that went back in time (resourceVersions reused after). */
function snapshot(api: FakeKubeApi) {
  const objects = structuredClone([...api.objects]);
  const rv = api.rv;
  return () => {
    api.objects.clear();
    for (const [key, object] of structuredClone(objects)) api.objects.set(key, object);
    (api as unknown as { sorted?: unknown }).sorted = undefined;
    api.rv = rv;
    while (api.history.length > 0 && api.history[api.history.length - 1].rv > rv) api.history.pop();
    api.closeWatches();
  };
}

function consume(store: HealthEventStore, consumer: string) {
  const watch = store.watch({ consumer });
  const seen: HealthEventChange[] = [];
  const loop = (async () => {
    for await (const change of watch) {
      await watch.markProcessed(change.position);
      seen.push(change);
    }
  })();
  return {
    watch,
    seen,
    names: () => seen.filter((c) => c.type === "insert" || c.type === "update").map((c) => c.event.metadata.name),
    async waitFor(predicate: () => boolean, ms = 3000) {
      const deadline = Date.now() + ms;
      while (!predicate() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      expect(predicate()).toBe(true);
    },
    async stop() {
      watch.stop();
      await loop;
    },
  };
}

describe("de-duplication cache", () => {
  it("answers duplicate without a request inside the window, and confirms with the server after it", async () => {
    const api = new FakeKubeApi();
    let now = Date.parse("2026-11-25T12:00:00Z");
    const store = new HealthEventStore({ namespace: "w", api, dedupWindowMs: 60_000, now: () => new Date(now) });
    const first = await store.insert(fault("n1", "k1"));
    expect(first.result).toBe("created");
    let calls = api.calls.length;
    expect((await store.insert(fault("n1", "k1"))).result).toBe("duplicate");
    expect(api.calls.length).toBe(calls);
    // The server loses the object (a crash, a restore); the cache must not hide it past the window.
    api.objects.delete(`healthevents/w/${first.name}`);
    now += 60_000;
    calls = api.calls.length;
    const again = await store.insert(fault("n1", "k1"));
    expect(again.result).toBe("created");
    expect(api.calls.slice(calls)).toEqual(["get", "create"]);
    // Still there after the window: one read, then duplicate.
    now += 60_000;
    calls = api.calls.length;
    expect((await store.insert(fault("n1", "k1"))).result).toBe("duplicate");
    expect(api.calls.slice(calls)).toEqual(["get"]);
  });

  it("forgets a name when a watch of this store sees it deleted", async () => {
    const api = new FakeKubeApi();
    const store = new HealthEventStore({ namespace: "w", api, dedupWindowMs: 0 });
    const consumer = consume(store, "c");
    const { name } = await store.insert(fault("n1", "k1"));
    await consumer.waitFor(() => consumer.seen.length === 1);
    await api.delete(HE, name);
    await consumer.waitFor(() => consumer.seen.some((c) => c.type === "delete"));
    const calls = api.calls.length;
    expect((await store.insert(fault("n1", "k1"))).result).toBe("created");
    expect(api.calls.slice(calls)).not.toContain("get");
    await consumer.stop();
  });

  it("forgets names its cleanup deleted", async () => {
    const api = new FakeKubeApi();
    let now = Date.parse("2026-11-25T12:00:00Z");
    const store = new HealthEventStore({ namespace: "w", api, dedupWindowMs: 60 * 60_000, now: () => new Date(now) });
    api.clock = () => new Date(now);
    const { name } = await store.insert(fault("n1", "k1"));
    await store.setRemediationResult(name, true);
    const report = await store.cleanupController({ ttlMs: 0, retentionMs: 0 }).sweep();
    expect(report.deleted.map((d) => d.name)).toEqual([name]);
    // Inside the window of the first insert: only the eviction makes this a create.
    const calls = api.calls.length;
    expect((await store.insert(fault("n1", "k1"))).result).toBe("created");
    expect(api.calls.slice(calls)).not.toContain("get");
  });
});

describe("a store that went back in time", () => {
  it("is detected when its resourceVersion is below the consumer's position: the consumer relists", async () => {
    const api = new FakeKubeApi();
    const store = new HealthEventStore({ namespace: "w", api, dedupWindowMs: 0 });
    for (let i = 0; i < 3; i++) await store.insert(fault("n1", `before-${i}`));
    const restore = snapshot(api);
    const consumer = consume(store, "c");
    for (let i = 0; i < 3; i++) await store.insert(fault("n1", `lost-${i}`));
    await consumer.waitFor(() => consumer.seen.length === 6);
    restore(); // the last 3 creates (and position saves) are gone; the watch ends
    await consumer.waitFor(() => consumer.watch.stats.rewinds === 1);
    const after = [];
    for (let i = 0; i < 5; i++) after.push((await store.insert(fault("n1", `after-${i}`))).name); // reusing resourceVersions
    await consumer.waitFor(() => after.every((name) => consumer.names().includes(name)));
    expect(consumer.watch.stats.rewinds).toBe(1);
    await consumer.stop();
  });

  it("is detected through the consumer's position object when new writes already passed the old position", async () => {
    const api = new FakeKubeApi();
    const store = new HealthEventStore({ namespace: "w", api, dedupWindowMs: 0 });
    const restore = snapshot(api); // before the position object existed
    const consumer = consume(store, "c");
    for (let i = 0; i < 3; i++) await store.insert(fault("n1", `lost-${i}`));
    await consumer.waitFor(() => consumer.seen.length === 3);
    const floor = api.rv;
    restore();
    // Before the consumer reconnects, other writers reuse and pass its resourceVersions.
    const other = new HealthEventStore({ namespace: "w", api, dedupWindowMs: 0 });
    const fresh = [];
    for (let i = 0; i < 12; i++) fresh.push((await other.insert(fault("n2", `after-${i}`))).name);
    expect(api.rv).toBeGreaterThan(floor);
    await consumer.waitFor(() => fresh.every((name) => consumer.names().includes(name)));
    expect(consumer.watch.stats.rewinds).toBe(1);
    await consumer.stop();
  });

  it("is detected from the watch cache's Too large resource version answer", async () => {
    const api = new FakeKubeApi();
    const store = new HealthEventStore({ namespace: "w", api, dedupWindowMs: 0, retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 2 } });
    const consumer = consume(store, "c");
    await store.insert(fault("n1", "a"));
    await consumer.waitFor(() => consumer.seen.length === 1);
    // A server whose watch cache is behind the consumer's position (its list looks fine).
    const behind = api.rv;
    const watch = api.watch.bind(api);
    api.watch = async (ref, options) => {
      if (Number(options.resourceVersion) > behind) return watch(ref, options);
      throw new ApiError(504, "Timeout", `Timeout: Too large resource version: ${behind}, current: 1`, 1);
    };
    api.closeWatches();
    await consumer.waitFor(() => consumer.watch.stats.rewinds >= 1);
    const { name } = await store.insert(fault("n1", "b"));
    await consumer.waitFor(() => consumer.names().includes(name));
    await consumer.stop();
  });
});

describe("status updates", () => {
  it("report that they applied when the write landed but its reply was lost", async () => {
    const api = new FakeKubeApi();
    const store = new HealthEventStore({ namespace: "w", api, dedupWindowMs: 0, retry: { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 10 } });
    const { name } = await store.insert(fault("n1", "a"));
    let dropped = false;
    api.fault = (verb) => {
      if (verb !== "replaceStatus" || dropped) return undefined;
      dropped = true;
      return "dropAfterWrite";
    };
    const result = await store.setQuarantineStatus(name, "Quarantined");
    expect(dropped).toBe(true);
    expect(result.changed).toBe(true);
    expect(result.event.status?.nodeQuarantined).toBe("Quarantined");
    // A mutation that really changes nothing still says so.
    expect((await store.setQuarantineStatus(name, "Quarantined")).changed).toBe(false);
  });
});

describe("position saves", () => {
  it("do not wait behind inserts for the write rate, and concurrent marks share writes", async () => {
    const api = new FakeKubeApi();
    const store = new HealthEventStore({ namespace: "w", api, dedupWindowMs: 0, writeRate: { perSecond: 2, burst: 12 } });
    for (let i = 0; i < 10; i++) await store.insert(fault("n1", `e-${i}`));
    const watch = store.watch({ consumer: "c" });
    const positions = [];
    for await (const change of watch) {
      positions.push(change.position);
      if (positions.length === 10) break;
    }
    let positionWrites = 0;
    const count = (ref: ResourceRef) => (positionWrites += ref.plural === "configmaps" ? 1 : 0);
    const [create, replace] = [api.create.bind(api), api.replace.bind(api)];
    api.create = <T extends KubeObject>(ref: ResourceRef, body: T) => (count(ref), create(ref, body));
    api.replace = <T extends KubeObject>(ref: ResourceRef, body: T) => (count(ref), replace(ref, body));
    // Inserts now queue on the empty bucket for seconds.
    const inserts = Array.from({ length: 6 }, (_, i) => store.insert(fault("n2", `late-${i}`)));
    const started = Date.now();
    await Promise.all(positions.map((p) => watch.markProcessed(p)));
    expect(Date.now() - started).toBeLessThan(400);
    // The first mark's write, then one write for the nine that arrived while it was in flight.
    expect(positionWrites).toBe(2);
    watch.stop();
    await Promise.all(inserts);
  }, 10_000);
});
