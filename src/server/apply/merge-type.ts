// The merge semantics of a custom resource, read from its structural schema as kube-apiserver builds
// its structured-merge-diff schema (k8s.io/kube-openapi/pkg/schemaconv, apiextensions-apiserver's
// type converter): objects are maps of named fields (granular unless x-kubernetes-map-type: atomic),
// additionalProperties are the map's element type, x-kubernetes-preserve-unknown-fields makes unknown
// keys "deduced" (maps granular, lists atomic), and lists are atomic unless x-kubernetes-list-type
// says set or map (x-kubernetes-list-map-keys). apiVersion, kind and metadata follow ObjectMeta.
import type { JSONSchemaProps } from "../../schema/kubernetes.js";

export type MergeType =
  | { kind: "scalar" }
  /** structured-merge-diff's __untyped_deduced_: maps granular of deduced, lists atomic, scalars leaves. */
  | { kind: "deduced" }
  | { kind: "map"; fields: ReadonlyMap<string, MergeType>; element?: MergeType; atomic: boolean }
  | { kind: "list"; element: MergeType; listType: "atomic" | "set" | "map"; keys: readonly string[] };

export const SCALAR: MergeType = { kind: "scalar" };
export const DEDUCED: MergeType = { kind: "deduced" };

function map(fields: Record<string, MergeType>, element?: MergeType, atomic = false): MergeType {
  return { kind: "map", fields: new Map(Object.entries(fields)), element, atomic };
}

const STRING_MAP = map({}, SCALAR);

/** metav1.ObjectMeta as the API server's OpenAPI describes it (finalizers a set, ownerReferences a map keyed by uid). */
export const OBJECT_META: MergeType = map({
  name: SCALAR,
  generateName: SCALAR,
  namespace: SCALAR,
  selfLink: SCALAR,
  uid: SCALAR,
  resourceVersion: SCALAR,
  generation: SCALAR,
  creationTimestamp: SCALAR,
  deletionTimestamp: SCALAR,
  deletionGracePeriodSeconds: SCALAR,
  labels: STRING_MAP,
  annotations: STRING_MAP,
  ownerReferences: {
    kind: "list",
    listType: "map",
    keys: ["uid"],
    element: map({ apiVersion: SCALAR, kind: SCALAR, name: SCALAR, uid: SCALAR, controller: SCALAR, blockOwnerDeletion: SCALAR }),
  },
  finalizers: { kind: "list", listType: "set", keys: [], element: SCALAR },
  managedFields: { kind: "list", listType: "atomic", keys: [], element: DEDUCED },
});

function isObjectSchema(schema: JSONSchemaProps): boolean {
  return schema.type === "object" || schema.properties !== undefined || (typeof schema.additionalProperties === "object" && schema.additionalProperties !== null);
}

export function mergeTypeOf(schema: JSONSchemaProps | undefined): MergeType {
  if (!schema) return DEDUCED;
  if (schema["x-kubernetes-int-or-string"]) return SCALAR;
  const preserve = schema["x-kubernetes-preserve-unknown-fields"] === true;
  if (schema.type === "array") {
    return {
      kind: "list",
      element: schema.items ? mergeTypeOf(schema.items) : DEDUCED,
      listType: schema["x-kubernetes-list-type"] ?? "atomic",
      keys: schema["x-kubernetes-list-map-keys"] ?? [],
    };
  }
  if (isObjectSchema(schema)) {
    const fields: Record<string, MergeType> = {};
    for (const [name, sub] of Object.entries(schema.properties ?? {})) fields[name] = mergeTypeOf(sub);
    if (schema["x-kubernetes-embedded-resource"]) {
      fields.apiVersion ??= SCALAR;
      fields.kind ??= SCALAR;
      fields.metadata = OBJECT_META;
    }
    const additional = schema.additionalProperties;
    const element = typeof additional === "object" && additional !== null ? mergeTypeOf(additional) : preserve || additional === true ? DEDUCED : undefined;
    return map(fields, element, schema["x-kubernetes-map-type"] === "atomic");
  }
  if (schema.type === undefined || preserve) return DEDUCED;
  return SCALAR;
}

/** The type of a whole custom resource of one CRD version: its schema with TypeMeta and ObjectMeta. */
export function resourceMergeType(schema: JSONSchemaProps | undefined): MergeType {
  const root = schema ? mergeTypeOf({ ...schema, type: "object" }) : map({}, DEDUCED);
  if (root.kind !== "map") return root;
  const fields = new Map(root.fields);
  fields.set("apiVersion", SCALAR);
  fields.set("kind", SCALAR);
  fields.set("metadata", OBJECT_META);
  return { ...root, fields };
}

/** A built-in type this server keeps without schema: every field deduced, metadata as ObjectMeta. */
export const SCHEMALESS_RESOURCE: MergeType = map({ apiVersion: SCALAR, kind: SCALAR, metadata: OBJECT_META }, DEDUCED);
