// A message's conversion plan: what each CR property holds, derived once from protobuf-es's descriptor, the
// module's table (tables.ts) and the file's policies. The plugin derives the same plans when it writes a
// table and checks them against the schema model (src/emit/convert), so the runtime and the CRD agree.
import { ScalarType, type DescEnum, type DescField, type DescMessage, type DescOneof } from "@bufbuild/protobuf";
import type { Int64Form } from "./scalars.js";
import type { AllowedValue, ConverterPolicies, FieldPolicy, MessageTable } from "./tables.js";

export type ScalarKind = "string" | "bool" | "bytes" | "int32" | "uint32" | "float" | "double";

export type MapKeyKind = "string" | "bool" | "int32" | "uint32" | "int64" | "uint64";

export interface ScalarPlan {
  kind: "scalar";
  scalar: ScalarKind;
  /** The only values the CRD accepts (its `enum`), if it lists them. */
  allowed: readonly AllowedValue[] | undefined;
}

/** 64-bit integers: the CRD's form, and how protobuf-es holds them (bigint, or string with jstype=JS_STRING). */
export interface Int64Plan {
  kind: "int64";
  unsigned: boolean;
  as: Int64Form;
  longAsString: boolean;
}

export type WrapperTypeName = keyof typeof WRAPPERS;

export type WellKnownTypeName = (typeof WELL_KNOWN)[number];

export type ValuePlan =
  | ScalarPlan
  | Int64Plan
  /** A protobuf enum: the names (and numbers, with names_and_numbers) the CRD lists. */
  | { kind: "enum"; desc: DescEnum; as: "names" | "names_and_numbers"; allowed: readonly AllowedValue[] }
  /** google.protobuf.NullValue: always JSON null. */
  | { kind: "null_value"; desc: DescEnum }
  /** A message in the module's tables, converted property by property. */
  | { kind: "message"; desc: DescMessage }
  /** A message the CRD keeps opaque (recursion cut off): protobuf-es's JSON form. */
  | { kind: "opaque"; desc: DescMessage }
  /** A wrapper: the wrapped value or null. `boxed`: protobuf-es holds the wrapper message (lists, maps, oneofs). */
  | { kind: "wrapper"; desc: DescMessage; typeName: WrapperTypeName; inner: ScalarPlan | Int64Plan; boxed: boolean }
  | { kind: "well_known"; desc: DescMessage; typeName: WellKnownTypeName; goDuration: boolean }
  | { kind: "list"; item: ValuePlan }
  | { kind: "map"; key: MapKeyKind; value: ValuePlan };

export interface PropertyPlan {
  /** The CR property name. */
  name: string;
  field: DescField;
  value: ValuePlan;
  required: boolean;
  /** The (non-synthetic) oneof the field belongs to. */
  oneof: DescOneof | undefined;
}

export interface MessagePlan {
  desc: DescMessage;
  properties: PropertyPlan[];
  preservesUnknownFields: boolean;
}

export const DEFAULT_POLICIES: Required<ConverterPolicies> = { int64: "int_or_string", enums: "names", durations: "protojson", fieldNames: "json" };

/** What each wrapper holds. */
const WRAPPERS = {
  "google.protobuf.DoubleValue": { kind: "scalar", scalar: "double" },
  "google.protobuf.FloatValue": { kind: "scalar", scalar: "float" },
  "google.protobuf.Int64Value": { kind: "int64", unsigned: false },
  "google.protobuf.UInt64Value": { kind: "int64", unsigned: true },
  "google.protobuf.Int32Value": { kind: "scalar", scalar: "int32" },
  "google.protobuf.UInt32Value": { kind: "scalar", scalar: "uint32" },
  "google.protobuf.BoolValue": { kind: "scalar", scalar: "bool" },
  "google.protobuf.StringValue": { kind: "scalar", scalar: "string" },
  "google.protobuf.BytesValue": { kind: "scalar", scalar: "bytes" },
} as const;

/** Other well-known types with a protojson form of their own. */
const WELL_KNOWN = [
  "google.protobuf.Timestamp",
  "google.protobuf.Duration",
  "google.protobuf.FieldMask",
  "google.protobuf.Struct",
  "google.protobuf.Value",
  "google.protobuf.ListValue",
  "google.protobuf.Any",
  "google.protobuf.Empty",
] as const;

/** google.protobuf.FeatureSet.FieldPresence.IMPLICIT */
const IMPLICIT = 2;

/**
 * The plan of the message `table` describes. `expanded(typeName)`: whether a message has a table of its
 * own in the module (else the CRD keeps it opaque).
 */
export function messagePlan(table: MessageTable, expanded: (typeName: string) => boolean, policies: Required<ConverterPolicies>): MessagePlan {
  const [desc, fields, options] = table;
  const properties: PropertyPlan[] = [];
  for (const [name, entry] of Object.entries(fields)) {
    const policy: FieldPolicy = typeof entry === "number" ? { field: entry } : entry;
    const field = desc.fields.find((f) => f.number === policy.field);
    if (field === undefined) throw new Error(`protoc-gen-crd-ts: ${desc.typeName} has no field number ${policy.field} (property ${name}): regenerate the _pb and _crd_convert modules together`);
    const where = `${desc.typeName}.${field.name}`;
    const value = fieldValue(field, policy.allowed, expanded, policies, where);
    const oneof = field.oneof !== undefined && !isSyntheticOneof(field.oneof) ? field.oneof : undefined;
    properties.push({ name, field, value, required: policy.required === true, oneof });
  }
  return { desc, properties, preservesUnknownFields: options?.preservesUnknownFields === true };
}

function fieldValue(field: DescField, allowed: readonly AllowedValue[] | undefined, expanded: (typeName: string) => boolean, policies: Required<ConverterPolicies>, where: string): ValuePlan {
  const single = (position: "singular" | "item" | "value"): ValuePlan => {
    switch (field.fieldKind) {
      case "scalar":
        return scalarValue(field.scalar, field.longAsString, allowed, policies, where);
      case "enum":
        return enumValue(field.enum, allowed, policies);
      case "message":
        return messageValue(field.message, position, field, expanded, policies, allowed, where);
      case "list":
        switch (field.listKind) {
          case "scalar":
            return scalarValue(field.scalar, field.longAsString, allowed, policies, where);
          case "enum":
            return enumValue(field.enum, allowed, policies);
          case "message":
            return messageValue(field.message, position, field, expanded, policies, allowed, where);
        }
        break;
      case "map":
        switch (field.mapKind) {
          case "scalar":
            // protobuf-es applies jstype=JS_STRING to singular and repeated fields, never to map values.
            return scalarValue(field.scalar, false, allowed, policies, where);
          case "enum":
            return enumValue(field.enum, allowed, policies);
          case "message":
            return messageValue(field.message, position, field, expanded, policies, allowed, where);
        }
    }
  };
  switch (field.fieldKind) {
    case "list":
      return { kind: "list", item: single("item") };
    case "map":
      return { kind: "map", key: mapKeyKind(field.mapKey), value: single("value") };
    default:
      return single("singular");
  }
}

function scalarValue(scalar: ScalarType, longAsString: boolean, allowed: readonly AllowedValue[] | undefined, policies: Required<ConverterPolicies>, where: string): ScalarPlan | Int64Plan {
  const kind = scalarKind(scalar);
  if (kind === "int64" || kind === "uint64") {
    if (allowed !== undefined) throw new Error(`protoc-gen-crd-ts: ${where}: a 64-bit integer field cannot list allowed values`);
    return { kind: "int64", unsigned: kind === "uint64", as: policies.int64, longAsString };
  }
  return { kind: "scalar", scalar: kind, allowed };
}

function enumValue(desc: DescEnum, allowed: readonly AllowedValue[] | undefined, policies: Required<ConverterPolicies>): ValuePlan {
  if (desc.typeName === "google.protobuf.NullValue") return { kind: "null_value", desc };
  return { kind: "enum", desc, as: policies.enums, allowed: allowed ?? allEnumValues(desc, policies.enums) };
}

/** Every name in declaration order (aliases included), then, with names_and_numbers, every number once. */
export function allEnumValues(desc: DescEnum, as: "names" | "names_and_numbers"): AllowedValue[] {
  const names: AllowedValue[] = desc.values.map((v) => v.name);
  return as === "names" ? names : [...names, ...new Set(desc.values.map((v) => v.number))];
}

function messageValue(
  desc: DescMessage,
  position: "singular" | "item" | "value",
  field: DescField,
  expanded: (typeName: string) => boolean,
  policies: Required<ConverterPolicies>,
  allowed: readonly AllowedValue[] | undefined,
  where: string,
): ValuePlan {
  if (allowed !== undefined) throw new Error(`protoc-gen-crd-ts: ${where}: a message field cannot list allowed values`);
  const typeName = desc.typeName;
  if (Object.hasOwn(WRAPPERS, typeName)) {
    const wrapped = WRAPPERS[typeName as WrapperTypeName];
    const inner: ScalarPlan | Int64Plan =
      wrapped.kind === "scalar" ? { kind: "scalar", scalar: wrapped.scalar, allowed: undefined } : { kind: "int64", unsigned: wrapped.unsigned, as: policies.int64, longAsString: false };
    const boxed = position !== "singular" || (field.oneof !== undefined && !isSyntheticOneof(field.oneof));
    return { kind: "wrapper", desc, typeName: typeName as WrapperTypeName, inner, boxed };
  }
  if ((WELL_KNOWN as readonly string[]).includes(typeName)) {
    return { kind: "well_known", desc, typeName: typeName as WellKnownTypeName, goDuration: typeName === "google.protobuf.Duration" && policies.durations === "go" };
  }
  return { kind: expanded(typeName) ? "message" : "opaque", desc };
}

function scalarKind(scalar: ScalarType): ScalarKind | "int64" | "uint64" {
  switch (scalar) {
    case ScalarType.STRING:
      return "string";
    case ScalarType.BOOL:
      return "bool";
    case ScalarType.BYTES:
      return "bytes";
    case ScalarType.DOUBLE:
      return "double";
    case ScalarType.FLOAT:
      return "float";
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return "int32";
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return "uint32";
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return "int64";
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return "uint64";
  }
}

/** How a map field's key is written as a JSON object key; the schema model records the same (message-schema.ts). */
export function mapKeyKind(key: ScalarType): MapKeyKind {
  const kind = scalarKind(key);
  return kind === "bytes" || kind === "double" || kind === "float" ? "string" : kind;
}

/** proto3 `optional` fields sit in a synthetic oneof of their own; they are plain fields with presence. */
export function isSyntheticOneof(oneof: DescOneof): boolean {
  return oneof.fields.length === 1 && oneof.fields[0].proto.proto3Optional === true;
}

/** Whether a field is written only when set: message fields, proto3 `optional`, and explicit presence (proto2, editions). */
export function presence(field: DescField): "implicit" | "defined" | "own" {
  if (field.fieldKind === "message") return "defined";
  if (field.fieldKind === "scalar" || field.fieldKind === "enum") {
    if (field.proto.proto3Optional) return "defined";
    if (field.presence !== IMPLICIT) return "own";
  }
  return "implicit";
}
