// x-kubernetes-list-type set and map: the apiserver rejects duplicates (structurallisttype), and
// transition rules correlate items of a map list by their keys.
import type { ValidationContext } from "./context.js";
import { isObject } from "./values.js";

/** Reports `Duplicate value` at the second occurrence of each repeated item of a `set` list (as structurallisttype does). */
export function checkListSet(c: ValidationContext, path: string, items: readonly unknown[]): void {
  if (items.length < 2) return;
  const times = new Map<string, number>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const key = typeof item === "object" && item !== null ? `o${canonicalJson(item)}` : `${typeof item}:${String(item)}`;
    const n = (times.get(key) ?? 0) + 1;
    times.set(key, n);
    if (n === 2) c.duplicate(`${path}[${i}]`, item);
  }
}

/** Reports `Duplicate value` at the second item of a `map` list with the same keys, for each repeated key. */
export function checkListMap(c: ValidationContext, path: string, items: readonly unknown[], keys: readonly string[]): void {
  if (items.length < 2) return;
  const times = new Map<string, number>();
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (!isObject(item)) continue;
    const key = mapKey(item, keys);
    const n = (times.get(key) ?? 0) + 1;
    times.set(key, n);
    if (n === 2) c.duplicate(`${path}[${i}]`, keyObject(item, keys));
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
