// fast-check arbitraries of JSON objects shaped by a CRD version's schema: every property optional
// (required ones always present), enums from their lists, lists and maps of a few entries, metadata with
// or without labels and annotations, null for nullable nodes, 64-bit integers as strings across the whole
// range (and in the forms a pattern admits but protojson does not write). Free strings need not pass
// patterns: conversion is structural.
import fc from "fast-check";
import type { JSONSchemaProps } from "../../src/schema/kubernetes.js";

// Cheaper than stringMatching, and enough variety for keys: conversion never looks at them.
const key = fc.tuple(fc.constantFrom("a", "node", "gpu", "x.y", "app.kubernetes.io/name"), fc.nat(50)).map(([k, n]) => `${k}${n}`);

export function valueFor(node: JSONSchemaProps, depth = 0): fc.Arbitrary<unknown> {
  const value = nonNullValueFor(node, depth);
  // A wrapper (google.protobuf.*Value) is nullable: null is one of its values.
  return node.nullable ? fc.oneof({ weight: 1, arbitrary: fc.constant(null) }, { weight: 4, arbitrary: value }) : value;
}

/** 64-bit integers as protojson writes them, or as the schema's pattern still admits (leading zeros, "-0"). */
function int64Strings(unsigned: boolean): fc.Arbitrary<string> {
  const min = unsigned ? 0n : -(2n ** 63n);
  return fc.oneof(
    fc.integer({ min: unsigned ? 0 : -3e9, max: 5e9 }).map(String),
    fc.bigInt({ min, max: unsigned ? 2n ** 64n - 1n : 2n ** 63n - 1n }).map(String),
    fc.constantFrom(...(unsigned ? ["007", "00"] : ["007", "-0", "-012"])),
  );
}

/** Integers in the schema's bounds, mostly small, some anywhere JSON numbers hold exactly. */
function integers(node: JSONSchemaProps): fc.Arbitrary<number> {
  const min = node.minimum ?? -Number.MAX_SAFE_INTEGER;
  const max = node.maximum ?? Number.MAX_SAFE_INTEGER;
  return fc.oneof(fc.integer({ min: Math.max(min, -1e6), max: Math.min(max, 1e6) }), fc.integer({ min, max }));
}

function nonNullValueFor(node: JSONSchemaProps, depth: number): fc.Arbitrary<unknown> {
  if (node.enum) return fc.constantFrom(...node.enum);
  const unsigned = node.minimum === 0 || node.pattern === "^[0-9]+$";
  if (node["x-kubernetes-int-or-string"]) return fc.oneof(integers(node), int64Strings(unsigned));
  if (node.type === "string" && (node.pattern === "^[0-9]+$" || node.pattern === "^-?[0-9]+$")) return int64Strings(unsigned);
  switch (node.type) {
    case "string":
      return node.format === "date-time" ? fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString()) : fc.string({ maxLength: 8 });
    case "integer":
      return integers(node);
    case "number":
      return fc.double({ noNaN: true, noDefaultInfinity: true });
    case "boolean":
      return fc.boolean();
    case "array":
      return fc.array(valueFor(node.items ?? {}, depth + 1), { maxLength: depth > 3 ? 0 : 3 });
    case "object":
      if (typeof node.additionalProperties === "object") return fc.dictionary(key, valueFor(node.additionalProperties, depth + 1), { maxKeys: 3 });
      if (node.properties) return objectFor(node, depth);
      return fc.constant({});
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectFor(node: JSONSchemaProps, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const record: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, child] of Object.entries(node.properties ?? {})) record[name] = valueFor(child, depth + 1);
  return fc.record(record, { requiredKeys: node.required ?? [] });
}

const metadata = fc.record(
  {
    name: fc.nat(1e6).map((n) => `event-${n}`),
    namespace: fc.constant("default"),
    resourceVersion: fc.integer({ min: 1, max: 1e9 }).map(String),
    labels: fc.dictionary(key, fc.string({ maxLength: 8 }), { minKeys: 1, maxKeys: 3 }),
    // Kubernetes drops an empty annotation map (omitempty), so a stored object has none or some.
    annotations: fc.dictionary(key, fc.string({ maxLength: 12 }), { minKeys: 1, maxKeys: 3 }),
  },
  { requiredKeys: ["name", "namespace"] },
);

/** A whole object of `apiVersion` shaped by its openAPIV3Schema (spec and status from the schema). */
export function objectArbitrary(apiVersion: string, kind: string, schema: JSONSchemaProps): fc.Arbitrary<Record<string, unknown>> {
  const { spec, status } = schema.properties ?? {};
  return fc.record(
    { apiVersion: fc.constant(apiVersion), kind: fc.constant(kind), metadata, spec: valueFor(spec ?? {}), status: valueFor(status ?? {}) },
    { requiredKeys: ["apiVersion", "kind", "metadata", "spec"] },
  ).map((object) => JSON.parse(JSON.stringify(object)) as Record<string, unknown>); // plain JSON, as an API server sends

}
