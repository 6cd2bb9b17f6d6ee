// x-kubernetes-list-type set and map: the apiserver rejects duplicates (structurallisttype), and
// transition rules correlate items of a map list by their keys.
import type { ValidationContext } from "./context.js";
import { isObject } from "./values.js";

/** Reports `Duplicate value` at each later copy of an item of a `set` list. */
export function checkListSet(c: ValidationContext, path: string, items: readonly unknown[]): void {
  if (items.length < 2) return;
  const seen = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const key = typeof item === "object" && item !== null ? `o${canonicalJson(item)}` : `${typeof item}:${String(item)}`;
    if (seen.has(key)) c.duplicate(`${path}[${i}]`, item);
    else seen.add(key);
  }
}

/** Reports `Duplicate value` at each later item of a `map` list whose keys repeat an earlier one. */
export function checkListMap(c: ValidationContext, path: string, items: readonly unknown[], keys: readonly string[]): void {
  if (items.length < 2) return;
  const seen = new Set<string>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!isObject(item)) continue;
    const key = mapKey(item, keys);
    if (seen.has(key)) c.duplicate(`${path}[${i}]`, keyObject(item, keys));
    else seen.add(key);
  }
}

/** The item of an old map list with the same keys as `item`, or undefined. */
export function oldListMapItem(old: unknown, item: unknown, keys: readonly string[]): unknown {
  if (!Array.isArray(old) || !isObject(item)) return undefined;
  const key = mapKey(item, keys);
  for (const candidate of old) if (isObject(candidate) && mapKey(candidate, keys) === key) return candidate;
  return undefined;
}

function mapKey(item: Record<string, unknown>, keys: readonly string[]): string {
  return JSON.stringify(keys.map((k) => (Object.hasOwn(item, k) ? (item[k] ?? null) : null)));
}

function keyObject(item: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keys) if (Object.hasOwn(item, k)) Object.defineProperty(out, k, { value: item[k], enumerable: true });
  return out;
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isObject(value)) {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}
