import { describe, expect, it } from "vitest";
import type { PrinterColumn } from "../../src/schema/kubernetes.js";
import { check, error, VERSION, versionWith, warning } from "./crd-builder.js";

const COLUMN = [...VERSION, "additionalPrinterColumns", 0];

/** The minimal CRD (plus a few spec fields to point at) with these printer columns. */
function withColumns(...columns: PrinterColumn[]) {
  return versionWith((version) => {
    Object.assign(version.schema.openAPIV3Schema.properties!.spec.properties!, {
      port: { "x-kubernetes-int-or-string": true },
      ratio: { type: "number" },
      phase: { type: "string", enum: ["Pending", "Done"] },
      since: { type: "string", format: "date-time" },
      labels: { type: "object", additionalProperties: { type: "string" } },
      hosts: { type: "array", items: { type: "object", properties: { name: { type: "string" } } } },
      extra: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
    });
    version.additionalPrinterColumns = columns;
  });
}

const column = (name: string, type: string, jsonPath: string): PrinterColumn => ({ name, type, jsonPath });

describe("well-formed printer columns", () => {
  it("have no problems", () => {
    const crd = withColumns(
      column("Age", "date", ".metadata.creationTimestamp"),
      column("Owner", "string", ".metadata.name"),
      column("Team", "string", ".metadata.labels['example.com/team']"),
      column("Generation", "integer", ".metadata.generation"),
      column("Size", "integer", ".spec.size"),
      column("Ratio", "number", ".spec.ratio"),
      column("Weight", "number", ".spec.size"),
      column("Port", "string", ".spec.port"),
      column("Phase", "string", ".spec.phase"),
      column("Since", "date", ".spec.since"),
      column("App", "string", ".spec.labels.app"),
      column("First host", "string", ".spec.hosts[0].name"),
      column("Extra", "string", ".spec.extra.anything.below"),
      { ...column("Ready", "boolean", ".status.ready"), priority: 1, format: "password", description: "d" },
      column("Kind", "string", ".kind"),
    );
    expect(check(crd)).toEqual([]);
  });
});

describe("printer-column/name-required and printer-column/name-duplicate", () => {
  it("reports a missing name", () => {
    expect(check(withColumns(column("", "integer", ".spec.size")))).toEqual([
      error("printer-column/name-required", [...COLUMN, "name"], "additionalPrinterColumns[0].name: Required value"),
    ]);
  });

  it("reports a repeated name", () => {
    expect(check(withColumns(column("Size", "integer", ".spec.size"), column("Size", "string", ".spec.name")))).toEqual([
      error("printer-column/name-duplicate", [...VERSION, "additionalPrinterColumns", 1, "name"], 'additionalPrinterColumns[1].name: Duplicate value: "Size"'),
    ]);
  });
});

describe("printer-column/type-unsupported", () => {
  it("reports an unknown type", () => {
    expect(check(withColumns(column("Ratio", "float", ".spec.ratio")))).toEqual([
      error("printer-column/type-unsupported", [...COLUMN, "type"], 'additionalPrinterColumns[0].type: Invalid value: "float": must be one of boolean,date,integer,number,string'),
    ]);
  });

  it("reports a missing type", () => {
    expect(check(withColumns(column("Ratio", "", ".spec.ratio")))).toEqual([
      error("printer-column/type-unsupported", [...COLUMN, "type"], "additionalPrinterColumns[0].type: Required value: must be one of boolean,date,integer,number,string"),
    ]);
  });
});

describe("printer-column/format-unsupported", () => {
  it("reports an unknown format", () => {
    expect(check(withColumns({ ...column("Size", "integer", ".spec.size"), format: "uint64" }))).toEqual([
      error(
        "printer-column/format-unsupported",
        [...COLUMN, "format"],
        'additionalPrinterColumns[0].format: Invalid value: "uint64": must be one of byte,date,date-time,double,float,int32,int64,password',
      ),
    ]);
  });
});

describe("printer-column/priority-negative", () => {
  it("reports a negative priority", () => {
    expect(check(withColumns({ ...column("Size", "integer", ".spec.size"), priority: -1 }))).toEqual([
      warning(
        "printer-column/priority-negative",
        [...COLUMN, "priority"],
        "additionalPrinterColumns[0].priority: Invalid value: -1: should be a non-negative integer (kubectl shows priority 0 columns by default, higher ones with -o wide)",
      ),
    ]);
  });
});

describe("printer-column/json-path-invalid", () => {
  it("reports a missing jsonPath", () => {
    expect(check(withColumns(column("Size", "integer", "")))).toEqual([
      error("printer-column/json-path-invalid", [...COLUMN, "jsonPath"], "additionalPrinterColumns[0].jsonPath: Required value"),
    ]);
  });

  it("reports a path that doesn't start with a dot", () => {
    expect(check(withColumns(column("Size", "integer", "spec.size")))).toEqual([
      error("printer-column/json-path-invalid", [...COLUMN, "jsonPath"], 'additionalPrinterColumns[0].jsonPath: Invalid value: "spec.size": must be a simple json path starting with .'),
    ]);
  });

  it("accepts filters, wildcards, slices, unions, recursive descent and escaped dots, as kube-apiserver does", () => {
    const paths = [
      ".status.conditions[?(@.type=='Ready')].status",
      '.status.conditions[?(@.type=="Ready")].status',
      ".spec.hosts[*].name",
      ".spec.hosts[0:2]",
      ".spec.hosts[-1].name",
      ".spec['name','size']",
      "..name",
      ".spec.*",
      ".metadata.labels.app\\.kubernetes\\.io/name",
    ];
    expect(check(withColumns(...paths.map((p, i) => column(`C${i}`, "string", p))))).toEqual([]);
  });
});

describe("printer-column/json-path-syntax", () => {
  const syntax = (path: string, detail: string) =>
    error(
      "printer-column/json-path-syntax",
      [...COLUMN, "jsonPath"],
      `additionalPrinterColumns[0].jsonPath: Invalid value: ${JSON.stringify(path)}: is not a JSONPath kube-apiserver can parse (${detail}), so it could not serve the resource`,
    );
  const cases: [string, string][] = [
    [".spec.hosts[name]", "invalid array index name"],
    ['.spec.labels["app"]', 'invalid array index "app"'],
    [".spec.hosts[0", "unterminated array at offset 11"],
    [".spec.hosts[?(@.name", "unclosed filter at offset 11"],
    [".spec.hosts[?()]", "empty filter at offset 11"],
    [".spec.name}", 'unrecognized character "}" at offset 10'],
  ];
  for (const [path, detail] of cases) {
    it(`reports ${path}`, () => expect(check(withColumns(column("X", "string", path)))).toEqual([syntax(path, detail)]));
  }
});

describe("printer-column/json-path-not-found", () => {
  const notFound = (path: string, detail: string) =>
    warning(
      "printer-column/json-path-not-found",
      [...COLUMN, "jsonPath"],
      `additionalPrinterColumns[0].jsonPath: Invalid value: ${JSON.stringify(path)}: does not refer to a field of the schema: ${detail}`,
    );

  it("reports a field the schema doesn't have", () => {
    expect(check(withColumns(column("Colour", "string", ".spec.colour")))).toEqual([notFound(".spec.colour", '.spec has no field "colour"')]);
  });

  it("reports an index into something that is not a list", () => {
    expect(check(withColumns(column("Name", "string", ".spec.name[0]")))).toEqual([notFound(".spec.name[0]", ".spec.name is not a list")]);
  });

  it("reports a metadata field ObjectMeta doesn't have", () => {
    expect(check(withColumns(column("Owner", "string", ".metadata.owner")))).toEqual([notFound(".metadata.owner", 'metadata has no field "owner"')]);
  });
});

describe("printer-column/type-mismatch", () => {
  const mismatch = (path: string, detail: string) =>
    warning("printer-column/type-mismatch", [...COLUMN, "jsonPath"], `additionalPrinterColumns[0].jsonPath: Invalid value: ${JSON.stringify(path)}: ${detail}`);

  it("reports an integer column on a string field", () => {
    expect(check(withColumns(column("Name", "integer", ".spec.name")))).toEqual([
      mismatch(".spec.name", "an integer column can't show a field of type string"),
    ]);
  });

  it("reports a date column on a string without a date format", () => {
    expect(check(withColumns(column("Name", "date", ".spec.name")))).toEqual([mismatch(".spec.name", "a date column can't show a field of type string")]);
  });

  it("reports a string column on an object", () => {
    expect(check(withColumns(column("Spec", "string", ".spec")))).toEqual([mismatch(".spec", "a string column can't show a field of type object")]);
  });

  it("reports an integer column on int-or-string", () => {
    expect(check(withColumns(column("Port", "integer", ".spec.port")))).toEqual([mismatch(".spec.port", "an integer column can't show an int-or-string field")]);
  });

  it("reports a boolean column on a metadata field", () => {
    expect(check(withColumns(column("Named", "boolean", ".metadata.name")))).toEqual([mismatch(".metadata.name", "a boolean column can't show metadata's string field")]);
  });
});
