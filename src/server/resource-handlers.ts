// get, list, create, update, patch, delete and deletecollection of stored objects, with the
// apiserver's rules for resourceVersion, status subresources, generation and admission.
import type { CustomResourceDefinition } from "../schema/kubernetes.js";
import { VersionConversion } from "./conversion.js";
import { establishedStatus, validateCrd } from "./crd-objects.js";
import { deepEqual, isJsonObject, type JsonObject } from "./json-values.js";
import { decodeContinue, encodeContinue, parseLimit, selectorFilter } from "./list-query.js";
import { presentedJson } from "./object-json.js";
import { objectKey, type ObjectStore } from "./object-store.js";
import { checkContinueRevision, checkListOptions, parseResourceVersion, tooLargeResourceVersion } from "./resource-version-query.js";
import { validateObjectMeta } from "./object-meta-validation.js";
import { metadataDecodingError } from "./metadata-decoding.js";
import { checkStoredSize } from "./object-size.js";
import { applyJsonPatch, applyMergePatch } from "./patch.js";
import {
  APPLY_PATCH_TYPE,
  checkAppliedConfiguration,
  checkFieldManagerOptions,
  liveManagers,
  managerOf,
  updatedManagedFields,
  writeContext,
} from "./apply/apply-request.js";
import { encodeManagedFields } from "./apply/managed-fields.js";
import { applyConfiguration } from "./apply/ownership.js";
import { CR_PATCH_TYPES, depthOf, fieldValidationOf, MAX_NESTING_DEPTH, tooDeep, BUILT_IN_PATCH_TYPES, type FieldValidation } from "./request-body.js";
import type { Registry } from "./registry.js";
import { apiVersionOf, CUSTOM_RESOURCE_DEFINITIONS, NAMESPACES, type ResourceType, type ServedVersion } from "./resource-types.js";
import {
  alreadyExists,
  ApiError,
  badRequest,
  conflict,
  expiredContinue,
  type FieldError,
  invalid,
  MODIFIED_CONFLICT,
  notFound,
  tooOldResourceVersion,
  unsupportedMediaType,
} from "./status.js";
import {
  bumpGeneration,
  generatedName,
  metadataOf,
  nowTimestamp,
  prepareForCreate,
  prepareForStatusUpdate,
  prepareForUpdate,
} from "./write-strategy.js";

export interface ResourceRequest {
  type: ResourceType;
  version: ServedVersion;
  namespace?: string;
  name?: string;
  subresource?: string;
  query: URLSearchParams;
  /** Field paths of keys the request body repeats (fieldValidation decides what they cause). */
  duplicateFields?: string[];
  /** The User-Agent header: the field manager of a write without fieldManager. */
  userAgent?: string;
}

/** The managedFields a write stores, from the stored object (request's version) and the admitted one. */
type ManagedFieldsOf = (old: JsonObject | undefined, admitted: JsonObject) => JsonObject[];

export interface Reply {
  code: number;
  /** For a list: the envelope (apiVersion, kind, metadata), without items. */
  body: JsonObject;
  warnings?: string[];
  /** The items of a list reply. */
  list?: ListItems;
}

/**
 * The items of a list, as stored (one consistent snapshot), presented in the request's version only
 * when written: a large list is converted and serialised in slices (list-stream.ts), from the text
 * kept with each stored object (object-json.ts).
 */
export interface ListItems {
  stored: readonly JsonObject[];
  present(object: JsonObject): JsonObject;
  json(object: JsonObject): string;
}

export interface ResourceHooks {
  /** A CRD was stored (created or updated): serve its resources. */
  crdStored(crd: CustomResourceDefinition): void;
  /** A CRD was deleted: stop serving its resources and drop their objects. */
  crdDeleted(crd: CustomResourceDefinition): Promise<void>;
}

/** The 400 a body the decoder refuses gets (handlers' transformDecodeError). */
function decodeError(req: ResourceRequest, detail: string): ApiError {
  const kind = req.type.kind;
  return badRequest(`${kind} in version "${req.version.name}" cannot be handled as a ${kind}: ${detail}`);
}

/** The options kind whose fieldValidation a verb's request carries. */
const OPTIONS_KIND = { create: "CreateOptions", update: "UpdateOptions", patch: "PatchOptions" } as const;

export class ResourceHandlers {
  constructor(
    private readonly store: ObjectStore,
    private readonly registry: Registry,
    private readonly hooks: ResourceHooks,
    private readonly conversion = new VersionConversion(),
  ) {}

  /** The object as seen through the requested version (converted when the CRD's versions differ). */
  present(object: JsonObject, req: ResourceRequest): JsonObject {
    return this.conversion.toVersion(object, req.type, req.version.name);
  }

  private key(req: ResourceRequest, name = req.name ?? ""): string {
    return objectKey(req.type.namespaced ? req.namespace : undefined, name);
  }

  private existing(req: ResourceRequest): JsonObject {
    const object = this.store.get(req.type.id, this.key(req));
    if (!object) throw notFound(req.type.plural, req.type.group, req.name ?? "");
    return object;
  }

  get(req: ResourceRequest): Reply {
    return { code: 200, body: this.present(this.existing(req), req) };
  }

  list(req: ResourceRequest): Reply {
    checkListOptions(req.query);
    const filter = selectorFilter(req.query, req.version);
    const limit = parseLimit(req.query);
    const continueText = req.query.get("continue");
    const token = continueText ? decodeContinue(continueText) : undefined;
    if (token) checkContinueRevision(token.rv, this.store.rv);
    const rv = parseResourceVersion(req.query.get("resourceVersion"));
    if (rv !== undefined && rv > this.store.rv) throw tooLargeResourceVersion(rv, this.store.rv);
    const exact = rv !== undefined && req.query.get("resourceVersionMatch") === "Exact" ? rv : undefined;
    const result = this.store.list(req.type.id, {
      namespace: req.type.namespaced ? req.namespace : undefined,
      snapshotRv: token?.rv ?? exact,
      afterKey: token?.start,
      limit,
      filter,
    });
    if (!result && exact !== undefined) throw new ApiError(tooOldResourceVersion(exact, this.store.compactedRv));
    if (!result) throw expiredContinue();
    const metadata: JsonObject = { resourceVersion: String(result.rv) };
    if (result.lastKey !== undefined) metadata.continue = encodeContinue(result.rv, result.lastKey);
    const apiVersion = apiVersionOf(req.type.group, req.version.name);
    const present = (object: JsonObject) => this.present(object, req);
    return {
      code: 200,
      body: { apiVersion, kind: req.type.listKind, metadata },
      list: { stored: result.items, present, json: (object) => presentedJson(object, req.type, apiVersion, () => present(object)) },
    };
  }

  private checkTypeMeta(body: unknown, req: ResourceRequest): JsonObject {
    if (!isJsonObject(body)) throw badRequest("the object provided is not a JSON object");
    const expected = apiVersionOf(req.type.group, req.version.name);
    if (body.apiVersion === undefined && body.kind === undefined) {
      body.apiVersion = expected;
      body.kind = req.type.kind;
    }
    if (body.kind !== req.type.kind) {
      throw badRequest(`the kind in the data (${String(body.kind)}) does not match the expected kind (${req.type.kind})`);
    }
    if (body.apiVersion !== expected) {
      throw badRequest(`the API version in the data (${String(body.apiVersion)}) does not match the expected API version (${expected})`);
    }
    const decodingError = metadataDecodingError(body);
    if (decodingError !== undefined) throw decodeError(req, decodingError);
    const metadata = metadataOf(body);
    if (req.type.namespaced) {
      if (metadata.namespace !== undefined && metadata.namespace !== "" && metadata.namespace !== req.namespace) {
        throw badRequest("the namespace of the provided object does not match the namespace sent on the request");
      }
      metadata.namespace = req.namespace;
    } else {
      delete metadata.namespace;
    }
    return body;
  }

  /** Admission of the object about to be stored: the stored form, or a 400 (strict) / 422 with every error. */
  private admit(
    req: ResourceRequest,
    object: JsonObject,
    old: JsonObject | undefined,
    fieldValidation: FieldValidation,
  ): { object: JsonObject; warnings: string[] } {
    const errors: FieldError[] = validateObjectMeta(object, req.type.namespaced);
    let admitted = object;
    let warnings: string[] = [];
    const admission = this.registry.admission(req.type, req.version.name);
    if (admission) {
      const result = admission.admit(object, old, req.subresource === "status" ? "status" : undefined);
      admitted = result.object;
      warnings = result.warnings;
      const metaMessages = new Set(errors.map((e) => `${e.field}: ${e.body}`));
      errors.push(...result.errors.filter((e) => !metaMessages.has(`${e.field}: ${e.body}`)));
    } else if (req.type === CUSTOM_RESOURCE_DEFINITIONS) {
      errors.push(...validateCrd(object as unknown as CustomResourceDefinition));
    }
    // Strict decoding errors come from the decoder, before validation: duplicates first, then the
    // fields pruning dropped (apiextensions-apiserver schemaCoercingDecoder.Decode).
    const unknownFields = warnings.filter((w) => w.startsWith("unknown field"));
    const strictErrors = [...(req.duplicateFields ?? []).map((path) => `duplicate field ${JSON.stringify(path)}`), ...unknownFields];
    if (fieldValidation === "Strict" && strictErrors.length > 0) {
      throw decodeError(req, `strict decoding error: ${strictErrors.join(", ")}`);
    }
    const name = String(metadataOf(object).name ?? "");
    if (errors.length > 0) throw invalid(req.type.kind, req.type.group, name, errors);
    const otherWarnings = warnings.filter((w) => !w.startsWith("unknown field"));
    warnings = fieldValidation === "Ignore" ? otherWarnings : [...strictErrors, ...otherWarnings];
    return { object: admitted, warnings };
  }

  private dryRun(req: ResourceRequest): boolean {
    return req.query.getAll("dryRun").includes("All");
  }

  private statusSubresource(req: ResourceRequest): boolean {
    return req.version.statusSubresource && req.type !== NAMESPACES;
  }

  /** managedFields of an ordinary write: the manager from fieldManager or the user agent, operation Update. */
  private updateManagedFields(req: ResourceRequest, requested: unknown): ManagedFieldsOf {
    const context = writeContext(req.type, req.version.name, req.subresource, this.statusSubresource(req));
    const manager = managerOf(req.query, req.userAgent);
    return (old, admitted) => encodeManagedFields(updatedManagedFields(requested, old, admitted, manager, context));
  }

  async create(req: ResourceRequest, body: unknown, managedFieldsOf?: ManagedFieldsOf): Promise<Reply> {
    const fieldValidation = fieldValidationOf(req.query, OPTIONS_KIND.create);
    if (!managedFieldsOf) checkFieldManagerOptions(req.query, "CreateOptions", false);
    const object = this.checkTypeMeta(body, req);
    const metadata = metadataOf(object);
    managedFieldsOf ??= this.updateManagedFields(req, metadata.managedFields);
    if (!metadata.name && typeof metadata.generateName === "string" && metadata.generateName !== "") {
      metadata.name = generatedName(metadata.generateName);
    }
    if (req.type.namespaced && req.namespace && !this.store.get(NAMESPACES.id, objectKey(undefined, req.namespace))) {
      throw notFound("namespaces", "", req.namespace);
    }
    prepareForCreate(object, { statusSubresource: this.statusSubresource(req), generation: req.type.crd !== undefined || req.type === CUSTOM_RESOURCE_DEFINITIONS });
    if (req.type === NAMESPACES) {
      metadata.labels = { ...(metadata.labels as JsonObject), "kubernetes.io/metadata.name": metadata.name };
      object.spec = { finalizers: ["kubernetes"] };
      object.status = { phase: "Active" };
    }
    const { object: admitted, warnings } = this.admit(req, object, undefined, fieldValidation);
    setManagedFields(admitted, managedFieldsOf(undefined, admitted));
    const name = String(metadata.name);
    const key = this.key(req, name);
    if (this.store.get(req.type.id, key)) throw alreadyExists(req.type.plural, req.type.group, name);
    checkStoredSize(admitted);
    if (this.dryRun(req)) return { code: 201, body: this.present(admitted, req), warnings };
    if (req.type === CUSTOM_RESOURCE_DEFINITIONS) {
      const crd = admitted as unknown as CustomResourceDefinition;
      admitted.status = establishedStatus(crd, String(metadata.creationTimestamp));
      this.hooks.crdStored(crd);
    }
    const stored = await this.store.put(req.type.id, key, this.conversion.toStorage(admitted, req.type));
    return { code: 201, body: this.present(stored, req), warnings };
  }

  async update(req: ResourceRequest, body: unknown): Promise<Reply> {
    const fieldValidation = fieldValidationOf(req.query, OPTIONS_KIND.update);
    checkFieldManagerOptions(req.query, "UpdateOptions", false);
    const object = this.checkTypeMeta(body, req);
    const metadata = metadataOf(object);
    if (metadata.name !== req.name) {
      throw badRequest(`the name of the object (${String(metadata.name)}) does not match the name on the URL (${req.name})`);
    }
    const old = this.existing(req);
    // Custom resources and CRDs do not allow unconditional updates (their strategies'
    // AllowUnconditionalUpdate is false): k8s.io/apiserver/pkg/registry/generic/registry/store.go
    // Update answers NewInvalid(GroupKind{group, <resource>}, name, metadata.resourceVersion …).
    const unconditional = metadata.resourceVersion === undefined || metadata.resourceVersion === "" || metadata.resourceVersion === "0";
    if (unconditional && (req.type.crd !== undefined || req.type === CUSTOM_RESOURCE_DEFINITIONS)) {
      throw invalid(req.type.plural, req.type.group, String(req.name), [
        { type: "FieldValueInvalid", field: "metadata.resourceVersion", body: "Invalid value: 0x0: must be specified for an update" },
      ]);
    }
    return this.write(req, old, object, fieldValidation, this.updateManagedFields(req, metadata.managedFields));
  }

  /**
   * Server-side apply (PATCH application/apply-patch+yaml): the configuration merged into the live
   * object by the schema's merge semantics, field ownership in managedFields, 409 on conflicts unless
   * force=true; creates the object when it does not exist (patch.go applyPatcher, forceAllowCreate).
   */
  private async apply(req: ResourceRequest, body: unknown): Promise<Reply> {
    const fieldValidation = fieldValidationOf(req.query, OPTIONS_KIND.patch);
    checkFieldManagerOptions(req.query, "PatchOptions", true);
    const config = checkAppliedConfiguration(body, req.type, req.version.name, req.namespace, String(req.name));
    const manager = String(req.query.get("fieldManager"));
    const force = req.query.get("force") === "true";
    const context = writeContext(req.type, req.version.name, req.subresource, this.statusSubresource(req));
    const stored = this.store.get(req.type.id, this.key(req));
    // A subresource never creates (the status REST's Update passes forceAllowCreate false).
    if (!stored && req.subresource) throw notFound(req.type.plural, req.type.group, req.name ?? "");
    const current = stored ? this.present(stored, req) : undefined;
    let result: ReturnType<typeof applyConfiguration>;
    try {
      result = applyConfiguration(current, liveManagers(current), config, manager, force, context);
    } catch (error) {
      if (error instanceof RangeError) throw tooDeep();
      throw error;
    }
    const name = (result.object.metadata as JsonObject | undefined)?.name;
    if (name !== req.name) throw badRequest(`the name of the object (${String(name ?? "")}) does not match the name on the URL (${req.name})`);
    if (!stored) {
      const created = await this.create(req, result.object, () => result.managedFields);
      return created;
    }
    return this.write(req, stored, this.checkTypeMeta(result.object, req), fieldValidation, () => result.managedFields);
  }

  async patch(req: ResourceRequest, contentType: string, body: unknown): Promise<Reply> {
    if (contentType === APPLY_PATCH_TYPE) return this.apply(req, body);
    const fieldValidation = fieldValidationOf(req.query, OPTIONS_KIND.patch);
    checkFieldManagerOptions(req.query, "PatchOptions", false);
    const old = this.existing(req);
    const current = this.present(old, req);
    let patched: unknown;
    switch (contentType) {
      case "application/merge-patch+json":
        patched = applyMergePatch(current, body);
        break;
      case "application/json-patch+json":
        patched = applyJsonPatch(current, body);
        break;
      case "application/strategic-merge-patch+json":
        // Custom resources have no patch strategies; the built-in types here are flat enough for a merge.
        if (req.type.crd) throw unsupportedMediaType(CR_PATCH_TYPES);
        patched = applyMergePatch(current, body);
        break;
      default:
        throw unsupportedMediaType(req.type.crd ? CR_PATCH_TYPES : BUILT_IN_PATCH_TYPES);
    }
    // A JSON patch can nest a value under a deep path: the result is bounded like a body.
    if (depthOf(patched) > MAX_NESTING_DEPTH) throw tooDeep();
    const object = this.checkTypeMeta(patched, req);
    if (metadataOf(object).name !== req.name) throw badRequest("metadata.name: Invalid value: the name cannot be changed by a patch");
    return this.write(req, old, object, fieldValidation, this.updateManagedFields(req, metadataOf(object).managedFields));
  }

  /** The common tail of update and patch: preconditions, strategy, admission, store. */
  private async write(
    req: ResourceRequest,
    stored: JsonObject,
    object: JsonObject,
    fieldValidation: FieldValidation,
    managedFieldsOf: ManagedFieldsOf,
  ): Promise<Reply> {
    // Admission compares the old and new object in the request's version; the store keeps the storage version.
    const old = this.present(stored, req);
    const metadata = metadataOf(object);
    const oldMetadata = old.metadata as JsonObject;
    if (metadata.uid !== undefined && metadata.uid !== "" && metadata.uid !== oldMetadata.uid) {
      throw conflict(
        req.type.plural,
        req.type.group,
        String(req.name),
        `Precondition failed: UID in precondition: ${String(metadata.uid)}, UID in object meta: ${String(oldMetadata.uid)}`,
      );
    }
    const rv = metadata.resourceVersion;
    if (rv !== undefined && rv !== "" && rv !== oldMetadata.resourceVersion) {
      throw conflict(req.type.plural, req.type.group, String(req.name), MODIFIED_CONFLICT);
    }
    let candidate = object;
    if (req.subresource === "status") {
      candidate = prepareForStatusUpdate(object, old);
    } else {
      prepareForUpdate(candidate, old, { statusSubresource: this.statusSubresource(req) });
    }
    const { object: admitted, warnings } = this.admit(req, candidate, old, fieldValidation);
    if (req.subresource !== "status" && (req.type.crd || req.type === CUSTOM_RESOURCE_DEFINITIONS)) bumpGeneration(admitted, old);
    metadataOf(admitted).resourceVersion = oldMetadata.resourceVersion;
    setManagedFields(admitted, managedFieldsOf(old, admitted));
    if (deepEqual(admitted, old)) return { code: 200, body: old, warnings };
    if (this.dryRun(req)) return { code: 200, body: this.present(admitted, req), warnings };
    const key = this.key(req);
    const finalizers = metadataOf(admitted).finalizers;
    if (metadataOf(admitted).deletionTimestamp && (!Array.isArray(finalizers) || finalizers.length === 0)) {
      const deleted = (await this.store.delete(req.type.id, key, String(oldMetadata.resourceVersion))) as JsonObject;
      await this.afterDelete(req, deleted);
      return { code: 200, body: this.present(deleted, req), warnings };
    }
    checkStoredSize(admitted);
    if (req.type === CUSTOM_RESOURCE_DEFINITIONS) this.hooks.crdStored(admitted as unknown as CustomResourceDefinition);
    return { code: 200, body: this.present(await this.store.put(req.type.id, key, this.conversion.toStorage(admitted, req.type)), req), warnings };
  }

  async delete(req: ResourceRequest, body: unknown): Promise<Reply> {
    const old = this.existing(req);
    const oldMetadata = old.metadata as JsonObject;
    const preconditions = isJsonObject(body) && isJsonObject(body.preconditions) ? body.preconditions : {};
    if (preconditions.uid !== undefined && preconditions.uid !== oldMetadata.uid) {
      throw conflict(
        req.type.plural,
        req.type.group,
        String(req.name),
        `Precondition failed: UID in precondition: ${String(preconditions.uid)}, UID in object meta: ${String(oldMetadata.uid)}`,
      );
    }
    if (preconditions.resourceVersion !== undefined && preconditions.resourceVersion !== oldMetadata.resourceVersion) {
      throw conflict(
        req.type.plural,
        req.type.group,
        String(req.name),
        `Precondition failed: ResourceVersion in precondition: ${String(preconditions.resourceVersion)}, ResourceVersion in object meta: ${String(oldMetadata.resourceVersion)}`,
      );
    }
    if (this.dryRun(req)) return { code: 200, body: this.deleteReply(req, old) };
    const finalizers = oldMetadata.finalizers;
    if (Array.isArray(finalizers) && finalizers.length > 0) {
      if (oldMetadata.deletionTimestamp) return { code: 200, body: this.present(old, req) };
      const marked = { ...old, metadata: { ...oldMetadata, deletionTimestamp: nowTimestamp(), deletionGracePeriodSeconds: 0 } };
      return { code: 200, body: this.present(await this.store.put(req.type.id, this.key(req), marked), req) };
    }
    const deleted = (await this.store.delete(req.type.id, this.key(req), String(oldMetadata.resourceVersion))) as JsonObject;
    await this.afterDelete(req, deleted);
    return { code: 200, body: this.deleteReply(req, deleted) };
  }

  /** Custom resources and CRDs answer a delete with the object; built-in types with a Status. */
  private deleteReply(req: ResourceRequest, deleted: JsonObject): JsonObject {
    if (req.type.crd || req.type === CUSTOM_RESOURCE_DEFINITIONS) return this.present(deleted, req);
    const metadata = deleted.metadata as JsonObject;
    return {
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Success",
      details: { name: metadata.name, group: req.type.group || undefined, kind: req.type.plural, uid: metadata.uid },
    };
  }

  private async afterDelete(req: ResourceRequest, deleted: JsonObject): Promise<void> {
    if (req.type === CUSTOM_RESOURCE_DEFINITIONS) await this.hooks.crdDeleted(deleted as unknown as CustomResourceDefinition);
  }

  async deleteCollection(req: ResourceRequest, body: unknown): Promise<Reply> {
    const listed = this.list({ ...req, query: withoutPaging(req.query) });
    // All at once, so a durable backend syncs them together (group commit) rather than one by one.
    const replies = await Promise.all(
      (listed.list?.stored ?? []).map(async (item) => {
        const name = String((item.metadata as JsonObject).name);
        const namespace = (item.metadata as JsonObject).namespace as string | undefined;
        try {
          return (await this.delete({ ...req, name, namespace }, body)).body;
        } catch (error) {
          if (!(error instanceof ApiError && error.code === 404)) throw error;
          return undefined;
        }
      }),
    );
    const deleted = replies.filter((reply): reply is JsonObject => reply !== undefined);
    return {
      code: 200,
      body: {
        apiVersion: apiVersionOf(req.type.group, req.version.name),
        kind: req.type.listKind,
        metadata: { resourceVersion: String(this.store.rv) },
        items: deleted,
      },
    };
  }
}

/** Sets metadata.managedFields, or removes it when no manager owns anything. */
function setManagedFields(object: JsonObject, managedFields: JsonObject[]): void {
  const metadata = metadataOf(object);
  if (managedFields.length > 0) metadata.managedFields = managedFields;
  else delete metadata.managedFields;
}

function withoutPaging(query: URLSearchParams): URLSearchParams {
  const copy = new URLSearchParams(query);
  copy.delete("limit");
  copy.delete("continue");
  return copy;
}
