// Estimated costs of calls, worked out by hand from cel-go checker/cost.go functionCost, Kubernetes'
// library/cost.go EstimateCallCost and cel-go ext/sets.go. Sizes are cel-go's: a literal's, the
// Kubernetes estimate of a schema path (maxLength × 4 for a string, maxItems for a list, 0 for a number),
// 1 for a computed scalar, unknown (math.MaxUint64) for a computed string of no estimated size.
import { describe, expect, it } from "vitest";
import { analyzeCelRule } from "../../src/cel/index.js";
import type { JSONSchemaProps } from "../../src/schema/kubernetes.js";

const schema: JSONSchemaProps = {
  type: "object",
  properties: {
    s: { type: "string", maxLength: 10 },
    i: { type: "integer" },
    xs: { type: "array", maxItems: 10, items: { type: "integer" } },
  },
};

function cost(rule: string): number {
  const analysis = analyzeCelRule(schema, { rule }, { kubernetesVersion: "1.34" });
  expect(analysis.errors).toEqual([]);
  return analysis.estimatedCost;
}

// `self.s`, `self.i`, `self.xs`: self 1 + a select on an object 1.
const FIELD = 2;

describe("comparisons (Equals, NotEquals, LessString, ...)", () => {
  it("cost ⌈min(size(l), size(r)) × 0.1⌉: self.s is 40, a number field 0", () => {
    expect(cost("self.s == 'abc'")).toBe(FIELD + 1); // ⌈min(40, 3) × 0.1⌉
    expect(cost("self.s != ''")).toBe(FIELD + 0); // ⌈min(40, 0) × 0.1⌉
    expect(cost("self.i == 1")).toBe(FIELD + 0); // a schema number has size 0
    expect(cost("self.s < 'b'")).toBe(FIELD + 1); // LessString
    expect(cost("self.i < 1")).toBe(FIELD + 1); // LessInt64: O(1)
  });

  it("a computed string of no estimated size is unknown, so only the other operand counts", () => {
    expect(cost("string(self.i) == 'a'")).toBe(FIELD + 1 + 1); // string(int) 1, then ⌈min(MaxUint64, 1) × 0.1⌉
  });

  it("_?_:_ costs the condition and the dearer branch, and has the larger branch's size", () => {
    expect(cost("(self.i > 0 ? 'a' : 'bcd') == 'bcd'")).toBe(FIELD + 1 + 1); // `self.i > 0` 3, ⌈3 × 0.1⌉
  });
});

describe("string and list functions", () => {
  it("startsWith traverses the argument only; @in costs the list's size", () => {
    expect(cost("self.s.startsWith('ab')")).toBe(FIELD + 1); // ⌈2 × 0.1⌉
    expect(cost("self.s in ['a', 'b']")).toBe(FIELD + 10 + 2); // list literal 10, InList 2
  });

  it("sum() costs 1 per element (Kubernetes); sets cost size(a) × size(b) × factor + 1 (ext/sets.go)", () => {
    expect(cost("self.xs.sum() > 0")).toBe(FIELD + 10 + 1);
    expect(cost("sets.contains(self.xs, [1])")).toBe(FIELD + 10 + (10 * 1 + 1));
    expect(cost("sets.equivalent(self.xs, [1])")).toBe(FIELD + 10 + (2 * 10 * 1 + 1));
  });

  it("validate runs a format regex of up to 128 characters: ⌈⌈size × 0.1⌉ × 128 × 0.25⌉", () => {
    // format.dns1123Label() 1, self.s 2, validate ⌈40 × 0.1⌉ × 32 = 128, hasValue 1, !_ 1
    expect(cost("!format.dns1123Label().validate(self.s).hasValue()")).toBe(1 + FIELD + 128 + 1 + 1);
  });
});
