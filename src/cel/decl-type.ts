// The CEL type of a schema node, as the apiserver derives it (apiserver/pkg/apiserver/schema/cel/model
// SchemaDeclType), with the size bounds its cost estimator uses.
import type { JSONSchemaProps } from "../schema/kubernetes.js";

export type DeclTypeName =
  | "bool"
  | "int"
  | "uint"
  | "double"
  | "string"
  | "bytes"
  | "null_type"
  | "timestamp"
  | "duration"
  | "dyn"
  | "list"
  | "map"
  | "object"
  | "optional"
  | "type"
  // Opaque types of the Kubernetes libraries
  | "net.IP"
  | "net.CIDR"
  | "kubernetes.Quantity"
  | "kubernetes.URL"
  | "kubernetes.Semver"
  | "kubernetes.NamedFormat";

export interface DeclField {
  /** The JSON property name (the CEL name may be escaped, e.g. `__dash__`). */
  jsonName: string;
  type: DeclType;
  required: boolean;
}

export interface DeclType {
  name: DeclTypeName;
  /** List element, map value or optional value type. */
  element?: DeclType;
  /** Map key type (string where undefined). */
  key?: DeclType;
  /** Object fields keyed by their CEL (escaped) name. */
  fields?: Map<string, DeclField>;
  /** Max string length in bytes, list items or map entries; 0 where size does not apply. */
  maxElements: number;
  /** Whether maxElements comes from maxLength/maxItems/maxProperties/enum rather than the request size. */
  bounded: boolean;
  minSerializedSize: number;
  /** The schema this type was derived from (undefined for types of expressions). */
  schema?: JSONSchemaProps;
  /** Where the value comes from, e.g. `self.spec.entities`, for messages about unbounded sizes. */
  origin?: string;
}

/** MaxRequestSizeBytes of the apiserver (3 MiB). */
export const MAX_REQUEST_SIZE_BYTES = 3 * 1024 * 1024;
const MIN_STRING_SIZE = 2;
const MIN_BOOL_SIZE = 4;
const MIN_NUMBER_SIZE = 1;
// apiserver/pkg/cel/types.go MinDurationSizeJSON ("0" with quotes) and MinDatetimeSizeJSON, as
// apiextensions' TestCostEstimation confirms (3 MiB / 4 durations, 3 MiB / 22 date-times in a list).
const MIN_DURATION_SIZE_JSON = 3;
const MAX_DURATION_SIZE_JSON = 32;
const JSON_DATE_SIZE = 12;
const MIN_DATETIME_SIZE_JSON = 21;
const MAX_DATETIME_SIZE_JSON = 34;

export function simpleType(name: DeclTypeName, maxElements = 0): DeclType {
  return { name, maxElements, bounded: maxElements !== 0, minSerializedSize: 1 };
}

export const DYN: DeclType = simpleType("dyn");

export function listOf(element: DeclType, maxElements = 0): DeclType {
  return { name: "list", element, maxElements, bounded: maxElements !== 0, minSerializedSize: 2 };
}

export function mapOf(value: DeclType, maxElements = 0): DeclType {
  return { name: "map", element: value, maxElements, bounded: maxElements !== 0, minSerializedSize: 2 };
}

const RESERVED = new Set([
  "true", "false", "null", "in", "as", "break", "const", "continue", "else", "for", "function", "if",
  "import", "let", "loop", "package", "namespace", "return", "var", "void", "while",
]);

/** The CEL name of a property (apiservercel.Escape), or undefined if CEL cannot refer to it. */
export function escapePropertyName(name: string): string | undefined {
  if (name === "" || /^[0-9]/.test(name)) return undefined;
  if (RESERVED.has(name)) return `__${name}__`;
  let ok = true;
  const escaped = name.replace(/__|[-./]|[^a-zA-Z0-9_]/g, (s) => {
    switch (s) {
      case "__":
        return "__underscores__";
      case ".":
        return "__dot__";
      case "-":
        return "__dash__";
      case "/":
        return "__slash__";
      default:
        ok = false;
        return "";
    }
  });
  return ok ? escaped : undefined;
}

/**
 * The CEL type of `schema`, or undefined where the apiserver gives none (e.g. an array without items).
 * `isResourceRoot` adds apiVersion, kind and metadata.name/generateName like the apiserver does at the
 * root of a custom resource and of embedded resources.
 */
export function declTypeOf(schema: JSONSchemaProps, isResourceRoot: boolean, origin = "self"): DeclType | undefined {
  if (schema["x-kubernetes-int-or-string"] === true) {
    return { name: "dyn", maxElements: MAX_REQUEST_SIZE_BYTES - 2, bounded: false, minSerializedSize: 1, schema, origin };
  }
  const s = isResourceRoot ? withTypeAndObjectMeta(schema) : schema;
  switch (s.type) {
    case "array": {
      if (s.items === undefined) return undefined;
      const items = declTypeOf(s.items, s.items["x-kubernetes-embedded-resource"] === true, `${origin}[*]`);
      if (items === undefined) return undefined;
      const bounded = s.maxItems !== undefined;
      const maxElements = bounded ? Math.max(0, s.maxItems!) : Math.floor((MAX_REQUEST_SIZE_BYTES - 2) / (items.minSerializedSize + 1));
      return { name: "list", element: items, maxElements, bounded, minSerializedSize: 2, schema: s, origin };
    }
    case "object": {
      const additional = s.additionalProperties;
      if (typeof additional === "object") {
        const values = declTypeOf(additional, additional["x-kubernetes-embedded-resource"] === true, `${origin}[*]`);
        if (values === undefined) return undefined;
        const bounded = s.maxProperties !== undefined;
        const maxElements = bounded ? Math.max(0, s.maxProperties!) : Math.floor((MAX_REQUEST_SIZE_BYTES - 2) / (values.minSerializedSize + 6));
        const key: DeclType = { name: "string", maxElements: MAX_REQUEST_SIZE_BYTES - 2, bounded: false, minSerializedSize: MIN_STRING_SIZE, origin: `${origin} (keys)` };
        return { name: "map", element: values, key, maxElements, bounded, minSerializedSize: 2, schema: s, origin };
      }
      const required = new Set(s.required ?? []);
      const fields = new Map<string, DeclField>();
      let minSerializedSize = 2;
      for (const [jsonName, property] of Object.entries(s.properties ?? {})) {
        const celName = escapePropertyName(jsonName);
        const fieldType = declTypeOf(property, property["x-kubernetes-embedded-resource"] === true, `${origin}.${celName ?? jsonName}`);
        if (fieldType === undefined) continue;
        if (celName !== undefined) fields.set(celName, { jsonName, type: fieldType, required: required.has(jsonName) });
        if (required.has(jsonName) && property.default === undefined) {
          minSerializedSize += jsonName.length + fieldType.minSerializedSize + 4;
        }
      }
      return { name: "object", fields, maxElements: 0, bounded: true, minSerializedSize, schema: s, origin };
    }
    case "string":
      return stringType(s, origin);
    case "boolean":
      return { ...simpleType("bool"), minSerializedSize: MIN_BOOL_SIZE, schema: s, origin };
    case "number":
      return { ...simpleType("double"), minSerializedSize: MIN_NUMBER_SIZE, schema: s, origin };
    case "integer":
      return { ...simpleType("int"), minSerializedSize: MIN_NUMBER_SIZE, schema: s, origin };
    default:
      return undefined;
  }
}

function stringType(s: JSONSchemaProps, origin: string): DeclType {
  const perRequest = { maxElements: MAX_REQUEST_SIZE_BYTES - 2, bounded: false };
  switch (s.format) {
    case "byte": {
      const size = s.maxLength !== undefined ? { maxElements: Math.max(0, s.maxLength), bounded: true } : perRequest;
      return { name: "bytes", ...size, minSerializedSize: MIN_STRING_SIZE, schema: s, origin };
    }
    case "duration":
      return { name: "duration", maxElements: MAX_DURATION_SIZE_JSON, bounded: true, minSerializedSize: MIN_DURATION_SIZE_JSON, schema: s, origin };
    case "date":
      return { name: "timestamp", maxElements: JSON_DATE_SIZE, bounded: true, minSerializedSize: JSON_DATE_SIZE, schema: s, origin };
    case "date-time":
      return { name: "timestamp", maxElements: MAX_DATETIME_SIZE_JSON, bounded: true, minSerializedSize: MIN_DATETIME_SIZE_JSON, schema: s, origin };
  }
  let size = perRequest;
  // maxLength counts code points; a code point takes up to 4 bytes.
  if (s.maxLength !== undefined) size = { maxElements: Math.max(0, s.maxLength) * 4, bounded: true };
  else if (s.enum !== undefined && s.enum.length > 0) {
    size = { maxElements: Math.max(0, ...s.enum.map((v) => (typeof v === "string" ? v.length : 0))), bounded: true };
  }
  return { name: "string", ...size, minSerializedSize: MIN_STRING_SIZE, schema: s, origin };
}

/** apiVersion, kind and metadata.name/generateName are always visible at a resource root. */
function withTypeAndObjectMeta(s: JSONSchemaProps): JSONSchemaProps {
  const str: JSONSchemaProps = { type: "string" };
  const metadata = s.properties?.metadata;
  return {
    ...s,
    type: "object",
    properties: {
      ...s.properties,
      apiVersion: str,
      kind: str,
      metadata: {
        ...metadata,
        type: "object",
        properties: { ...metadata?.properties, name: str, generateName: str },
      },
    },
  };
}

export function typeToString(t: DeclType): string {
  switch (t.name) {
    case "list":
      return `list(${typeToString(t.element ?? DYN)})`;
    case "map":
      return `map(string, ${typeToString(t.element ?? DYN)})`;
    case "optional":
      return `optional_type(${typeToString(t.element ?? DYN)})`;
    case "object":
      return "object";
    default:
      return t.name;
  }
}
