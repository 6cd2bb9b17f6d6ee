// One read-only pass that tells whether admission may validate a document as it is: nothing to prune
// (prune.ts: unknown fields, ObjectMeta fields, non-nullable nulls without a default) and no nesting
// past the decoder's limit. It mirrors pruneResource and answers "not clean" whenever in doubt (embedded
// resources, values without a schema), so that the caller takes the exact path: copy, prune, validate.
import { isObject, MAX_DEPTH, depthExceeds } from "./json-value.js";
import { META_FIELDS, OBJECT_META_FIELDS } from "./prune.js";
import type { SchemaNode } from "./schema-node.js";

// Called directly in for-in loops, where V8 answers it from the enum cache.
const hasOwnProperty = Object.prototype.hasOwnProperty;

/** True when pruning would not change `object` and it is nested no deeper than the apiserver decodes. */
export function isCleanResource(object: unknown, root: SchemaNode): boolean {
  return isCleanResourceAt(object, root, true);
}

/**
 * isCleanResource of the resource's own fields only: the values of declared properties other than
 * apiVersion, kind and metadata are left to validateResourceSchema, which tracks them as it validates.
 */
export function isCleanResourceShallow(object: unknown, root: SchemaNode): boolean {
  return isCleanResourceAt(object, root, false);
}

function isCleanResourceAt(object: unknown, root: SchemaNode, deep: boolean): boolean {
  if (!isObject(object) || root.within.embeddedResources || root.preserveUnknownFields) return false;
  for (const key in object) {
    if (!hasOwnProperty.call(object, key)) continue;
    const value = object[key];
    if (key === "metadata" && isObject(value)) {
      // A schema that declares metadata fields prunes their nulls too: leave that to the exact path.
      const declared = root.properties.get("metadata");
      if (declared !== undefined && (declared.properties.size > 0 || declared.additionalProperties !== undefined)) return false;
      for (const field in value) if (hasOwnProperty.call(value, field) && !OBJECT_META_FIELDS.has(field)) return false;
      if (depthExceeds(value, MAX_DEPTH - 1)) return false;
      continue;
    }
    const property = root.properties.get(key);
    if (property === undefined) {
      if (META_FIELDS.has(key) || !root.hasAdditionalProperties) return false;
      if (!isClean(value, root.additionalProperties, 2)) return false;
    } else if (META_FIELDS.has(key) ? typeof value !== "string" && !isClean(value, property, 2) : deep && !isClean(value, property, 2)) return false;
  }
  return true;
}

/** Whether `value` at nesting `depth` (the resource is 1) is clean against a schema node. */
type CleanCheck = (value: unknown, depth: number) => boolean;

const compiledChecks = new WeakMap<SchemaNode, CleanCheck>();

/** A value without a schema: only scalars and null are left alone by pruning. */
const undeclared: CleanCheck = (value) => typeof value !== "object" || value === null;

/** `value` at nesting `depth` (the resource is 1) against `node`. */
function isClean(value: unknown, node: SchemaNode | undefined, depth: number): boolean {
  return cleanCheckOf(node)(value, depth);
}

/** The clean check of `node`, compiled at its first use (its children at theirs). */
function cleanCheckOf(node: SchemaNode | undefined): CleanCheck {
  if (node === undefined) return undeclared;
  let check = compiledChecks.get(node);
  if (check === undefined) {
    check = compileCleanCheck(node);
    compiledChecks.set(node, check);
  }
  return check;
}

function compileCleanCheck(node: SchemaNode): CleanCheck {
  const nullIsClean = node.nullable || node.hasDefault;
  if (node.preserveUnknownFields) {
    const bare = isBarePreserved(node);
    return (value, depth) => {
      if (typeof value !== "object") return true;
      if (value === null) return nullIsClean;
      return bare && !depthExceeds(value, MAX_DEPTH - depth + 1);
    };
  }
  // Children are compiled when first met: a property index per name, its check filled in then.
  const index = new Map<string, number>();
  for (const name of node.properties.keys()) index.set(name, index.size);
  const propertyNodes = [...node.properties.values()];
  const properties: (CleanCheck | undefined)[] = propertyNodes.map(() => undefined);
  const hasAdditional = node.hasAdditionalProperties;
  let items: CleanCheck | undefined;
  let additional: CleanCheck | undefined;
  return (value, depth) => {
    if (typeof value !== "object") return true;
    if (value === null) return nullIsClean;
    if (depth > MAX_DEPTH) return false;
    if (Array.isArray(value)) {
      items ??= cleanCheckOf(node.items);
      for (let i = 0; i < value.length; i++) if (!items(value[i], depth + 1)) return false;
      return true;
    }
    for (const key in value) {
      if (!hasOwnProperty.call(value as Record<string, unknown>, key)) continue;
      const i = index.get(key);
      if (i === undefined) {
        if (!hasAdditional || !(additional ??= cleanCheckOf(node.additionalProperties))((value as Record<string, unknown>)[key], depth + 1)) return false;
      } else if (!(properties[i] ??= cleanCheckOf(propertyNodes[i]))((value as Record<string, unknown>)[key], depth + 1)) return false;
    }
    return true;
  };
}

/** x-kubernetes-preserve-unknown-fields with nothing declared below: nothing in it is pruned. */
function isBarePreserved(node: SchemaNode): boolean {
  return node.properties.size === 0 && node.additionalProperties === undefined && node.items === undefined;
}
