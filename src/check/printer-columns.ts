// additionalPrinterColumns (crd-rules §C 25): what the apiserver checks, plus what it can't: that
// the jsonPath names a field of the schema whose type suits the column (else kubectl prints blanks).
import type { CustomResourceDefinitionVersion, PrinterColumn } from "../schema/kubernetes.js";
import { duplicate, invalid, problemAt, required } from "./field-error.js";
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
      out.push(problemAt("printer-column/priority-negative", versionPath, at("priority"), invalid(column.priority, "must be a non-negative integer")));
    }
    checkJsonPath(column, isSchemaObject(root) ? root : undefined, versionPath, at("jsonPath"), out);
  });
}

function checkJsonPath(column: PrinterColumn, root: SchemaObject | undefined, versionPath: PathElement[], field: PathElement[], out: Problem[]): void {
  const path = column.jsonPath;
  const report = (rule: string, text: string): void => {
    out.push(problemAt(rule, versionPath, field, text));
  };
  if (!path) return report("printer-column/json-path-invalid", required());
  if (!path.startsWith(".")) return report("printer-column/json-path-invalid", invalid(path, "must be a simple json path starting with ."));
  const steps = parseSimpleJsonPath(path);
  if (!steps) {
    return report(
      "printer-column/json-path-invalid",
      invalid(path, "must be a simple path of .field, [index] and ['key'] steps, so that it can be checked against the schema"),
    );
  }
  if (!root) return;
  const target = resolveSimpleJsonPath(steps, root);
  if (target.kind === "missing") return report("printer-column/json-path-not-found", invalid(path, `does not refer to a field of the schema: ${target.detail}`));
  if (COLUMN_TYPES.includes(column.type) && !fitsColumn(column.type, target)) {
    const article = column.type === "integer" ? "an" : "a";
    report("printer-column/type-mismatch", invalid(path, `${article} ${column.type} column can't show ${describe(target)}`));
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
