// What the generated converters (`<proto>_crd_convert.ts`) share: the error they throw, their options,
// and the checks of JSON shapes. Imported from "protoc-gen-crd-ts", versioned with the plugin.
import type { Registry } from "@bufbuild/protobuf";

/** A value that cannot be converted: `path` is where in the custom resource, `reason` why. */
export class ConversionError extends Error {
  readonly path: string;
  readonly reason: string;

  constructor(path: string, reason: string) {
    super(path === "" ? reason : `${path}: ${reason}`);
    this.name = "ConversionError";
    this.path = path;
    this.reason = reason;
  }
}

/** Options of the from… functions. */
export interface FromOptions {
  /** Skip properties the CRD does not define instead of failing on them (the API server prunes them). */
  ignoreUnknownFields?: boolean;
  /** The message types google.protobuf.Any values may hold. */
  registry?: Registry;
}

/** Options of the to… functions (used by modules with google.protobuf.Any fields). */
export interface ToOptions {
  /** The message types google.protobuf.Any values may hold. */
  registry?: Registry;
}

/** Throws a ConversionError for the value at `path`. */
export function fail(path: string, detail: string): never {
  throw new ConversionError(path, detail);
}

/** Fails with "required value" for a missing value, else with what was expected and what was found. */
export function expected(what: string, value: unknown, path: string): never {
  return fail(path, value === undefined ? "required value" : `expected ${what}, got ${describe(value)}`);
}

export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  switch (typeof value) {
    case "object":
      return "an object";
    case "string":
      return JSON.stringify(value.length > 64 ? value.slice(0, 64) + "…" : value);
    case "number":
    case "boolean":
    case "bigint":
      return String(value);
    default:
      return typeof value;
  }
}
