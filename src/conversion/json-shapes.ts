// JSON objects, lists and maps as the generated converters read and write them.
import { expected, fail } from "./errors.js";

export function objectFromJson(value: unknown, path: string): { readonly [key: string]: unknown } {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return expected("an object", value, path);
  return value as { readonly [key: string]: unknown };
}

/** Fails on a property the CRD does not define, as protojson does for unknown fields. */
export function checkProperties(json: object, known: ReadonlySet<string>, path: string): void {
  for (const key of Object.keys(json)) {
    if (!known.has(key)) fail(path === "" ? key : `${path}.${key}`, "unknown field: the CRD does not define it");
  }
}

export function listFromJson(value: unknown, path: string): readonly unknown[] {
  return Array.isArray(value) ? value : expected("a list", value, path);
}

/** Presence of a field with explicit presence (proto2 optional): protobuf-es keeps defaults on the prototype. */
export function hasOwn(message: object, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(message, key) && (message as { [key: string]: unknown })[key] !== undefined;
}

/** `json[key]` for a name a plain object inherits ("constructor", "__proto__", …): only its own property. */
export function ownProperty(json: { readonly [key: string]: unknown }, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(json, key) ? json[key] : undefined;
}

export function hasKeys(map: object): boolean {
  for (const key in map) if (Object.prototype.hasOwnProperty.call(map, key)) return true;
  return false;
}

/** `object[key] = value`, also for the key "__proto__". */
export function setOwn<T>(object: { [key: string]: T }, key: string, value: T): void {
  if (key === "__proto__") Object.defineProperty(object, key, { value, enumerable: true, writable: true, configurable: true });
  else object[key] = value;
}

/** A map from its JSON object; `key` checks and normalises keys that are not strings in protobuf. */
export function mapFromJson<T>(
  value: unknown,
  path: string,
  convert: (value: unknown, key: string) => T,
  key?: (key: string, path: string) => string,
): { [key: string]: T } {
  const result: { [key: string]: T } = {};
  for (const [k, v] of Object.entries(objectFromJson(value, path))) setOwn(result, key ? key(k, path) : k, convert(v, k));
  return result;
}

export function mapToJson<V, T>(map: { readonly [key: string]: V }, convert: (value: V, key: string) => T): { [key: string]: T } {
  const result: { [key: string]: T } = {};
  for (const [key, value] of Object.entries(map)) setOwn(result, key, convert(value, key));
  return result;
}

/** `value` when it is one of the values the CRD lists for a field. */
export function allowedValue<T extends string | number | boolean>(value: unknown, allowed: readonly T[], path: string): T {
  if ((allowed as readonly unknown[]).includes(value)) return value as T;
  return expected(`one of ${allowed.map((v) => JSON.stringify(v)).join(", ")}`, value, path);
}
