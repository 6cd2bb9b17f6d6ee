// Well-known types as a table: each entry gives the schema of the type's protojson form.
import type { GeneratorOptions } from "../plugin/parameters.js";
import type { JSONSchemaProps } from "./kubernetes.js";
import type { WellKnownTypeName } from "./model.js";
import { schemaFor64Bit } from "./scalars.js";

type WellKnownSchema = (options: GeneratorOptions) => JSONSchemaProps;

const INT32 = { type: "integer", format: "int32", minimum: -2147483648, maximum: 2147483647 } as const;
const UINT32 = { type: "integer", format: "int64", minimum: 0, maximum: 4294967295 } as const;

const WELL_KNOWN_TYPES: Record<WellKnownTypeName, WellKnownSchema> = {
  // RFC 3339; CEL sees a timestamp.
  "google.protobuf.Timestamp": () => ({ type: "string", format: "date-time" }),
  // Only protojson's seconds form: Kubernetes' `format: duration` would also accept Go forms like "1h".
  "google.protobuf.Duration": () => ({ type: "string", pattern: "^-?[0-9]+(\\.[0-9]{1,9})?s$" }),
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
