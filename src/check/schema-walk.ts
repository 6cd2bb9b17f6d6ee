// Visits every node of an openAPIV3Schema with the context the apiserver validates it in.
import type { JSONSchemaProps } from "../schema/kubernetes.js";
import type { PathElement } from "./problem.js";

/** A schema node as found in the CRD: the typed keywords plus anything else the object carries. */
export type SchemaObject = JSONSchemaProps & { readonly [keyword: string]: unknown };

export interface SchemaNode {
  schema: SchemaObject;
  path: PathElement[];
  /** The root, an array's items, or an object field (properties and additionalProperties). */
  level: "root" | "item" | "field";
  isRoot: boolean;
  /** Inside allOf/anyOf/oneOf/not: a value validation only, not part of the structural schema. */
  nested: boolean;
  /** Within metadata, kind or apiVersion of the root or of an embedded resource. */
  insideResourceMeta: boolean;
  /** Why a `default` is forbidden here (the apiserver's wording), or undefined where defaults are allowed. */
  defaultForbiddenReason: string | undefined;
  /** The first enclosing list whose items can't be matched across updates, so rules here can't use oldSelf. */
  uncorrelatableAt: PathElement[] | undefined;
  parent: SchemaNode | undefined;
}

const JUNCTORS = ["allOf", "anyOf", "oneOf"] as const;
const RESOURCE_META_FIELDS = new Set(["metadata", "kind", "apiVersion"]);

export function isSchemaObject(value: unknown): value is SchemaObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The schema's properties as [name, schema] pairs, skipping entries that are not objects. */
export function propertiesOf(schema: SchemaObject): [string, SchemaObject][] {
  if (!isSchemaObject(schema.properties)) return [];
  return Object.entries(schema.properties).filter((e): e is [string, SchemaObject] => isSchemaObject(e[1]));
}

/** The schemas listed under allOf/anyOf/oneOf and not, with their paths below `path`. */
export function junctorsOf(schema: SchemaObject, path: readonly PathElement[]): { schema: SchemaObject; path: PathElement[] }[] {
  const found: { schema: SchemaObject; path: PathElement[] }[] = [];
  for (const junctor of JUNCTORS) {
    const list: unknown = schema[junctor];
    if (!Array.isArray(list)) continue;
    list.forEach((entry: unknown, i) => {
      if (isSchemaObject(entry)) found.push({ schema: entry, path: [...path, junctor, i] });
    });
  }
  if (isSchemaObject(schema.not)) found.push({ schema: schema.not, path: [...path, "not"] });
  return found;
}

/** Pre-order walk: the node, its properties, additionalProperties, items, then junctor entries. */
export function walkSchema(root: JSONSchemaProps, rootPath: readonly PathElement[], visit: (node: SchemaNode) => void): void {
  walk(
    {
      schema: root as SchemaObject,
      path: [...rootPath],
      level: "root",
      isRoot: true,
      nested: false,
      insideResourceMeta: false,
      defaultForbiddenReason: undefined,
      uncorrelatableAt: undefined,
      parent: undefined,
    },
    visit,
  );
}

function walk(node: SchemaNode, visit: (node: SchemaNode) => void): void {
  visit(node);
  const { schema, path } = node;
  const child = { ...node, isRoot: false, parent: node };

  for (const [name, property] of propertiesOf(schema)) {
    const resourceMeta = (node.isRoot || schema["x-kubernetes-embedded-resource"] === true) && RESOURCE_META_FIELDS.has(name);
    walk(
      {
        ...child,
        schema: property,
        path: [...path, "properties", name],
        level: "field",
        insideResourceMeta: node.insideResourceMeta || resourceMeta,
        defaultForbiddenReason: node.isRoot && resourceMeta ? `in top-level ${name}` : node.defaultForbiddenReason,
      },
      visit,
    );
  }
  if (isSchemaObject(schema.additionalProperties)) {
    walk(
      {
        ...child,
        schema: schema.additionalProperties,
        path: [...path, "additionalProperties"],
        level: "field",
        // Pruning can't tell which metadata entries a default would belong to.
        defaultForbiddenReason: node.insideResourceMeta
          ? "inside additionalProperties applying to object metadata"
          : node.defaultForbiddenReason,
      },
      visit,
    );
  }
  if (isSchemaObject(schema.items)) {
    // Only items of map lists are matched up between the old and new object.
    const uncorrelatable = schema["x-kubernetes-list-type"] !== "map" ? path : undefined;
    walk(
      {
        ...child,
        schema: schema.items,
        path: [...path, "items"],
        level: "item",
        uncorrelatableAt: node.uncorrelatableAt ?? uncorrelatable,
      },
      visit,
    );
  }
  for (const entry of junctorsOf(schema, path)) {
    walk({ ...child, schema: entry.schema, path: entry.path, nested: true }, visit);
  }
}
