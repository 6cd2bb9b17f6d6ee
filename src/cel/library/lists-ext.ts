// cel-go's lists extension as Kubernetes 1.34 enables it (ext.Lists(ext.ListsVersion(3)),
// k8s.io/apiserver/pkg/cel/environment/base.go): slice, flatten, lists.range, reverse, distinct, sort and
// the sortBy macro's @sortByAssociatedKeys, with the error texts of cel-go ext/lists.go (v0.26). Also the
// runtime helpers of the two-variable comprehensions (ext/comprehensions.go): cel.@mapInsert and the
// (key, value) pairs the rewritten comprehensions iterate over (./comprehensions.ts).
import { celFunc, celList, celMap, celMethod, CelScalar, celType, isCelList, isCelMap, isCelUint, listType, mapType, type CelFunc, type CelInput, type CelList, type CelMap, type CelValue } from "@bufbuild/cel";
import { celCompare, celEquals } from "../values.js";

const { INT, DYN } = CelScalar;
const LIST = listType(DYN);
const MAP = mapType(DYN, DYN);

/** ext/lists.go slice. */
function slice(list: CelList, start: bigint, end: bigint): CelList {
  if (start < 0n || end < 0n) throw new Error(`cannot slice(${start}, ${end}), negative indexes not supported`);
  if (start > end) throw new Error(`cannot slice(${start}, ${end}), start index must be less than or equal to end index`);
  if (BigInt(list.size) < end) throw new Error(`cannot slice(${start}, ${end}), list is length ${list.size}`);
  const out: CelValue[] = [];
  for (let i = Number(start); i < Number(end); i++) out.push(list.get(i)!);
  return celList(out);
}

/** ext/lists.go flatten: nested lists up to `depth` levels. */
function flatten(list: CelList, depth: bigint): CelValue[] {
  if (depth < 0n) throw new Error("level must be non-negative");
  const out: CelValue[] = [];
  for (const v of list) {
    if (!isCelList(v) || depth === 0n) out.push(v);
    else out.push(...flatten(v, depth - 1n));
  }
  return out;
}

function range(n: bigint): CelList {
  const out: bigint[] = [];
  for (let i = 0n; i < n; i++) out.push(i);
  return celList(out);
}

/** ext/lists.go distinctList: the first of equal elements (CEL equality, so 1 and 1.0 are equal). */
function distinct(list: CelList): CelList {
  const out: CelValue[] = [];
  for (const v of list) if (!out.some((u) => celEquals(v, u))) out.push(v);
  return celList(out);
}

/** cel-go's Comparer types: int, uint, double, bool, string, bytes, timestamp, duration. */
function comparableTypeName(v: CelValue): string | undefined {
  if (typeof v === "bigint") return "int";
  if (typeof v === "number") return "double";
  if (typeof v === "string" || typeof v === "boolean") return typeof v;
  if (isCelUint(v)) return "uint";
  if (v instanceof Uint8Array) return "bytes";
  const name = celType(v).name;
  return name === "google.protobuf.Timestamp" || name === "google.protobuf.Duration" ? name : undefined;
}

/**
 * ext/lists.go sortListByAssociatedKeys: `list` ordered by `keys`. The keys must be comparable and of the
 * type of the first key (int and double differ). Go's sort.Slice is not stable in general; this sort is
 * (sort.Slice is for the short lists, ≤ 12 elements, where it sorts by insertion).
 */
export function sortByKeys(list: CelList, keys: CelList): CelList {
  if (list.size !== keys.size) {
    throw new Error(`@sortByAssociatedKeys() expected a list of the same size as the associated keys list, but got ${list.size} and ${keys.size} elements respectively`);
  }
  if (list.size === 0) return list;
  const first = comparableTypeName(keys.get(0)!);
  if (first === undefined) throw new Error("list elements must be comparable");
  const keyValues = [...keys];
  if (keyValues.length > 1 && keyValues.some((k) => comparableTypeName(k) !== first)) throw new Error("list elements must have the same type");
  const order = keyValues.map((_, i) => i);
  order.sort((i, j) => celCompare(keyValues[i], keyValues[j]) ?? 0);
  return celList(order.map((i) => list.get(i)!));
}

/** types.InsertMapKeyValue: a copy of `map` with the entry; a key already there (CEL equality) fails. */
function mapInsert(map: CelMap, key: CelValue, value: CelValue): CelMap {
  for (const k of map.keys()) {
    if (celEquals(k as CelValue, key)) throw new Error(`insert failed: key ${formatKey(key)} already exists`);
  }
  const entries = new Map<bigint | string | boolean | ReturnType<typeof Object>, CelInput>();
  for (const k of map.keys()) entries.set(k, map.get(k) as CelInput);
  entries.set(key as never, value as CelInput);
  return celMap(entries as never);
}

/** Go's %v of a map key. */
function formatKey(key: CelValue): string {
  if (isCelUint(key)) return String(key.value);
  return String(key);
}

/** The (index, element) or (key, value) pairs of a two-variable comprehension's range. */
function pairs(range: CelValue): CelList {
  const out: CelList[] = [];
  if (isCelList(range)) {
    let i = 0n;
    for (const v of range) out.push(celList([i++, v]));
  } else if (isCelMap(range)) {
    for (const k of range.keys()) out.push(celList([k as CelValue, range.get(k as never) as CelValue]));
  } else {
    throw new Error(`type mismatch: iterable vs ${celType(range).name}`);
  }
  return celList(out);
}

export const LISTS_EXT_FUNCTIONS: CelFunc[] = [
  celMethod("slice", LIST, [INT, INT], LIST, function (this: CelList, start: bigint, end: bigint) {
    return slice(this, start, end);
  }),
  celMethod("flatten", LIST, [], LIST, function (this: CelList) {
    return celList(flatten(this, 1n));
  }),
  celMethod("flatten", LIST, [INT], LIST, function (this: CelList, depth: bigint) {
    return celList(flatten(this, depth));
  }),
  celFunc("lists.range", [INT], listType(INT), range),
  celMethod("reverse", LIST, [], LIST, function (this: CelList) {
    return celList([...this].reverse());
  }),
  celMethod("distinct", LIST, [], LIST, function (this: CelList) {
    return distinct(this);
  }),
  celMethod("sort", LIST, [], LIST, function (this: CelList) {
    return sortByKeys(this, this);
  }),
  celMethod("@sortByAssociatedKeys", LIST, [LIST], LIST, function (this: CelList, keys: CelList) {
    return sortByKeys(this, keys);
  }),
  celFunc("cel.@mapInsert", [MAP, DYN, DYN], MAP, mapInsert),
  celFunc("cel.@mapInsert", [MAP, MAP], MAP, (map: CelMap, update: CelMap) => {
    let out = map;
    for (const k of update.keys()) out = mapInsert(out, k as CelValue, update.get(k as never) as CelValue);
    return out;
  }),
  celFunc("@pairs", [DYN], LIST, pairs),
];
