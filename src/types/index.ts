// Types the generated `_crd.ts` modules use: Kubernetes metadata and JSON values.
export type { ListMeta, ManagedFieldsEntry, ObjectMeta, OwnerReference } from "./object-meta.js";
export type { JsonObject, JsonValue } from "./json-value.js";
export type { Base64Bytes, FieldMaskPaths, GoDuration, Int64Number, Int64OrString, Int64String, Rfc3339Timestamp, SecondsDuration } from "./json-forms.js";
