// What decoding metadata into metav1.ObjectMeta refuses before any validation runs: labels and
// annotations whose values are not strings. For custom resources apiextensions-apiserver's
// schema/objectmeta GetObjectMeta round-trips metadata through encoding/json and Coerce reports
// field.Invalid(metadata, <the metadata map>, <the json error>); the decoder's error becomes a 400
// (handlers' transformDecodeError: `<Kind> in version "<v>" cannot be handled as a <Kind>: …`).
import { isJsonObject, type JsonObject } from "./json-values.js";

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (typeof value === "object") return "object";
  return typeof value === "boolean" ? "bool" : typeof value === "number" ? "number" : "string";
}

/** A JSON value printed as Go's %#v prints what encoding/json decoded into interface{}. */
export function goValue(value: unknown): string {
  if (value === null || value === undefined) return "interface {}(nil)";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") return String(value);
  if (typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return `[]interface {}{${value.map(goValue).join(", ")}}`;
  const entries = Object.keys(value as JsonObject)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${goValue((value as JsonObject)[key])}`);
  return `map[string]interface {}{${entries.join(", ")}}`;
}

/** The decoding error for metadata of `object`, or undefined when it decodes. */
export function metadataDecodingError(object: JsonObject): string | undefined {
  const metadata = object.metadata;
  if (!isJsonObject(metadata)) return undefined;
  for (const field of ["labels", "annotations"]) {
    const map = metadata[field];
    if (map === undefined || map === null) continue;
    if (!isJsonObject(map)) {
      return `metadata: Invalid value: ${goValue(metadata)}: json: cannot unmarshal ${jsonKind(map)} into Go struct field ObjectMeta.${field} of type map[string]string`;
    }
    for (const value of Object.values(map)) {
      // encoding/json leaves a string field alone for null, so null values decode.
      if (value === null || typeof value === "string") continue;
      return `metadata: Invalid value: ${goValue(metadata)}: json: cannot unmarshal ${jsonKind(value)} into Go struct field ObjectMeta.${field} of type string`;
    }
  }
  return undefined;
}
