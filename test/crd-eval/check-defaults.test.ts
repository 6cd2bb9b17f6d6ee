// The generator's self-check that every default is one the apiserver accepts in the CRD.
import { describe, expect, it } from "vitest";
import { checkDefaults } from "../../src/check/check-defaults.js";
import { crdWithSpec } from "./crd-fixture.js";

const SPEC = ["spec", "versions", 0, "schema", "openAPIV3Schema", "properties", "spec"];

describe("checkDefaults", () => {
  it("accepts defaults that validate and are pruned", () => {
    const crd = crdWithSpec({
      type: "object",
      properties: {
        replicas: { type: "integer", maximum: 3, default: 1 },
        mode: { type: "string", enum: ["a", "b"], default: "a" },
        limits: { type: "object", properties: { cpu: { type: "integer" } }, default: { cpu: 2 } },
        free: { type: "object", "x-kubernetes-preserve-unknown-fields": true, default: { anything: [1] } },
      },
    });
    expect(checkDefaults(crd)).toEqual([]);
  });

  it("reports a default that breaks its node's keywords", () => {
    const crd = crdWithSpec({ type: "object", properties: { replicas: { type: "integer", maximum: 3, default: 5 }, mode: { type: "string", enum: ["a"], default: "b" } } });
    expect(checkDefaults(crd)).toEqual([
      {
        severity: "error",
        rule: "default/invalid",
        path: [...SPEC, "properties", "replicas", "default"],
        message: "default: Invalid value: 5: default in body should be less than or equal to 3",
      },
      {
        severity: "error",
        rule: "default/invalid",
        path: [...SPEC, "properties", "mode", "default"],
        message: 'default: Unsupported value: "b": supported values: "a"',
      },
    ]);
  });

  it("reports nested problems of an object default with their path", () => {
    const crd = crdWithSpec({ type: "object", properties: { limits: { type: "object", properties: { cpu: { type: "integer" } }, default: { cpu: "2" } } } });
    expect(checkDefaults(crd).map((p) => p.message)).toEqual([
      'default.cpu: Invalid value: "string": default.cpu in body must be of type integer: "string"',
    ]);
  });

  it("reports a default that pruning would change", () => {
    const crd = crdWithSpec({ type: "object", properties: { limits: { type: "object", properties: { cpu: { type: "integer" } }, default: { cpu: 2, gpu: 1 } } } });
    expect(checkDefaults(crd)).toEqual([
      {
        severity: "error",
        rule: "default/pruned",
        path: [...SPEC, "properties", "limits", "default"],
        message: 'default: Invalid value: {"cpu":2,"gpu":1}: must not have unknown fields ("gpu")',
      },
    ]);
  });

  it("runs the node's CEL rules on a default that passes the keywords", () => {
    const crd = crdWithSpec({
      type: "object",
      properties: { window: { type: "object", properties: { from: { type: "integer" }, to: { type: "integer" } }, default: { from: 5, to: 1 }, "x-kubernetes-validations": [{ rule: "self.from <= self.to", message: "from must not exceed to" }] } },
    });
    expect(checkDefaults(crd).map((p) => `${p.rule} ${p.message}`)).toEqual(['default/invalid default: Invalid value: "object": from must not exceed to']);
  });

  it("checks defaults of list items and map values", () => {
    const crd = crdWithSpec({
      type: "object",
      properties: {
        ports: { type: "array", items: { type: "integer", minimum: 1, default: 0 } },
        labels: { type: "object", additionalProperties: { type: "string", maxLength: 2, default: "abc" } },
      },
    });
    expect(checkDefaults(crd).map((p) => [p.path.slice(SPEC.length).join("."), p.message])).toEqual([
      ["properties.ports.items.default", "default: Invalid value: 0: default in body should be greater than or equal to 1"],
      ["properties.labels.additionalProperties.default", "default: Too long: may not be more than 2 bytes"],
    ]);
  });
});
