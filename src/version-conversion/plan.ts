// What a generated conversion module declares: how each version's fields map onto the storage version
// (the hub). Paths are JSON property names from the object root; "*" is every item of a list or
// every value of a map.

export type FieldPath = readonly string[];

export interface SpokePlan {
  /** Fields of the hub this version cannot hold (kept in an annotation when converting to it). */
  hubOnly: readonly FieldPath[];
  /** Fields of this version the hub cannot hold (kept in an annotation when converting to the hub). */
  spokeOnly: readonly FieldPath[];
  /** Same proto field, another place: `spoke` in this version is `hub` in the hub (renames and moves). */
  moves: readonly { spoke: FieldPath; hub: FieldPath }[];
  /**
   * Same proto field, values written differently (renamed enum values, a wider or narrower integer,
   * 64-bit integers as strings or numbers, a wrapper or a plain scalar). `spoke` and `hub` are the
   * field's paths before and after the moves.
   */
  values?: readonly ValueConversion[];
}

/** How one field's values change between a version and the hub, each way. */
export interface ValueConversion {
  spoke: FieldPath;
  hub: FieldPath;
  toHub: ValueMap;
  toSpoke: ValueMap;
}

/**
 * How a scalar value becomes the target version's value. A value it cannot map (and one that would not
 * map back to itself) is kept in the annotation, so round trips stay exact.
 */
export interface ValueMap {
  /** Enum values of the source (names, or numbers as strings) → the target's value of the same number. */
  enum?: Readonly<Record<string, string | number>>;
  /** The target holds 64-bit integers only as decimal strings, or only as JSON numbers. */
  int64?: "string" | "number";
  /** Integer bounds of the target, inclusive. */
  minimum?: number;
  maximum?: number;
  /** The target does not accept null. */
  nonNull?: true;
}

export interface ConversionPlan {
  group: string;
  kind: string;
  /** The storage version: every conversion goes through it. */
  hub: string;
  /** Every version except the hub. */
  spokes: Readonly<Record<string, SpokePlan>>;
}

/**
 * Where fields a version cannot hold are kept: `conversion.protoc-gen-crd-ts/<version>` holds, as JSON,
 * the values of `<version>`'s fields that the object's current version has no place for.
 */
export const PRESERVED_ANNOTATION_PREFIX = "conversion.protoc-gen-crd-ts/";

export class ConversionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConversionError";
  }
}
