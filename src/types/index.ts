// Types the generated `_crd.ts` modules use: Kubernetes metadata and JSON values.
export type { ListMeta, ManagedFieldsEntry, ObjectMeta, OwnerReference } from "./object-meta.js";
export type { JsonObject, JsonValue } from "./json-value.js";
