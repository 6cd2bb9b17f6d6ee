// Pruning as the apiserver does it before anything else (apiextensions-apiserver schema/pruning and
// objectmeta): unknown fields are dropped and reported, never rejected; then non-nullable nulls
// without a default are dropped (schema/defaulting/prunenulls.go).
import { hasOwn, isObject, type JsonObject } from "./json-value.js";
import type { SchemaNode } from "./schema-node.js";

export const META_FIELDS = new Set(["apiVersion", "kind", "metadata"]);

/** The fields of metav1.ObjectMeta; anything else under `metadata` is dropped like an unknown field. */
export const OBJECT_META_FIELDS = new Set([
  "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
  "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
]);

function child(path: string, key: string): string {
  return path === "" ? key : `${path}.${key}`;
}

/** Prunes a whole custom resource in place; returns the dropped paths, sorted like the apiserver's warnings. */
export function pruneResource(object: unknown, root: SchemaNode): string[] {
  const unknown: string[] = [];
  pruneValue(object, root, "", unknown, true);
  if (isObject(object) && isObject(object.metadata)) pruneObjectMeta(object.metadata, "metadata", unknown);
  pruneEmbeddedMetadata(object, root, "", unknown);
  pruneNonNullableNulls(object, root);
  return unknown.sort();
}

/** Prunes a value in place against the node it belongs to (not a resource root); returns the dropped paths. */
export function pruneAgainstNode(value: unknown, node: SchemaNode): string[] {
  const unknown: string[] = [];
  pruneValue(value, node, "", unknown);
  return unknown.sort();
}

function pruneValue(x: unknown, node: SchemaNode | undefined, path: string, unknown: string[], embedded = node?.embeddedResource ?? false): void {
  if (node?.preserveUnknownFields) {
    skipPrune(x, node, path, unknown, embedded);
    return;
  }
  if (node === undefined) {
    clearObjects(x, path, unknown);
    return;
  }
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) pruneValue(x[i], node.items, `${path}[${i}]`, unknown);
    return;
  }
  if (!isObject(x)) return;
  for (const key of Object.keys(x)) {
    if (embedded && META_FIELDS.has(key)) continue;
    const property = node.properties.get(key);
    if (property !== undefined) pruneValue(x[key], property, child(path, key), unknown);
    else if (node.hasAdditionalProperties) pruneValue(x[key], node.additionalProperties, child(path, key), unknown);
    else {
      if (!META_FIELDS.has(key) || path !== "") unknown.push(child(path, key));
      delete x[key];
    }
  }
}

/** Without a schema every object is emptied, also inside (nested) lists; iterative, for deep data. */
function clearObjects(x: unknown, path: string, unknown: string[]): void {
  const stack: [unknown, string][] = [[x, path]];
  while (stack.length > 0) {
    const [value, at] = stack.pop()!;
    if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${at}[${i}]`]);
    } else if (isObject(value)) {
      for (const key of Object.keys(value)) {
        unknown.push(child(at, key));
        delete value[key];
      }
    }
  }
}

/** Below x-kubernetes-preserve-unknown-fields only declared properties are pruned further. */
function skipPrune(x: unknown, node: SchemaNode, path: string, unknown: string[], embedded: boolean): void {
  if (Array.isArray(x)) {
    if (node.items === undefined) return;
    for (let i = 0; i < x.length; i++) skipPrune(x[i], node.items, `${path}[${i}]`, unknown, node.items.embeddedResource);
    return;
  }
  if (!isObject(x)) return;
  for (const key of Object.keys(x)) {
    if (embedded && META_FIELDS.has(key)) continue;
    const property = node.properties.get(key);
    if (property !== undefined) pruneValue(x[key], property, child(path, key), unknown);
    else if (node.additionalProperties !== undefined) pruneValue(x[key], node.additionalProperties, child(path, key), unknown);
  }
}

function pruneObjectMeta(metadata: JsonObject, path: string, unknown: string[]): void {
  for (const key of Object.keys(metadata)) {
    if (!OBJECT_META_FIELDS.has(key)) {
      unknown.push(child(path, key));
      delete metadata[key];
    }
  }
}

/** The metadata of x-kubernetes-embedded-resource objects is coerced to ObjectMeta as well. */
function pruneEmbeddedMetadata(x: unknown, node: SchemaNode | undefined, path: string, unknown: string[]): void {
  if (node === undefined || !node.within.embeddedResources) return;
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) pruneEmbeddedMetadata(x[i], node.items, `${path}[${i}]`, unknown);
    return;
  }
  if (!isObject(x)) return;
  if (node.embeddedResource && path !== "" && isObject(x.metadata)) pruneObjectMeta(x.metadata, child(path, "metadata"), unknown);
  for (const key of Object.keys(x)) {
    const sub = node.properties.get(key) ?? node.additionalProperties;
    if (sub !== undefined && !(path === "" && key === "metadata")) pruneEmbeddedMetadata(x[key], sub, child(path, key), unknown);
  }
}

function isNonNullableNullWithoutDefault(value: unknown, node: SchemaNode | undefined): boolean {
  return value === null && node !== undefined && !node.nullable && !node.hasDefault;
}

export function pruneNonNullableNulls(x: unknown, node: SchemaNode | undefined): void {
  if (node === undefined) return;
  if (Array.isArray(x)) {
    for (const item of x) pruneNonNullableNulls(item, node?.items);
    return;
  }
  if (!isObject(x)) return;
  for (const key of Object.keys(x)) {
    const sub = node.properties.get(key) ?? node.additionalProperties;
    if (isNonNullableNullWithoutDefault(x[key], sub)) delete x[key];
    else if (hasOwn(x, key)) pruneNonNullableNulls(x[key], sub);
  }
}
