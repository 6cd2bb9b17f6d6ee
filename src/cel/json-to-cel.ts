// Plain JSON values of a schema node → the CEL values the apiserver binds (UnstructuredToVal):
// integer → int, number → double, int-or-string → int or string, format byte → bytes,
// duration → duration, date/date-time → timestamp, objects and maps → maps, arrays → lists.
import { create } from "@bufbuild/protobuf";
import { DurationSchema, TimestampSchema, type Duration, type Timestamp } from "@bufbuild/protobuf/wkt";
import { celList, celMap, type CelInput } from "@bufbuild/cel";
import { escapePropertyName, type DeclType } from "./decl-type.js";
import { markList, rememberJson } from "./values.js";

/** Thrown when a value cannot be represented as its schema says (the apiserver rejects it earlier). */
export class CelValueError extends Error {}

export function jsonToCel(value: unknown, type: DeclType | undefined): CelInput {
  if (value === null || value === undefined) return null;
  if (type === undefined || type.name === "dyn") return untypedToCel(value);
  switch (type.name) {
    case "int":
      return typeof value === "number" ? BigInt(Math.trunc(value)) : untypedToCel(value);
    case "double":
      return typeof value === "number" ? value : untypedToCel(value);
    case "bytes":
      return typeof value === "string" ? Buffer.from(value, "base64") : untypedToCel(value);
    case "duration":
      return typeof value === "string" ? parseDuration(value) : untypedToCel(value);
    case "timestamp":
      if (typeof value !== "string") return untypedToCel(value);
      return type.schema?.format === "date" ? parseTimestamp(`${value}T00:00:00Z`, value) : parseTimestamp(value, value);
    case "list": {
      if (!Array.isArray(value)) return untypedToCel(value);
      const items = value.map((v) => jsonToCel(v, type.element));
      const listType = type.schema?.["x-kubernetes-list-type"];
      const list = rememberJson(celList(items), value, type);
      if (listType === "set") return markList(list, { kind: "set" });
      if (listType === "map") {
        const keys = (type.schema?.["x-kubernetes-list-map-keys"] ?? []).map((k) => escapePropertyName(k) ?? k);
        return markList(list, { kind: "map", keys });
      }
      return list;
    }
    case "map":
      if (!isObject(value)) return untypedToCel(value);
      return rememberJson(celMap(new LazyMap(value, (key) => (Object.hasOwn(value, key) ? { key, type: type.element } : undefined), () => Object.keys(value))), value, type);
    case "object": {
      if (!isObject(value)) return untypedToCel(value);
      const fields = type.fields ?? new Map();
      const present = () => [...fields].filter(([, f]) => Object.hasOwn(value, f.jsonName)).map(([name]) => name);
      const lazy = new LazyMap(value, (name) => {
        const field = fields.get(name);
        return field !== undefined && Object.hasOwn(value, field.jsonName) ? { key: field.jsonName, type: field.type } : undefined;
      }, present);
      return rememberJson(celMap(lazy), value, type);
    }
    default:
      return untypedToCel(value);
  }
}

/**
 * An object or map converted field by field when a rule reads it: most rules read a few fields of a
 * large object, and timestamps are costly to parse.
 */
class LazyMap implements ReadonlyMap<string, CelInput> {
  private readonly converted = new Map<string, CelInput>();
  private keyList: readonly string[] | undefined;

  constructor(
    private readonly json: Record<string, unknown>,
    /** The JSON property behind a CEL key and its type, or undefined if the key is absent. */
    private readonly resolve: (key: string) => { key: string; type: DeclType | undefined } | undefined,
    private readonly listKeys: () => readonly string[],
  ) {}

  private get presentKeys(): readonly string[] {
    this.keyList ??= this.listKeys();
    return this.keyList;
  }

  get size(): number {
    return this.presentKeys.length;
  }

  get(key: string): CelInput | undefined {
    if (typeof key !== "string") return undefined;
    const cached = this.converted.get(key);
    if (cached !== undefined) return cached;
    const target = this.resolve(key);
    if (target === undefined) return undefined;
    const value = jsonToCel(this.json[target.key], target.type);
    this.converted.set(key, value);
    return value;
  }

  has(key: string): boolean {
    return typeof key === "string" && this.resolve(key) !== undefined;
  }

  forEach(callback: (value: CelInput, key: string, map: ReadonlyMap<string, CelInput>) => void, thisArg?: unknown): void {
    for (const key of this.presentKeys) callback.call(thisArg, this.get(key)!, key, this);
  }

  *entries(): MapIterator<[string, CelInput]> {
    for (const key of this.presentKeys) yield [key, this.get(key)!];
  }

  keys(): MapIterator<string> {
    return this.presentKeys[Symbol.iterator]() as MapIterator<string>;
  }

  *values(): MapIterator<CelInput> {
    for (const key of this.presentKeys) yield this.get(key)!;
  }

  [Symbol.iterator](): MapIterator<[string, CelInput]> {
    return this.entries();
  }
}

function untypedToCel(value: unknown): CelInput {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isInteger(value) ? BigInt(value) : value;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "bigint") return value;
  if (Array.isArray(value)) return value.map(untypedToCel);
  if (isObject(value)) return new Map(Object.entries(value).map(([k, v]) => [k, untypedToCel(v)]));
  throw new CelValueError(`unsupported value ${String(value)}`);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?([Zz]|[+-]\d{2}:\d{2})$/;

export function parseTimestamp(text: string, original: string): Timestamp {
  const m = RFC3339.exec(text);
  if (m === null) throw new CelValueError(`invalid timestamp ${JSON.stringify(original)}`);
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  let millis = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  if (zone !== "Z" && zone !== "z") {
    const sign = zone.startsWith("-") ? -1 : 1;
    millis -= sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6))) * 60_000;
  }
  const nanos = frac === undefined ? 0 : Number(frac.padEnd(9, "0"));
  return create(TimestampSchema, { seconds: BigInt(millis / 1000), nanos });
}

const DURATION_UNITS: Record<string, number> = {
  ns: 1, us: 1e3, "µs": 1e3, "μs": 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9, d: 86400e9, w: 7 * 86400e9,
};

/** Go time.ParseDuration syntax (plus d and w, which strfmt also accepts), e.g. `1h30m`, `-1.5s`. */
export function parseDuration(text: string): Duration {
  const m = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|μs|ms|s|m|h|d|w))+$/.exec(text);
  if (m === null && text !== "0") throw new CelValueError(`invalid duration ${JSON.stringify(text)}`);
  let nanos = 0n;
  for (const part of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h|d|w)/g)) {
    const [whole, frac = ""] = part[1].split(".");
    const unit = BigInt(DURATION_UNITS[part[2]]);
    nanos += BigInt(whole === "" ? 0 : whole) * unit;
    if (frac !== "") nanos += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
  }
  if (m?.[1] === "-") nanos = -nanos;
  return create(DurationSchema, { seconds: nanos / 1_000_000_000n, nanos: Number(nanos % 1_000_000_000n) });
}
