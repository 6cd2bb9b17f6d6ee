import { describe, expect, it } from "vitest";
import { check, error, VERSION, versionWith } from "./crd-builder.js";

/** The minimal CRD (plus a few spec fields to point at) with these selectable fields. */
function withSelectable(...paths: string[]) {
  return versionWith((version) => {
    const root = version.schema.openAPIV3Schema;
    root.properties!.metadata = { type: "object", properties: { name: { type: "string" } } };
    Object.assign(root.properties!.spec.properties!, {
      phase: { type: "string", enum: ["Pending", "Done"] },
      labels: { type: "object", additionalProperties: { type: "string" } },
      hosts: { type: "array", items: { type: "object", properties: { name: { type: "string" } } } },
      ratio: { type: "number" },
    });
    version.selectableFields = paths.map((jsonPath) => ({ jsonPath }));
  });
}

const at = (i: number) => [...VERSION, "selectableFields", i, "jsonPath"];

describe("well-formed selectable fields", () => {
  it("have no problems", () => {
    expect(check(withSelectable(".spec.name", ".spec.size", ".spec.phase", ".spec.labels.app", ".status.ready"))).toEqual([]);
  });
});

describe("selectable-field/json-path-required", () => {
  it("reports an empty path", () => {
    expect(check(withSelectable(""))).toEqual([error("selectable-field/json-path-required", at(0), "selectableFields[0].jsonPath: Required value")]);
  });
});

describe("selectable-field/json-path-invalid", () => {
  const invalid = (path: string, detail: string) =>
    error("selectable-field/json-path-invalid", at(0), `selectableFields[0].jsonPath: Invalid value: ${JSON.stringify(path)}: is an invalid path: ${detail}`);

  it("reports a field the schema doesn't have", () => {
    expect(check(withSelectable(".spec.colour"))).toEqual([invalid(".spec.colour", "does not refer to a valid field")]);
  });

  it("reports array notation", () => {
    expect(check(withSelectable(".spec['name']"))).toEqual([invalid(".spec['name']", "array notation is not allowed")]);
  });

  it("reports a path into the items of a list", () => {
    expect(check(withSelectable(".spec.hosts.name"))).toEqual([invalid(".spec.hosts.name", "does not refer to a valid field")]);
  });
});

describe("selectable-field/metadata", () => {
  it("reports a metadata field", () => {
    expect(check(withSelectable(".metadata.name"))).toEqual([
      error("selectable-field/metadata", at(0), 'selectableFields[0].jsonPath: Invalid value: ".metadata.name": must not point to fields in metadata'),
    ]);
  });
});

describe("selectable-field/type-unsupported", () => {
  const unsupported = (path: string) =>
    error(
      "selectable-field/type-unsupported",
      at(0),
      `selectableFields[0].jsonPath: Invalid value: ${JSON.stringify(path)}: must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed.`,
    );

  it("reports an object field", () => {
    expect(check(withSelectable(".spec.labels"))).toEqual([unsupported(".spec.labels")]);
  });

  it("reports a number field", () => {
    expect(check(withSelectable(".spec.ratio"))).toEqual([unsupported(".spec.ratio")]);
  });
});

describe("selectable-field/duplicate", () => {
  it("reports the same field twice", () => {
    expect(check(withSelectable(".spec.name", ".spec.size", ".spec.name"))).toEqual([
      error("selectable-field/duplicate", [...VERSION, "selectableFields", 2, "jsonPath"], 'selectableFields[2].jsonPath: Duplicate value: ".spec.name"'),
    ]);
  });
});

describe("selectable-field/too-many", () => {
  it("reports more than 8 fields", () => {
    const crd = withSelectable(...Array.from({ length: 9 }, (_, i) => `.spec.labels.key${i}`));
    expect(check(crd)).toEqual([error("selectable-field/too-many", [...VERSION, "selectableFields"], "selectableFields: Too many: 9: must have at most 8 items")]);
  });

  it("accepts exactly 8", () => {
    expect(check(withSelectable(...Array.from({ length: 8 }, (_, i) => `.spec.labels.key${i}`)))).toEqual([]);
  });
});
