// Runtime of CEL's optional syntax (cel.OptionalTypes). An optional travels as a list of at most one
// element (kubernetes-library.ts optionalOf); the static checker decides which operand is an optional, so
// each operation has a variant for an optional operand. The names start with `@`, which no rule can
// spell: optional-lowering.ts writes them in place of `_?._`, `_[?_]`, `[?x]` and `{?k: v}`.
//
// Semantics (cel-go interpreter/attributes.go applyQualifiers, QualifyIfPresent): a field or index that
// is absent gives optional.none(); an absent operand value (none) stays none; a present one gives
// optional.of(value).
import { celFunc, celList, celMethod, celMap, CelScalar, isCelList, isCelMap, isCelUint, listType, type CelFunc, type CelList, type CelValue } from "@bufbuild/cel";

const { BOOL, DYN, STRING } = CelScalar;
const LIST = listType(DYN);
const NONE = (): CelList => celList([]);
const of = (v: CelValue): CelList => celList([v]);

/** The value of a present field or key of a map or object, else none. */
function selectIfPresent(operand: CelValue, key: CelValue): CelList {
  if (isCelMap(operand)) {
    const k = key as string | bigint | boolean;
    return operand.has(k) ? of(operand.get(k)!) : NONE();
  }
  if (isCelList(operand)) {
    const index = typeof key === "bigint" ? key : isCelUint(key) ? key.value : typeof key === "number" && Number.isInteger(key) ? BigInt(key) : undefined;
    if (index === undefined) throw new Error("no such overload");
    return index >= 0n && index < BigInt(operand.size) ? of(operand.get(Number(index))!) : NONE();
  }
  throw new Error("no such overload");
}

/** Applies an access to the value of an optional operand: none stays none. */
function throughOptional(optional: CelValue, key: CelValue): CelList {
  if (!isCelList(optional)) throw new Error("no such overload");
  return optional.size === 0 ? NONE() : selectIfPresent(optional.get(0)!, key);
}

function withEntry(map: CelValue, key: CelValue, value: CelValue | undefined): CelValue {
  if (!isCelMap(map)) throw new Error("no such overload");
  const entries = new Map<unknown, CelValue>(map);
  if (value === undefined) entries.delete(key);
  else entries.set(key, value);
  return celMap(entries as never);
}

/** optional.unwrap / unwrapOpt (cel/library.go optUnwrap): the values of the optionals that have one. */
function unwrap(list: CelList): CelList {
  const out: CelValue[] = [];
  for (const o of list) {
    if (!isCelList(o)) throw new Error(`value ${String(o)} is not optional`);
    if (o.size > 0) out.push(o.get(0)!);
  }
  return celList(out);
}

export const OPTIONAL_SYNTAX_FUNCTIONS: CelFunc[] = [
  celFunc("@optSelect", [DYN, STRING], DYN, (operand: CelValue, field: string) => selectIfPresent(operand, field)),
  celFunc("@optSelectOnOptional", [DYN, STRING], DYN, (operand: CelValue, field: string) => throughOptional(operand, field)),
  // has(o.f) on an optional o (cel-go interpreter evalTestOnly over applyQualifiers): none is false.
  celFunc("@optHas", [DYN, STRING], BOOL, (operand: CelValue, field: string) => throughOptional(operand, field).size > 0),
  celFunc("@optIndex", [DYN, DYN], DYN, (operand: CelValue, key: CelValue) => selectIfPresent(operand, key)),
  celFunc("@optIndexOnOptional", [DYN, DYN], DYN, (operand: CelValue, key: CelValue) => throughOptional(operand, key)),
  // `[?x]`: the element list of one optional, empty for none (concatenated with its neighbours).
  celFunc("@optElement", [DYN], LIST, (optional: CelValue) => {
    if (!isCelList(optional)) throw new Error("no such overload");
    return optional;
  }),
  // `{…, ?k: x, …}` (cel-go interpreter evalMap): entries apply in order; a later key replaces an earlier
  // one, and an optional entry without a value removes it.
  celFunc("@optEntry", [DYN, DYN, DYN], DYN, (map: CelValue, key: CelValue, optional: CelValue) => {
    if (!isCelList(optional)) throw new Error("no such overload");
    return withEntry(map, key, optional.size === 0 ? undefined : optional.get(0)!);
  }),
  celFunc("@entry", [DYN, DYN, DYN], DYN, (map: CelValue, key: CelValue, value: CelValue) => withEntry(map, key, value)),
  celMethod("unwrapOpt", LIST, [], LIST, function (this: CelList) {
    return unwrap(this);
  }),
  celFunc("optional.unwrap", [LIST], LIST, unwrap),
  // list_first / list_last (cel/library.go, optional library version 2): none for an empty list.
  celMethod("first", LIST, [], LIST, function (this: CelList) {
    return this.size === 0 ? NONE() : of(this.get(0)!);
  }),
  celMethod("last", LIST, [], LIST, function (this: CelList) {
    return this.size === 0 ? NONE() : of(this.get(this.size - 1)!);
  }),
];
