// The state of one walk over a document against a compiled schema: its errors, the path to the value
// being checked (a stack, turned into kube-openapi's name only when an error is reported) and, on the
// check of a create, whether pruning would change what was visited.
import { ROOT_FIELD } from "./field-error.js";
import type { FieldError } from "./field-error.js";
import { hasOwn, isObject } from "./json-value.js";

/** The correlated value of the old object on an update, or undefined where there is none. */
export type Old = { value: unknown } | undefined;

export const PROPERTY = 0;
export const MAP_KEY = 1;
export const INDEX = 2;

/** One walk: its errors and the path to the value being checked, as a stack. */
export interface Walk {
  out: FieldError[];
  readonly base: string;
  readonly keys: (string | number)[];
  readonly steps: number[];
  depth: number;
  /**
   * While true, the walk also tells whether pruning would leave the document as it is (clean-scan.ts's
   * question, asked of the values the walk visits): `clean` turns false at the first value pruning would
   * change, or that the walk cannot vouch for.
   */
  tracking: boolean;
  clean: boolean;
}

export type Check = (data: unknown, walk: Walk, old: Old) => void;

/** A value pruning leaves alone where there is no schema: a scalar or null. */
export function isScalar(value: unknown): boolean {
  return typeof value !== "object" || value === null;
}

/** kube-openapi's name of the value being checked: `a.b`, `.key` for map entries, `a[0]`. */
export function pathOf(walk: Walk): string {
  let path = walk.base;
  for (let i = 0; i < walk.depth; i++) {
    const key = walk.keys[i];
    const step = walk.steps[i];
    if (step === INDEX) path = `${path}[${key}]`;
    else if (step === MAP_KEY || path !== "") path = `${path}.${key}`;
    else path = key as string;
  }
  return path;
}

export function descend(walk: Walk, key: string | number, step: number): void {
  walk.keys[walk.depth] = key;
  walk.steps[walk.depth] = step;
  walk.depth++;
}

export function oldProperty(old: Old, key: string): Old {
  return old !== undefined && isObject(old.value) && hasOwn(old.value, key) ? { value: old.value[key] } : undefined;
}

/** kube-openapi's `<name> in body` prefix of messages. */
export function inBody(path: string): string {
  return `${path} in body`;
}

/** The field of an error named `path`: the apiserver trims the leading dot of nested names. */
export function fieldOf(path: string): string {
  if (path === "" || path === ".") return ROOT_FIELD;
  return path.charCodeAt(0) === 46 ? path.slice(1) : path;
}

