import { describe, expect, it } from "vitest";
import { check, error, type LooseSchema, ROOT, rootWith, SPEC, specProperties, specWith, versionWith, warning } from "./crd-builder.js";

describe("schema/type-null and schema/type-unsupported", () => {
  it("reports type null", () => {
    expect(check(specProperties({ gone: { type: "null" } as unknown as LooseSchema }))).toEqual([
      error("schema/type-null", [...SPEC, "properties", "gone", "type"], "type: Forbidden: type cannot be set to null, use nullable as an alternative"),
    ]);
  });

  it("reports a type OpenAPI v3 doesn't have", () => {
    expect(check(specProperties({ m: { type: "map" } as unknown as LooseSchema }))).toEqual([
      error(
        "schema/type-unsupported",
        [...SPEC, "properties", "m", "type"],
        'type: Unsupported value: "map": supported values: "array", "boolean", "integer", "number", "object", "string"',
      ),
    ]);
  });
});

describe("schema/unique-items", () => {
  it("reports uniqueItems: true", () => {
    expect(check(specProperties({ tags: { type: "array", items: { type: "string" }, uniqueItems: true } }))).toEqual([
      error(
        "schema/unique-items",
        [...SPEC, "properties", "tags", "uniqueItems"],
        "uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic",
      ),
    ]);
  });
});

describe("schema/properties-with-additional-properties", () => {
  it("reports an additionalProperties schema next to properties", () => {
    expect(check(specWith((spec) => (spec.additionalProperties = { type: "string" })))).toEqual([
      error(
        "schema/properties-with-additional-properties",
        [...SPEC, "additionalProperties"],
        "additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive",
      ),
    ]);
  });

  it("reports additionalProperties: false next to properties", () => {
    expect(check(specWith((spec) => (spec.additionalProperties = false)))).toEqual([
      error(
        "schema/properties-with-additional-properties",
        [...SPEC, "additionalProperties"],
        "additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive",
      ),
    ]);
  });

  it("tolerates additionalProperties: true next to properties", () => {
    expect(check(specWith((spec) => (spec.additionalProperties = true)))).toEqual([]);
  });
});

describe("schema/additional-properties-false", () => {
  it("reports additionalProperties: false", () => {
    expect(check(specProperties({ closed: { type: "object", additionalProperties: false } }))).toEqual([
      error(
        "schema/additional-properties-false",
        [...SPEC, "properties", "closed", "additionalProperties"],
        "additionalProperties: Forbidden: additionalProperties: false is not supported; unknown fields are pruned anyway, declare the allowed ones in properties",
      ),
    ]);
  });
});

describe("schema/items-not-schema", () => {
  it("reports items given as a list of schemas", () => {
    const crd = specProperties({ pair: { type: "array", items: [{ type: "string" }, { type: "integer" }] as unknown as LooseSchema } });
    expect(check(crd)).toEqual([
      error("schema/items-not-schema", [...SPEC, "properties", "pair", "items"], "items: Forbidden: items must be a schema object and not an array"),
    ]);
  });
});

describe("schema/preserve-unknown-fields-false", () => {
  it("reports x-kubernetes-preserve-unknown-fields: false", () => {
    expect(check(specProperties({ raw: { type: "object", "x-kubernetes-preserve-unknown-fields": false } }))).toEqual([
      error(
        "schema/preserve-unknown-fields-false",
        [...SPEC, "properties", "raw", "x-kubernetes-preserve-unknown-fields"],
        "x-kubernetes-preserve-unknown-fields: Invalid value: false: must be true or undefined",
      ),
    ]);
  });
});

describe("schema/root-nullable", () => {
  it("reports a nullable root", () => {
    expect(check(rootWith((root) => (root.nullable = true)))).toEqual([
      error("schema/root-nullable", [...ROOT, "nullable"], "nullable: Forbidden: nullable cannot be true at the root"),
    ]);
  });
});

describe("schema/default-forbidden", () => {
  it("reports a default in top-level metadata", () => {
    expect(check(rootWith((root) => (root.properties!.metadata = { type: "object", default: {} })))).toEqual([
      error("schema/default-forbidden", [...ROOT, "properties", "metadata", "default"], "default: Forbidden: must not be set in top-level metadata"),
    ]);
  });

  it("reports a default in top-level kind", () => {
    expect(check(rootWith((root) => (root.properties!.kind = { type: "string", default: "Widget" })))).toEqual([
      error("schema/default-forbidden", [...ROOT, "properties", "kind", "default"], "default: Forbidden: must not be set in top-level kind"),
    ]);
  });

  it("reports a default inside additionalProperties of an embedded resource's metadata", () => {
    const labels: LooseSchema = { type: "object", additionalProperties: { type: "string", default: "x" } };
    const crd = specProperties({
      template: { type: "object", "x-kubernetes-embedded-resource": true, properties: { metadata: { type: "object", properties: { labels } } } },
    });
    expect(check(crd)).toEqual([
      error(
        "schema/default-forbidden",
        [...SPEC, "properties", "template", "properties", "metadata", "properties", "labels", "additionalProperties", "default"],
        "default: Forbidden: must not be set inside additionalProperties applying to object metadata",
      ),
    ]);
  });

  it("accepts defaults elsewhere", () => {
    expect(check(specProperties({ replicas: { type: "integer", default: 1 } }))).toEqual([]);
  });
});

describe("schema/keyword-unsupported", () => {
  const cases: [string, unknown][] = [
    ["$ref", "#/definitions/Thing"],
    ["additionalItems", false],
    ["definitions", { Thing: { type: "string" } }],
    ["dependencies", { a: ["b"] }],
    ["id", "https://example.com/thing"],
    ["patternProperties", { "^x-": { type: "string" } }],
    ["deprecated", true],
    ["discriminator", { propertyName: "kind" }],
    ["readOnly", true],
    ["writeOnly", true],
    ["xml", { name: "thing" }],
  ];
  for (const [keyword, value] of cases) {
    it(`reports ${keyword}`, () => {
      expect(check(specProperties({ thing: { type: "string", [keyword]: value } }))).toEqual([
        error("schema/keyword-unsupported", [...SPEC, "properties", "thing", keyword], `${keyword}: Forbidden: ${keyword} is not supported`),
      ]);
    });
  }
});

describe("schema/unknown-keyword", () => {
  it("warns about a keyword JSONSchemaProps doesn't have", () => {
    expect(check(specProperties({ name: { type: "string", maxLenght: 3 } }))).toEqual([
      warning(
        "schema/unknown-keyword",
        [...SPEC, "properties", "name", "maxLenght"],
        "maxLenght: Unknown field: not a JSONSchemaProps keyword, the apiserver drops it (or rejects the CRD under strict field validation)",
      ),
    ]);
  });
});

describe("schema/subresource-root-keyword", () => {
  const DETAIL =
    "only description, type, format, title, maximum, exclusiveMaximum, minimum, exclusiveMinimum, maxLength, minLength, pattern, maxItems, minItems, uniqueItems, multipleOf, required, items, properties, externalDocs, example, x-kubernetes-preserve-unknown-fields, x-kubernetes-validations are allowed at the root of the schema if the status or scale subresource is enabled";

  it("reports other root keywords with the status subresource", () => {
    const crd = versionWith((version) => {
      version.subresources = { status: {} };
      Object.assign(version.schema.openAPIV3Schema, { minProperties: 1, nullable: false });
    });
    expect(check(crd)).toEqual([error("schema/subresource-root-keyword", [...ROOT, "minProperties"], `minProperties: Forbidden: ${DETAIL}`)]);
  });

  it("reports them with the scale subresource too", () => {
    const crd = versionWith((version) => {
      version.subresources = { scale: { specReplicasPath: ".spec.size", statusReplicasPath: ".status.size" } };
      Object.assign(version.schema.openAPIV3Schema.properties!.status, { properties: { size: { type: "integer" } } });
      version.schema.openAPIV3Schema.anyOf = [{ required: ["spec"] }];
    });
    expect(check(crd)).toEqual([error("schema/subresource-root-keyword", [...ROOT, "anyOf"], `anyOf: Forbidden: ${DETAIL}`)]);
  });

  it("reports a root type other than object", () => {
    const crd = versionWith((version) => {
      version.subresources = { status: {} };
      version.schema.openAPIV3Schema.type = "string";
    });
    expect(check(crd)).toEqual([
      error("structural/root-type-not-object", [...ROOT, "type"], 'type: Invalid value: "string": must be object at the root'),
      error(
        "schema/subresource-root-keyword",
        [...ROOT, "type"],
        'type: Invalid value: "string": only "object" is allowed as the type at the root of the schema if the status subresource is enabled',
      ),
    ]);
  });

  it("accepts the allowed keywords", () => {
    const crd = versionWith((version) => {
      version.subresources = { status: {} };
      Object.assign(version.schema.openAPIV3Schema, {
        description: "A widget.",
        required: ["spec"],
        "x-kubernetes-validations": [{ rule: "has(self.spec)" }],
      });
    });
    expect(check(crd)).toEqual([]);
  });
});

describe("schema/unknown-format", () => {
  it("warns about a string format the apiserver doesn't know", () => {
    const problems = check(specProperties({ address: { type: "string", format: "ipv7" } }));
    expect(problems).toEqual([
      warning(
        "schema/unknown-format",
        [...SPEC, "properties", "address", "format"],
        'format: Invalid value: "ipv7": not a format the apiserver knows for string values, so it validates nothing (known: bsonobjectid, uri, email, hostname, ipv4, ipv6, cidr, mac, uuid, uuid3, uuid4, uuid5, isbn, isbn10, isbn13, creditcard, ssn, hexcolor, rgbcolor, byte, password, date, duration, date-time)',
      ),
    ]);
  });

  it("warns about a numeric format on a string and a string format on an integer", () => {
    const problems = check(specProperties({ id: { type: "string", format: "int64" }, when: { type: "integer", format: "date-time" } }));
    expect(problems.map((p) => [p.severity, p.rule, p.path.at(-2)])).toEqual([
      ["warning", "schema/unknown-format", "id"],
      ["warning", "schema/unknown-format", "when"],
    ]);
    expect(problems[1].message).toBe(
      'format: Invalid value: "date-time": not a format the apiserver knows for integer values, so it validates nothing (known: int32, int64, float, double)',
    );
  });

  it("accepts known formats", () => {
    const crd = specProperties({
      at: { type: "string", format: "date-time" },
      blob: { type: "string", format: "byte" },
      count: { type: "integer", format: "int32" },
      ratio: { type: "number", format: "double" },
      port: { "x-kubernetes-int-or-string": true, format: "int64" },
    });
    expect(check(crd)).toEqual([]);
  });
});
