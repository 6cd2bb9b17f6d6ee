// Defaulting in the generated validators: the apiserver applies `default` before it validates, so an
// absent property with a default is validated as its default (no `Required value`), CEL rules see the
// defaulted object, and the results agree with src/crd-eval `admit` (which defaults too).

import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { compileCrd, type CompiledVersion } from "../../src/crd-eval/index.js";
import { printModule } from "../../src/emit/shared/printer.js";
import { validatorsFile } from "../../src/emit/validate/validators-file.js";
import type { JSONSchemaProps } from "../../src/schema/kubernetes.js";
import { applyDefaultsInPlace, needsDefaults } from "../../src/crd-eval/defaults.js";
import { compileSchemaNode } from "../../src/crd-eval/schema-node.js";
import { buildTypeScript } from "../emit/types/ts-harness.js";
import { mutate, random, resourceArbitrary } from "./support/documents.mjs";
import { loadValidatorModule, type Validate } from "./support/load-module.js";
import { referencePaths, violationPaths } from "./support/resources.js";

const PROTO = `syntax = "proto3";
package test.v1;
import "crd/v1/options.proto";

message Widget {
  option (crd.v1.resource) = {group: "example.com", validations: [{rule: "self.spec.mode != 'slow' || self.spec.retries > 0", message: "slow widgets retry"}]};
  WidgetSpec spec = 1 [(crd.v1.field) = {required: true}];
}

message Port {
  string name = 1 [(crd.v1.field) = {required: true}];
  string protocol = 2 [(crd.v1.field) = {default: "\\"TCP\\"", enum: ["TCP", "UDP"]}];
}

message Limits {
  int32 cpu = 1 [(crd.v1.field) = {required: true, default: "1", minimum: 1}];
}

message WidgetSpec {
  option (crd.v1.message) = {validations: [{rule: "self.mode != 'off' || self.retries == 0", message: "off widgets do not retry"}, {rule: "self.mode == oldSelf.mode", message: "mode is immutable"}]};
  string mode = 1 [(crd.v1.field) = {required: true, default: "\\"fast\\"", enum: ["fast", "slow", "off"]}];
  int32 retries = 2 [(crd.v1.field) = {required: true, default: "3", minimum: 0}];
  repeated Port ports = 3 [(crd.v1.field) = {list_type: "map", list_map_keys: ["name", "protocol"]}];
  map<string, Limits> limits = 4;
  Limits base = 5 [(crd.v1.field) = {default: "{}"}];
  string note = 6;
}
`;

const META = { name: "w", namespace: "default" };
const TYPE = { apiVersion: "example.com/v1", kind: "Widget" };

let validate: Validate;
let source: string;

/** `path: message` of each violation. */
function texts(doc: unknown, options?: { oldObject?: unknown }): string[] {
  return validate(doc, options).map((v) => `${v.path}: ${v.message}`);
}
let reference: CompiledVersion;
let schema: JSONSchemaProps;

beforeAll(async () => {
  const { inputs } = buildTypeScript({ "test/v1/widget.proto": PROTO });
  const input = inputs[0];
  source = printModule(validatorsFile(input)!, "ts");
  const module = await loadValidatorModule(printModule(validatorsFile(input)!, "js"));
  validate = module.validateWidget as Validate;
  const { model, version } = input.resources[0];
  schema = input.resources[0].schema;
  reference = compileCrd(model.crd).version(version.name)!;
}, 60_000);

describe("generated validators apply defaults before validating", () => {
  it("embeds the defaults in the schema literal, where the shared engine applies them", () => {
    expect(source).toMatch(/mode: \{[^}]*default: "fast"/);
  });

  it("does not report a required property that has a default", () => {
    expect(validate({ ...TYPE, metadata: META, spec: {} })).toEqual([]);
    expect(validate({ ...TYPE, metadata: META, spec: { mode: null, retries: null } })).toEqual([]);
    expect(referencePaths(reference, { ...TYPE, metadata: META, spec: {} })).toEqual([]);
  });

  it("still reports a required property without a default", () => {
    expect(texts({ ...TYPE, metadata: META })).toEqual([
      "spec: Required value",
      ': Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    ]);
    expect(texts({ ...TYPE, metadata: META, spec: { limits: { a: {} }, ports: [{}] } })).toEqual([
      "spec.ports[0].name: Required value",
      ': Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
    ]);
  });

  it("lets CEL rules see the defaulted values", () => {
    // retries defaults to 3: the spec rule fails for mode "off", the root rule passes for mode "slow".
    expect(texts({ ...TYPE, metadata: META, spec: { mode: "off" } })).toEqual([
      "spec: Invalid value: \"object\": off widgets do not retry",
    ]);
    expect(validate({ ...TYPE, metadata: META, spec: { mode: "slow" } })).toEqual([]);
    expect(texts({ ...TYPE, metadata: META, spec: { mode: "slow", retries: 0 } })).toEqual([
      ': Invalid value: "object": slow widgets retry',
    ]);
  });

  it("uses defaulted list-map keys for uniqueness", () => {
    const doc = { ...TYPE, metadata: META, spec: { ports: [{ name: "a" }, { name: "a", protocol: "TCP" }, { name: "a", protocol: "UDP" }] } };
    expect(texts(doc)).toEqual(['spec.ports[1]: Duplicate value: {"name":"a","protocol":"TCP"}']);
    expect(violationPaths(validate(doc))).toEqual(referencePaths(reference, doc));
  });

  it("defaults the old object of an update too (transition rules see it), and never changes its inputs", () => {
    const old = { ...TYPE, metadata: META, spec: {} };
    const same = { ...TYPE, metadata: META, spec: { mode: "fast" } };
    const changed = { ...TYPE, metadata: META, spec: { mode: "slow" } };
    const before = JSON.stringify([old, same, changed]);
    expect(texts(same, { oldObject: old })).toEqual([]);
    expect(texts(changed, { oldObject: old })).toEqual(['spec: Invalid value: "object": mode is immutable']);
    expect(violationPaths(validate(changed, { oldObject: old }))).toEqual(referencePaths(reference, changed, old));
    expect(referencePaths(reference, same, old)).toEqual([]);
    expect(JSON.stringify([old, same, changed])).toBe(before);
  });

  it("agrees with src/crd-eval on documents with defaulted properties dropped or nulled", () => {
    const samples = fc.sample(resourceArbitrary(schema, TYPE), { numRuns: 150, seed: 5 }).map((d) => JSON.parse(JSON.stringify(d)) as Record<string, unknown>);
    const rand = random(7);
    const mismatches: string[] = [];
    let checked = 0;
    for (const sample of samples) {
      const spec = sample.spec as Record<string, unknown> | undefined;
      const stripped = JSON.parse(JSON.stringify(sample)) as Record<string, unknown>;
      if (spec !== undefined) {
        const s = stripped.spec as Record<string, unknown>;
        delete s.mode;
        if (rand() < 0.5) s.retries = null;
        else delete s.retries;
        if (rand() < 0.5) delete s.base;
        for (const port of (s.ports as Record<string, unknown>[] | undefined) ?? []) if (rand() < 0.5) delete port.protocol;
      }
      for (const doc of [sample, stripped, mutate(stripped, schema, rand).doc]) {
        checked++;
        const ours = violationPaths(validate(doc), schema);
        const theirs = referencePaths(reference, doc);
        if (JSON.stringify(ours) !== JSON.stringify(theirs)) mismatches.push(`ours [${ours}] vs reference [${theirs}] in ${JSON.stringify(doc)}`);
      }
    }
    expect(checked).toBe(450);
    expect(mismatches.slice(0, 5)).toEqual([]);
  });
});

describe("defaulting (crd-eval applyDefaultsInPlace / needsDefaults)", () => {
  const tree = compileSchemaNode({
    type: "object",
    properties: {
      a: { type: "integer", default: 1 },
      b: { type: "object", default: { c: 2 }, properties: { c: { type: "integer", default: 9 }, d: { type: "string", default: "d" } } },
      n: { type: "integer", default: 5, nullable: true },
      l: { type: "array", items: { type: "integer", default: 0 } },
      m: { type: "object", properties: { known: { type: "object" } }, additionalProperties: { type: "object", properties: { z: { type: "boolean", default: true } } } },
    },
  });
  const defaulted = (x: unknown) => {
    const copy = structuredClone(x);
    applyDefaultsInPlace(copy, tree);
    return copy;
  };

  it("needs nothing when every defaulted field is present", () => {
    expect(needsDefaults({ a: 2, b: { c: 3, d: "e" }, n: null, l: [1] }, tree)).toBe(false);
    const full = { a: 2, b: { c: 3, d: "e" }, n: 1, l: [1] };
    expect(defaulted(full)).toEqual(full);
    expect(needsDefaults({ a: 2, b: { c: 3, d: "e" }, n: 1, l: [1, null] }, tree)).toBe(true);
    expect(needsDefaults({ b: { c: 3, d: "e" }, n: 1 }, tree)).toBe(true);
  });

  it("fills absent properties and non-nullable nulls, inside defaulted values too", () => {
    const x = { l: [1, null], n: null, m: { known: {}, k: {}, j: null } };
    expect(needsDefaults(x, tree)).toBe(true);
    expect(defaulted(x)).toEqual({ a: 1, b: { c: 2, d: "d" }, n: null, l: [1, 0], m: { known: {}, k: { z: true }, j: null } });
  });

  it("sets a __proto__ key as an own property", () => {
    const node = compileSchemaNode({ type: "object", properties: { ["__proto__"]: { type: "object", default: { polluted: true } } } });
    const out: Record<string, unknown> = {};
    applyDefaultsInPlace(out, node);
    expect(Object.hasOwn(out, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
