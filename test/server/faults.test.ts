// Injected faults: what a client sees for each kind, switched at run time.
import { Watch } from "@kubernetes/client-node";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HE, HE_ID, HE_PATH, healthEvent, request, startTestServer, type TestServer } from "./fixture.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterEach(() => t.server.faults.reset());
afterAll(async () => {
  await t.server.close();
});

const create = (name: string) => request(t.server, "POST", HE_PATH, healthEvent(name));

describe("fault injection", () => {
  it("answers 429 with Retry-After", async () => {
    t.server.faults.set({ tooManyRequests: 1, retryAfterSeconds: 2 });
    const response = await request(t.server, "GET", HE_PATH);
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("2");
    expect(response.json).toMatchObject({
      reason: "TooManyRequests",
      message: "Too many requests, please try again later.",
      details: { retryAfterSeconds: 2 },
    });
    expect(t.server.faults.injected.tooManyRequests).toBe(1);
  });

  it("answers 500 without writing", async () => {
    t.server.faults.set({ serverError: 1 });
    const response = await create("f-500");
    expect(response.status).toBe(500);
    expect(response.json).toMatchObject({ reason: "InternalError", message: "Internal error occurred: injected fault" });
    t.server.faults.reset();
    expect((await request(t.server, "GET", `${HE_PATH}/f-500`)).status).toBe(404);
  });

  it("answers updates and patches with 409 Conflict, leaving reads alone", async () => {
    await create("f-409");
    t.server.faults.set({ conflict: 1 });
    expect((await request(t.server, "GET", `${HE_PATH}/f-409`)).status).toBe(200);
    const patch = await request(t.server, "PATCH", `${HE_PATH}/f-409`, { metadata: { labels: { a: "b" } } }, {
      "Content-Type": "application/merge-patch+json",
    });
    expect(patch.status).toBe(409);
    expect(patch.json.message).toBe(
      'Operation cannot be fulfilled on healthevents.nvsentinel.dgxc.nvidia.com "f-409": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it("drops the connection before handling, or after applying a write", async () => {
    t.server.faults.set({ dropConnection: 1 });
    await expect(create("f-drop")).rejects.toThrow();
    t.server.faults.set({ dropAfterWrite: 1 });
    await expect(create("f-drop-after")).rejects.toThrow();
    t.server.faults.reset();
    expect((await request(t.server, "GET", `${HE_PATH}/f-drop`)).status).toBe(404);
    expect((await request(t.server, "GET", `${HE_PATH}/f-drop-after`)).status).toBe(200);
  });

  it("answers a watch from a resourceVersion with 410 Gone, or ends it early", async () => {
    t.server.faults.set({ goneWatch: 1 });
    const gone = await collectWatch({ resourceVersion: String(t.server.resourceVersion()) });
    expect(gone.events).toEqual([["ERROR", 410]]);
    t.server.faults.set({ closeWatch: 1, closeWatchAfterMs: 50 });
    const closed = await collectWatch({ resourceVersion: String(t.server.resourceVersion()) });
    expect(closed.error).toBeNull();
    expect(t.server.faults.injected.closeWatch).toBe(1);
  });

  it("limits faults to the listed resources", async () => {
    t.server.faults.set({ serverError: 1, resources: ["configmaps"] });
    expect((await create("f-only-cm")).status).toBe(201);
    expect((await request(t.server, "GET", "/api/v1/namespaces/default/configmaps")).status).toBe(500);
  });

  it("repeats the same faults for the same seed", async () => {
    const outcomes = async () => {
      t.server.faults.set({ serverError: 0.5, seed: 7 });
      const codes: number[] = [];
      for (let i = 0; i < 20; i++) codes.push((await request(t.server, "GET", HE_PATH)).status);
      return codes;
    };
    const first = await outcomes();
    expect(new Set(first)).toEqual(new Set([200, 500]));
    expect(await outcomes()).toEqual(first);
  });

  it("counts requests by verb for benchmarks", async () => {
    t.server.metrics.reset();
    await create("f-metrics");
    await request(t.server, "GET", `${HE_PATH}/f-metrics`);
    await request(t.server, "GET", HE_PATH);
    expect(t.server.metrics.snapshot()).toMatchObject({ total: 3, writes: 1, byVerb: { create: 1, get: 1, list: 1 } });
    expect(t.server.count(HE_ID)).toBeGreaterThan(0);
    void HE;
  });
});

async function collectWatch(query: Record<string, unknown>): Promise<{ events: [string, number?][]; error: unknown }> {
  return new Promise((resolve) => {
    const events: [string, number?][] = [];
    void new Watch(t.kc).watch(
      HE_PATH,
      query,
      (type, object) => events.push(type === "ERROR" ? [type, object.code] : [type]),
      (error) => resolve({ events, error }),
    );
  });
}
