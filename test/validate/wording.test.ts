// The generated validators word every violation as kube-apiserver does (one engine with src/crd-eval:
// src/validation/resource-validator.ts), and ratchet on update. Expected texts follow the sources:
// - field errors `<field>: <type>: <bad value>: <detail>`: k8s.io/apimachinery/pkg/util/validation/field/errors.go
//   (ErrorBody; a nil bad value prints `null`, a string is %q-quoted);
// - schema keywords: k8s.io/kube-openapi/pkg/validation/errors (`%s in body should match '%s'`,
//   `%s in body must be of type %s: %q`, `should be at least %d chars long`, `should be greater than or equal to`),
//   converted to field errors by apiextensions-apiserver pkg/apiserver/validation/validation.go
//   (ValidateCustomResource: required → Required, too long → TooLong, enum → NotSupported, max items → TooMany);
// - list types: apiextensions-apiserver pkg/apiserver/schema/listtype/validation.go (Duplicate value);
// - CEL: apiextensions-apiserver pkg/apiserver/schema/cel/validation.go (reason, fieldPath, `Invalid value: "object"`),
//   and strategy.go's "some validation rules were not checked" after blocking errors;
// - ratcheting: apiextensions-apiserver pkg/apiserver/validation/ratcheting.go (CRDValidationRatcheting, GA in 1.33).
import { describe, expect, it } from "vitest";
import { HEALTH_EVENT } from "./support/resources.js";

const NODE_NAME = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";
const SKIPPED = ": Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation";
const base = { apiVersion: HEALTH_EVENT.apiVersion, kind: "HealthEvent", metadata: { name: "e" }, spec: { nodeName: "node-1" } };

function texts(doc: unknown, oldObject?: unknown): string[] {
  return HEALTH_EVENT.validate(doc, oldObject === undefined ? undefined : { oldObject }).map((v) => `${v.rule}|${v.path}: ${v.message}`);
}

const withSpec = (spec: Record<string, unknown>) => ({ ...base, spec: { ...base.spec, ...spec } });

describe("the apiserver's wording, per kind of violation", () => {
  it.each([
    ["type", { version: "x" }, ['type|spec.version: Invalid value: "string": spec.version in body must be of type integer: "string"', `cel|${SKIPPED}`]],
    ["pattern", { nodeName: "Node_1" }, [`pattern|spec.nodeName: Invalid value: "Node_1": spec.nodeName in body should match '${NODE_NAME}'`]],
    ["maxLength", { agent: "a".repeat(129) }, ["maxLength|spec.agent: Too long: may not be more than 128 bytes", `cel|${SKIPPED}`]],
    ["minLength", { entitiesImpacted: [{ entityType: "" }] }, ['minLength|spec.entitiesImpacted[0].entityType: Invalid value: "": spec.entitiesImpacted[0].entityType in body should be at least 1 chars long']],
    ["minimum", { version: -1 }, ["minimum|spec.version: Invalid value: -1: spec.version in body should be greater than or equal to 0"]],
    ["maximum", { version: 4294967296 }, ["maximum|spec.version: Invalid value: 4294967296: spec.version in body should be less than or equal to 4294967295"]],
    ["maxItems", { errorCode: Array(65).fill("e") }, ["maxItems|spec.errorCode: Too many: 65: must have at most 64 items", `cel|${SKIPPED}`]],
    ["unknown field", { foo: 1 }, ['unknown-field|spec.foo: unknown field "spec.foo"']],
    ["format", { generatedTimestamp: "2024-02-30T10:00:00Z" }, ['format|spec.generatedTimestamp: Invalid value: "2024-02-30T10:00:00Z": spec.generatedTimestamp in body must be of type date-time: "2024-02-30T10:00:00Z"', `cel|${SKIPPED}`]],
    ["CEL rule", { metadata: { ["k".repeat(254)]: "v" } }, ['cel|spec.metadata: Invalid value: "object": keys must be at most 253 characters long']],
    ["CEL rule with reason and fieldPath", { recommendedAction: "CUSTOM" }, ["cel|spec.customRecommendedAction: Required value: customRecommendedAction is required when recommendedAction is CUSTOM"]],
  ])("%s", (_what, spec, expected) => {
    expect(texts(withSpec(spec))).toEqual(expected);
  });

  it("enum", () => {
    expect(texts(withSpec({ recommendedAction: "X" }))[0]).toBe(
      'enum|spec.recommendedAction: Unsupported value: "X": supported values: "NONE", "COMPONENT_RESET", "CONTACT_SUPPORT", "RUN_FIELDDIAG", "RESTART_VM", "RESTART_BM", "REPLACE_VM", "RUN_DCGMEUD", "CUSTOM", "UNKNOWN"',
    );
  });

  it("required", () => {
    expect(texts({ ...base, spec: {} })).toEqual(["required|spec.nodeName: Required value", `cel|${SKIPPED}`]);
  });

  it("list-type=map duplicate keys", () => {
    const condition = { type: "A", status: "True", lastTransitionTime: "2024-01-01T00:00:00Z", reason: "R", message: "" };
    expect(texts({ ...base, status: { conditions: [condition, condition] } })).toEqual(['list-type|status.conditions[1]: Duplicate value: {"type":"A"}']);
  });

  it("metadata.name", () => {
    expect(texts({ ...base, metadata: { name: "Bad_Name" } })).toEqual([
      "metadata|metadata.name: Invalid value: \"Bad_Name\": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
    ]);
  });

  it("map keys in schema errors are joined with dots, as kube-openapi names them", () => {
    expect(texts({ ...base, status: { spanIds: { drain: 1 } } })[0]).toBe(
      'type|status.spanIds.drain: Invalid value: "integer": status.spanIds.drain in body must be of type string: "integer"',
    );
  });
});

describe("update ratcheting in the generated validators", () => {
  const stored = withSpec({ nodeName: "Node_1", version: -1 });

  it("keeps an existing violation of an unchanged value without error", () => {
    expect(texts(stored)).toHaveLength(2);
    expect(texts(stored, stored)).toEqual([]);
    expect(texts({ ...stored, metadata: { name: "e", labels: { a: "b" } } }, stored)).toEqual([]);
  });

  it("checks a changed value again, and still runs transition rules", () => {
    const changed = { ...stored, spec: { ...stored.spec, nodeName: "Node_2" } };
    expect(texts(changed, stored)).toEqual([
      `pattern|spec.nodeName: Invalid value: "Node_2": spec.nodeName in body should match '${NODE_NAME}'`,
      'cel|spec: Invalid value: "object": spec is immutable',
    ]);
  });
});
