// Watches through @kubernetes/client-node's Watch: events from a resourceVersion, selectors,
// bookmarks, timeouts and 410 Gone for versions older than the history.
import { Watch } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HE, HE_PATH, healthEvent, MERGE_PATCH, startTestServer, type TestServer } from "./fixture.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.server.close();
});

interface Seen {
  type: string;
  name?: string;
  rv: string;
  object: any;
}

async function watch(query: Record<string, unknown>, path = HE_PATH) {
  const events: Seen[] = [];
  let ended: unknown = "open";
  const controller = await new Watch(t.kc).watch(
    path,
    query,
    (type, object) => events.push({ type, name: object?.metadata?.name, rv: object?.metadata?.resourceVersion, object }),
    (error) => {
      ended = error;
    },
  );
  const until = async (predicate: () => boolean, what: string) => {
    const deadline = Date.now() + 5000;
    while (!predicate()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; saw ${JSON.stringify(events.map((e) => [e.type, e.name]))}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { events, ended: () => ended, stop: () => controller.abort(), until };
}

const create = (name: string, labels: Record<string, string> = {}) =>
  t.custom.createNamespacedCustomObject({ ...HE, namespace: "default", body: healthEvent(name, {}, labels) });

describe("watch", () => {
  it("streams ADDED, MODIFIED and DELETED after the given resourceVersion, in order", async () => {
    const start = String(t.server.resourceVersion());
    const w = await watch({ resourceVersion: start });
    await create("w-1");
    await t.custom.patchNamespacedCustomObjectStatus(
      { ...HE, namespace: "default", name: "w-1", body: { status: { nodeQuarantined: "Quarantined" } } },
      MERGE_PATCH,
    );
    await t.custom.deleteNamespacedCustomObject({ ...HE, namespace: "default", name: "w-1" });
    await w.until(() => w.events.length === 3, "three events");
    w.stop();
    expect(w.events.map((e) => [e.type, e.name])).toEqual([
      ["ADDED", "w-1"],
      ["MODIFIED", "w-1"],
      ["DELETED", "w-1"],
    ]);
    expect(w.events[1].object.status).toEqual({ nodeQuarantined: "Quarantined" });
    const rvs = w.events.map((e) => Number(e.rv));
    expect(rvs).toEqual([...rvs].sort((a, b) => a - b));
    expect(rvs[0]).toBeGreaterThan(Number(start));
  });

  it("replays the changes after an older resourceVersion that is still in the history", async () => {
    const start = String(t.server.resourceVersion());
    await create("w-replay-1");
    await create("w-replay-2");
    const w = await watch({ resourceVersion: start });
    await w.until(() => w.events.length === 2, "two replayed events");
    w.stop();
    expect(w.events.map((e) => e.name)).toEqual(["w-replay-1", "w-replay-2"]);
  });

  it("starts with synthetic ADDED events for the current objects when no resourceVersion is given", async () => {
    await create("w-init", { initial: "yes" });
    const w = await watch({ labelSelector: "initial=yes" });
    await w.until(() => w.events.length === 1, "the initial event");
    w.stop();
    expect(w.events[0]).toMatchObject({ type: "ADDED", name: "w-init" });
  });

  it("turns label changes into ADDED and DELETED for a selected watch", async () => {
    await create("w-sel");
    const w = await watch({ resourceVersion: String(t.server.resourceVersion()), labelSelector: "stage=hot" });
    const relabel = (value: string | null) =>
      t.custom.patchNamespacedCustomObject(
        { ...HE, namespace: "default", name: "w-sel", body: { metadata: { labels: { stage: value } } } },
        MERGE_PATCH,
      );
    await relabel("hot");
    await relabel("cold");
    await create("w-other", { stage: "cold" });
    await create("w-hot", { stage: "hot" });
    await w.until(() => w.events.length === 3, "three events");
    w.stop();
    expect(w.events.map((e) => [e.type, e.name])).toEqual([
      ["ADDED", "w-sel"],
      ["DELETED", "w-sel"],
      ["ADDED", "w-hot"],
    ]);
  });

  it("gives watches that share selectors the same events as one each, across versions and concurrent writes", async () => {
    const from = String(t.server.resourceVersion());
    // Two watches per selector share one serialisation; the others are groups of their own.
    const hotA = await watch({ resourceVersion: from, labelSelector: "fan=hot" });
    const hotB = await watch({ resourceVersion: from, labelSelector: "fan=hot" });
    const all = await watch({ resourceVersion: from });
    const cold = await watch({ resourceVersion: from, labelSelector: "fan=cold" });
    const old = await watch({ resourceVersion: from, labelSelector: "fan=hot" }, HE_PATH.replace("/v1/", "/v1alpha1/"));
    // Written concurrently: the file or memory backend applies several in one turn.
    await Promise.all(Array.from({ length: 12 }, (_, i) => create(`w-fan-${i}`, { fan: i % 3 === 0 ? "cold" : "hot" })));
    await t.custom.deleteNamespacedCustomObject({ ...HE, namespace: "default", name: "w-fan-1" });
    await all.until(() => all.events.length === 13, "13 events");
    await hotA.until(() => hotA.events.length === 9, "9 events");
    await hotB.until(() => hotB.events.length === 9, "9 events");
    await old.until(() => old.events.length === 9, "9 events");
    await cold.until(() => cold.events.length === 4, "4 events");
    await new Promise((r) => setTimeout(r, 50));
    for (const w of [hotA, hotB, all, cold, old]) w.stop();
    const seen = (w: { events: Seen[] }) => w.events.map((e) => [e.type, e.name, e.rv]);
    // In resourceVersion order, the same for both watches of a group, and what the unselected watch saw, filtered.
    const rvs = seen(all).map((e) => Number(e[2]));
    expect(rvs).toEqual([...rvs].sort((a, b) => a - b));
    expect(seen(hotA)).toEqual(seen(hotB));
    expect(seen(hotA)).toEqual(all.events.filter((e) => e.object.metadata.labels?.fan === "hot").map((e) => [e.type, e.name, e.rv]));
    expect(seen(cold)).toEqual(all.events.filter((e) => e.object.metadata.labels?.fan === "cold").map((e) => [e.type, e.name, e.rv]));
    expect(seen(hotA).at(-1)).toEqual(["DELETED", "w-fan-1", expect.any(String)]);
    // The v1alpha1 watch gets the same events, converted.
    expect(seen(old)).toEqual(seen(hotA));
    expect(old.events.every((e) => e.object.apiVersion === "nvsentinel.dgxc.nvidia.com/v1alpha1")).toBe(true);
    expect(hotA.events.every((e) => e.object.apiVersion === "nvsentinel.dgxc.nvidia.com/v1")).toBe(true);
  });

  it("sends a BOOKMARK with the current resourceVersion when asked, only to watches that allow them", async () => {
    const withBookmarks = await watch({ resourceVersion: String(t.server.resourceVersion()), allowWatchBookmarks: true });
    const without = await watch({ resourceVersion: String(t.server.resourceVersion()) });
    await create("w-bm");
    await withBookmarks.until(() => withBookmarks.events.length === 1, "the ADDED event");
    await without.until(() => without.events.length === 1, "the ADDED event");
    t.server.bookmark();
    await withBookmarks.until(() => withBookmarks.events.length === 2, "the bookmark");
    await new Promise((r) => setTimeout(r, 50));
    withBookmarks.stop();
    without.stop();
    expect(withBookmarks.events[1]).toMatchObject({
      type: "BOOKMARK",
      rv: String(t.server.resourceVersion()),
      object: { kind: "HealthEvent", apiVersion: "nvsentinel.dgxc.nvidia.com/v1" },
    });
    expect(without.events.map((e) => e.type)).toEqual(["ADDED"]);
  });

  it("answers a watch from before the retained history with an ERROR event: 410 Expired", async () => {
    const old = String(t.server.resourceVersion());
    await create("w-gone");
    t.server.compact();
    const w = await watch({ resourceVersion: old });
    await w.until(() => w.events.length === 1 && w.ended() !== "open", "the error and the end");
    expect(w.events[0].type).toBe("ERROR");
    expect(w.events[0].object).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: `too old resource version: ${old} (${t.server.resourceVersion()})`,
      reason: "Expired",
      code: 410,
    });
  });

  it("ends the stream after timeoutSeconds", async () => {
    const w = await watch({ resourceVersion: String(t.server.resourceVersion()), timeoutSeconds: 1 });
    await w.until(() => w.ended() !== "open", "the end of the watch");
    expect(w.ended()).toBeNull();
  });
});

describe("periodic bookmarks", () => {
  it("sends bookmarks at the configured interval", async () => {
    const own = await startTestServer({ bookmarkIntervalMs: 50 });
    try {
      const events: string[] = [];
      const controller = await new Watch(own.kc).watch(
        HE_PATH,
        { resourceVersion: String(own.server.resourceVersion()), allowWatchBookmarks: true },
        (type) => events.push(type),
        () => {},
      );
      await new Promise((r) => setTimeout(r, 400));
      controller.abort();
      expect(events.length).toBeGreaterThanOrEqual(3);
      expect(new Set(events)).toEqual(new Set(["BOOKMARK"]));
    } finally {
      await own.server.close();
    }
  });
});
