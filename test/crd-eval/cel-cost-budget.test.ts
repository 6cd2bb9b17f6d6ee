// The runtime cost budget of one custom resource (RuntimeCELCostBudget 10,000,000) and the per-call limit
// (PerCallLimit 1,000,000), as apiextensions-apiserver schema/cel validation.go applies them: once either is
// passed, the error is reported at the node being validated and no further rule runs. crd-eval and the
// generated validators' entry point (resourceValidator over a schema literal) give the same messages.
import { describe, expect, it } from "vitest";
import { resourceValidator } from "../../src/validation/index.js";
import type { JSONSchemaProps } from "../../src/schema/kubernetes.js";
import { API_VERSION, messages, thing, versionFor } from "./crd-fixture.js";

// contains: ceil(5000 × 0.1) × ceil(5000 × 0.1) = 250,000, plus 4 for self.a and self.b: 250,004 an item.
const item: JSONSchemaProps = {
  type: "object",
  properties: { a: { type: "string" }, b: { type: "string" } },
  "x-kubernetes-validations": [{ rule: "self.a.contains(self.b)" }],
};
const spec: JSONSchemaProps = { type: "object", properties: { items: { type: "array", items: item } } };
const element = { a: "a".repeat(5000), b: "a".repeat(5000) };
// 39 items spend 9,750,156; the 40th would need 250,004 of the remaining 249,844.
const OUT_OF_BUDGET = 'spec.items[39]: Invalid value: "object": validation failed due to running out of cost budget, no further validation rules will be run';

const generated = resourceValidator({ apiVersion: API_VERSION, kind: "Thing", scope: "Namespaced", schema: { type: "object", properties: { spec } } });

function generatedValidator(items: unknown[]): string[] {
  return generated.validate(thing({ items })).map((v) => `${v.path}: ${v.message}`);
}

describe("runtime cost budget", () => {
  const version = versionFor(spec);

  it("stops at the rule the remaining budget cannot pay for", () => {
    const items = Array.from({ length: 42 }, () => element);
    expect(messages(version, { items })).toEqual([OUT_OF_BUDGET]);
    expect(generatedValidator(items)).toEqual([OUT_OF_BUDGET]);
  });

  it("lets 39 such items through", () => {
    const items = Array.from({ length: 39 }, () => element);
    expect(messages(version, { items })).toEqual([]);
    expect(generatedValidator(items)).toEqual([]);
  });

  it("stops at a rule over the per-call limit", () => {
    const huge = { a: "a".repeat(10_000), b: "a".repeat(10_000) };
    const expected = [
      "spec.items[1]: Invalid value: \"object\": 'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: self.a.contains(self.b)",
    ];
    expect(messages(version, { items: [element, huge, huge] })).toEqual(expected);
    expect(generatedValidator([element, huge, huge])).toEqual(expected);
  });
});
