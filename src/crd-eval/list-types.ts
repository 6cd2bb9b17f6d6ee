// x-kubernetes-list-type set and map uniqueness (apiextensions-apiserver schema/listtype/validation.go):
// the second occurrence of each repeated value or key is a Duplicate value error.
import { duplicate, type FieldError, invalid } from "./field-error.js";
import { childPath, indexPath, keyPath } from "./field-path.js";
import { goJson } from "./go-text.js";
import { hasOwn, isObject, kindOf } from "./json-value.js";
import type { SchemaNode } from "./schema-node.js";

export function validateListTypes(object: unknown, root: SchemaNode): FieldError[] {
  const out: FieldError[] = [];
  // Without list types anywhere below the root, no walk finds anything.
  if (isObject(object) && root.within.listTypes) walkObject(object, root, "", out);
  return out;
}

function walk(value: unknown, node: SchemaNode, path: string, out: FieldError[]): void {
  if (!node.within.listTypes) return;
  if (Array.isArray(value)) walkArray(value, node, path, out);
  else if (isObject(value)) walkObject(value, node, path, out);
}

function walkObject(value: Record<string, unknown>, node: SchemaNode, path: string, out: FieldError[]): void {
  for (const key of Object.keys(value)) {
    const property = node.properties.get(key);
    if (property !== undefined) walk(value[key], property, childPath(path, key), out);
    else if (node.additionalProperties !== undefined) walk(value[key], node.additionalProperties, keyPath(path, key), out);
  }
}

function walkArray(list: unknown[], node: SchemaNode, path: string, out: FieldError[]): void {
  if (node.listType === "set") {
    for (const i of repeatedIndices(list)) out.push(duplicate(indexPath(path, i), list[i]));
  } else if (node.listType === "map") {
    out.push(...listMapErrors(list, node, path));
  }
  if (node.items !== undefined) {
    for (let i = 0; i < list.length; i++) walk(list[i], node.items, indexPath(path, i), out);
  }
}

/** The index of the second occurrence of every value that occurs more than once. */
function repeatedIndices(values: readonly unknown[]): number[] {
  if (values.length <= 1) return [];
  const seen = new Map<string, number>();
  const repeated: number[] = [];
  values.forEach((value, i) => {
    const key = `${kindOf(value)}:${goJson(value)}`;
    const times = seen.get(key) ?? 0;
    seen.set(key, times + 1);
    if (times === 1) repeated.push(i);
  });
  return repeated;
}

const UNSPECIFIED = Symbol("unspecified key");

function listMapErrors(list: unknown[], node: SchemaNode, path: string): FieldError[] {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (item !== null && !isObject(item)) return [invalid(indexPath(path, i), item, "must be an object for an array of list-type map")];
  }
  if (list.length <= 1) return [];
  const keyFields = node.listMapKeys;
  if (keyFields.length === 1) {
    const keyField = keyFields[0];
    const keys = list.map((item) => (isObject(item) && hasOwn(item, keyField) ? item[keyField] : UNSPECIFIED));
    const comparable = keys.map((k) => (k === UNSPECIFIED ? { unspecified: true } : k));
    return repeatedIndices(comparable).map((i) =>
      duplicate(indexPath(path, i), keys[i] === UNSPECIFIED ? {} : { [keyField]: keys[i] }),
    );
  }
  const keys = list.map((item) => {
    const key: Record<string, unknown> = {};
    if (isObject(item)) {
      for (const field of keyFields) {
        if (hasOwn(item, field)) key[field] = item[field];
        else {
          const fieldNode = node.items?.properties.get(field);
          if (fieldNode?.hasDefault) key[field] = fieldNode.defaultValue;
        }
      }
    }
    return key;
  });
  return repeatedIndices(keys).map((i) => duplicate(indexPath(path, i), keys[i]));
}
