// Walks an old and a new schema together, yielding every node present in both with its JSON path.
// Nodes only in new (added fields) are not visited: nothing stored or sent before can be in them.
import type { JSONSchemaProps } from "../schema/kubernetes.js";

export interface NodePair {
  /** `.spec.entitiesImpacted[*].entityType`; `""` is the object root. Map values and list items are `[*]`. */
  path: string;
  old: JSONSchemaProps;
  new: JSONSchemaProps;
}

export function* schemaPairs(old: JSONSchemaProps, next: JSONSchemaProps, path = ""): Generator<NodePair> {
  yield { path, old, new: next };
  for (const [name, oldChild] of Object.entries(old.properties ?? {})) {
    const newChild = next.properties?.[name];
    if (newChild) yield* schemaPairs(oldChild, newChild, `${path}.${name}`);
  }
  if (old.items && next.items) yield* schemaPairs(old.items, next.items, `${path}[*]`);
  if (typeof old.additionalProperties === "object" && typeof next.additionalProperties === "object") {
    yield* schemaPairs(old.additionalProperties, next.additionalProperties, `${path}[*]`);
  }
}

/** The node's type as users see it: string, integer, number, boolean, array, object, map, int-or-string, any. */
export function typeOf(node: JSONSchemaProps): string {
  if (node["x-kubernetes-int-or-string"]) return "int-or-string";
  if (node.type === "object" && typeof node.additionalProperties === "object") return "map";
  return node.type ?? "any";
}

/** Whether every value of type `from` is also a value of type `to`. */
export function typeWidens(from: string, to: string): boolean {
  if (from === to || to === "any") return true;
  if (to === "int-or-string") return from === "integer" || from === "string";
  if (to === "number") return from === "integer";
  return false;
}

/** `.spec.x` for messages; the object root is shown as `.` */
export function showPath(path: string): string {
  return path === "" ? "." : path;
}
