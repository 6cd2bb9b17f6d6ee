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
  const properties = node.properties ?? {};
  for (const name in properties) {
    if (!Object.hasOwn(properties, name)) continue;
    const property = properties[name];
    if (property.default !== undefined && (!Object.hasOwn(x, name) || fillsNull(x[name], property))) {
      setOwn((out ??= copy(x)), name, cloneJson(property.default));
    }
  }
  const source = out ?? x;
  for (const key of Object.keys(source)) {
    const sub = Object.hasOwn(properties, key) ? properties[key] : node.additionalProperties;
    if (sub === undefined) continue;
    const before = source[key];
    const value = applyDefaults(fillsNull(before, sub) && !Object.hasOwn(properties, key) ? cloneJson(sub.default) : before, sub);
    if (value !== before) setOwn((out ??= copy(x)), key, value);
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

/** Sets an own data property, `__proto__` included. */
function setOwn(x: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(x, key, { value, writable: true, enumerable: true, configurable: true });
}

function cloneJson(value: unknown): unknown {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}
