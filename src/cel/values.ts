// Equality and ordering of CEL values with CEL's semantics (numbers compare across int/uint/double,
// lists and maps element-wise) plus Kubernetes' list types: lists with x-kubernetes-list-type `set`
// or `map` compare regardless of order (map lists match elements by their keys).
import { isCelList, isCelMap, isCelType, isCelUint, type CelList, type CelValue } from "@bufbuild/cel";
import { jsonEqual } from "./json-equal.js";
import { opaqueEquals } from "./library/opaque.js";
import { JsonList, JsonObjectMap, type JsonSource, type ListSemantics } from "./json-to-cel.js";

export type { ListSemantics } from "./json-to-cel.js";

/** The JSON a converted list or map came from, so equal JSON can short-cut a deep CEL comparison. */
function jsonSourceOf(value: object): JsonSource | undefined {
  return value instanceof JsonObjectMap || value instanceof JsonList ? value : undefined;
}

const listSemantics = new WeakMap<CelList, ListSemantics>();

/** Gives a list set or map-list semantics for equality, `in` and concatenation. */
export function markList(list: CelList, semantics: ListSemantics): CelList {
  listSemantics.set(list, semantics);
  return list;
}

export function semanticsOf(list: CelList): ListSemantics | undefined {
  return list instanceof JsonList ? list.semantics : listSemantics.get(list);
}

/** In a map list, the element of `list` with the same key values as `element`. */
export function findByKeys(list: CelList, element: CelValue, keys: readonly string[]): CelValue | undefined {
  if (!isCelMap(element)) return undefined;
  for (const candidate of list) {
    if (isCelMap(candidate) && keys.every((k) => sameKeyValue(element.get(k), candidate.get(k)))) return candidate;
  }
  return undefined;
}

function sameKeyValue(a: CelValue | undefined, b: CelValue | undefined): boolean {
  return a === undefined || b === undefined ? a === b : celEquals(a, b);
}

function equalLists(a: CelList, b: CelList): boolean {
  if (a.size !== b.size) return false;
  const semantics = semanticsOf(a) ?? semanticsOf(b);
  if (semantics?.kind === "set") {
    for (const v of a) if (!listContains(b, v)) return false;
    for (const v of b) if (!listContains(a, v)) return false;
    return true;
  }
  if (semantics?.kind === "map") {
    for (const v of a) {
      const other = findByKeys(b, v, semantics.keys);
      if (other === undefined || !celEquals(v, other)) return false;
    }
    return true;
  }
  for (let i = 0; i < a.size; i++) if (!celEquals(a.get(i)!, b.get(i)!)) return false;
  return true;
}

export function listContains(list: CelList, value: CelValue): boolean {
  for (const v of list) if (celEquals(v, value)) return true;
  return false;
}

interface SecondsNanos {
  seconds: bigint;
  nanos: number;
}

/** Timestamps and durations arrive as reflected messages with `.message.{seconds,nanos}`. */
function secondsNanos(v: unknown): SecondsNanos | undefined {
  if (typeof v !== "object" || v === null || !("message" in v)) return undefined;
  const m = (v as { message: unknown }).message;
  if (typeof m === "object" && m !== null && "seconds" in m && "nanos" in m) return m as SecondsNanos;
  return undefined;
}

function typeNameOf(v: unknown): string | undefined {
  if (typeof v === "object" && v !== null && "desc" in v) {
    const desc = (v as { desc: unknown }).desc;
    if (typeof desc === "object" && desc !== null && "typeName" in desc) return String((desc as { typeName: unknown }).typeName);
  }
  return undefined;
}

function asNumber(v: unknown): number | bigint | undefined {
  if (typeof v === "number" || typeof v === "bigint") return v;
  if (isCelUint(v)) return v.value;
  return undefined;
}

export function celEquals(a: CelValue, b: CelValue): boolean {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined && nb !== undefined) return !Number.isNaN(na) && !Number.isNaN(nb) && compareNumbers(na, nb) === 0;
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return a === b;
  const opaque = opaqueEquals(a, b);
  if (opaque !== undefined) return opaque;
  // The same JSON converted per the same schema gives equal values (JSON has no NaN).
  const sa0 = jsonSourceOf(a);
  const sb0 = jsonSourceOf(b);
  if (sa0 !== undefined && sb0 !== undefined && sa0.declType === sb0.declType && jsonEqual(sa0.json, sb0.json)) return true;
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b) === 0;
  if (isCelType(a) || isCelType(b)) return isCelType(a) && isCelType(b) && a.kind === b.kind && a.name === b.name;
  if (isCelList(a) && isCelList(b)) return equalLists(a, b);
  if (isCelMap(a) && isCelMap(b)) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) {
      if (!b.has(k) || !celEquals(v, b.get(k)!)) return false;
    }
    return true;
  }
  const sa = secondsNanos(a);
  const sb = secondsNanos(b);
  if (sa !== undefined && sb !== undefined) return typeNameOf(a) === typeNameOf(b) && sa.seconds === sb.seconds && sa.nanos === sb.nanos;
  return false;
}

function compareNumbers(a: number | bigint, b: number | bigint): number {
  if (typeof a === "bigint" && typeof b === "bigint") return a < b ? -1 : a > b ? 1 : 0;
  const x = Number(a);
  const y = Number(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i] - b[i];
  return a.length - b.length;
}

/** Ordering of two comparable values of one type; undefined if they are not comparable. */
export function celCompare(a: CelValue, b: CelValue): number | undefined {
  const na = asNumber(a);
  const nb = asNumber(b);
  if (na !== undefined && nb !== undefined) return compareNumbers(na, nb);
  if (typeof a === "string" && typeof b === "string") return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === "boolean" && typeof b === "boolean") return Number(a) - Number(b);
  if (a instanceof Uint8Array && b instanceof Uint8Array) return compareBytes(a, b);
  const sa = secondsNanos(a);
  const sb = secondsNanos(b);
  if (sa !== undefined && sb !== undefined && typeNameOf(a) === typeNameOf(b)) {
    return sa.seconds !== sb.seconds ? (sa.seconds < sb.seconds ? -1 : 1) : sa.nanos - sb.nanos;
  }
  return undefined;
}
