// Plain JSON values of a schema node → the CEL values the apiserver binds (UnstructuredToVal):
// integer → int, number → double, int-or-string → int or string, format byte → bytes,
// duration → duration, date/date-time → timestamp, objects and maps → maps, arrays → lists.
import { create } from "@bufbuild/protobuf";
import { reflect, type ReflectMessage } from "@bufbuild/protobuf/reflect";
import { DurationSchema, TimestampSchema, type Duration, type Timestamp } from "@bufbuild/protobuf/wkt";
import { celList, celMap, type CelInput, type CelList, type CelMap } from "@bufbuild/cel";
import { escapePropertyName, type DeclType } from "./decl-type.js";

/** Thrown when a value cannot be represented as its schema says (the apiserver rejects it earlier). */
export class CelValueError extends Error {}

/**
 * Kubernetes list semantics of a list for equality, `in` and concatenation: `set` lists compare
 * regardless of order, `map` lists match elements by their keys.
 */
export type ListSemantics = { kind: "set" } | { kind: "map"; keys: readonly string[] };

/** Lists and maps converted from JSON remember it, so equal JSON can short-cut a deep CEL comparison. */
export interface JsonSource {
  readonly json: unknown;
  /** The DeclType it was converted per: the same JSON per the same type gives equal values. */
  readonly declType: DeclType;
}

// @bufbuild/cel does not export its map and list classes, and CelMap/CelList cannot be implemented
// outside it (a private brand), so the JSON-backed ones extend the classes celMap and celList return.
const NativeMap = Object.getPrototypeOf(celMap(new Map())).constructor as new (map: ReadonlyMap<string, CelInput>) => CelMap;
const ArrayList = Object.getPrototypeOf(celList([])).constructor as new (items: readonly CelInput[]) => CelList;
const NO_ENTRIES: ReadonlyMap<string, CelInput> = new Map();

/**
 * A JSON object (properties or additionalProperties) as a CEL map, converted property by property
 * when a rule reads it: most rules read a few fields of a large object, and timestamps are costly to
 * parse. Every value it returns is already a CEL value, so @bufbuild/cel's toCel leaves it as is.
 */
export class JsonObjectMap extends NativeMap implements JsonSource {
  private converted: Map<string, CelInput> | undefined;
  private keyList: readonly string[] | undefined;

  constructor(
    readonly json: Record<string, unknown>,
    readonly declType: DeclType,
  ) {
    super(NO_ENTRIES);
  }

  /** The JSON property behind a CEL key, or undefined if the object does not have it. */
  private propertyOf(key: string): string | undefined {
    if (this.declType.name === "map") return Object.hasOwn(this.json, key) ? key : undefined;
    const field = this.declType.fields?.get(key);
    return field !== undefined && Object.hasOwn(this.json, field.jsonName) ? field.jsonName : undefined;
  }

  private typeOf(key: string): DeclType | undefined {
    return this.declType.name === "map" ? this.declType.element : this.declType.fields?.get(key)?.type;
  }

  private get presentKeys(): readonly string[] {
    if (this.keyList === undefined) {
      const fields = this.declType.fields;
      this.keyList = this.declType.name === "map" || fields === undefined ? Object.keys(this.json) : [...fields].filter(([, f]) => Object.hasOwn(this.json, f.jsonName)).map(([name]) => name);
    }
    return this.keyList;
  }

  override get size(): number {
    return this.presentKeys.length;
  }

  override get(key: unknown): ReturnType<CelMap["get"]> {
    if (typeof key !== "string") return undefined;
    const cached = this.converted?.get(key);
    if (cached !== undefined) return cached as ReturnType<CelMap["get"]>;
    const property = this.propertyOf(key);
    if (property === undefined) return undefined;
    const value = jsonToCel(this.json[property], this.typeOf(key));
    (this.converted ??= new Map()).set(key, value);
    return value as ReturnType<CelMap["get"]>;
  }

  /**
   * has(self.x) is true for a property present with an explicit null if its schema is nullable, as in
   * the apiserver, which prunes nulls of non-nullable properties before it evaluates rules.
   */
  override has(key: unknown): boolean {
    if (typeof key !== "string") return false;
    const property = this.propertyOf(key);
    if (property === undefined) return false;
    const value = this.json[property];
    return (value !== null && value !== undefined) || this.typeOf(key)?.schema?.nullable === true;
  }

  override forEach(callback: (value: ReturnType<CelMap["get"]> & {}, key: string, map: CelMap) => void, thisArg?: unknown): void {
    for (const key of this.presentKeys) callback.call(thisArg, this.get(key)!, key, this);
  }

  override *entries(): MapIterator<[string, ReturnType<CelMap["get"]> & {}]> {
    for (const key of this.presentKeys) yield [key, this.get(key)!];
  }

  override keys(): MapIterator<string> {
    return this.presentKeys[Symbol.iterator]() as MapIterator<string>;
  }

  override *values(): MapIterator<ReturnType<CelMap["get"]> & {}> {
    for (const key of this.presentKeys) yield this.get(key)!;
  }

  override [Symbol.iterator](): MapIterator<[string, ReturnType<CelMap["get"]> & {}]> {
    return this.entries();
  }
}

/** A JSON array as a CEL list with its list type's semantics. */
export class JsonList extends ArrayList implements JsonSource {
  constructor(
    items: readonly CelInput[],
    readonly json: readonly unknown[],
    readonly declType: DeclType,
    readonly semantics: ListSemantics | undefined,
  ) {
    super(items);
  }
}

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
      return typeof value === "string" ? reflectedDuration(parseDuration(value)) : untypedToCel(value);
    case "timestamp":
      if (typeof value !== "string") return untypedToCel(value);
      return reflectedTimestamp(type.schema?.format === "date" ? parseTimestamp(`${value}T00:00:00Z`, value) : parseTimestamp(value, value));
    case "list":
      if (!Array.isArray(value)) return untypedToCel(value);
      return new JsonList(value.map((v) => jsonToCel(v, type.element)), value, type, listSemanticsOf(type));
    case "map":
    case "object":
      return isObject(value) ? new JsonObjectMap(value, type) : untypedToCel(value);
    default:
      return untypedToCel(value);
  }
}

const listSemanticsCache = new WeakMap<DeclType, ListSemantics | null>();

function listSemanticsOf(type: DeclType): ListSemantics | undefined {
  let semantics = listSemanticsCache.get(type);
  if (semantics === undefined) {
    const listType = type.schema?.["x-kubernetes-list-type"];
    const keys = (type.schema?.["x-kubernetes-list-map-keys"] ?? []).map((k) => escapePropertyName(k) ?? k);
    semantics = listType === "set" ? { kind: "set" } : listType === "map" ? { kind: "map", keys } : null;
    listSemanticsCache.set(type, semantics);
  }
  return semantics ?? undefined;
}

// What @bufbuild/cel's toCel makes of a Timestamp or Duration message, made once per conversion
// rather than on every read.
function reflectedTimestamp(t: Timestamp): ReflectMessage {
  return reflect(TimestampSchema, t);
}

function reflectedDuration(d: Duration): ReflectMessage {
  return reflect(DurationSchema, d);
}

/** Values without a schema type (x-kubernetes-preserve-unknown-fields, dyn): the JSON shape decides. */
function untypedToCel(value: unknown): CelInput {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return Number.isInteger(value) ? BigInt(value) : value;
  if (typeof value === "string" || typeof value === "boolean") return value;
  if (typeof value === "bigint") return value;
  if (Array.isArray(value)) return celList(value.map(untypedToCel));
  if (isObject(value)) return celMap(new Map(Object.entries(value).map(([k, v]) => [k, untypedToCel(v)])));
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
