// Well-known types as a table: each entry gives the schema of the type's protojson form.
import type { GeneratorOptions } from "../plugin/parameters.js";
import type { JSONSchemaProps } from "./kubernetes.js";
import type { ValueEncoding, WellKnownTypeName, WrappedValueEncoding, WrapperTypeName } from "./model.js";
import { schemaFor64Bit } from "./scalars.js";

type WellKnownSchema = (options: GeneratorOptions) => JSONSchemaProps;

/** time.ParseDuration's grammar: an optional sign, then "0" or numbers with units (ns, us, µs, μs, ms, s, m, h). */
export const GO_DURATION_PATTERN = "^[-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+)$";

const INT32 = { type: "integer", format: "int32", minimum: -2147483648, maximum: 2147483647 } as const;
const UINT32 = { type: "integer", format: "int64", minimum: 0, maximum: 4294967295 } as const;

const WELL_KNOWN_TYPES: Record<WellKnownTypeName, WellKnownSchema> = {
  // RFC 3339; CEL sees a timestamp.
  "google.protobuf.Timestamp": () => ({ type: "string", format: "date-time" }),
  // Only protojson's seconds form: Kubernetes' `format: duration` would also accept Go forms like "1h".
  // durations=go: what Go's time.ParseDuration accepts (metav1.Duration's JSON form), e.g. "30ms", "1h30m".
  "google.protobuf.Duration": (o) =>
    o.durations === "go"
      ? { type: "string", pattern: GO_DURATION_PATTERN }
      : { type: "string", pattern: "^-?[0-9]+(\\.[0-9]{1,9})?s$" },
  // Comma-separated lowerCamel paths.
  "google.protobuf.FieldMask": () => ({
    type: "string",
    pattern: "^([a-z][a-zA-Z0-9]*(\\.[a-z][a-zA-Z0-9]*)*(,[a-z][a-zA-Z0-9]*(\\.[a-z][a-zA-Z0-9]*)*)*)?$",
  }),
  "google.protobuf.Struct": () => ({ type: "object", "x-kubernetes-preserve-unknown-fields": true }),
  // Any JSON value, null included.
  "google.protobuf.Value": () => ({ nullable: true, "x-kubernetes-preserve-unknown-fields": true }),
  "google.protobuf.ListValue": () => ({
    type: "array",
    items: { nullable: true, "x-kubernetes-preserve-unknown-fields": true },
  }),
  "google.protobuf.Any": () => ({
    type: "object",
    required: ["@type"],
    properties: { "@type": { type: "string", minLength: 1 } },
    "x-kubernetes-preserve-unknown-fields": true,
  }),
  "google.protobuf.Empty": () => ({ type: "object", maxProperties: 0 }),
  // Wrappers: absent and null both mean "not set".
  "google.protobuf.DoubleValue": () => ({ type: "number", format: "double", nullable: true }),
  "google.protobuf.FloatValue": () => ({ type: "number", format: "float", nullable: true }),
  "google.protobuf.Int64Value": (o) => ({ ...schemaFor64Bit(false, o.int64).schema, nullable: true }),
  "google.protobuf.UInt64Value": (o) => ({ ...schemaFor64Bit(true, o.int64).schema, nullable: true }),
  "google.protobuf.Int32Value": () => ({ ...INT32, nullable: true }),
  "google.protobuf.UInt32Value": () => ({ ...UINT32, nullable: true }),
  "google.protobuf.BoolValue": () => ({ type: "boolean", nullable: true }),
  "google.protobuf.StringValue": () => ({ type: "string", nullable: true }),
  "google.protobuf.BytesValue": () => ({ type: "string", format: "byte", nullable: true }),
};

export function isWellKnownType(typeName: string): typeName is WellKnownTypeName {
  return Object.hasOwn(WELL_KNOWN_TYPES, typeName);
}

export function schemaForWellKnownType(typeName: WellKnownTypeName, options: GeneratorOptions): JSONSchemaProps {
  return WELL_KNOWN_TYPES[typeName](options);
}

/** What each wrapper holds; its schema above is this value's schema, made nullable. */
const WRAPPED_VALUES: Record<WrapperTypeName, (options: GeneratorOptions) => WrappedValueEncoding> = {
  "google.protobuf.DoubleValue": () => ({ kind: "scalar", scalar: "double" }),
  "google.protobuf.FloatValue": () => ({ kind: "scalar", scalar: "float" }),
  "google.protobuf.Int64Value": (o) => ({ kind: "int64", unsigned: false, as: o.int64 }),
  "google.protobuf.UInt64Value": (o) => ({ kind: "int64", unsigned: true, as: o.int64 }),
  "google.protobuf.Int32Value": () => ({ kind: "scalar", scalar: "int32" }),
  "google.protobuf.UInt32Value": () => ({ kind: "scalar", scalar: "uint32" }),
  "google.protobuf.BoolValue": () => ({ kind: "scalar", scalar: "bool" }),
  "google.protobuf.StringValue": () => ({ kind: "scalar", scalar: "string" }),
  "google.protobuf.BytesValue": () => ({ kind: "scalar", scalar: "bytes" }),
};

/** How a node made from a well-known type encodes its value. */
export function encodingForWellKnownType(typeName: WellKnownTypeName, options: GeneratorOptions): ValueEncoding {
  if (Object.hasOwn(WRAPPED_VALUES, typeName)) {
    const wrapper = typeName as WrapperTypeName;
    return { kind: "wrapper", typeName: wrapper, value: WRAPPED_VALUES[wrapper](options) };
  }
  if (typeName === "google.protobuf.Duration" && options.durations === "go") return { kind: "well_known", typeName, goDuration: true };
  return { kind: "well_known", typeName: typeName as Exclude<WellKnownTypeName, WrapperTypeName> };
}
