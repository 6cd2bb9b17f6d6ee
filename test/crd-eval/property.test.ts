// Whatever JSON arrives, admit() answers (never throws) and leaves its input exactly as it was.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { compileCrd } from "../../src/crd-eval/index.js";
import type { CustomResourceDefinition } from "../../src/schema/kubernetes.js";
import { ROOT } from "../harness/compile.js";

const crd = parseAllDocuments(readFileSync(join(ROOT, "generated/crds/nvsentinel.dgxc.nvidia.com_healthevents.yaml"), "utf8"))
  .map((d) => d.toJS())
  .find((d) => d !== null) as CustomResourceDefinition;
const version = compileCrd(crd).version("v1alpha1")!;

const key = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "toString", "hasOwnProperty", "spec", "status", "metadata", "name", "nodeName"),
  fc.constantFrom("recommendedAction", "entitiesImpacted", "entityType", "errorCode", "version", "isFatal", "faultRemediated"),
  fc.string({ maxLength: 8 }),
);

/** JSON values whose objects may carry keys that are dangerous as plain-object properties. */
const { json } = fc.letrec<{ json: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string(),
    fc.array(tie("json"), { maxLength: 4 }),
    fc.dictionary(key, tie("json"), { maxKeys: 5 }),
  ),
}));

const document = fc.record({
  apiVersion: fc.constantFrom("nvsentinel.dgxc.nvidia.com/v1alpha1", "v1"),
  kind: fc.constantFrom("HealthEvent", "Other"),
  metadata: fc.oneof(fc.record({ name: fc.string({ maxLength: 10 }) }), json),
  spec: fc.oneof(fc.record({ nodeName: fc.string({ maxLength: 10 }), recommendedAction: fc.constantFrom("CUSTOM", "NONE") }), json),
  status: json,
});

/** A JSON text that keeps own "__proto__" keys, for comparing before and after. */
const snapshot = (value: unknown) => JSON.stringify(value, (_k, v: unknown) => (typeof v === "number" && Object.is(v, -0) ? "-0" : v));

describe("admit on arbitrary input", () => {
  it("never throws and never mutates its input", () => {
    fc.assert(
      fc.property(fc.oneof(json, document), fc.option(fc.oneof(json, document), { nil: undefined }), (object, oldObject) => {
        const before = [snapshot(object), snapshot(oldObject)];
        const result = version.admit(object, oldObject === undefined ? {} : { oldObject });
        expect([snapshot(object), snapshot(oldObject)]).toEqual(before);
        expect(Array.isArray(result.errors)).toBe(true);
        for (const error of result.errors) expect(error.message.startsWith(`${error.field}: `)).toBe(true);
        version.validate(object);
      }),
      { numRuns: 400 },
    );
  });

  it("answers for very deep nesting", () => {
    let deep: unknown = "leaf";
    for (let i = 0; i < 20000; i++) deep = { spec: deep };
    const result = version.admit({ apiVersion: "nvsentinel.dgxc.nvidia.com/v1alpha1", kind: "HealthEvent", metadata: { name: "a" }, spec: deep });
    expect(result.errors.map((e) => e.message)).toEqual(['<nil>: Invalid value: "": exceeded max depth of 10000']);
    let wide: unknown = 1;
    for (let i = 0; i < 5000; i++) wide = [wide];
    const nested = version.admit({ apiVersion: "nvsentinel.dgxc.nvidia.com/v1alpha1", kind: "HealthEvent", metadata: { name: "a" }, spec: { nodeName: "n", x: wide } });
    expect(nested.errors).toEqual([]);
    expect(nested.warnings).toEqual(['unknown field "spec.x"']);
  });
});
