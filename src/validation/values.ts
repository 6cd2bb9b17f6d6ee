// Small predicates the generated validators call: JSON shapes, own properties, deep equality.

import { jsonEqual } from "../cel/json-equal.js";

export { jsonEqual };

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function isArray(value: unknown): value is unknown[] {
  return Array.isArray(value);
}

/** An own property's value; never one inherited from Object.prototype (`constructor`, `__proto__`, …). */
export function own(object: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/** The old value at `key` of an old object (undefined when there is none), for transition rules. */
export function oldChild(old: unknown, key: string): unknown {
  return isObject(old) && Object.hasOwn(old, key) ? old[key] : undefined;
}

/** Whether `value` is one of an enum's values (compared as JSON). */
export function enumIncludes(values: readonly unknown[], value: unknown): boolean {
  for (const v of values) if (jsonEqual(v, value)) return true;
  return false;
}

/**
 * kube-openapi's MultipleOf: integers against the whole part of the factor exactly; otherwise the
 * quotient must be a JSON integer within a relative epsilon (swag.IsFloat64AJSONInteger).
 */
export function isMultipleOf(value: number, factor: number): boolean {
  if (Number.isInteger(value) && Math.trunc(factor) !== 0) return value % Math.trunc(factor) === 0;
  const quotient = factor < 1 ? (1 / factor) * value : value / factor;
  if (!Number.isFinite(quotient) || Math.abs(quotient) > 2 ** 53) return false;
  if (Number.isInteger(quotient)) return true;
  const nearest = Math.round(quotient);
  return nearest !== 0 && Math.abs(quotient - nearest) / Math.abs(quotient) < 1e-9;
}

/** Number of own enumerable keys. */
export function keyCount(object: Record<string, unknown>): number {
  let n = 0;
  for (const k in object) if (Object.hasOwn(object, k)) n++;
  return n;
}
