// What a generated converters module (`<proto>_crd_convert.ts`) writes: for each message a custom resource
// reaches, which CR property holds which field, plus the few CRD decisions the descriptor does not carry.
// Everything else (scalar checks, 64-bit integers, enums, well-known types, oneofs, presence) follows from
// protobuf-es's descriptor and the file's policies, and is done by this runtime (plan.ts, to-json.ts,
// from-json.ts).
import type { DescMessage } from "@bufbuild/protobuf";
import type { Int64Form } from "./scalars.js";

/** A value a CRD lists in an `enum`: an enum name or number, or one of the only strings a field accepts. */
export type AllowedValue = string | number | boolean;

/** A field whose CR property needs more than its number. */
export interface FieldPolicy {
  /** The field's number in its message. */
  field: number;
  /** The CRD requires the property: it is always written, and a CR without it is refused. */
  required?: boolean;
  /**
   * The values the CRD's `enum` lists for the field (for a list or map: its items or values): the only
   * strings (or numbers) it accepts, or, for a protobuf enum, the names (and numbers) when they are not all
   * the enum's values (some hidden, or *_UNSPECIFIED excluded).
   */
  allowed?: readonly AllowedValue[];
}

/** CR property name → the field's number, or its FieldPolicy. In the order of the CRD's properties. */
export interface FieldTable {
  readonly [property: string]: number | FieldPolicy;
}

export interface MessageOptions {
  /** The CRD keeps unknown fields of this message (x-kubernetes-preserve-unknown-fields): they are skipped, not refused. */
  preservesUnknownFields?: boolean;
}

/** One message: its protobuf-es descriptor (`…Schema`) and its properties. */
export type MessageTable = readonly [schema: DescMessage, fields: FieldTable, options?: MessageOptions];

/** The plugin options that decide the CR forms of a whole file; a module writes those that are not the default. */
export interface ConverterPolicies {
  /** `int64` option: 64-bit integers as decimal strings (or safe integers), integers only, or strings only. Default int_or_string. */
  int64?: Int64Form;
  /** `enums` option: enum values as names, or names and numbers. Default names. */
  enums?: "names" | "names_and_numbers";
  /** `durations` option: google.protobuf.Duration as protojson's seconds ("1.5s") or Go's form ("1h30m"). Default protojson. */
  durations?: "protojson" | "go";
  /** `field_names` option, for messages written by protobuf-es (kept opaque in the CRD). Default json. */
  fieldNames?: "json" | "proto";
}
