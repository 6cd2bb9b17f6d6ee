// What the apiserver's registry strategies do to an object before it is validated and stored
// (apiextensions-apiserver customResourceStrategy / statusStrategy, and generic ObjectMeta rules).
import { randomBytes, randomUUID } from "node:crypto";
import { deepEqual, isJsonObject, type JsonObject } from "./json-values.js";

const NAME_SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

/** names.SimpleNameGenerator: generateName + 5 random characters. */
export function generatedName(prefix: string): string {
  const bytes = randomBytes(5);
  let suffix = "";
  for (const byte of bytes) suffix += NAME_SUFFIX_ALPHABET[byte % NAME_SUFFIX_ALPHABET.length];
  return `${prefix.slice(0, 58)}${suffix}`;
}

export function nowTimestamp(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

export function metadataOf(object: JsonObject): JsonObject {
  if (!isJsonObject(object.metadata)) object.metadata = {};
  return object.metadata as JsonObject;
}

/** Fields only the server sets; a create starts them afresh. */
export function prepareForCreate(object: JsonObject, options: { statusSubresource: boolean; generation: boolean }): void {
  const metadata = metadataOf(object);
  metadata.uid = randomUUID();
  metadata.creationTimestamp = nowTimestamp();
  delete metadata.resourceVersion;
  delete metadata.deletionTimestamp;
  delete metadata.deletionGracePeriodSeconds;
  delete metadata.selfLink;
  delete metadata.managedFields;
  if (options.generation) metadata.generation = 1;
  else delete metadata.generation;
  if (options.statusSubresource) delete object.status;
}

/** A write to the main resource: the status (if it has its own subresource) and system metadata stay. */
export function prepareForUpdate(
  object: JsonObject,
  old: JsonObject,
  options: { statusSubresource: boolean },
): void {
  if (options.statusSubresource) {
    if ("status" in old) object.status = old.status;
    else delete object.status;
  }
  keepSystemMetadata(object, old);
}

/** A write to /status: everything but the status comes from the stored object. */
export function prepareForStatusUpdate(object: JsonObject, old: JsonObject): JsonObject {
  const next: JsonObject = { ...old, metadata: { ...(old.metadata as JsonObject) } };
  if ("status" in object) next.status = object.status;
  else delete next.status;
  return next;
}

function keepSystemMetadata(object: JsonObject, old: JsonObject): void {
  const metadata = metadataOf(object);
  const oldMetadata = old.metadata as JsonObject;
  for (const field of ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"]) {
    if (field in oldMetadata) metadata[field] = oldMetadata[field];
    else delete metadata[field];
  }
  delete metadata.selfLink;
  delete metadata.managedFields;
}

function withoutMetadata(object: JsonObject): JsonObject {
  const { metadata: _metadata, ...rest } = object;
  void _metadata;
  return rest;
}

/** Any change outside metadata bumps metadata.generation. */
export function bumpGeneration(object: JsonObject, old: JsonObject): void {
  if (!deepEqual(withoutMetadata(object), withoutMetadata(old))) {
    const metadata = metadataOf(object);
    metadata.generation = (Number((old.metadata as JsonObject).generation) || 0) + 1;
  }
}
