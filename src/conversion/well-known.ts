// Well-known types in the generated converters: Timestamp, Duration and FieldMask field by field, in the
// CRD's forms (the Duration pattern, RFC 3339 with real calendar dates); Struct and Value copied with
// checks; Value, ListValue, Any and opaque (recursion-cut) messages through protobuf-es's JSON conversion.
import { fromJson, toJson, type DescMessage, type JsonObject, type JsonValue, type MessageShape, type Registry } from "@bufbuild/protobuf";
import type { Duration, Empty, FieldMask, Timestamp } from "@bufbuild/protobuf/wkt";
import { expected, fail, type FromOptions } from "./errors.js";
import { checkProperties, objectFromJson, setOwn } from "./json-shapes.js";

/** ".5", ".000001", ".123456789": nanoseconds with 0, 3, 6 or 9 digits, as protojson writes them. */
function fraction(nanos: number): string {
  if (nanos === 0) return "";
  const digits = String(nanos + 1000000000).slice(1);
  return "." + (digits.endsWith("000000") ? digits.slice(0, 3) : digits.endsWith("000") ? digits.slice(0, 6) : digits);
}

function pad2(n: number): string {
  return n < 10 ? "0" + n : "" + n;
}

/** RFC 3339 in UTC, as protojson writes it; the calendar date is computed, not taken from a Date. */
export function timestampToJson(value: Timestamp, path: string): string {
  const seconds = Number(value.seconds);
  if (!(seconds >= -62135596800 && seconds <= 253402300799)) {
    return fail(path, "timestamp must be from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z");
  }
  if (!(Number.isInteger(value.nanos) && value.nanos >= 0 && value.nanos <= 999999999)) {
    return fail(path, `timestamp nanos must be from 0 to 999999999, not ${value.nanos}`);
  }
  const days = Math.floor(seconds / 86400);
  const time = seconds - days * 86400;
  // Civil date from days since 1970-01-01 (H. Hinnant's algorithm), in 400-year eras from 0000-03-01.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  const hour = Math.floor(time / 3600);
  const minute = Math.floor((time - hour * 3600) / 60);
  const second = time - hour * 3600 - minute * 60;
  return (
    String(year).padStart(4, "0") + "-" + pad2(month) + "-" + pad2(day) + "T" + pad2(hour) + ":" + pad2(minute) + ":" + pad2(second) + fraction(value.nanos) + "Z"
  );
}

const RFC3339 = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,9}))?(Z|([+-])([0-9]{2}):([0-9]{2}))$/;

/** An RFC 3339 timestamp, as protojson reads it; dates that do not exist (February 30) are refused. */
export function timestampFromJson(value: unknown, path: string): Timestamp {
  const m = typeof value === "string" ? RFC3339.exec(value) : null;
  if (m === null) return expected('an RFC 3339 timestamp, e.g. "2024-05-01T12:00:00Z"', value, path);
  const year = +m[1];
  const month = +m[2];
  const day = +m[3];
  const hour = +m[4];
  const minute = +m[5];
  const second = +m[6];
  const offsetHours = m[10] === undefined ? 0 : +m[10];
  const offsetMinutes = m[11] === undefined ? 0 : +m[11];
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59 && offsetHours <= 23 && offsetMinutes <= 59)) {
    return fail(path, `${JSON.stringify(value)} is not a valid date and time`);
  }
  // Days since 1970-01-01 from the civil date (H. Hinnant's algorithm).
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const days = era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
  const offset = (m[9] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes);
  const seconds = days * 86400 + hour * 3600 + minute * 60 + second - offset * 60;
  if (!(seconds >= -62135596800 && seconds <= 253402300799)) {
    return fail(path, "timestamp must be from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z");
  }
  const nanos = m[7] === undefined ? 0 : +m[7].padEnd(9, "0");
  return { $typeName: "google.protobuf.Timestamp", seconds: BigInt(seconds), nanos };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

export function durationToJson(value: Duration, path: string): string {
  const seconds = Number(value.seconds);
  const nanos = value.nanos;
  if (!(Math.abs(seconds) <= 315576000000)) return fail(path, "duration must be within ±315576000000s");
  if (!(Number.isInteger(nanos) && Math.abs(nanos) <= 999999999) || (seconds > 0 && nanos < 0) || (seconds < 0 && nanos > 0)) {
    return fail(path, `duration nanos must be within ±999999999 and have the sign of seconds, not ${nanos}`);
  }
  return (seconds === 0 && nanos < 0 ? "-" : "") + String(value.seconds) + fraction(Math.abs(nanos)) + "s";
}

/** The CRD's Duration form: seconds with up to 9 decimals and an "s" suffix. */
export function durationFromJson(value: unknown, path: string): Duration {
  const m = typeof value === "string" ? /^(-?)([0-9]+)(?:\.([0-9]{1,9}))?s$/.exec(value) : null;
  if (m === null) return expected('a duration in seconds, e.g. "1.5s"', value, path);
  if (Number(m[2]) > 315576000000) return fail(path, "duration must be within ±315576000000s");
  const negative = m[1] === "-";
  const seconds = BigInt(m[2]);
  const nanos = m[3] === undefined ? 0 : Number(m[3].padEnd(9, "0"));
  return { $typeName: "google.protobuf.Duration", seconds: negative ? -seconds : seconds, nanos: negative && nanos !== 0 ? -nanos : nanos };
}

/** durations=go: Go's time.Duration.String() ("1h30m0s", "1.5s", "500ms"), within int64 nanoseconds. */
export function goDurationToJson(value: Duration, path: string): string {
  const nanos = value.nanos;
  if (!(Number.isInteger(nanos) && Math.abs(nanos) <= 999999999) || (value.seconds > 0n && nanos < 0) || (value.seconds < 0n && nanos > 0)) {
    return fail(path, `duration nanos must be within ±999999999 and have the sign of seconds, not ${nanos}`);
  }
  const total = BigInt(value.seconds) * 1000000000n + BigInt(nanos);
  if (total > 9223372036854775807n || total < -9223372036854775808n) return fail(path, "duration must be within ±9223372036.854775807s (Go's time.Duration)");
  if (total === 0n) return "0s";
  let u = total < 0n ? -total : total;
  const decimal = (v: bigint, unit: bigint): string => {
    const frac = (v % unit).toString().padStart(unit.toString().length - 1, "0").replace(/0+$/, "");
    return (v / unit).toString() + (frac === "" ? "" : "." + frac);
  };
  let text: string;
  if (u < 1000n) text = u + "ns";
  else if (u < 1000000n) text = decimal(u, 1000n) + "µs";
  else if (u < 1000000000n) text = decimal(u, 1000000n) + "ms";
  else {
    const hours = u / 3600000000000n;
    u %= 3600000000000n;
    const minutes = u / 60000000000n;
    u %= 60000000000n;
    text = (hours > 0n ? hours + "h" : "") + (hours > 0n || minutes > 0n ? minutes + "m" : "") + decimal(u, 1000000000n) + "s";
  }
  return (total < 0n ? "-" : "") + text;
}

/** durations=go: what Go's time.ParseDuration accepts, e.g. "30ms", "5m", "1h30m", "-1.5h". */
export function goDurationFromJson(value: unknown, path: string): Duration {
  const m = typeof value === "string" ? /^([-+]?)(0|(?:(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:ns|us|µs|μs|ms|s|m|h))+)$/.exec(value) : null;
  if (m === null) return expected('a duration such as "30ms", "5m" or "1h30m"', value, path);
  const units: Record<string, bigint> = { ns: 1n, us: 1000n, "µs": 1000n, "μs": 1000n, ms: 1000000n, s: 1000000000n, m: 60000000000n, h: 3600000000000n };
  let total = 0n;
  for (const [, whole, frac, unit] of m[2].matchAll(/([0-9]*)(?:\.([0-9]*))?(ns|us|µs|μs|ms|s|m|h)/g)) {
    const scale = units[unit];
    total += BigInt(whole === "" ? "0" : whole) * scale;
    // Go adds the fraction's share of the unit, truncated to whole nanoseconds.
    if (frac !== undefined && frac !== "") total += (BigInt(frac) * scale) / 10n ** BigInt(frac.length);
    if (total > 9223372036854775807n) return fail(path, "duration must be within ±9223372036.854775807s (Go's time.Duration)");
  }
  if (m[1] === "-") total = -total;
  const seconds = total / 1000000000n;
  const nanos = Number(total % 1000000000n);
  return { $typeName: "google.protobuf.Duration", seconds, nanos };
}

/** Paths in lowerCamelCase, comma-separated; a path whose lowerCamelCase form does not map back is refused. */
export function fieldMaskToJson(value: FieldMask, path: string): string {
  return value.paths
    .map((p) => {
      const camel = p.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      if (camel.includes("_") || camel.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase()) !== p) {
        return fail(path, `field mask path ${JSON.stringify(p)} has no lowerCamelCase form`);
      }
      return camel;
    })
    .join(",");
}

export function fieldMaskFromJson(value: unknown, path: string): FieldMask {
  if (typeof value !== "string") return expected("comma-separated field paths", value, path);
  const paths = value === "" ? [] : value.split(",").map((p) => {
    if (p.includes("_")) return fail(path, `field mask path ${JSON.stringify(p)} must be lowerCamelCase`);
    return p.replace(/[A-Z]/g, (c) => "_" + c.toLowerCase());
  });
  return { $typeName: "google.protobuf.FieldMask", paths };
}

/** A copy of a JSON object (google.protobuf.Struct), checking that it holds JSON values only. */
export function jsonObjectCopy(value: unknown, path: string, depth = 0): JsonObject {
  const result: JsonObject = {};
  for (const [key, item] of Object.entries(objectFromJson(value, path))) setOwn(result, key, jsonValueCopy(item, `${path}.${key}`, depth + 1));
  return result;
}

/** JSON nested deeper than this is refused rather than risking the stack (the API server stops at 10,000). */
const MAX_JSON_DEPTH = 1000;

export function jsonValueCopy(value: unknown, path: string, depth: number): JsonValue {
  switch (typeof value) {
    case "string":
    case "boolean":
      return value;
    case "number":
      return Number.isFinite(value) ? value : fail(path, `${value} cannot be written as a JSON number`);
    case "object":
      if (value === null) return null;
      if (depth > MAX_JSON_DEPTH) return fail(path, `nested more than ${MAX_JSON_DEPTH} levels deep`);
      if (Array.isArray(value)) return value.map((item, i) => jsonValueCopy(item, `${path}[${i}]`, depth + 1));
      return jsonObjectCopy(value, path, depth);
    default:
      return expected("a JSON value", value, path);
  }
}

/** protobuf-es's JSON form of a message (google.protobuf.Value, ListValue, Any, or a message the CRD keeps opaque). */
export function protobufEsToJson<Desc extends DescMessage>(
  schema: Desc,
  message: MessageShape<Desc>,
  path: string,
  useProtoFieldName: boolean,
  registry?: Registry,
): JsonValue {
  try {
    return toJson(schema, message, { useProtoFieldName, registry });
  } catch (e) {
    return fail(path, e instanceof Error ? e.message : String(e));
  }
}

export function protobufEsFromJson<Desc extends DescMessage>(
  schema: Desc,
  value: unknown,
  path: string,
  options: FromOptions,
): MessageShape<Desc> {
  try {
    return fromJson(schema, value as JsonValue, { ignoreUnknownFields: options.ignoreUnknownFields === true, registry: options.registry });
  } catch (e) {
    return fail(path, e instanceof Error ? e.message : String(e));
  }
}

export function jsonObjectOf(value: JsonValue, path: string): JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? value : fail(path, "expected a JSON object");
}

/** google.protobuf.Any in the CRD: an object with "@type". */
export function anyOf(value: JsonValue, path: string): { "@type": string; [key: string]: JsonValue } {
  if (typeof value === "object" && value !== null && !Array.isArray(value) && typeof value["@type"] === "string") {
    return value as { "@type": string; [key: string]: JsonValue };
  }
  return fail(path, "an Any without a type URL cannot be written: the CRD requires @type");
}

const NO_PROPERTIES: ReadonlySet<string> = new Set();

export function emptyFromJson(value: unknown, path: string, options: FromOptions): Empty {
  const json = objectFromJson(value, path);
  if (!options.ignoreUnknownFields) checkProperties(json, NO_PROPERTIES, path);
  return { $typeName: "google.protobuf.Empty" };
}
