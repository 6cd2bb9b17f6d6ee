// additionalPrinterColumns (crd-rules §C 25): errors for what kube-apiserver rejects
// (ValidateCustomResourceColumnDefinition: name, type, format, a jsonPath starting with "."; and a
// jsonPath client-go cannot parse, which stops the resource from being served); warnings, each with its
// own rule, for what it accepts but prints badly: a negative priority, a simple path that names no field of
// the schema or a field whose type does not suit the column (kubectl prints blanks or raw JSON then).
import type { CustomResourceDefinitionVersion, PrinterColumn } from "../schema/kubernetes.js";
import { duplicate, invalid, problemAt, required } from "./field-error.js";
import { jsonPathSyntaxError } from "./json-path-syntax.js";
import { parseSimpleJsonPath, resolveSimpleJsonPath, type PathTarget } from "./simple-json-path.js";
import type { PathElement, Problem } from "./problem.js";
import { isSchemaObject, type SchemaObject } from "./schema-walk.js";

const COLUMN_TYPES = ["boolean", "date", "integer", "number", "string"];
const COLUMN_FORMATS = ["byte", "date", "date-time", "double", "float", "int32", "int64", "password"];

export function checkPrinterColumns(version: CustomResourceDefinitionVersion, versionPath: PathElement[], out: Problem[]): void {
  const root: unknown = version.schema?.openAPIV3Schema;
  const seen = new Set<string>();
  version.additionalPrinterColumns?.forEach((column, i) => {
    const at = (keyword: string): PathElement[] => ["additionalPrinterColumns", i, keyword];
    if (!column.name) {
      out.push(problemAt("printer-column/name-required", versionPath, at("name"), required()));
    } else if (seen.has(column.name)) {
      out.push(problemAt("printer-column/name-duplicate", versionPath, at("name"), duplicate(column.name)));
    }
    seen.add(column.name);
    const typeDetail = `must be one of ${COLUMN_TYPES.join(",")}`;
    if (!column.type) {
      out.push(problemAt("printer-column/type-unsupported", versionPath, at("type"), required(typeDetail)));
    } else if (!COLUMN_TYPES.includes(column.type)) {
      out.push(problemAt("printer-column/type-unsupported", versionPath, at("type"), invalid(column.type, typeDetail)));
    }
    if (column.format && !COLUMN_FORMATS.includes(column.format)) {
      out.push(problemAt("printer-column/format-unsupported", versionPath, at("format"), invalid(column.format, `must be one of ${COLUMN_FORMATS.join(",")}`)));
    }
    if (column.priority !== undefined && !(Number.isInteger(column.priority) && column.priority >= 0)) {
      out.push(problemAt("printer-column/priority-negative", versionPath, at("priority"), invalid(column.priority, "should be a non-negative integer (kubectl shows priority 0 columns by default, higher ones with -o wide)"), "warning"));
    }
    checkJsonPath(column, isSchemaObject(root) ? root : undefined, versionPath, at("jsonPath"), out);
  });
}

function checkJsonPath(column: PrinterColumn, root: SchemaObject | undefined, versionPath: PathElement[], field: PathElement[], out: Problem[]): void {
  const path = column.jsonPath;
  const report = (rule: string, text: string, severity: Problem["severity"] = "error"): void => {
    out.push(problemAt(rule, versionPath, field, text, severity));
  };
  if (!path) return report("printer-column/json-path-invalid", required());
  if (!path.startsWith(".")) return report("printer-column/json-path-invalid", invalid(path, "must be a simple json path starting with ."));
  const syntax = jsonPathSyntaxError(path);
  if (syntax !== undefined) {
    return report("printer-column/json-path-syntax", invalid(path, `is not a JSONPath kube-apiserver can parse (${syntax}), so it could not serve the resource`));
  }
  // Filters, wildcards, unions and escapes are valid; only simple paths are compared with the schema.
  const steps = parseSimpleJsonPath(path);
  if (!steps || !root) return;
  const target = resolveSimpleJsonPath(steps, root);
  if (target.kind === "missing") return report("printer-column/json-path-not-found", invalid(path, `does not refer to a field of the schema: ${target.detail}`), "warning");
  if (COLUMN_TYPES.includes(column.type) && !fitsColumn(column.type, target)) {
    const article = column.type === "integer" ? "an" : "a";
    report("printer-column/type-mismatch", invalid(path, `${article} ${column.type} column can't show ${describe(target)}`), "warning");
  }
}

function fitsColumn(columnType: string, target: PathTarget): boolean {
  if (target.kind === "unchecked" || target.kind === "missing") return true;
  if (target.kind === "meta") {
    // kubectl prints any metadata field as text, maps like labels included.
    if (columnType === "string") return true;
    if (columnType === "date") return target.field === "date";
    return (columnType === "integer" || columnType === "number") && target.field === "integer";
  }
  const schema = target.schema;
  if (schema.type === undefined && schema["x-kubernetes-preserve-unknown-fields"] === true) return true;
  switch (columnType) {
    case "string":
      return schema.type === "string" || schema["x-kubernetes-int-or-string"] === true || Array.isArray(schema.enum);
    case "integer":
      return schema.type === "integer";
    case "number":
      return schema.type === "integer" || schema.type === "number";
    case "boolean":
      return schema.type === "boolean";
    default:
      return schema.type === "string" && (schema.format === "date-time" || schema.format === "date");
  }
}

function describe(target: PathTarget): string {
  if (target.kind === "meta") return `metadata's ${target.field} field`;
  if (target.kind !== "schema") return "it";
  const schema = target.schema;
  if (schema["x-kubernetes-int-or-string"] === true) return "an int-or-string field";
  const format = schema.format ? ` (format ${schema.format})` : "";
  return `a field of type ${schema.type ?? "(none)"}${format}`;
}
