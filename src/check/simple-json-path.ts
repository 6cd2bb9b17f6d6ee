// JSONPaths of printer columns and the scale subresource, limited to what the generator can check:
// `.field`, `[0]` and `['key']` steps, resolved through the version's schema (and ObjectMeta for `.metadata…`).
import { OBJECT_META_FIELDS, TYPE_META_FIELDS, type MetaFieldKind } from "./object-meta.js";
import { isSchemaObject, type SchemaObject } from "./schema-walk.js";

export type PathStep = { field: string } | { index: number };

export type PathTarget =
  | { kind: "schema"; schema: SchemaObject }
  | { kind: "meta"; field: MetaFieldKind | "object" }
  /** Below x-kubernetes-preserve-unknown-fields: may exist, can't be checked. */
  | { kind: "unchecked" }
  | { kind: "missing"; detail: string };

const STEP = /\.([^.[\]'"\\*]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\]/y;

/** The steps of a simple JSONPath, or undefined if it uses anything else (filters, wildcards, slices…). */
export function parseSimpleJsonPath(jsonPath: string): PathStep[] | undefined {
  const steps: PathStep[] = [];
  STEP.lastIndex = 0;
  while (STEP.lastIndex < jsonPath.length) {
    const match = STEP.exec(jsonPath);
    if (!match) return undefined;
    const [, field, index, single, double] = match;
    steps.push(index !== undefined ? { index: Number(index) } : { field: field ?? single ?? double });
  }
  return steps.length > 0 ? steps : undefined;
}

export function resolveSimpleJsonPath(steps: readonly PathStep[], root: SchemaObject): PathTarget {
  let node = root;
  let isResource = true;
  let walked = "";
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (isResource && "field" in step) {
      // The schema of a resource's metadata can only restrict name and generateName; ObjectMeta is what's there.
      if (step.field === "metadata") return resolveObjectMeta(steps.slice(i + 1));
      const declared = isSchemaObject(node.properties) && Object.hasOwn(node.properties, step.field);
      if (TYPE_META_FIELDS.has(step.field) && !declared) {
        return i === steps.length - 1 ? { kind: "meta", field: "string" } : { kind: "missing", detail: `.${step.field} is a string` };
      }
    }
    const next = "field" in step ? fieldSchema(node, step.field) : isSchemaObject(node.items) ? node.items : undefined;
    if (next === undefined) {
      if (node["x-kubernetes-preserve-unknown-fields"] === true) return { kind: "unchecked" };
      const here = walked === "" ? "the root" : walked;
      const detail = "field" in step ? `${here} has no field "${step.field}"` : `${here} is not a list`;
      return { kind: "missing", detail };
    }
    walked += "field" in step ? `.${step.field}` : `[${step.index}]`;
    node = next;
    isResource = node["x-kubernetes-embedded-resource"] === true;
  }
  return { kind: "schema", schema: node };
}

function fieldSchema(node: SchemaObject, field: string): SchemaObject | undefined {
  const property: unknown = isSchemaObject(node.properties) && Object.hasOwn(node.properties, field) ? node.properties[field] : undefined;
  if (isSchemaObject(property)) return property;
  return isSchemaObject(node.additionalProperties) ? node.additionalProperties : undefined;
}

function resolveObjectMeta(rest: readonly PathStep[]): PathTarget {
  if (rest.length === 0) return { kind: "meta", field: "object" };
  const [first, ...more] = rest;
  if (!("field" in first) || !Object.hasOwn(OBJECT_META_FIELDS, first.field)) {
    return { kind: "missing", detail: `metadata has no field ${"field" in first ? `"${first.field}"` : `[${first.index}]`}` };
  }
  const field = OBJECT_META_FIELDS[first.field];
  if (more.length === 0) return { kind: "meta", field };
  if (field === "array") return { kind: "unchecked" };
  if (field === "string-map" && more.length === 1 && "field" in more[0]) return { kind: "meta", field: "string" };
  return { kind: "missing", detail: `metadata.${first.field} has no such entry` };
}
