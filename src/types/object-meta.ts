// Kubernetes metadata in its JSON form, for the generated `_crd.ts` types (imported from "protoc-gen-crd-ts").
//
// Defined here rather than taken from @kubernetes/client-node: its V1ObjectMeta types timestamps as
// `Date` (its ObjectSerializer converts them), while custom objects come back from the API
// (CustomObjectsApi, watch events, kubectl output, files in CI) as plain JSON with RFC 3339 strings.
// These types describe that JSON exactly, keep generated code free of the Kubernetes client, and are
// structurally compatible with whatever a program already uses.

/**
 * Standard object metadata (meta/v1 ObjectMeta) in its JSON form: timestamps are RFC 3339 strings.
 * Every object has a name (or generateName when created); namespaced objects have a namespace.
 */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: { [key: string]: string };
  annotations?: { [key: string]: string };
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
}

/** An object this one depends on (meta/v1 OwnerReference). */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** Which manager owns which fields (meta/v1 ManagedFieldsEntry), as server-side apply records it. */
export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: { [key: string]: unknown };
  subresource?: string;
}

/** Metadata of a list (meta/v1 ListMeta). */
export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
}
