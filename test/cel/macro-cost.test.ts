// Estimated costs of macros, worked out by hand from cel-go's source (v0.20–v0.26, Kubernetes 1.31–1.34):
// each macro is costed through the comprehension it expands to (checker/cost.go costComprehension):
//   iterRange + accuInit + result + n × (loopCondition + loopStep)
// and bind-like comprehensions (sortBy, optMap) through costBind: the empty list 10 + accuInit + result.
// The schema bounds every size, and the bodies use ints only, so the numbers depend on nothing but the
// expansions and cel-go's O(1) costs: an identifier 1, a select on an object 1, a literal 0, a call
// 1 + its operands, a list literal 10, a map literal 30.
import { describe, expect, it } from "vitest";
import { analyzeCelRule } from "../../src/cel/index.js";
import type { JSONSchemaProps } from "../../src/schema/kubernetes.js";

const int: JSONSchemaProps = { type: "integer" };
const schema: JSONSchemaProps = {
  type: "object",
  properties: {
    xs: { type: "array", maxItems: 10, items: int },
    m: { type: "object", maxProperties: 5, additionalProperties: int },
    ls: { type: "array", maxItems: 3, items: { type: "array", maxItems: 4, items: int } },
    i: int,
  },
};

function cost(rule: string): number {
  const analysis = analyzeCelRule(schema, { rule }, { kubernetesVersion: "1.34" });
  expect(analysis.errors).toEqual([]);
  return analysis.estimatedCost;
}

// `self.xs` / `self.m`: self 1 + a select on an object 1.
const RANGE = 2;
// `x > 0`, `x * 2`, `-x`: x 1 + the call 1. `x > i`, `x * i`: 3.
const ONE_VAR = 2;
const TWO_VARS = 3;

describe("one-variable macros (cel-go parser/macro.go)", () => {
  it("all: init true 0, result @result 1, per item @not_strictly_false(@result) 2 + `@result && p` 1 + p", () => {
    expect(cost("self.xs.all(x, x > 0)")).toBe(RANGE + 1 + 10 * (2 + 1 + ONE_VAR)); // 53
    expect(cost("self.xs.all(x, x > 0)")).toBe(53);
  });

  it("exists: per item @not_strictly_false(!@result) 3 + `@result || p` 1 + p", () => {
    expect(cost("self.xs.exists(x, x > 0)")).toBe(RANGE + 1 + 10 * (3 + 1 + ONE_VAR)); // 63
  });

  it("exists_one and existsOne (1.33): result `@result == 1` 2, per item `p ? @result + 1 : @result` p + 2", () => {
    expect(cost("self.xs.exists_one(x, x > 0)")).toBe(RANGE + 2 + 10 * (2 + ONE_VAR)); // 44
    expect(cost("self.xs.existsOne(x, x > 0)")).toBe(44);
  });

  it("map: init [] 10, result 1, per item `@result + [t]` 1 + 1 + 10 + t; size() and > cost 1 each", () => {
    expect(cost("size(self.xs.map(x, x * 2)) > 0")).toBe(RANGE + 11 + 10 * (12 + ONE_VAR) + 2); // 155
    // map(x, f, t): `f ? @result + [t] : @result`, f + the dearer branch.
    expect(cost("size(self.xs.map(x, x > 0, x)) > 0")).toBe(RANGE + 11 + 10 * (12 + ONE_VAR + 1) + 2); // 165
  });

  it("filter: per item `f ? @result + [x] : @result`, f + 12 + x 1", () => {
    expect(cost("size(self.xs.filter(x, x > 0)) > 0")).toBe(RANGE + 11 + 10 * (13 + ONE_VAR) + 2); // 165
  });

  it("nests: the inner range is the iteration variable (1), its size the items' maxItems", () => {
    const inner = 1 + 1 + 4 * (3 + ONE_VAR); // 22
    expect(cost("self.ls.all(l, l.all(x, x > 0))")).toBe(RANGE + 1 + 3 * (3 + inner)); // 78
  });
});

describe("two-variable comprehensions (cel-go ext/comprehensions.go, Kubernetes 1.32)", () => {
  it("all, exists and existsOne expand like their one-variable forms", () => {
    expect(cost("self.xs.all(i, x, x > i)")).toBe(RANGE + 1 + 10 * (3 + TWO_VARS)); // 63
    expect(cost("self.xs.exists(i, x, x > i)")).toBe(RANGE + 1 + 10 * (4 + TWO_VARS)); // 73
    expect(cost("self.xs.existsOne(i, x, x > i)")).toBe(RANGE + 2 + 10 * (2 + TWO_VARS)); // 54
    expect(cost("self.xs.exists_one(i, x, x > i)")).toBe(54);
  });

  it("transformList expands like map", () => {
    expect(cost("size(self.xs.transformList(i, x, x * i)) > 0")).toBe(RANGE + 11 + 10 * (12 + TWO_VARS) + 2); // 165
    expect(cost("size(self.xs.transformList(i, x, x > i, x * i)) > 0")).toBe(RANGE + 11 + 10 * (12 + 2 * TWO_VARS) + 2); // 195
  });

  it("transformMap: init {} 30, per entry cel.@mapInsert(@result, k, t) 1 + 1 + 1 + t", () => {
    expect(cost("size(self.m.transformMap(k, v, v * 2)) > 0")).toBe(RANGE + 31 + 5 * (3 + ONE_VAR) + 2); // 60
    expect(cost("size(self.m.transformMap(k, v, v > 0, v * 2)) > 0")).toBe(RANGE + 31 + 5 * (3 + 2 * ONE_VAR) + 2); // 70
  });

  it("transformMapEntry: per entry cel.@mapInsert(@result, t) 1 + 1 + t; `{k: v}` is 30 + 1 + 1", () => {
    expect(cost("size(self.m.transformMapEntry(k, v, {k: v})) > 0")).toBe(RANGE + 31 + 5 * (2 + 32) + 2); // 205
  });
});

describe("sortBy (cel-go ext/lists.go sortByMacro, Kubernetes 1.34)", () => {
  it("is a bind: [] 10 + l + (@__sortBy_input__ 1 + its map(e, key) + estimateListSortBy ⌈2 n²⌉ + 11)", () => {
    const keys = 1 + 11 + 10 * (12 + ONE_VAR); // 152
    const sort = Math.ceil(2 * 10 * 10) + 1 + 10; // 211
    expect(cost("size(self.xs.sortBy(x, -x)) > 0")).toBe(10 + RANGE + 1 + keys + sort + 2); // 378
  });
});

describe("optMap and optFlatMap (cel-go cel/library.go)", () => {
  // `self.?i`: _?._ 1 + self 1. o.optMap(v, e) = `o.hasValue() ? optional.of(bind(v, o.value(), e)) :
  // optional.none()`: hasValue 1 + o, optional.of 1 + bind (10 + value() 1 + o + e); orValue(0) and > 1 each.
  it("optMap", () => {
    const o = 2;
    expect(cost("self.?i.optMap(v, v * 2).orValue(0) > 0")).toBe(1 + o + 1 + (10 + 1 + o + ONE_VAR) + 2); // 21
  });

  it("optFlatMap: the bind without optional.of", () => {
    const o = 2;
    const body = 1 + ONE_VAR; // optional.of(v * 2)
    expect(cost("self.?i.optFlatMap(v, optional.of(v * 2)).orValue(0) > 0")).toBe(1 + o + (10 + 1 + o + body) + 2); // 21
  });
});
