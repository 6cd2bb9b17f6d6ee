// The schema model: what the descriptors become before any file is written.
// Every artifact (CRD YAML, TypeScript types, validators, converters) is emitted from this model,
// so each mapping decision is taken once, here and in the files that build it.
import type { DescField, DescMessage } from "@bufbuild/protobuf";
import type { SourceLocation } from "./diagnostics.js";
import type { CustomResourceDefinition, JSONSchemaProps } from "./kubernetes.js";
import type { RbacRuleModel } from "./rbac-rules.js";

/** How a schema node's JSON value relates to the protobuf value it came from. */
export type ValueEncoding =
  | { kind: "scalar"; scalar: ScalarKind }
  | { kind: "int64"; unsigned: boolean; as: "int_or_string" | "integer" | "string" }
  | { kind: "enum"; typeName: string; as: "names" | "names_and_numbers" }
  | { kind: "message"; typeName: string }
  | { kind: "opaque"; typeName: string; reason: "recursion" | "preserve_unknown_fields" }
  /** `goDuration`: a google.protobuf.Duration written as Go/Kubernetes writes durations ("1h30m0s"), durations=go. */
  | { kind: "well_known"; typeName: Exclude<WellKnownTypeName, WrapperTypeName>; goDuration?: true }
  | { kind: "wrapper"; typeName: WrapperTypeName; value: WrappedValueEncoding }
  | { kind: "list" }
  | { kind: "map"; keyScalar: MapKeyKind };

/** What a wrapper (google.protobuf.*Value) holds: the same encoding its scalar would have. */
export type WrappedValueEncoding = Extract<ValueEncoding, { kind: "scalar" } | { kind: "int64" }>;

// The runtime converters (src/conversion) name the same kinds; the model uses theirs, so both agree.
export type { MapKeyKind, ScalarKind } from "../conversion/plan.js";
import type { MapKeyKind, ScalarKind } from "../conversion/plan.js";

export type WellKnownTypeName =
  | "google.protobuf.Timestamp"
  | "google.protobuf.Duration"
  | "google.protobuf.FieldMask"
  | "google.protobuf.Struct"
  | "google.protobuf.Value"
  | "google.protobuf.ListValue"
  | "google.protobuf.Any"
  | "google.protobuf.Empty"
  | WrapperTypeName;

export type WrapperTypeName =
  | "google.protobuf.DoubleValue"
  | "google.protobuf.FloatValue"
  | "google.protobuf.Int64Value"
  | "google.protobuf.UInt64Value"
  | "google.protobuf.Int32Value"
  | "google.protobuf.UInt32Value"
  | "google.protobuf.BoolValue"
  | "google.protobuf.StringValue"
  | "google.protobuf.BytesValue";

/** What the model knows about each schema node it built, keyed by node identity. */
export interface SchemaAnnotations {
  /** Where in the .proto sources a node (or a property) was declared. */
  origins: Map<JSONSchemaProps, SourceLocation>;
  /** The protobuf field a property node was made from. */
  fields: Map<JSONSchemaProps, DescField>;
  /** How the node's JSON value encodes the protobuf value. */
  encodings: Map<JSONSchemaProps, ValueEncoding>;
}

export interface ResourceVersionModel {
  name: string;
  message: DescMessage;
  specField: DescField | undefined;
  statusField: DescField | undefined;
  /** The location of the `(crd.v1.resource)` option. */
  location: SourceLocation;
  protoFile: string;
}

/** One CustomResourceDefinition, possibly with several versions made from several messages. */
export interface ResourceModel {
  group: string;
  kind: string;
  plural: string;
  versions: ResourceVersionModel[];
  crd: CustomResourceDefinition;
  annotations: SchemaAnnotations;
  /** Extra rules for the generated ClusterRoles, from every version's `rbac_rules`. */
  rbacRules: RbacRuleModel[];
  /** The `(crd.v1.resource)` option of the storage version: where CRD-level problems are reported. */
  location: SourceLocation;
}
