// x-kubernetes-list-type / -list-map-keys / -map-type (crd-rules §B 16–17): the merge topology
// server-side apply relies on, so map-list keys must identify an item on their own.
import { forbidden, invalid, problemAt, required, unsupported } from "./field-error.js";
import type { Problem } from "./problem.js";
import { isSchemaObject, type SchemaNode, type SchemaObject } from "./schema-walk.js";

const MAP_TYPES = ["atomic", "granular"];
const LIST_TYPES = ["atomic", "map", "set"];

export function checkListMapTopology(node: SchemaNode, out: Problem[]): void {
  if (node.nested) return;
  checkMapType(node, out);
  checkListType(node, out);
  const listType: unknown = node.schema["x-kubernetes-list-type"];
  if (listType === "map") checkMapList(node, out);
  if ((listType === "map" || listType === "set") && isSchemaObject(node.schema.items)) checkKeyedListItems(node, listType, node.schema.items, out);
}

function checkMapType({ schema, path }: SchemaNode, out: Problem[]): void {
  const mapType: unknown = schema["x-kubernetes-map-type"];
  if (mapType === undefined) return;
  if (schema.type !== "object") {
    const detail = "must be object if x-kubernetes-map-type is specified";
    out.push(problemAt("topology/map-type-requires-object", path, ["type"], schema.type ? invalid(schema.type, detail) : required(detail)));
  }
  if (!MAP_TYPES.includes(mapType as string)) {
    out.push(problemAt("topology/map-type-unsupported", path, ["x-kubernetes-map-type"], unsupported(mapType, MAP_TYPES)));
  }
}

function checkListType({ schema, path }: SchemaNode, out: Problem[]): void {
  const listType: unknown = schema["x-kubernetes-list-type"];
  const keys: unknown = schema["x-kubernetes-list-map-keys"];
  if (listType !== undefined && schema.type !== "array") {
    const detail = "must be array if x-kubernetes-list-type is specified";
    out.push(problemAt("topology/list-type-requires-array", path, ["type"], schema.type ? invalid(schema.type, detail) : required(detail)));
  } else if (listType === "set" && isSchemaObject(schema.items)) {
    checkSetItemsAtomic(schema.items, path, out);
  }
  if (listType !== undefined && !LIST_TYPES.includes(listType as string)) {
    out.push(problemAt("topology/list-type-unsupported", path, ["x-kubernetes-list-type"], unsupported(listType, LIST_TYPES)));
  }
  if (Array.isArray(keys) && keys.length > 0 && listType !== "map") {
    const detail = "must be map if x-kubernetes-list-map-keys is non-empty";
    out.push(problemAt("topology/list-map-keys-without-map", path, ["x-kubernetes-list-type"], listType === undefined ? required(detail) : invalid(listType, detail)));
  }
}

/** Set items that are lists or maps are compared whole, so they must not merge granularly. */
function checkSetItemsAtomic(items: SchemaObject, path: SchemaNode["path"], out: Problem[]): void {
  const detail = "must be atomic as item of a list with x-kubernetes-list-type=set";
  const itemListType: unknown = items["x-kubernetes-list-type"];
  const itemMapType: unknown = items["x-kubernetes-map-type"];
  if (items.type === "array" && itemListType !== undefined && itemListType !== "atomic") {
    out.push(problemAt("topology/set-items-not-atomic", path, ["items", "x-kubernetes-list-type"], invalid(itemListType, detail)));
  }
  if (items.type === "object" && itemMapType !== "atomic") {
    out.push(problemAt("topology/set-items-not-atomic", path, ["items", "x-kubernetes-map-type"], invalid(itemMapType ?? "granular", detail)));
  }
}

function checkMapList({ schema, path }: SchemaNode, out: Problem[]): void {
  const keys: unknown[] = Array.isArray(schema["x-kubernetes-list-map-keys"]) ? schema["x-kubernetes-list-map-keys"] : [];
  if (keys.length === 0) {
    out.push(problemAt("topology/map-list-keys-required", path, ["x-kubernetes-list-map-keys"], required("must not be empty if x-kubernetes-list-type is map")));
  }
  const items: unknown = schema.items;
  if (items === undefined) {
    out.push(problemAt("topology/map-list-items-required", path, ["items"], required("must have a schema if x-kubernetes-list-type is map")));
    return;
  }
  if (!isSchemaObject(items)) return;
  if (items.type !== "object") {
    out.push(problemAt("topology/map-list-items-not-object", path, ["items", "type"], invalid(items.type ?? "", "must be object if parent array's x-kubernetes-list-type is map")));
    return;
  }
  const properties = isSchemaObject(items.properties) ? items.properties : {};
  const seen = new Set<unknown>();
  for (const key of keys) {
    const property: unknown = typeof key === "string" && Object.hasOwn(properties, key) ? properties[key] : undefined;
    if (!isSchemaObject(property)) {
      const detail = `entries must all be names of item properties (${JSON.stringify(key)} is not)`;
      out.push(problemAt("topology/map-list-key-not-property", path, ["x-kubernetes-list-map-keys"], invalid(keys, detail)));
    } else if (property.type === "array" || property.type === "object") {
      const detail = "must be a scalar type if parent array's x-kubernetes-list-type is map";
      out.push(problemAt("topology/map-list-key-not-scalar", path, ["items", "properties", key as string, "type"], invalid(property.type, detail)));
    }
    if (seen.has(key)) {
      const detail = `must not contain duplicate entries (${JSON.stringify(key)} is repeated)`;
      out.push(problemAt("topology/map-list-key-duplicate", path, ["x-kubernetes-list-map-keys"], invalid(keys, detail)));
    }
    seen.add(key);
  }
}

/** Items of set and map lists are identified by value or key, which null can't provide. */
function checkKeyedListItems({ schema, path }: SchemaNode, listType: string, items: SchemaObject, out: Problem[]): void {
  if (items.nullable === true) {
    out.push(problemAt("topology/list-items-nullable", path, ["items", "nullable"], forbidden(`cannot be nullable when x-kubernetes-list-type is ${listType}`)));
  }
  if (listType !== "map") return;
  const keys: unknown[] = Array.isArray(schema["x-kubernetes-list-map-keys"]) ? schema["x-kubernetes-list-map-keys"] : [];
  const requiredNames = new Set(Array.isArray(items.required) ? items.required : []);
  const properties = isSchemaObject(items.properties) ? items.properties : {};
  for (const key of new Set(keys)) {
    if (typeof key !== "string" || !Object.hasOwn(properties, key) || !isSchemaObject(properties[key])) continue;
    const property = properties[key];
    const keyPath = ["items", "properties", key];
    if (!requiredNames.has(key) && property.default === undefined) {
      const detail = "this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property";
      out.push(problemAt("topology/map-list-key-optional", path, [...keyPath, "default"], required(detail)));
    }
    if (property.nullable === true) {
      const detail = "this property is in x-kubernetes-list-map-keys, so it cannot be nullable";
      out.push(problemAt("topology/map-list-key-nullable", path, [...keyPath, "nullable"], forbidden(detail)));
    }
  }
}
