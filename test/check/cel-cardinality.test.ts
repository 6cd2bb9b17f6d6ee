// The cost estimate of a rule as apiextensions-apiserver makes it, on cases worked out by hand:
// cost × cardinality, where the cardinality is the product of maxItems/maxProperties of the enclosing lists
// and maps when all are bounded, and MaxRequestSizeBytes / (minimal serialized size of the node + 1) as
// soon as one is not (validation.go getExpressionCost, compilation.go maxCardinality).
import { describe, expect, it } from "vitest";
import { analyzeCelRule } from "../../src/cel/index.js";
import { cardinalityOf } from "../../src/check/cel/check-cel.js";
import { walkSchema, type SchemaNode } from "../../src/check/schema-walk.js";
import type { JSONSchemaProps } from "../../src/schema/kubernetes.js";
import { oneofRule } from "../../src/schema/oneofs.js";

const MIB3 = 3 * 1024 * 1024;
const member: JSONSchemaProps = { type: "string" };
/** An object with three optional members: its minimal JSON is `{}`, 2 bytes. */
const union = (): JSONSchemaProps => ({ type: "object", properties: { a: member, b: member, c: member } });

/** The node `marked` sits at, found by identity. */
function nodeOf(root: JSONSchemaProps, marked: JSONSchemaProps): SchemaNode {
  let found: SchemaNode | undefined;
  walkSchema(root, ["spec", "versions", 0, "schema", "openAPIV3Schema"], (node) => {
    if (node.schema === marked) found = node;
  });
  return found!;
}

const root = (spec: JSONSchemaProps): JSONSchemaProps => ({ type: "object", properties: { spec } });

describe("cardinality", () => {
  it("is 1 for a node outside lists and maps", () => {
    const target = union();
    expect(cardinalityOf(nodeOf(root({ type: "object", properties: { x: target } }), target))).toBe(1);
  });

  it("multiplies maxItems and maxProperties when every enclosing list and map is bounded: 10 × 5 × 4 = 200", () => {
    const target = union();
    const spec: JSONSchemaProps = {
      type: "array",
      maxItems: 10,
      items: { type: "array", maxItems: 5, items: { type: "object", maxProperties: 4, additionalProperties: target } },
    };
    expect(cardinalityOf(nodeOf(root(spec), target))).toBe(200);
  });

  it("is 3 MiB / (2 + 1) = 1048576 under one unbounded list, for an object whose minimal JSON is {}", () => {
    const target = union();
    expect(cardinalityOf(nodeOf(root({ type: "array", items: target }), target))).toBe(Math.floor(MIB3 / 3));
    expect(Math.floor(MIB3 / 3)).toBe(1048576);
  });

  it("is not squared under an unbounded list of unbounded lists", () => {
    const target = union();
    const spec: JSONSchemaProps = { type: "array", items: { type: "array", items: { type: "array", items: target } } };
    expect(cardinalityOf(nodeOf(root(spec), target))).toBe(1048576);
  });

  it("counts required properties in the minimal size: 2 + (len(\"name\") 4 + string 2 + 4) = 12 bytes → 3 MiB / 13", () => {
    // declTypeOf: 2 for the braces, then per required property without a default: name length + value size + 4.
    const target: JSONSchemaProps = { type: "object", required: ["name"], properties: { name: { type: "string" } } };
    expect(cardinalityOf(nodeOf(root({ type: "array", maxItems: 3, items: { type: "array", items: target } }), target))).toBe(Math.floor(MIB3 / 13));
  });

  it("uses the request bound once one enclosing map is unbounded, even under a bounded list", () => {
    const target = union();
    const spec: JSONSchemaProps = { type: "array", maxItems: 2, items: { type: "object", additionalProperties: target } };
    expect(cardinalityOf(nodeOf(root(spec), target))).toBe(1048576);
  });
});

describe("oneof rule cost", () => {
  // cel-go: `self` 1 per has(), whose presence test Kubernetes prices at 0 (environment/base.go,
  // checker.PresenceTestHasCost(false)); ?: adds nothing but its operands; each + and the comparison
  // cost 1: n members cost n + (n - 1) + 1 = 2n.
  for (const n of [2, 3, 5]) {
    it(`is 2 × ${n} = ${2 * n} for ${n} members`, () => {
      const members = ["a", "b", "c", "d", "e"].slice(0, n);
      const node: JSONSchemaProps = { type: "object", properties: Object.fromEntries(members.map((m) => [m, member])) };
      expect(analyzeCelRule(node, oneofRule({ members, mode: "at_most_one" })).estimatedCost).toBe(2 * n);
    });
  }

  it("fits the per-rule budget (10,000,000) under an unbounded list up to 4 members: 8 × 1048576 < 1e7 < 10 × 1048576", () => {
    const costUnderList = (n: number) => {
      const members = ["a", "b", "c", "d", "e"].slice(0, n);
      const target: JSONSchemaProps = { type: "object", properties: Object.fromEntries(members.map((m) => [m, member])) };
      const cardinality = cardinalityOf(nodeOf(root({ type: "array", items: target }), target));
      return analyzeCelRule(target, oneofRule({ members, mode: "at_most_one" })).estimatedCost * cardinality;
    };
    expect(costUnderList(4)).toBe(8 * 1048576);
    expect(costUnderList(4)).toBeLessThan(10_000_000);
    expect(costUnderList(5)).toBeGreaterThan(10_000_000);
  });
});
