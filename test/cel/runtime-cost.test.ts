// Runtime cost as kube-apiserver tracks it for CRD rules: cel-go's CostTracker (interpreter/runtimecost.go:
// 1 per identifier and field/index qualifier, list literal 10, map literal 30, costCall per overload) with
// the Kubernetes library's CallCost (k8s.io/apiserver/pkg/cel/library/cost.go) and ext.Sets' trackers, the
// PerCallLimit of 1,000,000 and the RuntimeCELCostBudget of 10,000,000 (k8s.io/apiserver/pkg/apis/cel/
// config.go), and the messages of apiextensions-apiserver schema/cel validation.go.
import { describe, expect, it } from "vitest";
import { compileCelRule, RUNTIME_CEL_COST_BUDGET } from "../../src/cel/index.js";
import type { JSONSchemaProps } from "../../src/schema/kubernetes.js";

const schema: JSONSchemaProps = {
  type: "object",
  properties: {
    s: { type: "string" },
    t: { type: "string" },
    ports: { type: "array", items: { type: "integer" } },
    m: { type: "object", additionalProperties: { type: "string" } },
  },
};
const self = { s: "web", ports: [80, 443], m: { a: "b" } };

function run(rule: string, value: unknown = self, budget = RUNTIME_CEL_COST_BUDGET, messageExpression?: string) {
  return compileCelRule(schema, { rule, ...(messageExpression !== undefined ? { messageExpression } : {}) }).evaluateWithBudget(value, undefined, budget);
}

describe("runtime cost of one evaluation", () => {
  it.each([
    // self 1 + .s 1 + `==` on strings ceil(min(3, 3) × 0.1) = 1.
    ["self.s == 'web'", 3],
    // `+` on strings ceil((3 + 3) × 0.1) = 1, plus self.s 2 and `==` 1.
    ["'abc' + self.s == 'abcweb'", 4],
    // self.ports 2; per element @not_strictly_false(@result) 2 and `@result && p > 0` 3; the result 1.
    ["self.ports.all(p, p > 0)", 13],
    // [1, 2, 3] 10; two steps of 6 (`!`, @not_strictly_false, @result, `||`, x, `==`); the third
    // condition 3 stops the loop; the result 1.
    ["[1, 2, 3].exists(x, x == 2)", 26],
    // map: per element `@result + [p * 2]` is an ident, a list literal, p, `*` and `+` (14).
    ["self.ports.map(p, p * 2) == [160, 886]", 52],
    // has() costs its operand only (PresenceTestHasCost(false) in the Kubernetes base environment).
    ["has(self.s)", 1],
    ["self.m['a'] == 'b'", 4],
    ["{'a': 1}.size() == 1", 32],
    // ext.Sets trackSetsCost: 1 + |a| × |b|.
    ["sets.contains([1], [1])", 22],
    // `.?s` is a qualifier (1); orValue is evalOptionalOr, not a call.
    ["self.?s.orValue('') == 'web'", 3],
    // The optMap macro's expansion: hasValue 3, optional.of 1, [] 10, value() 3, v 1; then
    // optional.of('web') 1 and `==` 1.
    ["self.?s.optMap(v, v) == optional.of('web')", 20],
    ["[?self.?s] == ['web']", 23],
    // library/cost.go: lowerAscii ceil(3 × 0.1); find ceil((1 + 3) × 0.1) × ceil(2 × 0.25).
    ["self.s.lowerAscii() == 'web' && self.s.find('we') == 'we'", 8],
  ])("%s costs %d", (rule, cost) => {
    expect(run(rule)).toEqual({ outcome: { kind: "pass" }, cost, stop: false });
  });
});

describe("PerCallLimit and the runtime budget", () => {
  const big = { s: "a".repeat(10_000), t: "a".repeat(10_000) };

  it("stops a rule that passes the per-call limit, with the apiserver's message", () => {
    // contains: ceil(10000 × 0.1) × ceil(10000 × 0.1) = 1,000,000, plus 4 for self.s and self.t.
    expect(run("self.s.contains(self.t)", big)).toEqual({
      outcome: { kind: "error", message: "'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: self.s.contains(self.t)" },
      cost: 1_000_004,
      stop: true,
    });
  });

  it("stops when the remaining budget is smaller than the rule's cost", () => {
    const rule = "self.s.size() < 20000 && self.s.contains(self.t.substring(0, 5000))";
    const spent = run(rule, big).cost;
    expect(run(rule, big, spent)).toMatchObject({ outcome: { kind: "pass" }, stop: false });
    expect(run(rule, big, spent - 1)).toEqual({
      outcome: { kind: "error", message: "validation failed due to running out of cost budget, no further validation rules will be run" },
      cost: spent,
      stop: true,
    });
  });

  it("counts a messageExpression against the budget and its own limit", () => {
    const failing = "self.s.size() == 0";
    expect(run(failing, big, RUNTIME_CEL_COST_BUDGET, "self.s.contains(self.t) ? 'x' : 'y'")).toMatchObject({
      outcome: { kind: "fail", message: 'no further validation rules will be run due to call cost exceeds limit for messageExpression: "self.s.contains(self.t) ? \'x\' : \'y\'"' },
      stop: true,
    });
    expect(run(failing, big, 10, "'too long: ' + self.s.substring(0, 10)")).toMatchObject({
      outcome: { kind: "fail", message: "messageExpression evaluation failed due to running out of cost budget, no further validation rules will be run" },
      stop: true,
    });
  });
});
