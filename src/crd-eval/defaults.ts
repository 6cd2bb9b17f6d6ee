// Defaulting as the apiserver does it after pruning (apiextensions-apiserver schema/defaulting):
// a default fills an absent field or a null in a non-nullable one, and defaults apply inside
// defaulted values too.
import { cloneJson, hasOwn, isObject, setOwn } from "./json-value.js";
import type { SchemaNode } from "./schema-node.js";

function isNonNullableNull(value: unknown, node: SchemaNode): boolean {
  return value === null && !node.nullable;
}

/** Applies defaults in place. */
export function applyDefaultsInPlace(x: unknown, node: SchemaNode | undefined): void {
  if (node === undefined || !node.within.defaults) return;
  if (Array.isArray(x)) {
    const items = node.items;
    if (items === undefined) return;
    for (let i = 0; i < x.length; i++) {
      if (items.hasDefault && isNonNullableNull(x[i], items)) x[i] = cloneJson(items.defaultValue);
      applyDefaultsInPlace(x[i], items);
    }
    return;
  }
  if (!isObject(x)) return;
  for (const [name, property] of node.properties) {
    if (property.hasDefault && (!hasOwn(x, name) || isNonNullableNull(x[name], property))) {
      setOwn(x, name, cloneJson(property.defaultValue));
    }
  }
  for (const key of Object.keys(x)) {
    const property = node.properties.get(key);
    if (property !== undefined) {
      applyDefaultsInPlace(x[key], property);
    } else if (node.additionalProperties !== undefined) {
      const additional = node.additionalProperties;
      if (additional.hasDefault && isNonNullableNull(x[key], additional)) x[key] = cloneJson(additional.defaultValue);
      applyDefaultsInPlace(x[key], additional);
    }
  }
}

/** Whether applyDefaultsInPlace would set anything in `x`, without changing it. */
export function needsDefaults(x: unknown, node: SchemaNode | undefined): boolean {
  if (node === undefined || !node.within.defaults) return false;
  if (Array.isArray(x)) {
    const items = node.items;
    if (items === undefined) return false;
    for (const item of x) if ((items.hasDefault && isNonNullableNull(item, items)) || needsDefaults(item, items)) return true;
    return false;
  }
  if (!isObject(x)) return false;
  for (const [name, property] of node.properties) {
    if (property.hasDefault && (!hasOwn(x, name) || isNonNullableNull(x[name], property))) return true;
  }
  for (const key of Object.keys(x)) {
    const property = node.properties.get(key);
    if (property !== undefined) {
      if (needsDefaults(x[key], property)) return true;
    } else if (node.additionalProperties !== undefined) {
      const additional = node.additionalProperties;
      if ((additional.hasDefault && isNonNullableNull(x[key], additional)) || needsDefaults(x[key], additional)) return true;
    }
  }
  return false;
}
