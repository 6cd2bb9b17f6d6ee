// `format` values the apiserver doesn't know are accepted and silently validate nothing
// (kubernetes#132532), so they are warnings, not errors (crd-rules §B 22).
import { invalid, problemAt } from "./field-error.js";
import type { Problem } from "./problem.js";
import type { SchemaNode } from "./schema-walk.js";

/** The formats the apiserver validates string values against. */
const STRING_FORMATS = [
  "bsonobjectid", "uri", "email", "hostname", "ipv4", "ipv6", "cidr", "mac", "uuid", "uuid3", "uuid4", "uuid5",
  "isbn", "isbn10", "isbn13", "creditcard", "ssn", "hexcolor", "rgbcolor", "byte", "password", "date", "duration", "date-time",
];
/** OpenAPI's numeric formats: not validated, but the conventional documentation of a number's width. */
const NUMBER_FORMATS = ["int32", "int64", "float", "double"];

export function checkFormat({ schema, path }: SchemaNode, out: Problem[]): void {
  const format: unknown = schema.format;
  if (format === undefined || format === "") return;
  const known = knownFormatsFor(schema.type);
  if (known.includes(format as string)) return;
  const detail = `not a format the apiserver knows for ${schema.type ?? "untyped"} values, so it validates nothing (known: ${known.join(", ") || "none"})`;
  out.push(problemAt("schema/unknown-format", path, ["format"], invalid(format, detail), "warning"));
}

function knownFormatsFor(type: string | undefined): string[] {
  switch (type) {
    case "string":
      return STRING_FORMATS;
    case "integer":
    case "number":
      return NUMBER_FORMATS;
    case undefined:
      return [...STRING_FORMATS, ...NUMBER_FORMATS];
    default:
      return [];
  }
}
