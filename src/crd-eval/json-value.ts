// Helpers for JSON data as the apiserver sees it: plain objects and arrays, numbers that are int64
// or float64, and keys like "__proto__" that must stay ordinary data.
import { isInt64 } from "./go-text.js";

export type JsonObject = Record<string, unknown>;

/** The apiserver rejects JSON nested deeper than this while decoding (sigs.k8s.io/json). */
export const MAX_DEPTH = 10000;

export type ValueKind = "null" | "boolean" | "string" | "integer" | "number" | "array" | "object" | "unsupported";

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function kindOf(value: unknown): ValueKind {
  if (value === null) return "null";
  switch (typeof value) {
    case "boolean":
      return "boolean";
    case "string":
      return "string";
    case "number":
      return isInt64(value) ? "integer" : "number";
    case "object":
      return Array.isArray(value) ? "array" : "object";
    default:
      return "unsupported";
  }
}

export function hasOwn(object: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key);
}

/** Sets an own data property, even for "__proto__". */
export function setOwn(object: JsonObject, key: string, value: unknown): void {
  if (key === "__proto__") {
    Object.defineProperty(object, key, { value, writable: true, enumerable: true, configurable: true });
  } else {
    object[key] = value;
  }
}

/** A deep copy of JSON data, without recursion; undefined, functions and symbols are dropped from objects. */
export function cloneJson(value: unknown): unknown {
  const copyShallow = (v: unknown): unknown => (Array.isArray(v) ? new Array(v.length) : isObject(v) ? {} : v);
  const root = copyShallow(value);
  const stack: [unknown, unknown][] = [[value, root]];
  while (stack.length > 0) {
    const [source, target] = stack.pop()!;
    if (Array.isArray(source)) {
      const out = target as unknown[];
      for (let i = 0; i < source.length; i++) {
        const v = source[i] === undefined ? null : source[i];
        out[i] = copyShallow(v);
        if (typeof v === "object" && v !== null) stack.push([v, out[i]]);
      }
    } else if (isObject(source)) {
      const out = target as JsonObject;
      for (const key of Object.keys(source)) {
        const v = source[key];
        if (v === undefined || typeof v === "function" || typeof v === "symbol") continue;
        const copy = copyShallow(v);
        setOwn(out, key, copy);
        if (typeof v === "object" && v !== null) stack.push([v, copy]);
      }
    }
  }
  return root;
}

/** Nesting depth of arrays and objects, counted without recursion; stops counting past `limit`. */
export function depthExceeds(value: unknown, limit: number): boolean {
  if (typeof value !== "object" || value === null) return false;
  // Two parallel stacks of containers and their depths; scalars are never pushed.
  const values: object[] = [value];
  const depths: number[] = [1];
  while (values.length > 0) {
    const v = values.pop()!;
    const depth = depths.pop()!;
    if (depth > limit) return true;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const child: unknown = v[i];
        if (typeof child === "object" && child !== null) {
          values.push(child);
          depths.push(depth + 1);
        }
      }
    } else {
      for (const key in v) {
        const child: unknown = (v as JsonObject)[key];
        if (typeof child === "object" && child !== null && Object.prototype.hasOwnProperty.call(v, key)) {
          values.push(child);
          depths.push(depth + 1);
        }
      }
    }
  }
  return false;
}

/** reflect.DeepEqual on decoded JSON: int64 and float64 never compare equal, key order is irrelevant. */
export function deepEqualJson(a: unknown, b: unknown): boolean {
  if (a === b) return kindOf(a) === kindOf(b);
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((v, i) => deepEqualJson(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => hasOwn(b, k) && deepEqualJson(a[k], b[k]));
  }
  return false;
}
