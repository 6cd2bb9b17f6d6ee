// One read-only pass that tells whether admission may validate a document as it is: nothing to prune
// (prune.ts: unknown fields, ObjectMeta fields, non-nullable nulls without a default) and no nesting
// past the decoder's limit. It mirrors pruneResource and answers "not clean" whenever in doubt (embedded
// resources, values without a schema), so that the caller takes the exact path: copy, prune, validate.
import { hasOwn, isObject, MAX_DEPTH, depthExceeds } from "./json-value.js";
import { META_FIELDS, OBJECT_META_FIELDS } from "./prune.js";
import type { SchemaNode } from "./schema-node.js";

/** True when pruning would not change `object` and it is nested no deeper than the apiserver decodes. */
export function isCleanResource(object: unknown, root: SchemaNode): boolean {
  if (!isObject(object) || root.within.embeddedResources || root.preserveUnknownFields) return false;
  for (const key in object) {
    if (!hasOwn(object, key)) continue;
    const value = object[key];
    if (key === "metadata" && isObject(value)) {
      // A schema that declares metadata fields prunes their nulls too: leave that to the exact path.
      const declared = root.properties.get("metadata");
      if (declared !== undefined && (declared.properties.size > 0 || declared.additionalProperties !== undefined)) return false;
      for (const field in value) if (hasOwn(value, field) && !OBJECT_META_FIELDS.has(field)) return false;
      if (depthExceeds(value, MAX_DEPTH - 1)) return false;
      continue;
    }
    const property = root.properties.get(key);
    if (property === undefined) {
      if (META_FIELDS.has(key) || !root.hasAdditionalProperties) return false;
      if (!isClean(value, root.additionalProperties, 2)) return false;
    } else if (!(META_FIELDS.has(key) && key !== "metadata" && typeof value === "string") && !isClean(value, property, 2)) return false;
  }
  return true;
}

/** `value` at nesting `depth` (the resource is 1) against `node`. */
function isClean(value: unknown, node: SchemaNode | undefined, depth: number): boolean {
  if (typeof value !== "object") return true;
  if (value === null) return node === undefined || node.nullable || node.hasDefault;
  if (node === undefined) return false;
  if (node.preserveUnknownFields) return isBarePreserved(node) && !depthExceeds(value, MAX_DEPTH - depth + 1);
  if (depth > MAX_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (!isClean(value[i], node.items, depth + 1)) return false;
    return true;
  }
  for (const key in value) {
    if (!hasOwn(value as Record<string, unknown>, key)) continue;
    const property = node.properties.get(key);
    if (property === undefined && !node.hasAdditionalProperties) return false;
    if (!isClean((value as Record<string, unknown>)[key], property ?? node.additionalProperties, depth + 1)) return false;
  }
  return true;
}

/** x-kubernetes-preserve-unknown-fields with nothing declared below: nothing in it is pruned. */
function isBarePreserved(node: SchemaNode): boolean {
  return node.properties.size === 0 && node.additionalProperties === undefined && node.items === undefined;
}
