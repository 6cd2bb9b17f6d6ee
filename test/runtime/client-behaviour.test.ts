// Retries, Retry-After, the token bucket, error mapping, changed fields and insert retries.
import { ApiException } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { ApiError, HealthEventStore, TokenBucket, changedFields, objectNameFor, toApiError, withRetry } from "../../src/runtime/index.js";
import { retryDelayMs } from "../../src/runtime/retry.js";
import { fault } from "./events.js";
import { FakeKubeApi } from "./fake-kube-api.js";

const policy = { maxAttempts: 5, baseDelayMs: 1, maxDelayMs: 4, maxRetryAfterMs: 5_000 };

describe("retries", () => {
  it("retries 429, 5xx and dropped connections, not 409 or 422", async () => {
    for (const code of [429, 500, 503, 0]) {
      let calls = 0;
      expect(await withRetry(async () => (++calls < 3 ? Promise.reject(new ApiError(code, "", "x")) : "ok"), policy)).toBe("ok");
      expect(calls).toBe(3);
    }
    for (const code of [409, 422, 404]) {
      let calls = 0;
      await expect(withRetry(async () => { calls++; throw new ApiError(code, "", `failed ${code}`); }, policy)).rejects.toThrow(`failed ${code}`);
      expect(calls).toBe(1);
    }
  });

  it("gives up after maxAttempts", async () => {
    let calls = 0;
    await expect(withRetry(async () => { calls++; throw new ApiError(500, "", "down"); }, policy)).rejects.toThrow("down");
    expect(calls).toBe(5);
  });

  it("waits at least Retry-After on 429, capped by maxRetryAfterMs", async () => {
    expect(retryDelayMs(new ApiError(429, "", "", 2), 0, policy, () => 0.5)).toBe(2000);
    expect(retryDelayMs(new ApiError(429, "", "", 60), 0, policy, () => 0.5)).toBe(5000);
    expect(retryDelayMs(new ApiError(500, "", "", 60), 3, policy, () => 0.5)).toBe(2);
    const started = Date.now();
    let calls = 0;
    await withRetry(async () => (++calls === 1 ? Promise.reject(new ApiError(429, "TooManyRequests", "slow down", 1)) : "ok"), policy);
    expect(Date.now() - started).toBeGreaterThanOrEqual(990);
  });

  it("maps client-node exceptions with Status bodies and Retry-After headers", () => {
    const error = toApiError(new ApiException(429, "Unknown API Status Code!", JSON.stringify({ kind: "Status", reason: "TooManyRequests", message: "slow down" }), { "retry-after": "3" }));
    expect([error.code, error.reason, error.message, error.retryAfterSeconds]).toEqual([429, "TooManyRequests", "slow down", 3]);
    expect(toApiError(Object.assign(new Error("request to http://x failed, reason: socket hang up"), { type: "system", code: "ECONNRESET" })).code).toBe(0);
    expect(toApiError(new Error("HTTP protocol is not allowed when skipTLSVerify is not set or false")).code).toBe(-1);
  });
});

describe("token bucket", () => {
  it("lets a burst through at once and then paces to the rate", async () => {
    const bucket = new TokenBucket(100, 5);
    const started = performance.now();
    for (let i = 0; i < 5; i++) await bucket.take();
    expect(performance.now() - started).toBeLessThan(20);
    for (let i = 0; i < 10; i++) await bucket.take();
    expect(performance.now() - started).toBeGreaterThanOrEqual(85);
  });
});

describe("changed fields", () => {
  it("lists leaf spec/status paths that differ, arrays as a whole, metadata never", () => {
    const before = { spec: { nodeName: "n", errorCode: ["79"] }, status: { nodeQuarantined: "Quarantined", spanIds: { q: "1" } } };
    const after = { spec: { nodeName: "n", errorCode: ["79", "48"] }, status: { nodeQuarantined: "Quarantined", spanIds: { q: "1", d: "2" }, userPodsEvictionStatus: { status: "Succeeded" } } };
    expect(changedFields(before, after)).toEqual(["spec.errorCode", "status.spanIds.d", "status.userPodsEvictionStatus.status"]);
    expect(changedFields(after, after)).toEqual([]);
    expect(changedFields(undefined, { spec: { nodeName: "n" } })).toEqual(["spec.nodeName"]);
  });
});

describe("insert under failures", () => {
  it("reports created when a retried create meets its own object (response lost after the write)", async () => {
    const api = new FakeKubeApi();
    let first = true;
    api.fault = (verb) => (verb === "create" && first ? ((first = false), "dropAfterWrite") : undefined);
    const store = new HealthEventStore({ namespace: "i", api, retry: policy });
    const result = await store.insert(fault("n", "lost-response"));
    expect(result.result).toBe("created");
    expect(api.calls.filter((c) => c === "create").length).toBe(2);
    expect(api.objects.size).toBe(1);
  });

  it("reports duplicate when another writer created the key first", async () => {
    const api = new FakeKubeApi();
    await new HealthEventStore({ namespace: "i", api }).insert(fault("n", "k"));
    let first = true;
    api.fault = (verb) => (verb === "create" && first ? ((first = false), "drop") : undefined);
    const other = new HealthEventStore({ namespace: "i", api, retry: policy, dedupWindowMs: 0 });
    expect(await other.insert(fault("n", "k"))).toEqual({ result: "duplicate", name: objectNameFor("k"), downgraded: false });
  });

  it("re-applies a status mutation after a conflict so no writer's field is lost", async () => {
    const api = new FakeKubeApi();
    const store = new HealthEventStore({ namespace: "i", api });
    const { event } = await store.insert(fault("n", "c"));
    await store.setSpanId(event!, "drain", "d1"); // the copy in `event` is now stale
    const updated = await store.setQuarantineStatus(event!, "Quarantined");
    expect(updated.event.status).toMatchObject({ nodeQuarantined: "Quarantined", spanIds: { drain: "d1" } });
  });
});
