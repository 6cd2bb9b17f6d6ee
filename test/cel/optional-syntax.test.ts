// CEL's optional syntax as the Kubernetes CEL environment enables it (cel.OptionalTypes() since 1.28,
// k8s.io/apiserver/pkg/cel/environment/base.go). Expected values follow cel-go: the parser's shapes
// (parser/parser.go VisitSelect/VisitIndex/VisitCreateList/VisitCreateMap), the checker
// (checker/checker.go checkOptSelect, checkSelectField, checkCreateList, checkCreateMap), the optional
// library (cel/library.go: overloads, optMap/optFlatMap macros, or/orValue short-circuit, optUnwrap),
// attribute qualification (interpreter/attributes.go applyQualifiers) and evalMap/evalList with
// optional entries (interpreter/interpretable.go).
import { describe, expect, it } from "vitest";
import { analyzeCelRule, compileCelRule, type CelOutcome } from "../../src/cel/index.js";
import { markOptionalSyntax } from "../../src/cel/optional-syntax.js";
import type { KubernetesVersion } from "../../src/cel/library/versions.js";
import type { JSONSchemaProps } from "../../src/schema/kubernetes.js";

const schema: JSONSchemaProps = {
  type: "object",
  properties: {
    s: { type: "string", maxLength: 64 },
    n: { type: "integer" },
    labels: { type: "object", additionalProperties: { type: "string", maxLength: 63 }, maxProperties: 8 },
    spec: {
      type: "object",
      properties: {
        tls: { type: "object", properties: { mode: { type: "string", maxLength: 16 }, port: { type: "integer" } } },
      },
    },
    ports: { type: "array", items: { type: "integer" }, maxItems: 4 },
    rules: { type: "array", maxItems: 4, items: { type: "object", properties: { name: { type: "string", maxLength: 8 } } } },
  },
};

const self = { s: "web", labels: { app: "web", "": "empty" }, spec: { tls: { mode: "strict" } }, ports: [80, 443], rules: [{ name: "a" }, {}] };
const PASS: CelOutcome = { kind: "pass" };

function evaluate(rule: string, value: unknown = self, kubernetesVersion: KubernetesVersion = "1.34"): CelOutcome {
  return compileCelRule(schema, { rule }, { kubernetesVersion }).evaluate(value, undefined);
}

function errors(rule: string, kubernetesVersion: KubernetesVersion = "1.34"): string[] {
  return analyzeCelRule(schema, { rule }, { kubernetesVersion }).errors;
}

describe("optional field selection a.?f", () => {
  it.each([
    // Present field: optional.of(value); absent: optional.none().
    "self.?s == optional.of('web')",
    "!self.?n.hasValue()",
    "self.?n.orValue(8080) == 8080",
    "self.?s.value() == 'web'",
    // Chaining: after the first `.?` every later select is optional too (applyQualifiers).
    "self.?spec.tls.mode == optional.of('strict')",
    "!self.?spec.tls.port.hasValue()",
    "self.spec.?tls.?mode.orValue('') == 'strict'",
    "self.spec.tls.?port.orValue(443) == 443",
    // Map keys, including the empty key.
    "self.labels.?app == optional.of('web')",
    "!self.labels.?tier.hasValue()",
  ])("%s", (rule) => {
    expect(evaluate(rule)).toEqual(PASS);
  });

  it("an absent parent makes the whole chain none, while a plain select on it is an error", () => {
    expect(evaluate("!self.?spec.tls.mode.hasValue()", {})).toEqual(PASS);
    expect(evaluate("self.spec.?tls.hasValue()", {})).toEqual({ kind: "error", message: "no such key: spec evaluating rule: self.spec.?tls.hasValue()" });
  });
});

describe("has() of a field of an optional (checker checkSelectField, interpreter evalTestOnly)", () => {
  // The presence test qualifies the optional's value: none is false, else whether the field is there.
  it.each([
    ["has(self.?spec.tls)", true],
    ["has(self.?spec.tls.mode)", true],
    ["has(self.?spec.tls.port)", false],
    ["has(optional.of(self.spec).tls)", true],
    ["has(optional.none().tls)", false],
    ["has(self.rules[?0].name)", true],
    ["has(self.rules[?1].name)", false],
    ["has(self.rules[?7].name)", false],
  ] as const)("%s is %s", (rule, expected) => {
    expect(evaluate(`${rule} == true`)).toEqual(expected ? PASS : { kind: "fail", message: `failed rule: ${rule} == true` });
  });

  it("type-checks the field on the optional's value", () => {
    expect(errors("has(self.labels[?'app'].x)")).toEqual([expect.stringContaining("type 'string' does not support field selection")]);
  });

  it("is false, not an error, when the parent is absent", () => {
    expect(evaluate("!has(self.?spec.tls)", {})).toEqual(PASS);
    expect(evaluate("has(self.spec.tls)", {})).toEqual({ kind: "error", message: "no such key: spec evaluating rule: has(self.spec.tls)" });
  });

  it("costs its operand only (checker/cost.go costSelect; Kubernetes sets PresenceTestHasCost(false)): `_?._` 1 + self 1", () => {
    expect(analyzeCelRule(schema, { rule: "has(self.?spec.tls)" }).estimatedCost).toBe(2);
  });
});

describe("optional index a[?k]", () => {
  it.each([
    "self.labels[?'app'] == optional.of('web')",
    "self.labels[?''] == optional.of('empty')",
    "!self.labels[?'tier'].hasValue()",
    "self.ports[?1] == optional.of(443)",
    // Out of range and negative indexes are none, not errors.
    "!self.ports[?2].hasValue() && !self.ports[?-1].hasValue()",
    "self.rules[?0].name == optional.of('a')",
    "!self.rules[?1].?name.hasValue()",
    "!self.rules[?5].name.hasValue()",
    // Indexing an optional list or map (optional_list_index_int, optional_map_index_value).
    "self.?ports[1] == optional.of(443) && self.?labels['app'] == optional.of('web')",
    "self.?labels[?'app'].value() == 'web'",
    "{'a': {'b': 1}}[?'a'][?'b'] == optional.of(1)",
    "[[1, 2]][?0][?3].orValue(7) == 7",
  ])("%s", (rule) => {
    expect(evaluate(rule)).toEqual(PASS);
  });
});

describe("optional entries in list and map literals", () => {
  it.each([
    "[?optional.none(), 1, ?optional.of(2)] == [1, 2]",
    "[?self.?n, ?self.?s] == ['web']",
    "[?self.labels[?'tier']].size() == 0",
    "{?'a': optional.none(), 'b': 1} == {'b': 1}",
    "{?'a': optional.of(1)} == {'a': 1}",
    "{?'tier': self.labels[?'tier'], 'app': 'web'} == {'app': 'web'}",
    // evalMap applies entries in order: a later key replaces an earlier one, an optional entry without a
    // value deletes it.
    "{'a': 1, ?'a': optional.none()} == {}",
    "{?'a': optional.of(1), 'a': 2} == {'a': 2}",
  ])("%s", (rule) => {
    expect(evaluate(rule)).toEqual(PASS);
  });

  it("the entry must be an optional (checker typeMismatch)", () => {
    expect(errors("[?self.s].size() == 1")).toEqual(["compilation failed: ERROR: <input>:1:7: expected type 'optional_type(string)' but found 'string'"]);
    expect(errors("{?'k': 1}.size() == 1")).toEqual(["compilation failed: ERROR: <input>:1:8: expected type 'optional_type(int)' but found 'int'"]);
  });
});

describe("optional member functions and macros", () => {
  it.each([
    "self.?s.optMap(v, v + '-svc') == optional.of('web-svc')",
    "!self.?n.optMap(v, v + 1).hasValue()",
    "self.?spec.optFlatMap(x, x.?tls.?mode) == optional.of('strict')",
    "!self.?spec.optFlatMap(x, x.?tls.?port).hasValue()",
    "self.?n.or(optional.of(1)) == optional.of(1) && self.?s.or(optional.of('x')) == optional.of('web')",
    "optional.ofNonZeroValue(self.s).hasValue() && !optional.ofNonZeroValue(self.?n.orValue(0)).hasValue()",
    "optional.unwrap([self.?s, self.?n]) == ['web'] && [self.?n, optional.of(1)].unwrapOpt() == [1]",
    // list_first / list_last (cel/library.go optional library version 2)
    "[1, 2, 3].first() == optional.of(1) && [1, 2, 3].last().value() == 3",
    "!self.ports.filter(x, x > 500).first().hasValue() && [].last() == optional.none()",
    "self.ports.first().orValue(0) + 1 == 81 && self.ports.last() == optional.of(443)",
    // or/orValue do not evaluate their argument when the receiver has a value (decorateOptionalOr).
    "self.?s.or(optional.of(string(1 / 0))).hasValue()",
    "self.?s.orValue(string(1 / 0)) == 'web'",
  ])("%s", (rule) => {
    expect(evaluate(rule)).toEqual(PASS);
  });

  it("value() of none fails with cel-go's error (types/optional.go GetValue)", () => {
    expect(evaluate("self.?n.value() == 1")).toEqual({ kind: "error", message: "optional.none() dereference evaluating rule: self.?n.value() == 1" });
    expect(evaluate("self.?n.orValue(1 / 0) == 1")).toEqual({ kind: "error", message: "division by zero evaluating rule: self.?n.orValue(1 / 0) == 1" });
  });

  it("optMap needs a simple identifier (parser macro error)", () => {
    expect(errors("self.?s.optMap(1, 2).hasValue()")).toEqual(["compilation failed: ERROR: <input>:1:16: optMap() variable name must be a simple identifier"]);
    expect(errors("self.?s.optFlatMap(v.w, v).hasValue()")).toEqual(["compilation failed: ERROR: <input>:1:21: optFlatMap() variable name must be a simple identifier"]);
  });
});

describe("precedence: `.?` and `[?` bind like `.` and `[`", () => {
  it.each([
    "!self.?n.hasValue()",
    "-self.?n.orValue(2) == -2",
    "self.?n.orValue(1) + 1 * 2 == 3",
    "self.?s.orValue('') in ['web', 'api']",
    "self.?s.hasValue() ? self.?s.value() == 'web' : false",
    "[self.?n.hasValue() ? 1 : 2, ?self.?s] == [2, 'web']",
    "{'k': true ? 1 : 2, ?'j': false ? optional.none() : optional.of(3)} == {'k': 1, 'j': 3}",
    "self.?s.hasValue() && self.?n.orValue(0) == 0 || false",
    "(self.?spec).tls.mode.orValue('') == 'strict'",
    "self . ? s.value() == 'web'",
    "self.rules.all(r, r.?name.orValue('a') == 'a')",
    "self.rules.exists(r, [?r.?name].size() == 1)",
  ])("%s", (rule) => {
    expect(evaluate(rule)).toEqual(PASS);
  });
});

describe("strings and comments keep `.?` and `[?`", () => {
  it.each([
    "'a.?b' + \"[?c]\" == 'a.?b[?c]'",
    // A raw string ends at its quote: `\'` is no escape there.
    "[r'\\', ?self.?s].size() == 2",
    "'''{?'k': 1}'''.size() == 9 && b'.?'.size() == 2",
    "'it\\'s.?'.endsWith('.?')",
    "self.?s.hasValue() // and not self.?n\n  && true",
  ])("%s", (rule) => {
    expect(evaluate(rule)).toEqual(PASS);
  });

  it("blanks only the markers, so offsets are unchanged", () => {
    expect(markOptionalSyntax("a.?b['.?'][?0] ? [?x] : {?'k': y}").text).toBe("a. b['.?'][ 0] ? [ x] : { 'k': y}");
    expect(markOptionalSyntax("f(?x)").found).toBe(false);
  });
});

describe("type checking", () => {
  it.each([
    ["self.?s", "optional_type(string)"],
    ["self.?ports", "optional_type(list(int))"],
    ["self.?spec.tls.port", "optional_type(int)"],
    ["self.labels[?'app']", "optional_type(string)"],
    ["self.ports[?0]", "optional_type(int)"],
    ["self.?s.optMap(v, size(v))", "optional_type(int)"],
    ["[?self.?n]", "list(int)"],
    ["{?'a': self.?s}", "map(string, string)"],
  ])("%s has type %s", (rule, type) => {
    expect(errors(rule)).toEqual([`cel expression must evaluate to a bool, not ${type}`]);
  });

  it.each([
    ["self.?nope.hasValue()", "ERROR: <input>:1:5: undefined field 'nope'"],
    ["self.?spec.tls.nope.hasValue()", "ERROR: <input>:1:15: undefined field 'nope'"],
    ["self.s.?x.hasValue()", "ERROR: <input>:1:7: type 'string' does not support field selection"],
    ["self.ports[?'a'].hasValue()", "ERROR: <input>:1:11: found no matching overload for '_[?_]' applied to '(list(int), string)'"],
    ["self.?s.optMap(v, v + 1).hasValue()", "ERROR: <input>:1:20: found no matching overload for '_+_' applied to '(string, int)'"],
    ["self.?s.optFlatMap(v, v).hasValue()", "ERROR: <input>:1:8: found no matching overload for '_?_:_' applied to '(bool, string, optional_type(dyn))'"],
    ["self.s.optMap(v, v).hasValue()", "ERROR: <input>:1:7: found no matching overload for 'hasValue' applied to 'string.()'"],
  ])("%s", (rule, message) => {
    expect(errors(rule)).toEqual([`compilation failed: ${message}`]);
  });

  it("points into a rule over several lines", () => {
    expect(errors("self.?s.hasValue() &&\n  self.?nope.hasValue()")).toEqual(["compilation failed: ERROR: <input>:2:7: undefined field 'nope'"]);
  });

  it("optionalOldSelf makes oldSelf an optional, and its fields optional too", () => {
    const rule = compileCelRule(schema, { rule: "oldSelf.s.orValue('') == '' || oldSelf.s == optional.of(self.s)", optionalOldSelf: true });
    expect(rule.evaluate(self, undefined)).toEqual(PASS);
    expect(rule.evaluate(self, { s: "web" })).toEqual(PASS);
    expect(rule.evaluate(self, { s: "api" }).kind).toBe("fail");
  });
});

describe("Kubernetes versions", () => {
  it("has the syntax and optMap from 1.28 (cel-go 0.16), optFlatMap from 1.29 (cel-go 0.17), unwrap from 1.33 (optional library v2, cel-go 0.23)", () => {
    expect(evaluate("self.?s.optMap(v, v) == optional.of('web') && [?self.?n].size() == 0", self, "1.28")).toEqual(PASS);
    expect(errors("self.?spec.optFlatMap(x, x.?tls).hasValue()", "1.28")).toEqual([
      "compilation failed: ERROR: <input>:1:11: undeclared reference to 'optFlatMap' (in container ''): optFlatMap needs Kubernetes 1.29, kubernetes_version is 1.28",
    ]);
    expect(errors("self.?spec.optFlatMap(x, x.?tls).hasValue()", "1.29")).toEqual([]);
    expect(errors("[self.?s].unwrapOpt() == ['web']", "1.32")).toEqual([
      "compilation failed: ERROR: <input>:1:10: undeclared reference to 'unwrapOpt' (in container ''): unwrapOpt needs Kubernetes 1.33, kubernetes_version is 1.32",
    ]);
    expect(errors("[1].first().hasValue()", "1.32")).toEqual([
      "compilation failed: ERROR: <input>:1:4: undeclared reference to 'first' (in container ''): first needs Kubernetes 1.33, kubernetes_version is 1.32",
    ]);
    expect(errors("[1].last().hasValue()", "1.33")).toEqual([]);
  });
});
