// get, list, create, update, patch, delete and deletecollection of stored objects, with the
// apiserver's rules for resourceVersion, status subresources, generation and admission.
import type { CustomResourceDefinition } from "../schema/kubernetes.js";
import { VersionConversion } from "./conversion.js";
import { establishedStatus, validateCrd } from "./crd-objects.js";
import { deepEqual, isJsonObject, type JsonObject } from "./json-values.js";
import { decodeContinue, encodeContinue, parseLimit, selectorFilter } from "./list-query.js";
import { objectKey, type ObjectStore } from "./object-store.js";
import { validateObjectMeta } from "./object-meta-validation.js";
import { applyJsonPatch, applyMergePatch } from "./patch.js";
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
}

export interface Reply {
  code: number;
  body: JsonObject;
  warnings?: string[];
  /** Items of a list reply, for the Table conversion. */
  items?: JsonObject[];
}

export interface ResourceHooks {
  /** A CRD was stored (created or updated): serve its resources. */
  crdStored(crd: CustomResourceDefinition): void;
  /** A CRD was deleted: stop serving its resources and drop their objects. */
  crdDeleted(crd: CustomResourceDefinition): void;
}

const CR_PATCH_TYPES = ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"];

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
    const filter = selectorFilter(req.query, req.version);
    const limit = parseLimit(req.query);
    const continueText = req.query.get("continue");
    const token = continueText ? decodeContinue(continueText) : undefined;
    const result = this.store.list(req.type.id, {
      namespace: req.type.namespaced ? req.namespace : undefined,
      snapshotRv: token?.rv,
      afterKey: token?.start,
      limit,
      filter,
    });
    if (!result) throw expiredContinue();
    const items = result.items.map((item) => this.present(item, req));
    const metadata: JsonObject = { resourceVersion: String(result.rv) };
    if (result.lastKey !== undefined) metadata.continue = encodeContinue(result.rv, result.lastKey);
    return {
      code: 200,
      body: { apiVersion: apiVersionOf(req.type.group, req.version.name), kind: req.type.listKind, metadata, items },
      items,
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

  /** Admission of the object about to be stored: the stored form, or a 422 with every error. */
  private admit(
    req: ResourceRequest,
    object: JsonObject,
    old: JsonObject | undefined,
  ): { object: JsonObject; warnings: string[] } {
    const errors: FieldError[] = validateObjectMeta(object, req.type.namespaced);
    let admitted = object;
    let warnings: string[] = [];
    const admission = this.registry.admission(req.type, req.version.name);
    if (admission) {
      const result = admission.admit(object, old);
      admitted = result.object;
      warnings = result.warnings;
      const metaMessages = new Set(errors.map((e) => `${e.field}: ${e.body}`));
      errors.push(...result.errors.filter((e) => !metaMessages.has(`${e.field}: ${e.body}`)));
    } else if (req.type === CUSTOM_RESOURCE_DEFINITIONS) {
      errors.push(...validateCrd(object as unknown as CustomResourceDefinition));
    }
    const name = String(metadataOf(object).name ?? "");
    if (errors.length > 0) throw invalid(req.type.kind, req.type.group, name, errors);
    const unknownFields = warnings.filter((w) => w.startsWith("unknown field"));
    if (req.query.get("fieldValidation") === "Strict" && unknownFields.length > 0) {
      const kind = req.type.kind;
      throw badRequest(
        `${kind} in version "${req.version.name}" cannot be handled as a ${kind}: strict decoding error: ${unknownFields.join(", ")}`,
      );
    }
    if (req.query.get("fieldValidation") === "Ignore") warnings = warnings.filter((w) => !w.startsWith("unknown field"));
    return { object: admitted, warnings };
  }

  private dryRun(req: ResourceRequest): boolean {
    return req.query.getAll("dryRun").includes("All");
  }

  private statusSubresource(req: ResourceRequest): boolean {
    return req.version.statusSubresource && req.type !== NAMESPACES;
  }

  create(req: ResourceRequest, body: unknown): Reply {
    const object = this.checkTypeMeta(body, req);
    const metadata = metadataOf(object);
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
    const { object: admitted, warnings } = this.admit(req, object, undefined);
    const name = String(metadata.name);
    const key = this.key(req, name);
    if (this.store.get(req.type.id, key)) throw alreadyExists(req.type.plural, req.type.group, name);
    if (this.dryRun(req)) return { code: 201, body: this.present(admitted, req), warnings };
    if (req.type === CUSTOM_RESOURCE_DEFINITIONS) {
      const crd = admitted as unknown as CustomResourceDefinition;
      admitted.status = establishedStatus(crd, String(metadata.creationTimestamp));
      this.hooks.crdStored(crd);
    }
    const stored = this.store.put(req.type.id, key, this.conversion.toStorage(admitted, req.type));
    return { code: 201, body: this.present(stored, req), warnings };
  }

  update(req: ResourceRequest, body: unknown): Reply {
    const object = this.checkTypeMeta(body, req);
    const metadata = metadataOf(object);
    if (metadata.name !== req.name) {
      throw badRequest(`the name of the object (${String(metadata.name)}) does not match the name on the URL (${req.name})`);
    }
    return this.write(req, this.existing(req), object);
  }

  patch(req: ResourceRequest, contentType: string, body: unknown): Reply {
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
        throw unsupportedMediaType(CR_PATCH_TYPES);
    }
    const object = this.checkTypeMeta(patched, req);
    if (metadataOf(object).name !== req.name) throw badRequest("metadata.name: Invalid value: the name cannot be changed by a patch");
    return this.write(req, old, object);
  }

  /** The common tail of update and patch: preconditions, strategy, admission, store. */
  private write(req: ResourceRequest, stored: JsonObject, object: JsonObject): Reply {
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
    const { object: admitted, warnings } = this.admit(req, candidate, old);
    if (req.subresource !== "status" && (req.type.crd || req.type === CUSTOM_RESOURCE_DEFINITIONS)) bumpGeneration(admitted, old);
    metadataOf(admitted).resourceVersion = oldMetadata.resourceVersion;
    if (deepEqual(admitted, old)) return { code: 200, body: old, warnings };
    if (this.dryRun(req)) return { code: 200, body: this.present(admitted, req), warnings };
    const key = this.key(req);
    const finalizers = metadataOf(admitted).finalizers;
    if (metadataOf(admitted).deletionTimestamp && (!Array.isArray(finalizers) || finalizers.length === 0)) {
      const deleted = this.store.delete(req.type.id, key) as JsonObject;
      this.afterDelete(req, deleted);
      return { code: 200, body: this.present(deleted, req), warnings };
    }
    if (req.type === CUSTOM_RESOURCE_DEFINITIONS) this.hooks.crdStored(admitted as unknown as CustomResourceDefinition);
    return { code: 200, body: this.present(this.store.put(req.type.id, key, this.conversion.toStorage(admitted, req.type)), req), warnings };
  }

  delete(req: ResourceRequest, body: unknown): Reply {
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
      return { code: 200, body: this.present(this.store.put(req.type.id, this.key(req), marked), req) };
    }
    const deleted = this.store.delete(req.type.id, this.key(req)) as JsonObject;
    this.afterDelete(req, deleted);
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

  private afterDelete(req: ResourceRequest, deleted: JsonObject): void {
    if (req.type === CUSTOM_RESOURCE_DEFINITIONS) this.hooks.crdDeleted(deleted as unknown as CustomResourceDefinition);
  }

  deleteCollection(req: ResourceRequest, body: unknown): Reply {
    const listed = this.list({ ...req, query: withoutPaging(req.query) });
    const deleted: JsonObject[] = [];
    for (const item of listed.items ?? []) {
      const name = String((item.metadata as JsonObject).name);
      const namespace = (item.metadata as JsonObject).namespace as string | undefined;
      try {
        const reply = this.delete({ ...req, name, namespace }, body);
        deleted.push(reply.body);
      } catch (error) {
        if (!(error instanceof ApiError && error.code === 404)) throw error;
      }
    }
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

function withoutPaging(query: URLSearchParams): URLSearchParams {
  const copy = new URLSearchParams(query);
  copy.delete("limit");
  copy.delete("continue");
  return copy;
}
