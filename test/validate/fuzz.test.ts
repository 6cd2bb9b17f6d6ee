// Fuzz: arbitrary JSON values (with __proto__/constructor keys, huge strings, deep nesting) never make a
// generated validator throw, always yield well-formed violations, and never pollute prototypes.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PROJECT_RESOURCES } from "./support/resources.js";

const TRICKY_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "valueOf", "spec", "status", "metadata", "name", "nodeName", "entitiesImpacted", "conditions", "healthEvent", "type"];

const json = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(null, true, false, 0, -1, 1.5, 4294967296, Number.MAX_SAFE_INTEGER, "", "CUSTOM", "2024-05-01T12:00:00Z"),
    fc.string({ unit: "binary" }),
    fc.array(tie("value"), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...TRICKY_KEYS), fc.string()), tie("value"), { maxKeys: 6 }),
  ),
})).value;

/** A document shaped like a resource, with arbitrary values where the interesting parts go. */
function shaped(apiVersion: string, kind: string) {
  return fc.record({
    apiVersion: fc.oneof(fc.constant(apiVersion), json),
    kind: fc.oneof(fc.constant(kind), json),
    metadata: fc.oneof(fc.record({ name: fc.oneof(fc.constant("x"), json) }), json),
    spec: fc.oneof(fc.dictionary(fc.constantFrom(...TRICKY_KEYS, "agent", "errorCode", "metadata", "recommendedAction"), json), json),
    status: json,
  });
}

function nested(depth: number): unknown {
  let value: unknown = "leaf";
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { nodeName: value, spec: value };
  return value;
}

function expectWellFormed(result: unknown) {
  expect(Array.isArray(result)).toBe(true);
  for (const v of result as { path: unknown; rule: unknown; message: unknown }[]) {
    expect(typeof v.path).toBe("string");
    expect(typeof v.rule).toBe("string");
    expect(typeof v.message).toBe("string");
  }
}

describe.each(PROJECT_RESOURCES.map((r) => [r.kind, r] as const))("%s validator under fuzzing", (_kind, r) => {
  it("never throws on arbitrary values and resource-shaped documents, as objects or parsed from JSON", () => {
    fc.assert(
      fc.property(fc.oneof(json, shaped(r.apiVersion, r.kind)), fc.option(fc.oneof(json, shaped(r.apiVersion, r.kind))), (doc, old) => {
        expectWellFormed(r.validate(doc, old === null ? undefined : { oldObject: old }));
        // JSON.parse makes "__proto__" an own property, as the apiserver's decoder would see it.
        const parsed: unknown = JSON.parse(JSON.stringify(doc) ?? "null");
        expectWellFormed(r.validate(parsed, { oldObject: parsed }));
      }),
      { numRuns: 1500, seed: 5 },
    );
    expect(Object.keys(Object.prototype)).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("reports __proto__ and constructor keys as unknown fields without touching prototypes", () => {
    const doc = JSON.parse(
      `{"apiVersion":"${r.apiVersion}","kind":"${r.kind}","metadata":{"name":"x"},"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"spec":{"__proto__":{"polluted":1}}}`,
    );
    const violations = r.validate(doc);
    expect(violations.filter((v) => v.rule === "unknown-field").map((v) => v.path).sort()).toEqual(["__proto__", "constructor", "spec.__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
  });

  it("survives huge strings, deep nesting and hostile objects", () => {
    const huge = "😀".repeat(1_000_000);
    const base = { apiVersion: r.apiVersion, kind: r.kind, metadata: { name: huge } };
    expectWellFormed(r.validate({ ...base, spec: { nodeName: huge, agent: huge, metadata: { [huge]: huge }, healthEvent: { nodeName: huge } } }));
    expectWellFormed(r.validate({ ...base, spec: nested(20_000) }));
    expectWellFormed(r.validate({ ...base, spec: { metadata: nested(20_000), healthEvent: nested(20_000) } }, { oldObject: { ...base, spec: nested(5_000) } }));
    const throwing = new Proxy({}, { get: () => { throw new Error("boom"); }, ownKeys: () => { throw new Error("boom"); } });
    const result = r.validate({ ...base, spec: throwing });
    expectWellFormed(result);
    expect(result.some((v) => v.rule === "internal")).toBe(true);
    expectWellFormed(r.validate(Object.create(null)));
    expectWellFormed(r.validate([base]));
    expectWellFormed(r.validate(undefined));
  });
});
