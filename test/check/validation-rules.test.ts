import { describe, expect, it } from "vitest";
import type { ValidationRule } from "../../src/schema/kubernetes.js";
import { check, error, type LooseSchema, SPEC, specProperties, specWith } from "./crd-builder.js";

const AT = [...SPEC, "x-kubernetes-validations", 0];

/** The minimal CRD with one x-kubernetes-validations entry on `spec`. */
function specRule(rule: Record<string, unknown>) {
  return specWith((spec) => {
    spec.properties!.labels = { type: "object", additionalProperties: { type: "string" } };
    spec["x-kubernetes-validations"] = [rule as unknown as ValidationRule];
  });
}

describe("a well-formed rule", () => {
  it("has no problems", () => {
    const crd = specRule({
      rule: "self.size <= 10 ||\n  self.name != ''",
      message: "size over 10 needs a name",
      messageExpression: "'size ' + string(self.size)",
      reason: "FieldValueForbidden",
      fieldPath: ".labels['app.kubernetes.io/name']",
    });
    expect(check(crd)).toEqual([]);
  });
});

describe("schema/validation-rule-required", () => {
  it("reports a blank rule", () => {
    expect(check(specRule({ rule: "  " }))).toEqual([
      error("schema/validation-rule-required", [...AT, "rule"], "x-kubernetes-validations[0].rule: Required value: rule is not specified"),
    ]);
  });
});

describe("schema/validation-message-empty", () => {
  it("reports a blank message", () => {
    expect(check(specRule({ rule: "self.size > 0", message: " " }))).toEqual([
      error("schema/validation-message-empty", [...AT, "message"], 'x-kubernetes-validations[0].message: Invalid value: " ": message must be non-empty if specified'),
    ]);
  });
});

describe("schema/validation-message-multiline", () => {
  it("reports a message with a line break", () => {
    expect(check(specRule({ rule: "self.size > 0", message: "size must be\npositive" }))).toEqual([
      error(
        "schema/validation-message-multiline",
        [...AT, "message"],
        'x-kubernetes-validations[0].message: Invalid value: "size must be\\npositive": message must not contain line breaks',
      ),
    ]);
  });
});

describe("schema/validation-message-required", () => {
  it("reports a multi-line rule without message", () => {
    expect(check(specRule({ rule: "self.size > 0 &&\nself.size < 10" }))).toEqual([
      error("schema/validation-message-required", [...AT, "message"], "x-kubernetes-validations[0].message: Required value: message must be specified if rule contains line breaks"),
    ]);
  });
});

describe("schema/validation-message-expression-empty", () => {
  it("reports a blank messageExpression", () => {
    expect(check(specRule({ rule: "self.size > 0", messageExpression: "  " }))).toEqual([
      error(
        "schema/validation-message-expression-empty",
        [...AT, "messageExpression"],
        "x-kubernetes-validations[0].messageExpression: Required value: messageExpression must be non-empty if specified",
      ),
    ]);
  });
});

describe("schema/validation-reason-unsupported", () => {
  it("reports an unknown reason", () => {
    expect(check(specRule({ rule: "self.size > 0", reason: "FieldValueTooLong" }))).toEqual([
      error(
        "schema/validation-reason-unsupported",
        [...AT, "reason"],
        'x-kubernetes-validations[0].reason: Unsupported value: "FieldValueTooLong": supported values: "FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"',
      ),
    ]);
  });
});

describe("schema/validation-field-path-invalid", () => {
  const cases: [fieldPath: string, detail: string][] = [
    [".colour", "fieldPath must be a valid path: does not refer to a valid field"],
    ["size", "fieldPath must be a valid path: expected [ or . but got: size"],
    [".size.", "fieldPath must be a valid path: unexpected end of JSON path"],
    [".size.value", "fieldPath must be a valid path: does not refer to a valid field"],
    ["[size]", "fieldPath must be a valid path: expected single quoted string but got size"],
    ["['size'", "fieldPath must be a valid path: unexpected end of JSON path"],
    ["['a\\qb']", "fieldPath must be a valid path: invalid string literal: invalid escape char \\q"],
    ["   ", "fieldPath must be non-empty if specified"],
    [".size\n", "fieldPath must not contain line breaks"],
  ];
  for (const [fieldPath, detail] of cases) {
    it(`reports ${JSON.stringify(fieldPath)}`, () => {
      expect(check(specRule({ rule: "self.size > 0", fieldPath }))).toEqual([
        error("schema/validation-field-path-invalid", [...AT, "fieldPath"], `x-kubernetes-validations[0].fieldPath: Invalid value: ${JSON.stringify(fieldPath)}: ${detail}`),
      ]);
    });
  }

  it("accepts paths to properties and map entries", () => {
    for (const fieldPath of [".size", "['name']", ".labels.app", ".labels['a.b/c']"]) {
      expect(check(specRule({ rule: "self.size > 0", fieldPath })), fieldPath).toEqual([]);
    }
  });
});

describe("schema/validation-optional-old-self-unused", () => {
  it("reports optionalOldSelf on a rule without oldSelf", () => {
    expect(check(specRule({ rule: "self.size > 0", optionalOldSelf: true }))).toEqual([
      error(
        "schema/validation-optional-old-self-unused",
        [...AT, "optionalOldSelf"],
        "x-kubernetes-validations[0].optionalOldSelf: Invalid value: true: may not be set if oldSelf is not used in rule",
      ),
    ]);
  });

  it("accepts optionalOldSelf on a transition rule", () => {
    expect(check(specRule({ rule: "!oldSelf.hasValue() || self.size >= oldSelf.value().size", optionalOldSelf: true }))).toEqual([]);
  });
});

describe("schema/validation-old-self-uncorrelatable", () => {
  const item = (): LooseSchema => ({
    type: "object",
    required: ["name"],
    properties: { name: { type: "string" }, size: { type: "integer" } },
    "x-kubernetes-validations": [{ rule: "self.size >= oldSelf.size", message: "size may only grow" }],
  });

  it("reports oldSelf under the items of an atomic list", () => {
    const crd = specProperties({ entries: { type: "array", items: item() } });
    expect(check(crd)).toEqual([
      error(
        "schema/validation-old-self-uncorrelatable",
        [...SPEC, "properties", "entries", "items", "x-kubernetes-validations", 0, "rule"],
        'x-kubernetes-validations[0].rule: Invalid value: "self.size >= oldSelf.size": oldSelf cannot be used on the uncorrelatable portion of the schema within spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[entries]',
      ),
    ]);
  });

  it("reports it deeper below such a list, naming the list", () => {
    const crd = specProperties({ entries: { type: "array", items: { type: "object", properties: { inner: item() } } } });
    expect(check(crd).map((p) => [p.rule, p.message.split(" within ")[1]])).toEqual([
      ["schema/validation-old-self-uncorrelatable", "spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[entries]"],
    ]);
  });

  it("accepts oldSelf under the items of a map list", () => {
    const crd = specProperties({ entries: { type: "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"], items: item() } });
    expect(check(crd)).toEqual([]);
  });
});
