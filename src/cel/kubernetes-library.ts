// The Kubernetes CEL libraries this package can evaluate, on top of @bufbuild/cel's standard
// functions and its strings extension: lists (isSorted, sum, min, max, indexOf, lastIndexOf),
// regex (find, findAll) and sets (contains, equivalent, intersects).
import { celFunc, celList, celListConcat, celMethod, CelScalar, isCelList, isCelMap, isCelUint, listType, mapType, type CelFunc, type CelInput, type CelList, type CelValue } from "@bufbuild/cel";
import { strings } from "@bufbuild/cel/ext";
import { findAll, findFirst } from "./re2-to-js.js";
import { IP_CIDR_FUNCTIONS, ipCidrToString } from "./library/ip-cidr.js";
import { opaqueOf } from "./library/opaque.js";
import { QUANTITY_FUNCTIONS } from "./library/quantity.js";
import { URL_FUNCTIONS } from "./library/url.js";
import { CONVERSION_FUNCTIONS } from "./library/conversions.js";
import { FORMAT_FUNCTIONS } from "./library/format.js";
import { SEMVER_FUNCTIONS } from "./library/semver.js";
import { LISTS_EXT_FUNCTIONS } from "./library/lists-ext.js";
import { OPTIONAL_SYNTAX_FUNCTIONS } from "./library/optional.js";
import { celCompare, celEquals, findByKeys, listContains, markList, semanticsOf } from "./values.js";

const { BOOL, DYN, INT, STRING } = CelScalar;
const LIST = listType(DYN);

function isSorted(this: CelList): boolean {
  let previous: CelValue | undefined;
  for (const v of this) {
    if (previous !== undefined && (celCompare(previous, v) ?? 0) > 0) return false;
    previous = v;
  }
  return true;
}

function extreme(list: CelList, name: string, sign: 1 | -1): CelValue {
  if (list.size === 0) throw new Error(`${name} called on empty list`);
  let best: CelValue = list.get(0)!;
  for (const v of list) {
    const order = celCompare(v, best);
    if (order === undefined) throw new Error(`no such overload: ${name}`);
    if (order * sign > 0) best = v;
  }
  return best;
}

function sum(this: CelList): CelValue {
  let total: CelValue = 0n;
  let first = true;
  for (const v of this) {
    if (first) {
      total = v;
      first = false;
    } else if (typeof total === "bigint" && typeof v === "bigint") {
      total = total + v;
      if (total > 9223372036854775807n || total < -9223372036854775808n) throw new Error("integer overflow");
    } else if (typeof total === "number" && typeof v === "number") {
      total = total + v;
    } else {
      throw new Error("no such overload: sum");
    }
  }
  return total;
}

function indexOf(list: CelList, value: CelValue, last: boolean): bigint {
  let found = -1;
  for (let i = 0; i < list.size; i++) {
    if (celEquals(list.get(i)!, value)) {
      found = i;
      if (!last) break;
    }
  }
  return BigInt(found);
}

function contains(list: CelList, sub: CelList): boolean {
  for (const v of sub) {
    let present = false;
    for (const w of list) if (celEquals(v, w)) present = true;
    if (!present) return false;
  }
  return true;
}

function intersects(a: CelList, b: CelList): boolean {
  for (const v of a) for (const w of b) if (celEquals(v, w)) return true;
  return false;
}

const lists: CelFunc[] = [
  celMethod("isSorted", LIST, [], BOOL, isSorted),
  celMethod("sum", LIST, [], DYN, sum),
  celMethod("min", LIST, [], DYN, function (this: CelList) {
    return extreme(this, "min", -1);
  }),
  celMethod("max", LIST, [], DYN, function (this: CelList) {
    return extreme(this, "max", 1);
  }),
  celMethod("indexOf", LIST, [DYN], INT, function (this: CelList, v: CelValue) {
    return indexOf(this, v, false);
  }),
  celMethod("lastIndexOf", LIST, [DYN], INT, function (this: CelList, v: CelValue) {
    return indexOf(this, v, true);
  }),
];

const regex: CelFunc[] = [
  celMethod("find", STRING, [STRING], STRING, function (this: string, pattern: string) {
    return findFirst(this, pattern);
  }),
  celMethod("findAll", STRING, [STRING], listType(STRING), function (this: string, pattern: string) {
    return findAll(this, pattern, -1);
  }),
  celMethod("findAll", STRING, [STRING, INT], listType(STRING), function (this: string, pattern: string, limit: bigint) {
    return findAll(this, pattern, Number(limit));
  }),
];

const sets: CelFunc[] = [
  celFunc("sets.contains", [LIST, LIST], BOOL, contains),
  celFunc("sets.equivalent", [LIST, LIST], BOOL, (a: CelList, b: CelList) => contains(a, b) && contains(b, a)),
  celFunc("sets.intersects", [LIST, LIST], BOOL, intersects),
];

/** Set lists drop duplicates; map lists replace the element with the same keys (Kubernetes semantics). */
function concat(a: CelList, b: CelList): CelList {
  const semantics = semanticsOf(a);
  if (semantics === undefined) return celListConcat(a, b);
  const out: CelValue[] = [...a];
  for (const v of b) {
    if (semantics.kind === "set") {
      if (!listContains(a, v)) out.push(v);
    } else {
      // List elements are wrapped anew on each read, so match by position rather than identity.
      const existing = findByKeys(celList(out), v, semantics.keys);
      const at = existing === undefined ? -1 : out.findIndex((e) => e === existing || celEquals(e, existing));
      if (at === -1) out.push(v);
      else out[at] = v;
    }
  }
  return markList(celList(out), semantics);
}

// Replace the standard equality so that nested set and map lists compare like the apiserver does.
const operators: CelFunc[] = [
  celFunc("_==_", [DYN, DYN], BOOL, (a: CelValue, b: CelValue) => celEquals(a, b)),
  celFunc("_!=_", [DYN, DYN], BOOL, (a: CelValue, b: CelValue) => !celEquals(a, b)),
  celFunc("@in", [DYN, LIST], BOOL, (v: CelValue, list: CelList) => listContains(list, v)),
  celFunc("_+_", [LIST, LIST], LIST, concat),
];

/**
 * An optional value (oldSelf with optionalOldSelf) as a list of at most one element; the static
 * checker lets only optional-typed values reach the methods below.
 */
export function optionalOf(value: CelInput | undefined): CelList {
  return celList(value === undefined ? [] : [value]);
}

/** optional.ofNonZeroValue: none for a zero value (false, 0, 0u, 0.0, "", b"", null, empty list or map). */
function isZeroValue(v: CelValue): boolean {
  if (v === null || v === false || v === 0n || v === 0 || v === "") return true;
  if (v instanceof Uint8Array) return v.length === 0;
  if (isCelUint(v)) return v.value === 0n;
  if (isCelList(v) || isCelMap(v)) return v.size === 0 && opaqueOf(v) === undefined;
  return false;
}

const optionals: CelFunc[] = [
  celFunc("optional.of", [DYN], LIST, (v: CelValue) => celList([v])),
  celFunc("optional.ofNonZeroValue", [DYN], LIST, (v: CelValue) => celList(isZeroValue(v) ? [] : [v])),
  celFunc("optional.none", [], LIST, () => celList([])),
  celMethod("hasValue", LIST, [], BOOL, function (this: CelList) {
    return this.size > 0;
  }),
  celMethod("value", LIST, [], DYN, function (this: CelList) {
    if (this.size === 0) throw new Error("optional.none() dereference");
    return this.get(0)!;
  }),
  celMethod("orValue", LIST, [DYN], DYN, function (this: CelList, fallback: CelValue) {
    return this.size > 0 ? this.get(0)! : fallback;
  }),
  celMethod("or", LIST, [LIST], LIST, function (this: CelList, other: CelList) {
    return this.size > 0 ? this : other;
  }),
];

/** string() of the libraries' opaque values. */
const conversions: CelFunc[] = [
  celFunc("string", [mapType(DYN, DYN)], STRING, (v: CelValue) => {
    const text = ipCidrToString(v);
    if (text === undefined) throw new Error("no such overload");
    return text;
  }),
];

export const KUBERNETES_FUNCTIONS: CelFunc[] = [...strings, ...lists, ...regex, ...sets, ...operators, ...optionals, ...IP_CIDR_FUNCTIONS, ...QUANTITY_FUNCTIONS, ...URL_FUNCTIONS, ...FORMAT_FUNCTIONS, ...conversions, ...CONVERSION_FUNCTIONS, ...SEMVER_FUNCTIONS, ...LISTS_EXT_FUNCTIONS, ...OPTIONAL_SYNTAX_FUNCTIONS];
