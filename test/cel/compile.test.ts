// Compile-time errors: what makes compileCelRule throw, with the exact wording and the self-check rule.
import { describe, expect, it } from "vitest";
import { analyzeCelRule, CelCompileError, compileCelRule, type CelCompileProblem } from "../../src/cel/index.js";
import type { JSONSchemaProps } from "../../src/schema/kubernetes.js";

const schema: JSONSchemaProps = {
  type: "object",
  properties: {
    name: { type: "string", maxLength: 63 },
    count: { type: "integer" },
    tags: { type: "array", maxItems: 10, items: { type: "string", maxLength: 20 } },
    labels: { type: "object", maxProperties: 10, additionalProperties: { type: "string", maxLength: 20 } },
    child: { type: "object", properties: { x: { type: "integer" } } },
  },
};

function problems(rule: string, extra: Record<string, unknown> = {}): CelCompileProblem[] {
  try {
    compileCelRule(schema, { rule, ...extra });
  } catch (e) {
    expect(e).toBeInstanceOf(CelCompileError);
    expect((e as Error).message).toBe((e as CelCompileError).problems.map((p) => `[${p.rule}] ${p.message}`).join("; "));
    return (e as CelCompileError).problems;
  }
  return [];
}

describe("compileCelRule errors", () => {
  it.each([
    ["self.name ==", "cel/parse", "compilation failed: ERROR: <input>:1:11: Syntax error: found = but expecting end of input"],
    ["self.nmae == 'x'", "cel/unknown-field", "compilation failed: ERROR: <input>:1:5: undefined field 'nmae'"],
    ["self.child.y == 1", "cel/unknown-field", "compilation failed: ERROR: <input>:1:11: undefined field 'y'"],
    ["self.count == oldSelf.cnt", "cel/unknown-field", "compilation failed: ERROR: <input>:1:22: undefined field 'cnt'"],
    ["self.tags.all(t, t.foo == 1)", "cel/type", "compilation failed: ERROR: <input>:1:19: type 'string' does not support field selection"],
    ["base64.encode(b'x') == ''", "cel/unsupported-function", "compilation failed: ERROR: <input>:1:7: function base64.encode is not supported by protoc-gen-crd-ts"],
    ["cel.bind(x, 1, x > 0)", "cel/unsupported-function", "compilation failed: ERROR: <input>:1:4: function cel.bind is not supported by protoc-gen-crd-ts"],
    ["self.?nmae.orValue('') == ''", "cel/unknown-field", "compilation failed: ERROR: <input>:1:5: undefined field 'nmae'"],
    ["frobnicate(self.name)", "cel/unsupported-function", "compilation failed: ERROR: <input>:1:1: undeclared reference to 'frobnicate' (in container '')"],
    ["self.count == 'x'", "cel/type", "compilation failed: ERROR: <input>:1:12: found no matching overload for '_==_' applied to '(int, string)'"],
    ["self.name.startsWith(1)", "cel/type", "compilation failed: ERROR: <input>:1:10: found no matching overload for 'startsWith' applied to 'string.(int)'"],
    ["self.count.all(x, true)", "cel/type", "compilation failed: ERROR: <input>:1:5: expression of type 'int' cannot be range of a comprehension (must be list, map, or dynamic)"],
    ["self.tags.all(t, t)", "cel/type", "compilation failed: ERROR: <input>:1:18: expected type 'bool' but found 'string'"],
    ["nope == 1", "cel/type", "compilation failed: ERROR: <input>:1:1: undeclared reference to 'nope' (in container '')"],
    ["self.name.matches('a(b')", "cel/type", "compilation failed: ERROR: <input>:1:19: error parsing regexp: missing closing ): `a(b`"],
    ["self.count + 1", "cel/type", "cel expression must evaluate to a bool, not int"],
  ])("%s", (rule, expectedRule, message) => {
    expect(problems(rule)).toEqual([{ rule: expectedRule, message }]);
  });

  it.each([
    ["isSemver(self.name)", "compilation failed: ERROR: <input>:1:1: undeclared reference to 'isSemver' (in container ''): isSemver needs Kubernetes 1.33, kubernetes_version is 1.31"],
    ["self.tags.all(i, t, t != '')", "compilation failed: ERROR: <input>:1:10: undeclared reference to 'all' (in container ''): all with two variables needs Kubernetes 1.32, kubernetes_version is 1.31"],
  ])("%s needs a later kubernetes_version than 1.31", (rule, message) => {
    try {
      compileCelRule(schema, { rule }, { kubernetesVersion: "1.31" });
      expect.unreachable();
    } catch (e) {
      expect((e as CelCompileError).problems).toEqual([{ rule: "cel/kubernetes-version", message }]);
    }
    // The default is the newest version, which has both.
    expect(problems(rule)).toEqual([]);
  });

  it("checks messageExpression: it must compile and return a string", () => {
    expect(problems("self.count > 0", { messageExpression: "self.cnt" })).toEqual([
      { rule: "cel/message-expression", message: "messageExpression compilation failed: ERROR: <input>:1:5: undefined field 'cnt'" },
    ]);
    expect(problems("self.count > 0", { messageExpression: "self.count" })).toEqual([
      { rule: "cel/message-expression", message: "messageExpression must evaluate to a string, not int" },
    ]);
    // Accepted (as by the apiserver), but analyzeCelRule warns: the message always falls back.
    expect(problems("self.count > 0", { messageExpression: "'was ' + string(oldSelf.count)" })).toEqual([]);
    expect(analyzeCelRule(schema, { rule: "self.count > 0", messageExpression: "'was ' + string(oldSelf.count)" }).problems).toEqual([
      {
        rule: "cel/message-expression",
        message: "messageExpression refers to oldSelf but the rule does not, so oldSelf is never bound when it is evaluated",
        severity: "warning",
      },
    ]);
  });

  it("types oldSelf as an optional with optionalOldSelf", () => {
    expect(problems("self == oldSelf", { optionalOldSelf: true })).toEqual([
      { rule: "cel/type", message: "compilation failed: ERROR: <input>:1:5: found no matching overload for '_==_' applied to '(object, optional_type(object))'" },
    ]);
    expect(problems("oldSelf.count == 1", { optionalOldSelf: true })).toEqual([
      // cel-go checker.checkSelectField: a select on an optional is optional.
      { rule: "cel/type", message: "compilation failed: ERROR: <input>:1:15: found no matching overload for '_==_' applied to '(optional_type(int), int)'" },
    ]);
    expect(problems("oldSelf.count.orValue(0) <= self.count", { optionalOldSelf: true })).toEqual([]);
    expect(problems("!oldSelf.hasValue() || self.count >= oldSelf.value().count", { optionalOldSelf: true })).toEqual([]);
    expect(problems("self.count >= oldSelf.count.orValue(0)")).toEqual([
      { rule: "cel/type", message: "compilation failed: ERROR: <input>:1:28: found no matching overload for 'orValue' applied to 'int.(int)'" },
    ]);
  });

  it("accepts dyn-typed expressions without complaint", () => {
    const intOrString: JSONSchemaProps = { "x-kubernetes-int-or-string": true };
    expect(compileCelRule(intOrString, { rule: "type(self) == string ? self.matches('^[0-9]+%$') : self < 100" }).isTransitionRule).toBe(false);
  });

  it("accepts null comparisons", () => {
    expect(problems("self.name != null && self.child != null")).toEqual([]);
  });
});

describe("analyzeCelRule cost estimate", () => {
  it("is small for bounded data", () => {
    const a = analyzeCelRule(schema, { rule: "self.tags.all(t, t.startsWith('a'))" });
    expect(a).toMatchObject({ errors: [], costLimitExceeded: false, unboundedBy: [] });
    expect(a.estimatedCost).toBeLessThan(1000);
  });

  it("names unbounded lists and strings", () => {
    const unbounded: JSONSchemaProps = { type: "object", properties: { items: { type: "array", items: { type: "string" } } } };
    const a = analyzeCelRule(unbounded, { rule: "self.items.all(i, i.matches('^[a-z]+$'))" }, { selfOrigin: "spec" });
    expect(a.costLimitExceeded).toBe(true);
    expect(a.unboundedBy).toEqual(["spec.items", "spec.items[*]"]);
    expect(a.unboundedSizes).toEqual([
      { origin: "spec.items", keyword: "maxItems" },
      { origin: "spec.items[*]", keyword: "maxLength" },
    ]);
  });

  it("grows with maxItems × maxLength like cel-go's estimator", () => {
    const sized = (maxItems: number, maxLength: number): JSONSchemaProps => ({
      type: "array",
      maxItems,
      items: { type: "string", maxLength },
    });
    const cost = (s: JSONSchemaProps) => analyzeCelRule(s, { rule: "self.all(x, x.contains('a'))" }).estimatedCost;
    // all() expanded (checker/cost.go costComprehension): range 1 + result `@result` 1 + 10 × (loop
    // condition @not_strictly_false(@result) 2 + `@result && p` 1 + x 1 + ContainsString ⌈0.1 × 40⌉ × ⌈0.1 × 1⌉),
    // 40 the 4 bytes per character Kubernetes allows for maxLength 10
    expect(cost(sized(10, 10))).toBe(1 + 1 + 10 * (2 + 1 + 1 + 4 * 1));
    expect(cost(sized(100, 10))).toBeGreaterThan(cost(sized(10, 10)));
    expect(cost(sized(10, 100))).toBeGreaterThan(cost(sized(10, 10)));
  });

  it("reports the rule's errors instead of throwing", () => {
    expect(analyzeCelRule(schema, { rule: "self.nope" }).errors).toEqual(["compilation failed: ERROR: <input>:1:5: undefined field 'nope'"]);
  });
});
