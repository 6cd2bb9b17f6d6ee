import { describe, expect, it } from "vitest";
import { check, error, type LooseSchema, ROOT, rootWith, SPEC, specProperties, specWith } from "./crd-builder.js";

describe("structural/junctor-forbidden-keyword", () => {
  const cases: [keyword: string, value: unknown, detail: string][] = [
    ["type", "integer", "must be empty to be structural"],
    ["additionalProperties", { minLength: 1 }, "must be undefined to be structural"],
    ["default", 3, "must be undefined to be structural"],
    ["title", "Size", "must be empty to be structural"],
    ["description", "the size", "must be empty to be structural"],
    ["nullable", true, "must be false to be structural"],
    ["x-kubernetes-preserve-unknown-fields", true, "must be false to be structural"],
    ["x-kubernetes-embedded-resource", true, "must be false to be structural"],
    ["x-kubernetes-int-or-string", true, "must be false to be structural"],
    ["x-kubernetes-list-map-keys", ["name"], "must be empty to be structural"],
    ["x-kubernetes-list-type", "atomic", "must be undefined to be structural"],
    ["x-kubernetes-map-type", "atomic", "must be undefined to be structural"],
    ["x-kubernetes-validations", [{ rule: "self.size > 0" }], "must be empty to be structural"],
  ];
  for (const [keyword, value, detail] of cases) {
    it(`reports ${keyword} inside allOf`, () => {
      const crd = specWith((spec) => (spec.allOf = [{ [keyword]: value } as LooseSchema]));
      expect(check(crd)).toEqual([error("structural/junctor-forbidden-keyword", [...SPEC, "allOf", 0, keyword], `${keyword}: Forbidden: ${detail}`)]);
    });
  }

  it("reports keywords in every junctor and below nested properties", () => {
    const crd = specWith((spec) => {
      spec.oneOf = [{ properties: { size: { title: "t" } } }];
      spec.not = { nullable: true };
    });
    expect(check(crd)).toEqual([
      error("structural/junctor-forbidden-keyword", [...SPEC, "not", "nullable"], "nullable: Forbidden: must be false to be structural"),
      error("structural/junctor-forbidden-keyword", [...SPEC, "oneOf", 0, "properties", "size", "title"], "title: Forbidden: must be empty to be structural"),
    ]);
  });

  it("accepts the two int-or-string spellings", () => {
    const crd = specProperties({
      port: { "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer" }, { type: "string" }] },
      count: { "x-kubernetes-int-or-string": true, allOf: [{ anyOf: [{ type: "integer" }, { type: "string" }] }, { pattern: "^[0-9]+$" }] },
    });
    expect(check(crd)).toEqual([]);
  });

  it("reports an anyOf that only looks like int-or-string", () => {
    const crd = specProperties({ port: { "x-kubernetes-int-or-string": true, anyOf: [{ type: "integer", minimum: 0 }, { type: "string" }] } });
    expect(check(crd)).toEqual([
      error("structural/junctor-forbidden-keyword", [...SPEC, "properties", "port", "anyOf", 0, "type"], "type: Forbidden: must be empty to be structural"),
      error("structural/junctor-forbidden-keyword", [...SPEC, "properties", "port", "anyOf", 1, "type"], "type: Forbidden: must be empty to be structural"),
    ]);
  });

  it("reports the int-or-string anyOf when it is not the first allOf entry", () => {
    const crd = specProperties({
      port: { "x-kubernetes-int-or-string": true, allOf: [{ pattern: "^[0-9]+$" }, { anyOf: [{ type: "integer" }, { type: "string" }] }] },
    });
    const at = [...SPEC, "properties", "port", "allOf", 1, "anyOf"];
    expect(check(crd)).toEqual([
      error("structural/junctor-forbidden-keyword", [...at, 0, "type"], "type: Forbidden: must be empty to be structural"),
      error("structural/junctor-forbidden-keyword", [...at, 1, "type"], "type: Forbidden: must be empty to be structural"),
    ]);
  });
});

describe("structural/junctor-metadata", () => {
  it("reports metadata inside a junctor", () => {
    const crd = rootWith((root) => (root.anyOf = [{ properties: { metadata: { required: ["name"] } } }]));
    expect(check(crd)).toEqual([
      error("structural/junctor-metadata", [...ROOT, "anyOf", 0, "properties", "metadata"], "properties[metadata]: Forbidden: must not be specified in a nested context"),
    ]);
  });
});

describe("structural/junctor-field-undeclared", () => {
  it("reports a property only a junctor mentions", () => {
    const crd = specWith((spec) => (spec.anyOf = [{ properties: { colour: { minLength: 1 } } }]));
    expect(check(crd)).toEqual([
      error(
        "structural/junctor-field-undeclared",
        [...SPEC, "properties", "colour"],
        "properties[colour]: Required value: because it is defined in spec.versions[0].schema.openAPIV3Schema.properties[spec].anyOf[0].properties[colour]",
      ),
    ]);
  });

  it("reports items only a junctor mentions", () => {
    const crd = specWith((spec) => (spec.allOf = [{ properties: { size: { items: { minimum: 1 } } } }]));
    expect(check(crd)).toEqual([
      error(
        "structural/junctor-field-undeclared",
        [...SPEC, "properties", "size", "items"],
        "items: Required value: because it is defined in spec.versions[0].schema.openAPIV3Schema.properties[spec].allOf[0].properties[size].items",
      ),
    ]);
  });

  it("follows junctors nested in junctors", () => {
    const crd = specWith((spec) => (spec.not = { anyOf: [{ properties: { size: { minimum: 1 } } }, { properties: { weight: { minimum: 1 } } }] }));
    expect(check(crd)).toEqual([
      error(
        "structural/junctor-field-undeclared",
        [...SPEC, "properties", "weight"],
        "properties[weight]: Required value: because it is defined in spec.versions[0].schema.openAPIV3Schema.properties[spec].not.anyOf[1].properties[weight]",
      ),
    ]);
  });

  it("accepts junctors about declared fields", () => {
    const crd = specWith((spec) => (spec.oneOf = [{ required: ["size"] }, { required: ["name"], properties: { name: { minLength: 1 } } }]));
    expect(check(crd)).toEqual([]);
  });
});
