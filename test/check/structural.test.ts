import { describe, expect, it } from "vitest";
import { check, error, minimalCrd, ROOT, rootWith, SPEC, specProperties } from "./crd-builder.js";

describe("the minimal CRD", () => {
  it("has no problems, so every other test's problems come from its mutation", () => {
    expect(check(minimalCrd())).toEqual([]);
  });
});

describe("structural/type-required", () => {
  it("reports a property without type", () => {
    expect(check(specProperties({ noType: { description: "d" } }))).toEqual([
      error("structural/type-required", [...SPEC, "properties", "noType", "type"], "type: Required value: must not be empty for specified object fields"),
    ]);
  });

  it("reports array items without type", () => {
    expect(check(specProperties({ tags: { type: "array", items: {} } }))).toEqual([
      error("structural/type-required", [...SPEC, "properties", "tags", "items", "type"], "type: Required value: must not be empty for specified array items"),
    ]);
  });

  it("reports additionalProperties without type as an object field", () => {
    expect(check(specProperties({ labels: { type: "object", additionalProperties: { minLength: 1 } } }))).toEqual([
      error(
        "structural/type-required",
        [...SPEC, "properties", "labels", "additionalProperties", "type"],
        "type: Required value: must not be empty for specified object fields",
      ),
    ]);
  });

  it("reports a root without type", () => {
    expect(check(rootWith((root) => delete root.type))).toEqual([
      error("structural/type-required", [...ROOT, "type"], "type: Required value: must not be empty at the root"),
    ]);
  });

  it("accepts untyped int-or-string and preserve-unknown-fields nodes", () => {
    const crd = specProperties({
      port: { "x-kubernetes-int-or-string": true },
      raw: { "x-kubernetes-preserve-unknown-fields": true },
    });
    expect(check(crd)).toEqual([]);
  });
});

describe("structural/root-type-not-object", () => {
  it("reports a root of another type", () => {
    expect(check(rootWith((root) => (root.type = "string")))).toEqual([
      error("structural/root-type-not-object", [...ROOT, "type"], 'type: Invalid value: "string": must be object at the root'),
    ]);
  });
});

describe("structural/items-required", () => {
  it("reports an array without items", () => {
    expect(check(specProperties({ tags: { type: "array" } }))).toEqual([
      error("structural/items-required", [...SPEC, "properties", "tags", "items"], "items: Required value: must be specified"),
    ]);
  });
});

describe("structural/root-additional-properties", () => {
  it("reports additionalProperties at the root", () => {
    expect(check(rootWith((root) => (root.additionalProperties = { type: "string" })))).toEqual([
      error("structural/root-additional-properties", [...ROOT, "additionalProperties"], "additionalProperties: Forbidden: must not be used at the root"),
      error(
        "schema/properties-with-additional-properties",
        [...ROOT, "additionalProperties"],
        "additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive",
      ),
    ]);
  });
});

describe("structural/int-or-string-conflict", () => {
  it("reports int-or-string with preserve-unknown-fields", () => {
    const crd = specProperties({ port: { "x-kubernetes-int-or-string": true, "x-kubernetes-preserve-unknown-fields": true } });
    expect(check(crd)).toEqual([
      error(
        "structural/int-or-string-conflict",
        [...SPEC, "properties", "port", "x-kubernetes-preserve-unknown-fields"],
        "x-kubernetes-preserve-unknown-fields: Invalid value: true: must be false if x-kubernetes-int-or-string is true",
      ),
    ]);
  });

  it("reports int-or-string with embedded-resource", () => {
    const crd = specProperties({
      port: { type: "object", properties: { a: { type: "string" } }, "x-kubernetes-int-or-string": true, "x-kubernetes-embedded-resource": true },
    });
    expect(check(crd)).toEqual([
      error(
        "structural/int-or-string-conflict",
        [...SPEC, "properties", "port", "x-kubernetes-embedded-resource"],
        "x-kubernetes-embedded-resource: Invalid value: true: must be false if x-kubernetes-int-or-string is true",
      ),
    ]);
  });
});

describe("structural/type-meta-not-string", () => {
  it("reports a root kind that is not a string", () => {
    const crd = rootWith((root) => (root.properties!.kind = { type: "integer" }));
    expect(check(crd)).toEqual([
      error("structural/type-meta-not-string", [...ROOT, "properties", "kind", "type"], 'properties[kind].type: Invalid value: "integer": must be string'),
    ]);
  });

  it("reports an embedded resource's apiVersion that is not a string", () => {
    const crd = specProperties({
      template: { type: "object", "x-kubernetes-embedded-resource": true, properties: { apiVersion: { type: "boolean" } } },
    });
    expect(check(crd)).toEqual([
      error(
        "structural/type-meta-not-string",
        [...SPEC, "properties", "template", "properties", "apiVersion", "type"],
        'properties[apiVersion].type: Invalid value: "boolean": must be string',
      ),
    ]);
  });
});

describe("structural/metadata-not-object", () => {
  it("reports root metadata that is not an object", () => {
    const crd = rootWith((root) => (root.properties!.metadata = { type: "string" }));
    expect(check(crd)).toEqual([
      error("structural/metadata-not-object", [...ROOT, "properties", "metadata", "type"], 'properties[metadata].type: Invalid value: "string": must be object'),
    ]);
  });
});

describe("structural/root-metadata-restricted", () => {
  it("reports root metadata that constrains more than name and generateName", () => {
    const crd = rootWith(
      (root) =>
        (root.properties!.metadata = {
          type: "object",
          description: "standard metadata",
          properties: { name: { type: "string", maxLength: 63 }, labels: { type: "object" } },
        }),
    );
    expect(check(crd)).toEqual([
      error(
        "structural/root-metadata-restricted",
        [...ROOT, "properties", "metadata"],
        "properties[metadata]: Forbidden: must not specify anything other than name and generateName, but metadata is implicitly specified (found description, properties.labels)",
      ),
    ]);
  });

  it("accepts constraints on name and generateName", () => {
    const crd = rootWith(
      (root) =>
        (root.properties!.metadata = {
          type: "object",
          nullable: false,
          properties: { name: { type: "string", maxLength: 63 }, generateName: { type: "string", maxLength: 40 } },
        }),
    );
    expect(check(crd)).toEqual([]);
  });
});

describe("embedded resources", () => {
  it("structural/embedded-resource-not-object: reports a missing type", () => {
    const crd = specProperties({ template: { "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true } });
    expect(check(crd)).toEqual([
      error(
        "structural/embedded-resource-not-object",
        [...SPEC, "properties", "template", "type"],
        "type: Required value: must be object if x-kubernetes-embedded-resource is true",
      ),
    ]);
  });

  it("structural/embedded-resource-not-object: reports another type", () => {
    const crd = specProperties({ template: { type: "string", "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true } });
    expect(check(crd)).toEqual([
      error(
        "structural/embedded-resource-not-object",
        [...SPEC, "properties", "template", "type"],
        'type: Invalid value: "string": must be object if x-kubernetes-embedded-resource is true',
      ),
    ]);
  });

  it("structural/embedded-resource-additional-properties", () => {
    const crd = specProperties({
      template: {
        type: "object",
        "x-kubernetes-embedded-resource": true,
        "x-kubernetes-preserve-unknown-fields": true,
        additionalProperties: { type: "string" },
      },
    });
    expect(check(crd)).toEqual([
      error(
        "structural/embedded-resource-additional-properties",
        [...SPEC, "properties", "template", "additionalProperties"],
        "additionalProperties: Forbidden: must not be used if x-kubernetes-embedded-resource is set",
      ),
    ]);
  });

  it("structural/embedded-resource-properties-required", () => {
    const crd = specProperties({ template: { type: "object", "x-kubernetes-embedded-resource": true } });
    expect(check(crd)).toEqual([
      error(
        "structural/embedded-resource-properties-required",
        [...SPEC, "properties", "template", "properties"],
        "properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields",
      ),
    ]);
  });

  it("structural/embedded-resource-in-meta: reports an embedded resource inside resource metadata", () => {
    const inner = { type: "object" as const, "x-kubernetes-embedded-resource": true, "x-kubernetes-preserve-unknown-fields": true };
    const crd = specProperties({
      template: {
        type: "object",
        "x-kubernetes-embedded-resource": true,
        properties: { metadata: { type: "object", properties: { inner } } },
      },
    });
    expect(check(crd)).toEqual([
      error(
        "structural/embedded-resource-in-meta",
        [...SPEC, "properties", "template", "properties", "metadata", "properties", "inner", "x-kubernetes-embedded-resource"],
        "x-kubernetes-embedded-resource: Forbidden: must not be used inside of resource meta",
      ),
    ]);
  });
});

describe("structural/pattern-invalid", () => {
  it("reports a lookahead, which JavaScript accepts and RE2 does not", () => {
    expect(check(specProperties({ code: { type: "string", pattern: "^(?!x)[a-z]+$" } }))).toEqual([
      error(
        "structural/pattern-invalid",
        [...SPEC, "properties", "code", "pattern"],
        'pattern: Invalid value: "^(?!x)[a-z]+$": must be a valid regular expression, but isn\'t: error parsing regexp: invalid or unsupported Perl syntax: `(?!`',
      ),
    ]);
  });

  it("reports a backreference", () => {
    expect(check(specProperties({ code: { type: "string", pattern: "(a)\\1" } }))).toEqual([
      error(
        "structural/pattern-invalid",
        [...SPEC, "properties", "code", "pattern"],
        'pattern: Invalid value: "(a)\\\\1": must be a valid regular expression, but isn\'t: error parsing regexp: invalid escape sequence: `\\1`',
      ),
    ]);
  });

  it("accepts RE2 syntax that JavaScript rejects", () => {
    expect(check(specProperties({ code: { type: "string", pattern: "(?i)^[a-z]+\\z" } }))).toEqual([]);
  });
});
