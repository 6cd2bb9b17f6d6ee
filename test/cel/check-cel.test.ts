// The generator's CEL self-check: every rule of a CRD compiled against its schema, with cost budgets.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { checkCelRules, exceedFactor } from "../../src/check/cel/check-cel.js";
import type { CustomResourceDefinition, JSONSchemaProps, ValidationRule } from "../../src/schema/kubernetes.js";
import { ROOT } from "../harness/compile.js";

function crdWithSpec(spec: JSONSchemaProps): CustomResourceDefinition {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "things.example.com" },
    spec: {
      group: "example.com",
      names: { kind: "Thing", listKind: "ThingList", plural: "things", singular: "thing" },
      scope: "Namespaced",
      versions: [{ name: "v1", served: true, storage: true, schema: { openAPIV3Schema: { type: "object", properties: { spec } } } }],
    },
  };
}

function withRules(schema: JSONSchemaProps, ...rules: ValidationRule[]): JSONSchemaProps {
  return { ...schema, "x-kubernetes-validations": rules };
}

const SPEC_PATH = ["spec", "versions", 0, "schema", "openAPIV3Schema", "properties", "spec"];
const RULE_PATH = [...SPEC_PATH, "x-kubernetes-validations", 0, "rule"];
const spec = (rule: ValidationRule) =>
  crdWithSpec(withRules({ type: "object", properties: { name: { type: "string", maxLength: 63 }, replicas: { type: "integer" } } }, rule));

describe("checkCelRules", () => {
  it("accepts the generated CRDs", () => {
    const dir = join(ROOT, "generated/crds");
    const files = readdirSync(dir).filter((f) => f.endsWith(".yaml"));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      expect(checkCelRules(parse(readFileSync(join(dir, file), "utf8")))).toEqual([]);
    }
  });

  it("cel/parse", () => {
    expect(checkCelRules(spec({ rule: "self.name ==" }))).toEqual([
      {
        severity: "error",
        rule: "cel/parse",
        path: RULE_PATH,
        message: 'rule: Invalid value: "self.name ==": compilation failed: ERROR: <input>:1:11: Syntax error: found = but expecting end of input',
      },
    ]);
  });

  it("cel/unknown-field on self and oldSelf", () => {
    expect(checkCelRules(spec({ rule: "self.nmae == oldSelf.nme" }))).toEqual([
      {
        severity: "error",
        rule: "cel/unknown-field",
        path: RULE_PATH,
        message: "rule: Invalid value: \"self.nmae == oldSelf.nme\": compilation failed: ERROR: <input>:1:5: undefined field 'nmae'",
      },
      {
        severity: "error",
        rule: "cel/unknown-field",
        path: RULE_PATH,
        message: "rule: Invalid value: \"self.nmae == oldSelf.nme\": compilation failed: ERROR: <input>:1:21: undefined field 'nme'",
      },
    ]);
  });

  it("cel/unsupported-function", () => {
    expect(checkCelRules(spec({ rule: "base64.encode(self.name) == ''" }))).toEqual([
      {
        severity: "error",
        rule: "cel/unsupported-function",
        path: RULE_PATH,
        message: 'rule: Invalid value: "base64.encode(self.name) == \'\'": compilation failed: ERROR: <input>:1:7: function base64.encode is not supported by protoc-gen-crd-ts',
      },
    ]);
  });

  it("cel/type", () => {
    expect(checkCelRules(spec({ rule: "self.replicas" }))).toEqual([
      { severity: "error", rule: "cel/type", path: RULE_PATH, message: 'rule: Invalid value: "self.replicas": cel expression must evaluate to a bool, not int' },
    ]);
  });

  it("cel/message-expression", () => {
    expect(checkCelRules(spec({ rule: "self.replicas > 0", messageExpression: "self.replicas" }))).toEqual([
      {
        severity: "error",
        rule: "cel/message-expression",
        path: [...SPEC_PATH, "x-kubernetes-validations", 0, "messageExpression"],
        message: 'messageExpression: Invalid value: "self.replicas": messageExpression must evaluate to a string, not int',
      },
    ]);
  });

  it("cel/message-expression warns about oldSelf the rule does not use", () => {
    expect(checkCelRules(spec({ rule: "self.replicas > 0", messageExpression: "'was ' + oldSelf.name" }))).toEqual([
      {
        severity: "warning",
        rule: "cel/message-expression",
        path: [...SPEC_PATH, "x-kubernetes-validations", 0, "messageExpression"],
        message:
          "messageExpression: Invalid value: \"'was ' + oldSelf.name\": messageExpression refers to oldSelf but the rule does not, so oldSelf is never bound when it is evaluated",
      },
    ]);
  });

  it("cel/cost-budget: string() of a number has no size, so concatenating it is priced at math.MaxUint64", () => {
    // cel-go gives `string(int)` no result size (checker/cost.go functionCost, computeSize), and AddString
    // traverses the sum: ⌈(4 + MaxUint64) × 0.1⌉, as kube-apiserver answers for the documentation's
    // `"..." + string(self.maxLimit)`.
    expect(checkCelRules(spec({ rule: "self.replicas > 0", messageExpression: "'was ' + string(self.replicas)" }))).toEqual([
      {
        severity: "error",
        rule: "cel/cost-budget",
        path: [...SPEC_PATH, "x-kubernetes-validations", 0, "messageExpression"],
        message:
          "messageExpression: Forbidden: estimated messageExpression cost exceeds budget by factor of more than 100x (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)",
      },
    ]);
    // format() has a cost of the format string only (ExtFormatString).
    expect(checkCelRules(spec({ rule: "self.replicas > 0", messageExpression: "'was %d'.format([self.replicas])" }))).toEqual([]);
  });

  it("cel/cost-budget: the apiserver's static limit, multiplied by the enclosing lists", () => {
    const tags = withRules({ type: "array", items: { type: "string" } }, { rule: "self.all(t, t.matches('^[a-z]+$'))" });
    expect(checkCelRules(crdWithSpec({ type: "object", properties: { tags } }))).toEqual([
      {
        severity: "error",
        rule: "cel/cost-budget",
        path: [...SPEC_PATH, "properties", "tags", "x-kubernetes-validations", 0, "rule"],
        message:
          "rule: Forbidden: estimated rule cost exceeds budget by factor of more than 100x (try simplifying the rule, or adding maxItems, " +
          "maxProperties, and maxLength where arrays, maps, and strings are declared); unbounded: spec.tags (add maxItems), spec.tags[*] (add maxLength)",
      },
    ]);
    // The same rule on each item: cheap per item, but it runs for every item of an unbounded list.
    const perItem = { type: "array" as const, items: withRules({ type: "string", maxLength: 64 }, { rule: "self.matches('^[a-z]+$')" }) };
    const problems = checkCelRules(crdWithSpec({ type: "object", properties: { tags: perItem } }));
    expect(problems.map((p) => [p.rule, p.path.join("."), p.message.replace(/factor of [^ ]+/, "factor of N")])).toEqual([
      [
        "cel/cost-budget",
        [...SPEC_PATH, "properties", "tags", "items", "x-kubernetes-validations", 0, "rule"].join("."),
        "rule: Forbidden: estimated rule cost exceeds budget by factor of N (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)",
      ],
    ]);
    expect(checkCelRules(crdWithSpec({ type: "object", properties: { tags: { ...perItem, maxItems: 100 } } }))).toEqual([]);
  });

  it("cel/cost-budget: the per-call limit for one evaluation", () => {
    const name = withRules({ type: "string" }, { rule: "self.matches('^[a-z]+(-[a-z]+)*$')" });
    expect(checkCelRules(crdWithSpec({ type: "object", properties: { name } }))).toEqual([
      {
        severity: "error",
        rule: "cel/cost-budget",
        path: [...SPEC_PATH, "properties", "name", "x-kubernetes-validations", 0, "rule"],
        message:
          // 1 for self + ⌈(1 + 3 MiB - 2) × 0.1⌉ × ⌈17 × 0.25⌉ for matches
          "rule: Forbidden: estimated cost 1572866 of one evaluation exceeds the per-call limit 1000000 by factor of 1.6x (try simplifying the rule, " +
          "or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared); unbounded: spec.name (add maxLength)",
      },
    ]);
    expect(checkCelRules(crdWithSpec({ type: "object", properties: { name: { ...name, maxLength: 253 } } }))).toEqual([]);
  });

  it("cel/cost-budget: the total of one version's rules", () => {
    const properties: Record<string, JSONSchemaProps> = {};
    // Each rule: (1 + ⌈(1 + 4 × 1000 bytes) × 0.1⌉ × ⌈8 × 0.25⌉ = 803) × 1000 items = 803,000, under every
    // per-rule limit; 130 of them exceed the 100M of a version.
    for (let i = 0; i < 130; i++) {
      properties[`f${i}`] = { type: "array", maxItems: 1000, items: withRules({ type: "string", maxLength: 1000 }, { rule: "self.matches('^[a-z]+$')" }) };
    }
    expect(checkCelRules(crdWithSpec({ type: "object", properties }))).toEqual([
      {
        severity: "error",
        rule: "cel/cost-budget",
        path: ["spec", "versions", 0, "schema", "openAPIV3Schema"],
        message:
          "Forbidden: total CRD cost exceeds budget by factor of 1.043900x (try reducing the number of rules, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)",
      },
    ]);
    for (let i = 0; i < 6; i++) delete properties[`f${i}`];
    expect(checkCelRules(crdWithSpec({ type: "object", properties }))).toEqual([]);
  });

  it("cel/cost-budget: messageExpression has its own budget", () => {
    const tags = withRules(
      { type: "array", maxItems: 10, items: { type: "string", maxLength: 10 } },
      { rule: "size(self) > 0", messageExpression: "self.exists(t, t.matches('^[a-z]+$')) ? 'lowercase' : 'other'" },
    );
    // exists costs through its expansion (checker/cost.go costComprehension): self 1 + result `@result` 1
    // + 10 × (@not_strictly_false(!@result) 3 + `@result || p` 1 + t 1 + ⌈41 × 0.1⌉ × ⌈8 × 0.25⌉) = 152,
    // × (3 MiB - 2) / 3 possible items of the outer list, against 10M
    expect(checkCelRules(crdWithSpec({ type: "object", properties: { tags: { type: "array", items: tags } } }))).toEqual([
      {
        severity: "error",
        rule: "cel/cost-budget",
        path: [...SPEC_PATH, "properties", "tags", "items", "x-kubernetes-validations", 0, "messageExpression"],
        message:
          "messageExpression: Forbidden: estimated messageExpression cost exceeds budget by factor of 15.9x (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)",
      },
    ]);
  });

  it("skips rules other checks report (empty rules) and junctor entries", () => {
    expect(checkCelRules(spec({ rule: "  " }))).toEqual([]);
  });

  it("sees apiVersion, kind and metadata.name at the root", () => {
    const crd = crdWithSpec({ type: "object" });
    crd.spec.versions[0].schema.openAPIV3Schema["x-kubernetes-validations"] = [{ rule: "self.metadata.name.size() <= 63 && self.kind == 'Thing'" }];
    expect(checkCelRules(crd)).toEqual([]);
  });
});

describe("exceedFactor", () => {
  it("words factors like the apiserver", () => {
    expect(exceedFactor(1_200_000, 1_000_000)).toBe("1.200000x");
    expect(exceedFactor(2_540_000, 1_000_000)).toBe("2.5x");
    expect(exceedFactor(200_000_000, 1_000_000)).toBe("more than 100x");
  });
});
