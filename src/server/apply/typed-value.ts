// Operations on a JSON value read through its MergeType, after structured-merge-diff v4's typed
// package: the field set a value sets (tofieldset.go), the difference of two values (compare.go),
// merging an applied configuration into the live object (merge.go), and removing a field set from
// a value (remove.go). Written from their documented behaviour, not translated.
import { deepEqual, isJsonObject, type JsonObject } from "../json-values.js";
import { FieldSet, fieldElement, keyElement, pathString, valueElement } from "./field-set.js";
import { DEDUCED, type MergeType } from "./merge-type.js";

type Shape =
  | { kind: "leaf" }
  | { kind: "map"; fields: ReadonlyMap<string, MergeType>; element?: MergeType }
  | { kind: "list"; element: MergeType; listType: "set" | "map"; keys: readonly string[] };

const LEAF: Shape = { kind: "leaf" };
const DEDUCED_MAP: Shape = { kind: "map", fields: new Map(), element: DEDUCED };

/** How a value of `type` is walked: atomic maps and lists, scalars and deduced lists are leaves. */
function shapeOf(type: MergeType, value: unknown): Shape {
  switch (type.kind) {
    case "scalar":
      return LEAF;
    case "deduced":
      return isJsonObject(value) ? DEDUCED_MAP : LEAF;
    case "map":
      return type.atomic || (value !== undefined && value !== null && !isJsonObject(value)) ? LEAF : { kind: "map", fields: type.fields, element: type.element };
    case "list":
      return type.listType === "atomic" || (value !== undefined && value !== null && !Array.isArray(value))
        ? LEAF
        : { kind: "list", element: type.element, listType: type.listType, keys: type.keys };
  }
}

function fieldType(shape: Shape & { kind: "map" }, key: string): MergeType {
  return shape.fields.get(key) ?? shape.element ?? DEDUCED;
}

/** An applied configuration that the schema cannot describe (typed/validate.go's ValidationErrors). */
export class SchemaMismatch extends Error {
  constructor(readonly problems: string[]) {
    super(problems.length === 1 ? problems[0] : ["errors:", ...problems.map((p) => `  ${p}`)].join("\n"));
  }
}

/** The path element of a list item; undefined when a list-map item lacks a key field. */
function itemElement(shape: Shape & { kind: "list" }, item: unknown): string | { missing: string } {
  if (shape.listType === "set") return valueElement(item);
  const keys: [string, unknown][] = [];
  for (const key of shape.keys) {
    if (!isJsonObject(item) || !Object.hasOwn(item, key)) return { missing: key };
    keys.push([key, item[key]]);
  }
  return keyElement(keys);
}

/** Path elements of a list's items: by key or value, or by index where an item has no key. */
function itemElements(shape: Shape & { kind: "list" }, list: unknown[]): string[] {
  return list.map((item, i) => {
    const element = itemElement(shape, item);
    return typeof element === "string" ? element : `i:${i}`;
  });
}

function isEmptyContainer(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0) || (isJsonObject(value) && Object.keys(value).length === 0);
}

/**
 * Checks an applied configuration against the schema (what ObjectToTyped refuses): fields the
 * schema does not declare, list-map items without their keys, repeated keys or set values.
 */
export function validateConfig(value: unknown, type: MergeType): void {
  const problems: string[] = [];
  const walk = (v: unknown, t: MergeType, path: string[]) => {
    const shape = shapeOf(t, v);
    if (shape.kind === "map" && isJsonObject(v)) {
      for (const [key, child] of Object.entries(v)) {
        const declared = shape.fields.get(key) ?? shape.element;
        if (!declared) problems.push(`${pathString([...path, fieldElement(key)])}: field not declared in schema`);
        else walk(child, declared, [...path, fieldElement(key)]);
      }
    } else if (shape.kind === "list" && Array.isArray(v)) {
      const seen = new Set<string>();
      v.forEach((item, i) => {
        const element = itemElement(shape, item);
        if (typeof element !== "string") {
          problems.push(
            `${pathString(path)}: element ${i}: associative list with keys has an element that omits key field ${JSON.stringify(element.missing)} (and doesn't have default value)`,
          );
          return;
        }
        if (seen.has(element)) problems.push(`${pathString(path)}: duplicate entries for key ${pathString([element])}`);
        seen.add(element);
        walk(item, shape.element, [...path, element]);
      });
    }
  };
  walk(value, type, []);
  if (problems.length > 0) throw new SchemaMismatch(problems);
}

/** The fields `value` sets (Typed.ToFieldSet): leaves, list items, map keys not named in the schema, empty maps and nulls. */
export function toFieldSet(value: unknown, type: MergeType): FieldSet {
  const out = new FieldSet();
  collect(value, type, out);
  return out.union(new FieldSet());
}

/** Fills `node` (the set at the value's path); true when the value is a leaf its parent must list as a member. */
function collect(value: unknown, type: MergeType, node: FieldSet): boolean {
  const shape = shapeOf(type, value);
  if (shape.kind === "leaf") return true;
  if (shape.kind === "map") {
    if (!isJsonObject(value)) return value === null;
    for (const [key, child] of Object.entries(value)) {
      const element = fieldElement(key);
      const leaf = collect(child, fieldType(shape, key), node.child(element));
      if (leaf || child === null || (isJsonObject(child) && Object.keys(child).length === 0) || !shape.fields.has(key)) node.members.add(element);
    }
    return false;
  }
  if (!Array.isArray(value)) return value === null;
  const elements = itemElements(shape, value);
  const counts = new Map<string, number>();
  for (const element of elements) counts.set(element, (counts.get(element) ?? 0) + 1);
  value.forEach((item, i) => {
    const element = elements[i];
    node.members.add(element);
    // A repeated item is owned as a whole, never field by field (tofieldset.go visitListItems).
    if (counts.get(element) === 1) collect(item, shape.element, node.child(element));
  });
  return false;
}

export interface Comparison {
  added: FieldSet;
  removed: FieldSet;
  modified: FieldSet;
}

/** What changed from `lhs` to `rhs` (Typed.Compare): containers that appear or vanish are listed with their leaves. */
export function compare(lhs: unknown, rhs: unknown, type: MergeType): Comparison {
  const out: Comparison = { added: new FieldSet(), removed: new FieldSet(), modified: new FieldSet() };
  compareContents(lhs, rhs, type, out);
  return { added: out.added.union(new FieldSet()), removed: out.removed.union(new FieldSet()), modified: out.modified.union(new FieldSet()) };
}

function sameKind(a: unknown, b: unknown): boolean {
  return Array.isArray(a) === Array.isArray(b) && isJsonObject(a) === isJsonObject(b);
}

/** Compares the contents of two values at one path into `out` (the sets at that path); true if the pair is a leaf. */
function compareContents(lhs: unknown, rhs: unknown, type: MergeType, out: Comparison): boolean {
  if (lhs !== undefined && rhs !== undefined && lhs !== null && rhs !== null && !sameKind(lhs, rhs)) return true;
  const shape = shapeOf(type, rhs ?? lhs ?? undefined);
  // Two empty (or absent) containers compare as a leaf, so {} and null stay distinct.
  if (shape.kind === "leaf" || (isEmptyContainer(lhs) && isEmptyContainer(rhs))) return true;
  const visit = (l: unknown, r: unknown, childType: MergeType, element: string) => {
    const child: Comparison = { added: out.added.child(element), removed: out.removed.child(element), modified: out.modified.child(element) };
    const leaf = compareContents(l, r, childType, child);
    if (leaf) {
      if (l === undefined) out.added.members.add(element);
      else if (r === undefined) out.removed.members.add(element);
      else if (!deepEqual(l, r)) out.modified.members.add(element);
    } else if (l === undefined) out.added.members.add(element);
    else if (r === undefined) out.removed.members.add(element);
  };
  if (shape.kind === "map") {
    const l = isJsonObject(lhs) ? lhs : {};
    const r = isJsonObject(rhs) ? rhs : {};
    for (const key of Object.keys(r)) visit(Object.hasOwn(l, key) ? l[key] : undefined, r[key], fieldType(shape, key), fieldElement(key));
    for (const key of Object.keys(l)) if (!Object.hasOwn(r, key)) visit(l[key], undefined, fieldType(shape, key), fieldElement(key));
    return false;
  }
  const l = Array.isArray(lhs) ? lhs : [];
  const r = Array.isArray(rhs) ? rhs : [];
  const lItems = firstByElement(shape, l);
  const rItems = firstByElement(shape, r);
  for (const [element, item] of rItems) visit(lItems.get(element), item, shape.element, element);
  for (const [element, item] of lItems) if (!rItems.has(element)) visit(item, undefined, shape.element, element);
  return false;
}

/** Items by path element; a repeated element keeps its first item. */
function firstByElement(shape: Shape & { kind: "list" }, list: unknown[]): Map<string, unknown> {
  const out = new Map<string, unknown>();
  const elements = itemElements(shape, list);
  list.forEach((item, i) => {
    if (!out.has(elements[i])) out.set(elements[i], item);
  });
  return out;
}

/**
 * The live object with the applied configuration merged in (Typed.Merge): the configuration wins
 * for leaves and atomic values; granular maps merge key by key; list-map and set items merge by key
 * or value, shared items in the configuration's order and the live object's other items kept in place.
 */
export function merge(live: unknown, config: unknown, type: MergeType): unknown {
  if (config === undefined) return live;
  if (live === undefined || live === null || config === null || !sameKind(live, config)) return config;
  const shape = shapeOf(type, config);
  if (shape.kind === "leaf") return config;
  if (shape.kind === "map") {
    const l = live as JsonObject;
    const r = config as JsonObject;
    const out: JsonObject = {};
    for (const key of Object.keys(l)) setOwn(out, key, Object.hasOwn(r, key) ? merge(l[key], r[key], fieldType(shape, key)) : l[key]);
    for (const key of Object.keys(r)) if (!Object.hasOwn(l, key)) setOwn(out, key, r[key]);
    return out;
  }
  return mergeList(live as unknown[], config as unknown[], shape);
}

function setOwn(object: JsonObject, key: string, value: unknown): void {
  Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
}

function mergeList(live: unknown[], config: unknown[], shape: Shape & { kind: "list" }): unknown[] {
  const lElements = itemElements(shape, live);
  const rElements = itemElements(shape, config);
  const lItems = firstByElement(shape, live);
  const rItems = firstByElement(shape, config);
  // Items in both lists, in the configuration's order: each is emitted when its turn in that order comes.
  const shared = rElements.filter((e) => lItems.has(e));
  let nextShared = 0;
  const done = new Set<string>();
  const out: unknown[] = [];
  const emitMerged = (element: string) => {
    out.push(lItems.has(element) ? merge(lItems.get(element), rItems.get(element), shape.element) : rItems.get(element));
    done.add(element);
    if (shared[nextShared] === element) nextShared++;
  };
  let i = 0;
  let j = 0;
  while (i < live.length || j < config.length) {
    if (i < live.length && j < config.length && lElements[i] === rElements[j]) {
      if (!done.has(rElements[j])) emitMerged(rElements[j]);
      i++;
      j++;
      continue;
    }
    if (i < live.length) {
      const element = lElements[i];
      if (!rItems.has(element)) {
        out.push(live[i]);
        i++;
        continue;
      }
      // Merged already, or a shared item whose turn in the configuration's order has not come.
      if (done.has(element) || shared[nextShared] !== element) {
        i++;
        continue;
      }
    }
    if (j < config.length) {
      if (!done.has(rElements[j])) emitMerged(rElements[j]);
      j++;
      continue;
    }
    i++;
  }
  return out;
}

/** `value` without the fields of `set` (Typed.RemoveItems); a map or list left empty becomes null, as there. */
export function removeItems(value: unknown, set: FieldSet, type: MergeType): unknown {
  const shape = shapeOf(type, value);
  if (shape.kind === "leaf") return value;
  if (shape.kind === "map") {
    if (!isJsonObject(value)) return value;
    const out: JsonObject = {};
    for (const [key, child] of Object.entries(value)) {
      const element = fieldElement(key);
      if (set.members.has(element)) continue;
      const below = set.children.get(element);
      setOwn(out, key, below && !below.isEmpty() ? removeItems(child, below, fieldType(shape, key)) : child);
    }
    return Object.keys(out).length > 0 ? out : null;
  }
  if (!Array.isArray(value)) return value;
  const elements = itemElements(shape, value);
  const out: unknown[] = [];
  value.forEach((item, i) => {
    if (set.members.has(elements[i])) return;
    const below = set.children.get(elements[i]);
    out.push(below && !below.isEmpty() ? removeItems(item, below, shape.element) : item);
  });
  return out.length > 0 ? out : null;
}

/** The set plus every named (schema-declared) field that has owned children (Set.EnsureNamedFieldsAreMembers). */
export function ensureNamedFieldsAreMembers(set: FieldSet, type: MergeType): FieldSet {
  const out = new FieldSet();
  for (const m of set.members) out.members.add(m);
  for (const [element, child] of set.children) {
    let childType: MergeType = DEDUCED;
    if (type.kind === "map" && element.startsWith("f:")) {
      const declared = type.fields.get(element.slice(2));
      if (declared) out.members.add(element);
      childType = declared ?? type.element ?? DEDUCED;
    } else if (type.kind === "list") {
      childType = type.element;
    }
    out.children.set(element, ensureNamedFieldsAreMembers(child, childType));
  }
  return out;
}
