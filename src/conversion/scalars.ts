// Scalars whose JSON form needs checking: map keys, 32-bit floats, bytes and 64-bit integers (each CRD
// policy of the `int64` option).
import { base64Decode } from "@bufbuild/protobuf/wire";
import { expected, fail } from "./errors.js";

export function boolMapKey(key: string, path: string): string {
  return key === "true" || key === "false" ? key : fail(`${path}[${key}]`, "map key must be true or false");
}

export function int32MapKey(key: string, path: string): string {
  if (/^-?[0-9]+$/.test(key)) {
    const n = Number(key);
    if (n >= -2147483648 && n <= 2147483647) return String(n);
  }
  return fail(`${path}[${key}]`, "map key must be a 32-bit integer");
}

export function uint32MapKey(key: string, path: string): string {
  if (/^[0-9]+$/.test(key)) {
    const n = Number(key);
    if (n >= 0 && n <= 4294967295) return String(n);
  }
  return fail(`${path}[${key}]`, "map key must be an unsigned 32-bit integer");
}

export function int64MapKey(key: string, path: string): string {
  if (/^-?[0-9]+$/.test(key)) {
    const n = BigInt(key);
    if (n >= BigInt("-9223372036854775808") && n <= BigInt("9223372036854775807")) return String(n);
  }
  return fail(`${path}[${key}]`, "map key must be a 64-bit integer");
}

export function uint64MapKey(key: string, path: string): string {
  if (/^[0-9]+$/.test(key)) {
    const n = BigInt(key);
    if (n >= BigInt("0") && n <= BigInt("18446744073709551615")) return String(n);
  }
  return fail(`${path}[${key}]`, "map key must be an unsigned 64-bit integer");
}

export function floatFromJson(value: unknown, path: string): number {
  if (typeof value === "number" && Number.isFinite(value) && Math.abs(value) <= 3.4028234663852886e38) return value;
  return expected("a 32-bit float", value, path);
}

/** Standard or URL-safe base64, with or without padding, as protojson reads it. */
export function bytesFromJson(value: unknown, path: string): Uint8Array {
  if (typeof value === "string" && /^[A-Za-z0-9+/_-]*={0,2}$/.test(value) && value.replace(/=+$/, "").length % 4 !== 1) {
    return base64Decode(value);
  }
  return expected("base64-encoded bytes", value, path);
}

export const INT64_ZERO = BigInt(0);

export const INT64_MIN = BigInt("-9223372036854775808");
export const INT64_MAX = BigInt("9223372036854775807");

export const UINT64_MAX = BigInt("18446744073709551615");

/** int64=integer: the CRD holds 64-bit integers as JSON numbers, exact only up to 2^53 - 1. */
export function int64ToNumber(value: bigint | string, path: string): number {
  const n = Number(value);
  if (Number.isSafeInteger(n)) return n;
  return fail(path, `${value} is not a safe integer: with int64=integer it cannot be written without losing digits`);
}

/** How the CRD holds 64-bit integers (the plugin's `int64` option). */
export type Int64Form = "int_or_string" | "integer" | "string";

const INT64_WHAT: Record<Int64Form, string> = {
  int_or_string: "a decimal string or a safe integer",
  integer: "a safe integer",
  string: "a decimal string",
};

/** A signed 64-bit integer in the CRD's form for `int64=<form>`. */
export function int64FromJson(value: unknown, path: string, form: Int64Form): bigint {
  return bigIntFromJson(value, path, form, false);
}

/** An unsigned 64-bit integer in the CRD's form for `int64=<form>`. */
export function uint64FromJson(value: unknown, path: string, form: Int64Form): bigint {
  return bigIntFromJson(value, path, form, true);
}

function bigIntFromJson(value: unknown, path: string, form: Int64Form, unsigned: boolean): bigint {
  if (form !== "integer" && typeof value === "string" && (unsigned ? /^[0-9]+$/ : /^-?[0-9]+$/).test(value)) {
    const n = BigInt(value);
    if (unsigned ? n >= INT64_ZERO && n <= UINT64_MAX : n >= INT64_MIN && n <= INT64_MAX) return n;
  }
  if (form !== "string") {
    if (typeof value === "number" && Number.isSafeInteger(value) && (!unsigned || value >= 0)) return BigInt(value);
    if (typeof value === "number" && Number.isInteger(value)) {
      return fail(path, `${value} is beyond ±2^53 - 1 and may have lost digits${form === "int_or_string" ? "; write it as a string" : ""}`);
    }
  }
  return expected(`${unsigned ? "an unsigned" : "a"} 64-bit integer (${INT64_WHAT[form]})`, value, path);
}
