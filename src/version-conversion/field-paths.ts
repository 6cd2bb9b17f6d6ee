// Concrete places of a field pattern inside one JSON object, as JSON Pointers (RFC 6901).
import type { FieldPath } from "./plan.js";

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Every concrete path matching `pattern` whose value is present (not undefined). */
export function matches(root: Json, pattern: FieldPath): string[][] {
  let current: { path: string[]; value: Json }[] = [{ path: [], value: root }];
  for (const segment of pattern) {
    const next: { path: string[]; value: Json }[] = [];
    for (const { path, value } of current) {
      if (segment === "*") {
        if (Array.isArray(value)) value.forEach((item, i) => next.push({ path: [...path, String(i)], value: item }));
        else if (isObject(value)) for (const key of Object.keys(value)) next.push({ path: [...path, key], value: value[key] });
      } else if (isObject(value) && Object.hasOwn(value, segment)) {
        next.push({ path: [...path, segment], value: value[segment] });
      }
    }
    current = next;
  }
  return current.map((c) => c.path);
}

export function getAt(root: Json, path: readonly string[]): Json {
  let value = root;
  for (const segment of path) value = Array.isArray(value) ? value[Number(segment)] : isObject(value) ? value[segment] : undefined;
  return value;
}

/** Removes the value at `path` (a property; never a list item, so indices stay valid). */
export function removeAt(root: Json, path: readonly string[]): void {
  const parent = getAt(root, path.slice(0, -1));
  if (isObject(parent)) delete parent[path[path.length - 1]];
}

/** Sets the value at `path`, creating objects on the way (never lists). */
export function setAt(root: Json, path: readonly string[], value: Json): void {
  let node = root as Record<string, Json>;
  for (const segment of path.slice(0, -1)) {
    const child = Array.isArray(node) ? node[Number(segment)] : node[segment];
    if (typeof child !== "object" || child === null) node[segment] = {};
    node = (Array.isArray(node) ? node[Number(segment)] : node[segment]) as Record<string, Json>;
  }
  const last = path[path.length - 1];
  if (Array.isArray(node)) node[Number(last)] = value;
  else node[last] = value;
}

export function toPointer(path: readonly string[]): string {
  return path.map((s) => "/" + s.replace(/~/g, "~0").replace(/\//g, "~1")).join("");
}

export function fromPointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
}

/** The path `to` with the "*" segments filled from `concrete`, which matched `from`. */
export function rebind(from: FieldPath, concrete: readonly string[], to: FieldPath): string[] {
  const bindings = from.map((segment, i) => (segment === "*" ? concrete[i] : undefined)).filter((b) => b !== undefined);
  let next = 0;
  return to.map((segment) => (segment === "*" ? bindings[next++]! : segment));
}
