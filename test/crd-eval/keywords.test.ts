// One schema keyword at a time, asserting the exact text kube-apiserver answers with.
import { describe, expect, it } from "vitest";
import type { JSONSchemaProps } from "../../src/schema/kubernetes.js";
import { messages, versionFor } from "./crd-fixture.js";

/** A spec with one property `x` of schema `x`. */
function field(x: JSONSchemaProps, specExtra: Partial<JSONSchemaProps> = {}) {
  return versionFor({ type: "object", properties: { x }, ...specExtra });
}

type Case = [name: string, schema: JSONSchemaProps, value: unknown, expected: string[]];

const BLOCKED =
  '<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

const cases: Case[] = [
  ["string accepts a string", { type: "string" }, "a", []],
  ["string rejects an integer", { type: "string" }, 5, ['spec.x: Invalid value: "integer": spec.x in body must be of type string: "integer"']],
  ["integer rejects a fraction", { type: "integer" }, 1.5, ['spec.x: Invalid value: "number": spec.x in body must be of type integer: "number"']],
  ["integer rejects a numeric string", { type: "integer" }, "1", ['spec.x: Invalid value: "string": spec.x in body must be of type integer: "string"']],
  ["number accepts an integer", { type: "number" }, 1, []],
  ["boolean rejects a string", { type: "boolean" }, "true", ['spec.x: Invalid value: "string": spec.x in body must be of type boolean: "string"']],
  ["object rejects an array", { type: "object" }, [], ['spec.x: Invalid value: "array": spec.x in body must be of type object: "array"']],
  ["array rejects an object", { type: "array", items: { type: "string" } }, {}, ['spec.x: Invalid value: "object": spec.x in body must be of type array: "object"']],
  ["null item of a non-nullable list", { type: "array", items: { type: "string" } }, [null], ['spec.x[0]: Invalid value: "null": spec.x[0] in body must be of type string: "null"']],
  ["nullable item", { type: "array", items: { type: "string", nullable: true } }, [null], []],
  ["int-or-string accepts an integer", { "x-kubernetes-int-or-string": true }, 5, []],
  ["int-or-string accepts a string", { "x-kubernetes-int-or-string": true }, "50%", []],
  ["int-or-string rejects a boolean", { "x-kubernetes-int-or-string": true }, true, ['spec.x: Invalid value: "boolean": spec.x in body must be of type integer,string: "boolean"']],
  ["enum of strings", { type: "string", enum: ["a", "b"] }, "c", ['spec.x: Unsupported value: "c": supported values: "a", "b"']],
  ["enum of integers", { type: "integer", enum: [1, 2] }, 3, ['spec.x: Unsupported value: 3: supported values: "1", "2"']],
  ["enum with a wrong type reports both", { type: "string", enum: ["a"] }, 1, [
    'spec.x: Invalid value: "integer": spec.x in body must be of type string: "integer"',
    'spec.x: Unsupported value: 1: supported values: "a"',
  ]],
  ["nullable enum without null rejects null", { type: "string", nullable: true, enum: ["a"] }, null, ['spec.x: Unsupported value: null: supported values: "a"']],
  ["minimum", { type: "integer", minimum: 1 }, 0, ["spec.x: Invalid value: 0: spec.x in body should be greater than or equal to 1"]],
  ["exclusiveMinimum", { type: "integer", minimum: 1, exclusiveMinimum: true }, 1, ["spec.x: Invalid value: 1: spec.x in body should be greater than 1"]],
  ["maximum", { type: "integer", maximum: 10 }, 11, ["spec.x: Invalid value: 11: spec.x in body should be less than or equal to 10"]],
  ["exclusiveMaximum", { type: "integer", maximum: 10, exclusiveMaximum: true }, 10, ["spec.x: Invalid value: 10: spec.x in body should be less than 10"]],
  ["maximum of a float prints Go's %v", { type: "number", maximum: 1000000 }, 1000000.5, ["spec.x: Invalid value: 1.0000005e+06: spec.x in body should be less than or equal to 1e+06"]],
  ["maximum of a big int64", { type: "integer", maximum: 4294967295 }, 5000000000, ["spec.x: Invalid value: 5000000000: spec.x in body should be less than or equal to 4294967295"]],
  ["multipleOf", { type: "integer", multipleOf: 3 }, 4, ["spec.x: Invalid value: 4: spec.x in body should be a multiple of 3"]],
  ["multipleOf a fraction", { type: "number", multipleOf: 0.5 }, 0.3, ["spec.x: Invalid value: 0.3: spec.x in body should be a multiple of 0.5"]],
  ["multipleOf a fraction accepts", { type: "number", multipleOf: 0.1 }, 0.3, []],
  ["maxLength", { type: "string", maxLength: 3 }, "abcd", ["spec.x: Too long: may not be more than 3 bytes"]],
  ["maxLength 1", { type: "string", maxLength: 1 }, "ab", ["spec.x: Too long: may not be more than 1 byte"]],
  ["maxLength counts code points", { type: "string", maxLength: 3 }, "äö😀", []],
  ["minLength", { type: "string", minLength: 2 }, "a", ['spec.x: Invalid value: "a": spec.x in body should be at least 2 chars long']],
  ["minLength counts code points", { type: "string", minLength: 2 }, "😀", ['spec.x: Invalid value: "😀": spec.x in body should be at least 2 chars long']],
  ["maxLength wins over pattern", { type: "string", maxLength: 2, pattern: "^[a-z]+$" }, "ABC", ["spec.x: Too long: may not be more than 2 bytes"]],
  ["pattern", { type: "string", pattern: "^[a-z]+$" }, "abc1", ["spec.x: Invalid value: \"abc1\": spec.x in body should match '^[a-z]+$'"]],
  ["pattern is a search, not a full match", { type: "string", pattern: "[0-9]" }, "ab1c", []],
  ["pattern with RE2 classes", { type: "string", pattern: "^\\p{Lu}\\w*$" }, "Ärger", []],
  ["RE2's \\w is ASCII-only", { type: "string", pattern: "^\\p{Lu}\\w*$" }, "Ärgér", ["spec.x: Invalid value: \"Ärgér\": spec.x in body should match '^\\p{Lu}\\w*$'"]],
  ["quotes in values are Go-escaped", { type: "string", pattern: "^a$" }, 'say "hi"\n', ["spec.x: Invalid value: \"say \\\"hi\\\"\\n\": spec.x in body should match '^a$'"]],
  ["minItems", { type: "array", items: { type: "string" }, minItems: 1 }, [], ["spec.x: Invalid value: 0: spec.x in body should have at least 1 items"]],
  ["maxItems", { type: "array", items: { type: "integer" }, maxItems: 2 }, [1, 2, 3], ["spec.x: Too many: 3: must have at most 2 items"]],
  ["maxItems 1", { type: "array", items: { type: "integer" }, maxItems: 1 }, [1, 2], ["spec.x: Too many: 2: must have at most 1 item"]],
  ["items errors come before maxItems", { type: "array", items: { type: "integer", maximum: 1 }, maxItems: 1 }, [1, 2], [
    "spec.x[1]: Invalid value: 2: spec.x[1] in body should be less than or equal to 1",
    "spec.x: Too many: 2: must have at most 1 item",
  ]],
  ["minProperties", { type: "object", additionalProperties: { type: "string" }, minProperties: 1 }, {}, ["spec.x: Invalid value: 0: spec.x in body should have at least 1 properties"]],
  ["maxProperties", { type: "object", additionalProperties: { type: "string" }, maxProperties: 1 }, { a: "1", b: "2" }, ["spec.x: Too many: 2: must have at most 1 item"]],
  ["maxProperties hides the entries' errors", { type: "object", additionalProperties: { type: "string", maxLength: 1 }, maxProperties: 1 }, { a: "11", b: "2" }, ["spec.x: Too many: 2: must have at most 1 item"]],
  ["map values are named with a dot", { type: "object", additionalProperties: { type: "string", maxLength: 2 } }, { key: "abc" }, ["spec.x.key: Too long: may not be more than 2 bytes"]],
  ["required", { type: "object", properties: { a: { type: "string" }, b: { type: "string" } }, required: ["a", "b"] }, { b: "x" }, ["spec.x.a: Required value"]],
  ["anyOf", { type: "object", properties: { a: { type: "string" }, b: { type: "string" } }, anyOf: [{ required: ["a"] }, { required: ["b"] }] }, {}, [
    '<nil>: Invalid value: "": "spec.x" must validate at least one schema (anyOf)',
    "spec.x.a: Required value",
  ]],
  ["anyOf satisfied", { type: "object", properties: { a: { type: "string" }, b: { type: "string" } }, anyOf: [{ required: ["a"] }, { required: ["b"] }] }, { b: "1" }, []],
  ["oneOf with two matches", { type: "object", properties: { a: { type: "string" }, b: { type: "string" } }, oneOf: [{ required: ["a"] }, { required: ["b"] }] }, { a: "1", b: "2" }, [
    '<nil>: Invalid value: "": "spec.x" must validate one and only one schema (oneOf). Found 2 valid alternatives',
  ]],
  ["oneOf with none", { type: "object", properties: { a: { type: "string" }, b: { type: "string" } }, oneOf: [{ required: ["a"] }, { required: ["b"] }] }, {}, [
    '<nil>: Invalid value: "": "spec.x" must validate one and only one schema (oneOf). Found none valid',
    "spec.x.a: Required value",
  ]],
  ["allOf", { type: "integer", allOf: [{ minimum: 1 }, { maximum: 3 }] }, 5, [
    "spec.x: Invalid value: 5: spec.x in body should be less than or equal to 3",
    '<nil>: Invalid value: "": "spec.x" must validate all the schemas (allOf)',
  ]],
  ["not", { type: "string", not: { pattern: "^kube-" } }, "kube-x", ['<nil>: Invalid value: "": "spec.x" must not validate the schema (not)']],
  ["int-or-string with the usual anyOf", { "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer" }, { type: "string" }], pattern: "^\\d+%$" }, "5", [
    "spec.x: Invalid value: \"5\": spec.x in body should match '^\\d+%$'",
  ]],
];

describe("schema keywords", () => {
  for (const [name, schema, value, expected] of cases) {
    it(name, () => {
      expect(messages(field(schema), { x: value })).toEqual(expected);
    });
  }
});

describe("formats", () => {
  const formatCases: [format: string, valid: string[], invalid: string[]][] = [
    ["date-time", ["2024-01-02T03:04:05Z", "2024-01-02t03:04:05.123+02:00"], ["2024-01-02", "2024-01-02T25:00:00Z", "abc"]],
    ["date", ["2024-02-29"], ["2023-02-29", "2024-1-02"]],
    ["duration", ["1h30m", "-5s", "3 days", "1.5h"], ["abc", "5"]],
    ["byte", ["aGVsbG8="], ["hello!", ""]],
    ["uuid", ["123e4567-e89b-12d3-a456-426614174000", "123E4567E89B12D3A456426614174000"], ["123e4567"]],
    ["hostname", ["example.com", "a"], ["-bad.com", "a..b"]],
    ["ipv4", ["10.0.0.1"], ["10.0.0.256", "010.0.0.1", "::1"]],
    ["ipv6", ["::1", "fe80::1", "::ffff:10.0.0.1"], ["10.0.0.1", "1::2::3"]],
    ["cidr", ["10.0.0.0/8", "fd00::/64"], ["10.0.0.0/33", "10.0.0.0"]],
    ["mac", ["01:23:45:67:89:ab", "0123.4567.89ab"], ["01:23:45:67:89", "01:23-45:67:89:ab"]],
    ["uri", ["https://example.com/a?b", "/absolute/path", "mailto:a@b.c"], ["relative/path", "http://exa mple.com/"]],
    ["email", ["a@example.com", "Name <a@example.com>"], ["not-an-email"]],
  ];
  for (const [format, valid, invalidValues] of formatCases) {
    const version = field({ type: "string", format });
    it(`${format} accepts ${valid.join(", ")}`, () => {
      for (const value of valid) expect(messages(version, { x: value }), value).toEqual([]);
    });
    it(`${format} rejects ${invalidValues.join(", ")}`, () => {
      for (const value of invalidValues) {
        expect(messages(version, { x: value }), value).toEqual([
          `spec.x: Invalid value: ${JSON.stringify(value)}: spec.x in body must be of type ${format}: ${JSON.stringify(value)}`,
        ]);
      }
    });
  }
  it("ignores formats the apiserver does not validate", () => {
    expect(messages(field({ type: "string", format: "k8s-magic" }), { x: "anything" })).toEqual([]);
    expect(messages(field({ type: "integer", format: "int32" }), { x: 5000000000 })).toEqual([]);
  });
});

describe("CEL after schema errors", () => {
  it("does not run rules when a blocking error exists, and says so", () => {
    const version = field({ type: "string", maxLength: 1, "x-kubernetes-validations": [{ rule: "self == 'a'" }] });
    expect(messages(version, { x: "bb" })).toEqual(["spec.x: Too long: may not be more than 1 byte", BLOCKED]);
  });
  it("runs rules after a non-blocking error", () => {
    const version = field({ type: "string", pattern: "^a", "x-kubernetes-validations": [{ rule: "self == 'a'" }] });
    expect(messages(version, { x: "b" })).toEqual([
      "spec.x: Invalid value: \"b\": spec.x in body should match '^a'",
      "spec.x: Invalid value: \"string\": failed rule: self == 'a'",
    ]);
  });
});
