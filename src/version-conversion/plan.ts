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
