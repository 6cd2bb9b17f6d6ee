// `(crd.v1.field)` options → OpenAPI keywords on the node a field became. Like controller-gen's markers,
// they are applied after the type walk; each keyword is checked against the kind of node it lands on.
import { ScalarType, type DescField } from "@bufbuild/protobuf";
import type { FieldSchema, MapKeySchema, Rule } from "../gen/crd/v1/options_pb.js";
import type { SourceLocation } from "./diagnostics.js";
import type { DiagnosticSink } from "./diagnostics-sink.js";
import type { JSONSchemaProps, JsonValue, ValidationRule } from "./kubernetes.js";
import { FIELD_EXTENSION, fieldSchemaNumber } from "./option-numbers.js";
import { locateOption } from "./source-location.js";

export type NodeKind = "string" | "integer" | "number" | "boolean" | "array" | "object" | "int-or-string" | "untyped";

export function nodeKind(node: JSONSchemaProps): NodeKind {
  if (node["x-kubernetes-int-or-string"]) return "int-or-string";
  return node.type ?? "untyped";
}

export interface OptionTarget {
  field: DescField;
  /** Display name of the property, e.g. `errorCode` or `errorCode[*]`. */
  name: string;
  /** FieldSchema field numbers from `(crd.v1.field)` down to this option, e.g. [30] inside `items`. */
  within: number[];
  /** Whether the field is a proto map (for `keys`) and which node holds its values. */
  isMap: boolean;
  /** Enum value names, when the node is a proto enum (for `enum` restrictions). */
  enumNames?: readonly string[];
  /** Turns enum names into the CRD's listed values (names, or names and numbers). */
  enumValuesFor?: (names: ReadonlySet<string>) => JsonValue[];
}

const NUMERIC: NodeKind[] = ["integer", "number", "int-or-string"];
const STRINGISH: NodeKind[] = ["string", "int-or-string"];

export function applyFieldSchema(node: JSONSchemaProps, opt: FieldSchema, target: OptionTarget, sink: DiagnosticSink): void {
  let kind = nodeKind(node);
  const at = (keyword: string): SourceLocation =>
    locateOption(target.field, FIELD_EXTENSION, ...target.within, fieldSchemaNumber(keyword));
  const requireKind = (keyword: string, optionName: string, allowed: NodeKind[]): boolean => {
    if (allowed.includes(kind)) return true;
    sink.error(
      "option/wrong-type",
      `option ${optionName} does not apply to ${target.name}, which is ${describeKind(kind)} (it applies to ${describeKinds(allowed)})` +
        (kind === "array" || (kind === "object" && target.isMap) ? `; to constrain elements use items: {${optionName}: ...}` : "") +
        (kind === "string" && is64BitInteger(target.field) ? "; int64=string makes 64-bit integers strings: use int64=int_or_string or int64=integer for numeric bounds" : ""),
      at(keyword),
    );
    return false;
  };

  if (opt.nullable) node.nullable = true;
  // First, so that the other keywords (pattern, maximum, …) are checked against the int-or-string node.
  if (opt.intOrString && requireKind("intOrString", "int_or_string", ["string", "integer", "int-or-string"])) {
    delete node.type;
    delete node.format;
    node["x-kubernetes-int-or-string"] = true;
    node.anyOf = [{ type: "integer" }, { type: "string" }];
    kind = nodeKind(node);
  }
  if (opt.minimum !== undefined && requireKind("minimum", "minimum", NUMERIC)) node.minimum = opt.minimum;
  if (opt.maximum !== undefined && requireKind("maximum", "maximum", NUMERIC)) node.maximum = opt.maximum;
  if (opt.exclusiveMinimum) {
    if (opt.minimum === undefined) sink.error("option/exclusive-without-bound", `option exclusive_minimum on ${target.name} needs minimum: it makes that bound exclusive, e.g. {minimum: 0, exclusive_minimum: true}`, at("exclusiveMinimum"));
    else if (requireKind("exclusiveMinimum", "exclusive_minimum", NUMERIC)) node.exclusiveMinimum = true;
  }
  if (opt.exclusiveMaximum) {
    if (opt.maximum === undefined) sink.error("option/exclusive-without-bound", `option exclusive_maximum on ${target.name} needs maximum: it makes that bound exclusive, e.g. {maximum: 1, exclusive_maximum: true}`, at("exclusiveMaximum"));
    else if (requireKind("exclusiveMaximum", "exclusive_maximum", NUMERIC)) node.exclusiveMaximum = true;
  }
  if (opt.multipleOf !== undefined && requireKind("multipleOf", "multiple_of", NUMERIC)) {
    if (!(opt.multipleOf > 0)) sink.error("option/multiple-of", `option multiple_of on ${target.name} must be greater than 0`, at("multipleOf"));
    else node.multipleOf = opt.multipleOf;
  }
  if (opt.minLength !== undefined && requireKind("minLength", "min_length", STRINGISH)) node.minLength = Number(opt.minLength);
  if (opt.maxLength !== undefined && requireKind("maxLength", "max_length", STRINGISH)) node.maxLength = Number(opt.maxLength);
  if (opt.pattern !== "" && requireKind("pattern", "pattern", STRINGISH)) node.pattern = opt.pattern;
  if (opt.format !== "" && requireKind("format", "format", ["string", "integer", "number", "int-or-string"])) node.format = opt.format;
  if (opt.minItems !== undefined && requireKind("minItems", "min_items", ["array"])) node.minItems = Number(opt.minItems);
  if (opt.maxItems !== undefined && requireKind("maxItems", "max_items", ["array"])) node.maxItems = Number(opt.maxItems);
  if (opt.minProperties !== undefined && requireKind("minProperties", "min_properties", ["object"])) node.minProperties = Number(opt.minProperties);
  if (opt.maxProperties !== undefined && requireKind("maxProperties", "max_properties", ["object"])) node.maxProperties = Number(opt.maxProperties);
  if (opt.enum.length > 0) applyEnum(node, kind, opt.enum, target, sink, at("enum"));
  if (opt.listType !== "" && requireKind("listType", "list_type", ["array"])) {
    if (opt.listType === "atomic" || opt.listType === "set" || opt.listType === "map") node["x-kubernetes-list-type"] = opt.listType;
    else sink.error("option/list-type", `option list_type on ${target.name} must be atomic, set or map, not "${opt.listType}"`, at("listType"));
  }
  if (opt.listMapKeys.length > 0 && requireKind("listMapKeys", "list_map_keys", ["array"])) node["x-kubernetes-list-map-keys"] = [...opt.listMapKeys];
  if (opt.mapType !== "" && requireKind("mapType", "map_type", ["object"])) {
    if (opt.mapType === "atomic" || opt.mapType === "granular") node["x-kubernetes-map-type"] = opt.mapType;
    else sink.error("option/map-type", `option map_type on ${target.name} must be atomic or granular, not "${opt.mapType}"`, at("mapType"));
  }
  if (opt.preserveUnknownFields && requireKind("preserveUnknownFields", "preserve_unknown_fields", ["object", "untyped"])) {
    node["x-kubernetes-preserve-unknown-fields"] = true;
  }
  if (opt.embeddedResource && requireKind("embeddedResource", "embedded_resource", ["object"])) {
    node["x-kubernetes-embedded-resource"] = true;
  }
  if (opt.title !== "") node.title = opt.title;
  if (opt.default !== "") {
    const value = parseJson(opt.default);
    if (value === undefined) sink.error("option/default-json", `option default on ${target.name} is not valid JSON: ${opt.default} (write JSON text: a string needs quotes, e.g. default: "\\"fast\\"")`, at("default"));
    else node.default = value;
  }
  if (opt.example !== "") {
    const value = parseJson(opt.example);
    if (value === undefined) sink.error("option/example-json", `option example on ${target.name} is not valid JSON: ${opt.example} (write JSON text: a string needs quotes, e.g. example: "\\"fast\\"")`, at("example"));
    else node.example = value;
  }
  for (const rule of opt.validations) addRule(node, validationRule(rule));
  if (opt.immutable) addRule(node, { rule: "self == oldSelf", message: `${target.name} is immutable` });
  if (opt.keys) {
    if (!target.isMap) sink.error("option/wrong-type", `option keys applies to map fields, and ${target.name} is not a map`, at("keys"));
    else {
      const rule = mapKeyRule(opt.keys);
      if (rule) addRule(node, rule);
    }
  }
}

export function validationRule(rule: Rule): ValidationRule {
  const result: ValidationRule = { rule: rule.rule };
  if (rule.message !== "") result.message = rule.message;
  if (rule.messageExpression !== "") result.messageExpression = rule.messageExpression;
  if (rule.reason !== "") result.reason = rule.reason as ValidationRule["reason"];
  if (rule.fieldPath !== "") result.fieldPath = rule.fieldPath;
  if (rule.optionalOldSelf) result.optionalOldSelf = true;
  return result;
}

export function addRule(node: JSONSchemaProps, rule: ValidationRule): void {
  (node["x-kubernetes-validations"] ??= []).push(rule);
}

/** Kubernetes has no `propertyNames`: key constraints become one CEL rule over the keys. */
function mapKeyRule(keys: MapKeySchema): ValidationRule | undefined {
  const conditions: string[] = [];
  const parts: string[] = [];
  if (keys.minLength !== undefined) conditions.push(`size(k) >= ${keys.minLength}`);
  if (keys.maxLength !== undefined) conditions.push(`size(k) <= ${keys.maxLength}`);
  if (keys.minLength !== undefined && keys.maxLength !== undefined) parts.push(`be ${keys.minLength} to ${keys.maxLength} characters long`);
  else if (keys.minLength !== undefined) parts.push(`be at least ${keys.minLength} characters long`);
  else if (keys.maxLength !== undefined) parts.push(`be at most ${keys.maxLength} characters long`);
  if (keys.pattern !== "") {
    conditions.push(`k.matches(${celString(keys.pattern)})`);
    parts.push(`match ${keys.pattern}`);
  }
  if (conditions.length === 0) return undefined;
  return { rule: `self.all(k, ${conditions.join(" && ")})`, message: `keys must ${parts.join(" and ")}` };
}

function applyEnum(node: JSONSchemaProps, kind: NodeKind, raw: string[], target: OptionTarget, sink: DiagnosticSink, at: SourceLocation): void {
  if (target.enumNames && target.enumValuesFor) {
    const unknown = raw.filter((name) => !target.enumNames!.includes(name));
    if (unknown.length > 0) {
      sink.error("option/enum-value", `option enum on ${target.name} names ${unknown.map((n) => `"${n}"`).join(", ")}, not values of its enum (${target.enumNames.join(", ")})`, at);
      return;
    }
    node.enum = target.enumValuesFor(new Set(raw));
    return;
  }
  const values: JsonValue[] = [];
  for (const text of raw) {
    const value = enumValueAs(kind, text);
    if (value === undefined) {
      sink.error(
        "option/enum-value",
        `option enum on ${target.name}: "${text}" is not a value of ${target.name}, which is ${describeKind(kind)} (write numbers as decimal text, booleans as true or false)`,
        at,
      );
      return;
    }
    values.push(value);
  }
  node.enum = values;
}

function enumValueAs(kind: NodeKind, text: string): JsonValue | undefined {
  switch (kind) {
    case "string":
      return text;
    case "integer":
      return /^-?[0-9]+$/.test(text) ? Number(text) : undefined;
    case "number":
      return text.trim() !== "" && Number.isFinite(Number(text)) ? Number(text) : undefined;
    case "boolean":
      return text === "true" ? true : text === "false" ? false : undefined;
    case "int-or-string":
      return /^-?[0-9]+$/.test(text) ? Number(text) : text;
    default:
      return undefined;
  }
}

/** `string, integer or int-or-string values`, `lists`. */
function describeKinds(kinds: readonly NodeKind[]): string {
  const words = kinds.map((k) => (k === "array" ? "list" : k === "object" ? "object (message or map)" : k));
  const list = words.length === 1 ? words[0] : `${words.slice(0, -1).join(", ")} or ${words[words.length - 1]}`;
  return `${list} values`;
}

function is64BitInteger(field: DescField): boolean {
  const scalar =
    field.fieldKind === "scalar" ? field.scalar
    : field.fieldKind === "list" && field.listKind === "scalar" ? field.scalar
    : field.fieldKind === "map" && field.mapKind === "scalar" ? field.scalar
    : undefined;
  return scalar === ScalarType.INT64 || scalar === ScalarType.SINT64 || scalar === ScalarType.SFIXED64 || scalar === ScalarType.UINT64 || scalar === ScalarType.FIXED64;
}

function describeKind(kind: NodeKind): string {
  switch (kind) {
    case "array":
      return "a list";
    case "object":
      return "an object";
    case "int-or-string":
      return "an int-or-string";
    case "untyped":
      return "an untyped value";
    case "integer":
      return "an integer";
    default:
      return `a ${kind}`;
  }
}

function parseJson(text: string): JsonValue | undefined {
  try {
    return JSON.parse(text) as JsonValue;
  } catch {
    return undefined;
  }
}

export function celString(text: string): string {
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
}
