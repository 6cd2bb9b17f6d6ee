// Correlating list items across an update: items of a list-type=map list match by their key fields
// (a missing key takes its default); items of other lists never correlate.
import { goJson } from "./go-text.js";
import { hasOwn, isObject, kindOf } from "./json-value.js";
import type { SchemaNode } from "./schema-node.js";

/** Old items of a list-type=map list, found by their key fields; other lists do not correlate. */
export function listMapCorrelation(node: SchemaNode, old: unknown): (item: unknown) => unknown {
  if (node.listType !== "map" || node.listMapKeys.length === 0 || !Array.isArray(old)) return () => undefined;
  const keyOf = (item: unknown): string | undefined => {
    if (!isObject(item)) return undefined;
    const parts = node.listMapKeys.map((k) => {
      const v = hasOwn(item, k) ? item[k] : node.items?.properties.get(k)?.defaultValue;
      return `${kindOf(v)}:${goJson(v)}`;
    });
    return parts.join("\u0000");
  };
  const byKey = new Map<string, unknown>();
  for (const item of old) {
    const key = keyOf(item);
    if (key !== undefined && !byKey.has(key)) byKey.set(key, item);
  }
  return (item) => {
    const key = keyOf(item);
    return key === undefined ? undefined : byKey.get(key);
  };
}

