// The largest object the API server can store: etcd's default --max-request-bytes (1.5 MiB).
// kube-apiserver passes etcd's refusal on ("request is too large"); so does this server.
import type { JsonObject } from "./json-values.js";
import { ApiError, failure } from "./status.js";

export const MAX_OBJECT_BYTES = 1_572_864;

function objectTooLarge(): ApiError {
  return new ApiError(failure(413, "RequestEntityTooLarge", "Request entity too large: etcdserver: request is too large"));
}

/** Throws the 413 when the object, as it would be stored, is over the limit. */
export function checkStoredSize(object: JsonObject): void {
  if (Buffer.byteLength(JSON.stringify(object)) > MAX_OBJECT_BYTES) throw objectTooLarge();
}
