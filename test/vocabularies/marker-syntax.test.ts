// The marker syntax of controller-tools, and protovalidate CEL → Kubernetes CEL renaming.
import { describe, expect, it } from "vitest";
import { markersIn } from "../../src/schema/vocabularies/marker-syntax.js";
import { translateCel } from "../../src/schema/vocabularies/cel-rules.js";
import type { JSONSchemaProps } from "../../src/schema/kubernetes.js";

describe("markersIn", () => {
  it("reads single values, quoted and raw", () => {
    const markers = markersIn(' Text.\n +kubebuilder:validation:Minimum=1\n +kubebuilder:validation:Pattern=`^a,b$`\n +kubebuilder:validation:Pattern="^\\\\d+$"\n +optional\n +listMapKey=name');
    expect(markers.map((m) => [m.name, m.value])).toEqual([
      ["kubebuilder:validation:Minimum", "1"],
      ["kubebuilder:validation:Pattern", "^a,b$"],
      ["kubebuilder:validation:Pattern", "^\\d+$"],
      ["optional", undefined],
      ["listMapKey", "name"],
    ]);
  });

  it("reads XValidation arguments with commas and escaped quotes inside values", () => {
    const [marker] = markersIn(' +kubebuilder:validation:XValidation:rule="self.a != \\"x,y\\"",message="a, b",optionalOldSelf=true');
    expect(Object.fromEntries(marker.args)).toEqual({ rule: 'self.a != "x,y"', message: "a, b", optionalOldSelf: "true" });
  });

  it("ignores text that is not on a marker line", () => {
    expect(markersIn(" a +b in the middle\n no marker")).toEqual([]);
  });
});

describe("translateCel", () => {
  const node: JSONSchemaProps = { type: "object", properties: { maxRetries: { type: "integer" }, name: { type: "string" } }, required: ["name"] };
  const fields = new Map([
    ["max_retries", "(has(self.maxRetries) ? self.maxRetries : 0)"],
    ["name", "self.name"],
  ]);

  it("renames this and this.<proto field>, not inside string literals", () => {
    const copy = structuredClone(node);
    expect(translateCel(copy, "this.max_retries < 5 && this.name != 'this.name'", "r", "m", false, fields)).toEqual({
      how: "cel",
      detail: "(has(self.maxRetries) ? self.maxRetries : 0) < 5 && self.name != 'this.name'",
    });
  });

  it("turns a string-valued rule into expr == '' with the expression as messageExpression", () => {
    const copy = structuredClone(node);
    translateCel(copy, "this.name == '' ? 'name is empty' : ''", "r", "", false, fields);
    expect(copy["x-kubernetes-validations"]).toEqual([{ rule: "(self.name == '' ? 'name is empty' : '') == ''", messageExpression: "self.name == '' ? 'name is empty' : ''" }]);
  });

  it("reports rules that use protovalidate's variables or functions", () => {
    expect(translateCel(structuredClone(node), "this.name.size() < rules.max_len", "r", "", false, fields)).toEqual({ how: "none", reason: "uses `rules`, which Kubernetes CEL does not have" });
    const result = translateCel(structuredClone(node), "this.name.isHostname()", "r", "", false, fields);
    expect(result.how).toBe("none");
  });
});
