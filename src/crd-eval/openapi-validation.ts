// The schema keywords of a custom resource, checked the way kube-openapi's SchemaValidator does it
// (k8s.io/kube-openapi/pkg/validation/validate) and converted to field errors the way
// apiextensions-apiserver's ValidateCustomResource does. Paths are kube-openapi's: `spec.list[0]`,
// and map entries `spec.labels.key`.
import {
  type FieldError,
  ROOT_FIELD,
  invalid,
  notSupported,
  required,
  tooLong,
  tooMany,
  typeInvalid,
  withRule,
} from "./field-error.js";
import { goFloat, goJson, goQuote } from "./go-text.js";
import { deepEqualJson, hasOwn, isObject, kindOf, type JsonObject, type ValueKind } from "./json-value.js";
import { listMapCorrelation } from "./list-map-correlation.js";
import type { SchemaNode } from "./schema-node.js";

/** The correlated value of the old object on an update, or undefined where there is none. */
type Old = { value: unknown } | undefined;

/**
 * Validates `data` against `node`; `path` is kube-openapi's error name ("" at the root). With an old
 * object (an update), validation ratchets like the apiserver's (CRDValidationRatcheting, GA in 1.33):
 * a value equal to its correlated old value (through properties, map keys and list-type=map keys) is
 * not validated again, so rules tightened after it was stored do not reject it.
 */
export function validateAgainstSchema(node: SchemaNode, data: unknown, path = "", oldObject?: unknown): FieldError[] {
  const out: FieldError[] = [];
  validateValue(node, data, path, out, oldObject === undefined ? undefined : { value: oldObject });
  return out;
}

function oldProperty(old: Old, key: string): Old {
  return old !== undefined && isObject(old.value) && hasOwn(old.value, key) ? { value: old.value[key] } : undefined;
}

/** kube-openapi's `<name> in body` prefix of messages. */
function inBody(path: string): string {
  return `${path} in body`;
}

/** The field of an error named `path`: the apiserver trims the leading dot of nested names. */
function fieldOf(path: string): string {
  return path === "" || path === "." ? ROOT_FIELD : path.replace(/^\./, "");
}

function validateValue(node: SchemaNode, data: unknown, path: string, out: FieldError[], old?: Old): void {
  if (old !== undefined && deepEqualJson(old.value, data)) return;
  if (data === null || data === undefined) {
    checkType(node, "null", path, out);
    checkEnum(node, null, path, out);
    return;
  }
  const kind = kindOf(data);
  if (node.types.length > 0 || node.format !== "") checkType(node, kind, path, out);
  if (node.anyOf.length > 0 || node.oneOf.length > 0 || node.allOf.length > 0 || node.not !== undefined) checkJunctors(node, data, path, out, old);
  if (kind === "string") {
    checkString(node, data as string, path, out);
    checkFormat(node, data as string, path, out);
  }
  if (kind === "integer" || kind === "number") checkNumber(node, data as number, kind, path, out);
  if (kind === "array") checkArray(node, data as unknown[], path, out, old);
  checkEnum(node, data, path, out);
  if (kind === "object") checkObject(node, data as JsonObject, path, out, old);
}

function invalidType(path: string, typeName: string, actual: string): FieldError {
  return withRule(typeInvalid(fieldOf(path), actual, `${inBody(path)} must be of type ${typeName}: ${goQuote(actual)}`), "type");
}

function checkType(node: SchemaNode, kind: ValueKind, path: string, out: FieldError[]): void {
  const types = node.types;
  if (kind === "null") {
    if (types.length > 0 && !node.nullable) out.push(invalidType(path, types.join(","), "null"));
    return;
  }
  const dataFormat = kind === "integer" ? "int64" : kind === "number" ? "float64" : "";
  const isIntFloat = kind === "integer" && types.includes("number");
  const isScalar = kind !== "string" && kind !== "array";
  if (isScalar && node.format !== "" && !(types.includes(kind) || dataFormat === node.format || isIntFloat)) {
    out.push(invalidType(path, node.format, dataFormat));
    return;
  }
  if (!(types.includes("number") || types.includes("integer")) && node.format !== "" && !isScalar) return;
  if (!(types.includes(kind) || isIntFloat)) out.push(invalidType(path, types.join(","), kind === "unsupported" ? "" : kind));
}

function checkJunctors(node: SchemaNode, data: unknown, path: string, out: FieldError[], old: Old): void {
  const validateAgainst = (alternative: SchemaNode) => {
    const result: FieldError[] = [];
    validateValue(alternative, data, path, result, old);
    return result;
  };
  const composite = (text: string, rule: string) => out.push(withRule(invalid(ROOT_FIELD, "", text), rule));
  if (node.anyOf.length > 0) {
    let best: FieldError[] | undefined;
    let succeeded = false;
    for (const alternative of node.anyOf) {
      const result = validateAgainst(alternative);
      if (result.length === 0) {
        succeeded = true;
        best = undefined;
        break;
      }
      best ??= result;
    }
    if (!succeeded) composite(`${goQuote(path)} must validate at least one schema (anyOf)`, "anyOf");
    if (best) out.push(...best);
  }
  if (node.oneOf.length > 0) {
    let best: FieldError[] | undefined;
    let validated = 0;
    for (const alternative of node.oneOf) {
      const result = validateAgainst(alternative);
      if (result.length === 0) {
        validated++;
        best = undefined;
      } else if (validated === 0) {
        best ??= result;
      }
    }
    if (validated !== 1) {
      const more = validated === 0 ? "Found none valid" : `Found ${validated} valid alternatives`;
      composite(`${goQuote(path)} must validate one and only one schema (oneOf). ${more}`, "oneOf");
      if (best) out.push(...best);
    }
  }
  if (node.allOf.length > 0) {
    let validated = 0;
    for (const part of node.allOf) {
      const result = validateAgainst(part);
      if (result.length === 0) validated++;
      out.push(...result);
    }
    if (validated !== node.allOf.length) {
      composite(`${goQuote(path)} must validate all the schemas (allOf)${validated === 0 ? ". None validated" : ""}`, "allOf");
    }
  }
  if (node.not && validateAgainst(node.not).length === 0) {
    composite(`${goQuote(path)} must not validate the schema (not)`, "not");
  }
}

function checkString(node: SchemaNode, data: string, path: string, out: FieldError[]): void {
  const { maxLength, minLength } = node.schema;
  if (typeof maxLength === "number" || typeof minLength === "number") {
    let length = 0;
    for (const _ of data) length++;
    if (typeof maxLength === "number" && length > maxLength) {
      out.push(withRule(tooLong(fieldOf(path), maxLength), "maxLength"));
      return;
    }
    if (typeof minLength === "number" && length < minLength) {
      out.push(withRule(invalid(fieldOf(path), data, `${inBody(path)} should be at least ${minLength} chars long`), "minLength"));
      return;
    }
  }
  const pattern = node.pattern;
  if (pattern !== undefined) {
    if (pattern.error !== undefined) {
      out.push(withRule(invalid(fieldOf(path), data, `${inBody(path)} should match '${pattern.source}, but pattern is invalid: ${pattern.error}'`), "pattern"));
    } else if (!pattern.test!(data)) {
      out.push(withRule(invalid(fieldOf(path), data, `${inBody(path)} should match '${pattern.source}'`), "pattern"));
    }
  }
}

function checkFormat(node: SchemaNode, data: string, path: string, out: FieldError[]): void {
  if (node.formatCheck !== undefined && !node.formatCheck(data)) {
    out.push(withRule(typeInvalid(fieldOf(path), data, `${inBody(path)} must be of type ${node.format}: ${goQuote(data)}`), "format"));
  }
}

/** swag.IsFloat64AJSONInteger: integral (within a relative epsilon) and within ±2^53. */
function isJsonInteger(value: number): boolean {
  if (!Number.isFinite(value) || Math.abs(value) > 2 ** 53) return false;
  if (Number.isInteger(value)) return true;
  const nearest = Math.round(value);
  return nearest !== 0 && Math.abs(value - nearest) / Math.abs(value) < 1e-9;
}

function checkNumber(node: SchemaNode, data: number, kind: ValueKind, path: string, out: FieldError[]): void {
  const { multipleOf, maximum, minimum, exclusiveMaximum, exclusiveMinimum } = node.schema;
  if (multipleOf === undefined && maximum === undefined && minimum === undefined) return;
  const field = fieldOf(path);
  const isInt = kind === "integer";
  if (typeof multipleOf === "number") {
    if (isInt && Math.trunc(multipleOf) !== 0) {
      const factor = Math.trunc(multipleOf);
      if (data % factor !== 0) out.push(withRule(invalid(field, data, `${inBody(path)} should be a multiple of ${factor}`), "multipleOf"));
    } else if (multipleOf < 0) {
      out.push(withRule(invalid(field, multipleOf, `factor MultipleOf declared for ${path} must be positive: ${goFloat(multipleOf)}`), "multipleOf"));
    } else {
      const ratio = multipleOf < 1 ? (1 / multipleOf) * data : data / multipleOf;
      if (!isJsonInteger(ratio)) out.push(withRule(invalid(field, data, `${inBody(path)} should be a multiple of ${goFloat(multipleOf)}`), "multipleOf"));
    }
  }
  if (typeof minimum === "number") {
    const bound = isInt ? Math.trunc(minimum) : minimum;
    if (exclusiveMinimum === true ? data <= bound : data < bound) {
      const text = isInt ? String(bound) : goFloat(bound);
      out.push(withRule(invalid(field, data, `${inBody(path)} should be greater than ${exclusiveMinimum === true ? "" : "or equal to "}${text}`), "minimum"));
    }
  }
  if (typeof maximum === "number") {
    const bound = isInt ? Math.trunc(maximum) : maximum;
    if (exclusiveMaximum === true ? data >= bound : data > bound) {
      const text = isInt ? String(bound) : goFloat(bound);
      out.push(withRule(invalid(field, data, `${inBody(path)} should be less than ${exclusiveMaximum === true ? "" : "or equal to "}${text}`), "maximum"));
    }
  }
}

function checkArray(node: SchemaNode, data: unknown[], path: string, out: FieldError[], old: Old): void {
  if (node.items !== undefined) {
    const correlate = old === undefined ? undefined : listMapCorrelation(node, old.value);
    for (let i = 0; i < data.length; i++) {
      const oldItem = correlate === undefined ? undefined : correlate(data[i]);
      validateValue(node.items, data[i], `${path}[${i}]`, out, oldItem === undefined ? undefined : { value: oldItem });
    }
  }
  const { minItems, maxItems } = node.schema;
  if (typeof minItems === "number" && data.length < minItems) {
    out.push(withRule(invalid(fieldOf(path), data.length, `${inBody(path)} should have at least ${minItems} items`), "minItems"));
  }
  if (typeof maxItems === "number" && data.length > maxItems) out.push(withRule(tooMany(fieldOf(path), data.length, maxItems), "maxItems"));
  if ((node.schema as { uniqueItems?: boolean }).uniqueItems === true) {
    const seen: string[] = [];
    for (const item of data) {
      const key = goJson(item);
      if (seen.includes(key)) {
        out.push(withRule(invalid(fieldOf(path), "", `${inBody(path)} shouldn't contain duplicates`), "uniqueItems"));
        break;
      }
      seen.push(key);
    }
  }
}

function checkEnum(node: SchemaNode, data: unknown, path: string, out: FieldError[]): void {
  const values = node.enum;
  if (values === undefined) return;
  if (data !== null && values.some((v) => enumMatches(data, v))) return;
  const supported = values.map((v) => (typeof v === "string" ? v : goJson(v)));
  out.push(withRule(notSupported(fieldOf(path), data, supported), "enum"));
}

/** basicCommonValidator: equal after converting the value to the enum entry's Go type. */
function enumMatches(data: unknown, entry: unknown): boolean {
  if (entry === null) return false;
  const kind = kindOf(data);
  switch (typeof entry) {
    case "string":
      if (kind === "string") return data === entry;
      // Go converts an int64 to string as a rune.
      if (kind === "integer") {
        const cp = data as number;
        const valid = cp >= 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
        return String.fromCodePoint(valid ? cp : 0xfffd) === entry;
      }
      return false;
    case "number":
      return (kind === "integer" || kind === "number") && data === entry;
    case "boolean":
      return data === entry;
    default:
      return compoundEquals(data, entry);
  }
}

/** reflect.DeepEqual of decoded data with an enum entry, whose numbers are all float64. */
function compoundEquals(data: unknown, entry: unknown): boolean {
  if (Array.isArray(entry)) {
    return Array.isArray(data) && data.length === entry.length && entry.every((e, i) => compoundEquals(data[i], e));
  }
  if (isObject(entry)) {
    if (!isObject(data)) return false;
    const keys = Object.keys(entry);
    return keys.length === Object.keys(data).length && keys.every((k) => hasOwn(data, k) && compoundEquals(data[k], entry[k]));
  }
  if (typeof entry === "number") return kindOf(data) === "number" && data === entry;
  return data === entry;
}

function checkObject(node: SchemaNode, data: JsonObject, path: string, out: FieldError[], old: Old): void {
  const { minProperties, maxProperties } = node.schema;
  if (typeof minProperties === "number" || typeof maxProperties === "number") {
    const count = Object.keys(data).length;
    if (typeof minProperties === "number" && count < minProperties) {
      out.push(withRule(invalid(fieldOf(path), count, `${inBody(path)} should have at least ${minProperties} properties`), "minProperties"));
      return;
    }
    if (typeof maxProperties === "number" && count > maxProperties) {
      out.push(withRule(tooMany(fieldOf(path), count, maxProperties), "maxProperties"));
      return;
    }
  }
  const additional = node.additionalProperties;
  if (additional !== undefined) {
    for (const key in data) {
      if (hasOwn(data, key) && !node.properties.has(key)) validateValue(additional, data[key], `${path}.${key}`, out, oldProperty(old, key));
    }
  }
  // Declared properties in schema order, as kube-openapi's objectValidator visits them.
  const names = node.propertyNames;
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    if (hasOwn(data, name)) validateValue(node.propertyNodes[i], data[name], path === "" ? name : `${path}.${name}`, out, oldProperty(old, name));
  }
  for (const name of node.required) {
    if (!hasOwn(data, name)) out.push(withRule(required(fieldOf(`${path}.${name}`)), "required"));
  }
}
