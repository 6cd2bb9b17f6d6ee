// Defaulting before validation, as the apiserver does it after pruning (apiextensions-apiserver
// schema/defaulting; src/crd-eval/defaults.ts is the reference): a default fills an absent property or
// a null in a non-nullable node, and defaults apply inside defaulted values too. Copy-on-write: the
// input is never changed, and an object needing no default is returned as is.
import { isObject } from "./values.js";

/**
 * The part of a schema that carries defaults: only nodes with a default at or below them. When
 * `additionalProperties` is set, `properties` names every declared property (`{}` for those without
 * defaults), so that declared keys are never taken for map entries.
 */
export interface DefaultsNode {
  default?: unknown;
  nullable?: true;
  properties?: Record<string, DefaultsNode>;
  items?: DefaultsNode;
  additionalProperties?: DefaultsNode;
}

/** `x` with the defaults of `node` applied (a copy where anything changed; `x` itself otherwise). */
export function applyDefaults(x: unknown, node: DefaultsNode): unknown {
  if (Array.isArray(x)) {
    const items = node.items;
    if (items === undefined) return x;
    let out: unknown[] | undefined;
    for (let i = 0; i < x.length; i++) {
      const value = applyDefaults(fillsNull(x[i], items) ? cloneJson(items.default) : x[i], items);
      if (value !== x[i]) (out ??= x.slice())[i] = value;
    }
    return out ?? x;
  }
  if (!isObject(x)) return x;
  let out: Record<string, unknown> | undefined;
  const properties = node.properties;
  if (properties !== undefined) {
    // Only the declared properties with defaults at or below them are visited (unless there is a map).
    for (const name of Object.keys(properties)) {
      const property = properties[name];
      let value = Object.hasOwn(x, name) ? x[name] : undefined;
      const before = value;
      if (property.default !== undefined && (value === undefined || fillsNull(value, property))) value = cloneJson(property.default);
      if (value !== undefined && (property.properties !== undefined || property.items !== undefined || property.additionalProperties !== undefined)) {
        value = applyDefaults(value, property);
      }
      if (value !== before) setOwn((out ??= copy(x)), name, value);
    }
  }
  const additional = node.additionalProperties;
  if (additional !== undefined) {
    for (const key of Object.keys(x)) {
      if (properties !== undefined && Object.hasOwn(properties, key)) continue;
      const before = x[key];
      const value = applyDefaults(fillsNull(before, additional) ? cloneJson(additional.default) : before, additional);
      if (value !== before) setOwn((out ??= copy(x)), key, value);
    }
  }
  return out ?? x;
}

function fillsNull(value: unknown, node: DefaultsNode): boolean {
  return value === null && node.default !== undefined && node.nullable !== true;
}

function copy(x: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(x)) setOwn(out, key, x[key]);
  return out;
}

/** Sets an own data property (plain assignment would set the prototype for `__proto__`). */
function setOwn(x: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__") Object.defineProperty(x, key, { value, writable: true, enumerable: true, configurable: true });
  else x[key] = value;
}

/** A fresh copy of a JSON value (defaults are shared by every call). */
function cloneJson(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(cloneJson);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) setOwn(out, key, cloneJson((value as Record<string, unknown>)[key]));
  return out;
}
