// Named JSON forms the generated `_crd.ts` types use for values whose form needs explaining: declared
// once here, with their explanation, instead of on every property that holds one.

/** A 64-bit integer: converters write a decimal string, which keeps every digit; a number is accepted when it is a safe integer. */
export type Int64OrString = string | number;

/** A 64-bit integer, limited to safe integers (±2^53 - 1) so that no digit is lost. */
export type Int64Number = number;

/** A 64-bit integer as a decimal string. */
export type Int64String = string;

/** Bytes, base64-encoded. */
export type Base64Bytes = string;

/** An RFC 3339 timestamp in UTC, e.g. "2024-05-01T12:00:00Z". */
export type Rfc3339Timestamp = string;

/** A duration in seconds with up to 9 decimals and an "s" suffix, e.g. "1.5s". */
export type SecondsDuration = string;

/** A Go/Kubernetes duration, e.g. "30ms", "5m" or "1h30m" (converters write Go's form, "1h30m0s"). */
export type GoDuration = string;

/** Comma-separated lowerCamel field paths, e.g. "spec.nodeName,status". */
export type FieldMaskPaths = string;
