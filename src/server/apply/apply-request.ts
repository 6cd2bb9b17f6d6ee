// The request side of server-side apply and field management in crd-ts serve: PatchOptions checks
// (k8s.io/apimachinery/pkg/apis/meta/v1/validation ValidatePatchOptions), the applied configuration's
// checks (internal/structuredmerge.go Apply), the merge type of a resource version, and managedFields
// for ordinary writes (FieldManager.Update: the request's managedFields if it sets them, else the live ones).
import { isJsonObject, type JsonObject } from "../json-values.js";
import { apiVersionOf, type ResourceType } from "../resource-types.js";
import { ApiError, badRequest, invalid, type FieldError } from "../status.js";
import { decodeManagedFields, managerFromUserAgent, type Managers } from "./managed-fields.js";
import { resourceMergeType, SCHEMALESS_RESOURCE, type MergeType } from "./merge-type.js";
import { recordUpdate, type WriteContext } from "./ownership.js";
import { SchemaMismatch, validateConfig } from "./typed-value.js";

export const APPLY_PATCH_TYPE = "application/apply-patch+yaml";

const mergeTypes = new WeakMap<object, Map<string, MergeType>>();

/** The merge type of one version of a resource type (cached per CRD object). */
export function mergeTypeFor(type: ResourceType, version: string): MergeType {
  if (!type.crd) return SCHEMALESS_RESOURCE;
  let byVersion = mergeTypes.get(type.crd);
  if (!byVersion) mergeTypes.set(type.crd, (byVersion = new Map()));
  let merged = byVersion.get(version);
  if (!merged) {
    const schema = type.crd.spec.versions.find((v) => v.name === version)?.schema?.openAPIV3Schema;
    byVersion.set(version, (merged = resourceMergeType(schema)));
  }
  return merged;
}

export function writeContext(type: ResourceType, version: string, subresource: string | undefined, statusSubresource: boolean): WriteContext {
  return {
    type: mergeTypeFor(type, version),
    apiVersion: apiVersionOf(type.group, version),
    ...(subresource ? { subresource } : {}),
    resetFields: subresource === "status" ? ["spec"] : statusSubresource ? ["status"] : [],
  };
}

const FIELD_MANAGER_MAX_LENGTH = 128;

/** PatchOptions, CreateOptions and UpdateOptions checks of fieldManager and force; 422 on the options kind. */
export function checkFieldManagerOptions(query: URLSearchParams, optionsKind: string, apply: boolean): void {
  const errors: FieldError[] = [];
  const manager = query.get("fieldManager") ?? "";
  const force = query.get("force");
  if (optionsKind === "PatchOptions") {
    if (!apply && force !== null) errors.push({ type: "FieldValueForbidden", field: "force", body: "Forbidden: may not be specified for non-apply patch" });
    if (apply && manager === "") errors.push({ type: "FieldValueRequired", field: "fieldManager", body: "Required value: is required for apply patch" });
  }
  if ([...manager].length > FIELD_MANAGER_MAX_LENGTH) {
    errors.push({ type: "FieldValueTooLong", field: "fieldManager", body: `Too long: may not be more than ${FIELD_MANAGER_MAX_LENGTH} bytes` });
  }
  if (/[^\p{L}\p{M}\p{N}\p{P}\p{S} ]/u.test(manager)) {
    errors.push({ type: "FieldValueInvalid", field: "fieldManager", body: `Invalid value: ${JSON.stringify(manager)}: must only contain printable characters` });
  }
  if (errors.length > 0) throw invalid(optionsKind, "meta.k8s.io", "", errors);
}

export function managerOf(query: URLSearchParams, userAgent: string | undefined): string {
  return query.get("fieldManager") || managerFromUserAgent(userAgent);
}

/** The live object's managers (an object without valid managedFields has none). */
export function liveManagers(live: JsonObject | undefined): Managers {
  const metadata = live && isJsonObject(live.metadata) ? live.metadata : undefined;
  return decodeManagedFields(metadata?.managedFields) ?? new Map();
}

/**
 * The managedFields an ordinary create or update stores: the body's own list when it sets a valid,
 * non-empty one on the main resource, else the live object's, updated for what this write changed.
 */
export function updatedManagedFields(
  requested: unknown,
  live: JsonObject | undefined,
  next: JsonObject,
  manager: string,
  context: WriteContext,
): Managers {
  const fromRequest = context.subresource ? undefined : decodeManagedFields(requested);
  const managers = fromRequest && fromRequest.size > 0 ? fromRequest : liveManagers(live);
  const before = live ?? { apiVersion: next.apiVersion, kind: next.kind };
  try {
    return recordUpdate(managers, before, next, manager, context);
  } catch (error) {
    // Objects nested deeper than the walk's stack allows (up to the 2000 levels bodies may have) keep
    // the managers they had, as the API server skips managedFields it cannot afford to track.
    if (error instanceof RangeError) return managers;
    throw error;
  }
}

/** The structured-merge manager's checks of an applied configuration, with the API server's messages. */
export function checkAppliedConfiguration(config: unknown, type: ResourceType, version: string, namespace: string | undefined, name: string): JsonObject {
  if (!isJsonObject(config)) throw badRequest("error decoding YAML: the apply configuration is not an object");
  const expected = apiVersionOf(type.group, version);
  if (config.apiVersion !== expected) {
    throw badRequest(`Incorrect version specified in apply patch. Specified patch version: ${String(config.apiVersion ?? "")}, expected: ${expected}`);
  }
  const metadata = isJsonObject(config.metadata) ? config.metadata : {};
  if (metadata.managedFields !== undefined && metadata.managedFields !== null) throw badRequest("metadata.managedFields must be nil");
  try {
    validateConfig(config, mergeTypeFor(type, version));
  } catch (error) {
    if (!(error instanceof SchemaMismatch)) throw error;
    const objectName = `${String(metadata.namespace ?? namespace ?? "")}/${String(metadata.name ?? name)}`;
    const gvk = `${type.group}/${version}, Kind=${String(config.kind ?? "")}`;
    // A plain error in the API server: 500 with no reason (apierrors.ErrorToAPIStatus).
    throw new ApiError({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: `failed to create typed patch object (${objectName}; ${gvk}): ${error.message}`,
      code: 500,
    } as never);
  }
  return config;
}
