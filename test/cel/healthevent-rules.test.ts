// The x-kubernetes-validations of the generated HealthEvent CRD, evaluated as the apiserver would.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { compileCelRule, evaluateRules, type CompiledCelRule } from "../../src/cel/index.js";
import type { CustomResourceDefinition, JSONSchemaProps } from "../../src/schema/kubernetes.js";
import { ROOT } from "../harness/compile.js";

const crd = parse(readFileSync(join(ROOT, "generated/crds/nvsentinel.dgxc.nvidia.com_healthevents.yaml"), "utf8")) as CustomResourceDefinition;
const root = crd.spec.versions[0].schema!.openAPIV3Schema;
const specSchema = root.properties!.spec;
const metadataSchema = specSchema.properties!.metadata;

function compileAll(schema: JSONSchemaProps): CompiledCelRule[] {
  return (schema["x-kubernetes-validations"] ?? []).map((r) => compileCelRule(schema, r));
}

const specRules = compileAll(specSchema);
const spec = { nodeName: "node-1", checkName: "GpuXidError", recommendedAction: "RESTART_VM" };

describe("HealthEvent spec rules", () => {
  it("are the two rules the model declares", () => {
    expect(specRules.map((r) => [r.input.rule, r.isTransitionRule])).toEqual([
      ["!has(self.recommendedAction) || self.recommendedAction != 'CUSTOM' || (has(self.customRecommendedAction) && size(self.customRecommendedAction) > 0)", false],
      ["self == oldSelf", true],
    ]);
  });

  it("accept a valid spec on create (the transition rule does not run without an old value)", () => {
    expect(evaluateRules(specRules, spec, undefined, "object")).toEqual([]);
  });

  it("require customRecommendedAction when recommendedAction is CUSTOM", () => {
    const custom = { ...spec, recommendedAction: "CUSTOM" };
    expect(specRules[0].evaluate(custom, undefined)).toEqual({
      kind: "fail",
      message: "customRecommendedAction is required when recommendedAction is CUSTOM",
      reason: "FieldValueRequired",
      fieldPath: ".customRecommendedAction",
    });
    expect(evaluateRules(specRules, custom, undefined, "object")).toEqual([
      {
        type: "FieldValueRequired",
        fieldPath: ["customRecommendedAction"],
        detail: "customRecommendedAction is required when recommendedAction is CUSTOM",
        text: "Required value: customRecommendedAction is required when recommendedAction is CUSTOM",
        evaluationError: false,
      },
    ]);
    expect(specRules[0].evaluate({ ...custom, customRecommendedAction: "" }, undefined).kind).toBe("fail");
    expect(specRules[0].evaluate({ ...custom, customRecommendedAction: "reflash" }, undefined)).toEqual({ kind: "pass" });
    expect(specRules[0].evaluate({ nodeName: "n" }, undefined)).toEqual({ kind: "pass" });
  });

  it("make the spec immutable", () => {
    expect(specRules[1].evaluate(spec, { ...spec })).toEqual({ kind: "pass" });
    expect(specRules[1].evaluate(spec, { ...spec, checkName: "Other" })).toEqual({ kind: "fail", message: "spec is immutable" });
    expect(specRules[1].evaluate({ ...spec, errorCode: ["79"] }, spec)).toEqual({ kind: "fail", message: "spec is immutable" });
    expect(evaluateRules(specRules, { ...spec, isFatal: true }, spec, "object")).toEqual([
      { type: "FieldValueInvalid", fieldPath: [], detail: "spec is immutable", text: 'Invalid value: "object": spec is immutable', evaluationError: false },
    ]);
  });

  it("compare nested values, timestamps and maps by value", () => {
    const full = {
      ...spec,
      entitiesImpacted: [{ entityType: "GPU", entityValue: "0" }],
      metadata: { idempotencyKey: "k" },
      generatedTimestamp: "2025-01-02T03:04:05.123Z",
      version: 1,
    };
    expect(specRules[1].evaluate(full, structuredClone(full))).toEqual({ kind: "pass" });
    expect(specRules[1].evaluate(full, { ...full, generatedTimestamp: "2025-01-02T03:04:05.124Z" }).kind).toBe("fail");
    // The same instant written with an offset is the same timestamp.
    expect(specRules[1].evaluate(full, { ...full, generatedTimestamp: "2025-01-02T04:04:05.123+01:00" })).toEqual({ kind: "pass" });
    expect(specRules[1].evaluate(full, { ...full, metadata: { idempotencyKey: "other" } }).kind).toBe("fail");
    expect(specRules[1].evaluate(full, { ...full, entitiesImpacted: [{ entityType: "GPU", entityValue: "1" }] }).kind).toBe("fail");
  });
});

describe("HealthEvent metadata key rule", () => {
  const rules = compileAll(metadataSchema);

  it("limits keys to 253 characters", () => {
    expect(rules.map((r) => r.input.rule)).toEqual(["self.all(k, size(k) <= 253)"]);
    // The wording is the generator's; read it from the CRD.
    const message = rules[0].input.message!;
    expect(message).toMatch(/253/);
    expect(evaluateRules(rules, { idempotencyKey: "x", ["k".repeat(253)]: "y" }, undefined, "object")).toEqual([]);
    expect(evaluateRules(rules, { ["k".repeat(254)]: "x" }, undefined, "object")).toEqual([
      { type: "FieldValueInvalid", fieldPath: [], detail: message, text: `Invalid value: "object": ${message}`, evaluationError: false },
    ]);
  });
});
