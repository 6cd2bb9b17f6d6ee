// Patches on objects with `__proto__`, `constructor` and `prototype` keys: ordinary data, and
// Object.prototype never changes (the regression: parentOf/addAt followed `__proto__`).
import { afterEach, describe, expect, it } from "vitest";
import { applyJsonPatch, applyMergePatch } from "../../src/server/patch.js";
import { scanJson } from "../../src/server/json-scan.js";
import { ApiError } from "../../src/server/status.js";

const doc = () => JSON.parse('{"metadata":{"name":"a"},"spec":{"__proto__":{"x":1},"list":[1,2]}}');

function statusOf(run: () => unknown): { code: number; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error("expected an ApiError");
}

describe("patches and prototype keys", () => {
  afterEach(() => {
    expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain("deletionTimestamp");
    expect(({} as Record<string, unknown>).deletionTimestamp).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("answers a JSON patch through /__proto__ as a missing path, as RFC 6902 libraries do", () => {
    expect(statusOf(() => applyJsonPatch({ metadata: {} }, [{ op: "add", path: "/__proto__/deletionTimestamp", value: "now" }]))).toEqual({
      code: 422,
      message: 'doc is missing path: "/__proto__/deletionTimestamp": missing value',
    });
    expect(statusOf(() => applyJsonPatch({}, [{ op: "add", path: "/constructor/prototype/polluted", value: true }])).code).toBe(422);
    expect(statusOf(() => applyJsonPatch({}, [{ op: "replace", path: "/__proto__", value: { polluted: true } }])).code).toBe(422);
    expect(statusOf(() => applyJsonPatch({}, [{ op: "remove", path: "/toString" }])).code).toBe(422);
    expect(statusOf(() => applyJsonPatch({}, [{ op: "copy", from: "/constructor", path: "/c" }])).code).toBe(422);
  });

  it("adds, replaces and removes own keys named __proto__, constructor and prototype", () => {
    const added = applyJsonPatch(doc(), [
      { op: "add", path: "/__proto__", value: { polluted: true } },
      { op: "add", path: "/spec/__proto__/y", value: 2 },
      { op: "add", path: "/constructor", value: { prototype: { polluted: true } } },
    ]) as Record<string, any>;
    expect(Object.getPrototypeOf(added)).toBe(Object.prototype);
    expect(Object.hasOwn(added, "__proto__")).toBe(true);
    expect(JSON.stringify(added)).toBe(
      '{"metadata":{"name":"a"},"spec":{"__proto__":{"x":1,"y":2},"list":[1,2]},"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}',
    );
    const removed = applyJsonPatch(added, [{ op: "remove", path: "/__proto__" }, { op: "test", path: "/spec/__proto__/x", value: 1 }]);
    expect(Object.hasOwn(removed as object, "__proto__")).toBe(false);
  });

  it("merges own __proto__ keys as data", () => {
    const merged = applyMergePatch(doc(), JSON.parse('{"__proto__":{"polluted":true},"spec":{"__proto__":{"x":null,"z":3},"prototype":1}}'));
    expect(JSON.stringify(merged)).toBe('{"metadata":{"name":"a"},"spec":{"__proto__":{"z":3},"list":[1,2],"prototype":1},"__proto__":{"polluted":true}}');
    expect(Object.getPrototypeOf(merged)).toBe(Object.prototype);
  });

  it("reads array indexes only as digits", () => {
    expect(statusOf(() => applyJsonPatch(doc(), [{ op: "replace", path: "/spec/list/length", value: 0 }])).code).toBe(422);
    expect(statusOf(() => applyJsonPatch(doc(), [{ op: "add", path: "/spec/list/01", value: 0 }])).code).toBe(422);
    expect(applyJsonPatch(doc(), [{ op: "add", path: "/spec/list/1", value: 9 }])).toMatchObject({ spec: { list: [1, 9, 2] } });
  });

  it("refuses JSON patches of more than 10000 operations (413)", () => {
    const ops = Array.from({ length: 10001 }, () => ({ op: "test", path: "/metadata/name", value: "a" }));
    expect(statusOf(() => applyJsonPatch(doc(), ops))).toEqual({
      code: 413,
      message: "Request entity too large: The allowed maximum operations in a JSON patch is 10000, got 10001",
    });
  });
});

describe("scanJson", () => {
  it("finds duplicate keys with sigs.k8s.io/json field paths, and the nesting depth", () => {
    expect(scanJson('{"a":1,"b":{"c":[{"x":1,"x":2}],"c":3},"a\\"q":1,"a":5}')).toEqual({ depth: 4, duplicates: ["b.c[0].x", "b.c", "a"] });
    expect(scanJson('{"s":"\\\\","s":"}{,"}')).toEqual({ depth: 1, duplicates: ["s"] });
    expect(scanJson("[1,[2,[3]]]")).toEqual({ depth: 3, duplicates: [] });
    expect(scanJson('"x"')).toEqual({ depth: 0, duplicates: [] });
  });
});
