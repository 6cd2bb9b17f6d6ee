// OpenAPI v3 documents of the served custom resources, shaped as kube-apiserver publishes them
// (apiextensions-apiserver controller/openapi/builder): /openapi/v3 lists one document per
// group/version; each document has the kinds' schemas (from the CRD, with apiVersion, kind and
// metadata as references to ObjectMeta) under components.schemas, tagged with
// x-kubernetes-group-version-kind, and the resource paths with their operations, so that
// `kubectl explain` finds the fields and kubectl's query-parameter checks find fieldValidation.
import { createHash } from "node:crypto";
import type { JsonObject } from "./json-values.js";
import type { Registry } from "./registry.js";
import { CR_PATCH_TYPES } from "./request-body.js";
import type { ResourceType } from "./resource-types.js";

const META = "io.k8s.apimachinery.pkg.apis.meta.v1";
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** The schema name kube-apiserver gives a kind: its group reversed, then version and kind (`com.example.v1.Widget`). */
export function schemaName(group: string, version: string, kind: string): string {
  return [...group.split(".").reverse(), version, kind].join(".");
}

function servedTypes(registry: Registry, group: string, version: string): ResourceType[] {
  return registry.all().filter((t) => t.crd !== undefined && t.group === group && t.versions.some((v) => v.name === version));
}

/** /openapi/v3: a path per group/version with a content hash, which clients use as a cache key. */
export function openApiRoot(registry: Registry): JsonObject {
  const paths: JsonObject = {};
  for (const [group, versions] of registry.groups()) {
    for (const version of versions) {
      const document = openApiDocument(registry, group, version);
      if (!document) continue;
      const hash = createHash("sha512").update(JSON.stringify(document)).digest("hex").toUpperCase();
      paths[`apis/${group}/${version}`] = { serverRelativeURL: `/openapi/v3/apis/${group}/${version}?hash=${hash}` };
    }
  }
  return { paths };
}

export function openApiDocument(registry: Registry, group: string, version: string): JsonObject | undefined {
  const types = servedTypes(registry, group, version);
  if (types.length === 0) return undefined;
  const schemas: JsonObject = { ...metaSchemas() };
  const paths: JsonObject = {};
  for (const type of types) {
    const gvk = [{ group, kind: type.kind, version }];
    const kindName = schemaName(group, version, type.kind);
    schemas[kindName] = { ...kindSchema(type, version), "x-kubernetes-group-version-kind": gvk };
    schemas[schemaName(group, version, type.listKind)] = {
      type: "object",
      description: `${type.listKind} is a list of ${type.kind}`,
      required: ["items"],
      properties: {
        apiVersion: API_VERSION,
        kind: KIND,
        items: { type: "array", description: `List of ${type.plural}.`, items: ref(kindName) },
        metadata: { description: "Standard list metadata.", allOf: [ref(`${META}.ListMeta`)] },
      },
      "x-kubernetes-group-version-kind": [{ group, kind: type.listKind, version }],
    };
    Object.assign(paths, resourcePaths(type, group, version, kindName));
  }
  return { openapi: "3.0.0", info: { title: "Kubernetes CRD Swagger", version: "v0.1.0" }, paths, components: { schemas } };
}

const API_VERSION = {
  type: "string",
  description: "APIVersion defines the versioned schema of this representation of an object: the group and version.",
};
const KIND = { type: "string", description: "Kind is the REST resource this object represents, in CamelCase." };

function kindSchema(type: ResourceType, version: string): JsonObject {
  const crdVersion = type.crd!.spec.versions.find((v) => v.name === version);
  const schema = structuredClone((crdVersion?.schema?.openAPIV3Schema ?? { type: "object" }) as JsonObject);
  const properties = (schema.properties ?? {}) as JsonObject;
  return {
    ...schema,
    type: "object",
    properties: {
      ...properties,
      apiVersion: API_VERSION,
      kind: KIND,
      metadata: { description: "Standard object's metadata.", allOf: [ref(`${META}.ObjectMeta`)] },
    },
  };
}

function parameter(name: string, description: string, location = "query", required = false): JsonObject {
  return { name, in: location, description, ...(required ? { required: true } : {}), schema: { type: "string", uniqueItems: true } };
}

const WRITE_PARAMETERS = [
  parameter("dryRun", "When present, modifications are not persisted; the only valid value is All."),
  parameter("fieldManager", "The name of the actor making these changes."),
  parameter("fieldValidation", "How to treat unknown and duplicate fields: Ignore, Warn (the default) or Strict."),
];

function operation(type: ResourceType, version: string, group: string, action: string, body: JsonObject | undefined, parameters: JsonObject[], response: string): JsonObject {
  const op: JsonObject = {
    tags: [`${group.split(".")[0]}_${version}`],
    description: `${action} ${type.kind}`,
    operationId: `${action}${type.kind}`,
    parameters,
    responses: { "200": { description: "OK", content: { "application/json": { schema: ref(response) } } }, "401": { description: "Unauthorized" } },
    "x-kubernetes-action": action.replace(/Namespaced$/, "").toLowerCase(),
    "x-kubernetes-group-version-kind": { group, version, kind: type.kind },
  };
  if (body) op.requestBody = body;
  return op;
}

function resourcePaths(type: ResourceType, group: string, version: string, kindName: string): JsonObject {
  const base = `/apis/${group}/${version}${type.namespaced ? "/namespaces/{namespace}" : ""}/${type.plural}`;
  const scope = type.namespaced ? [parameter("namespace", "object name and auth scope", "path", true)] : [];
  const name = parameter("name", `name of the ${type.kind}`, "path", true);
  const objectBody = { content: { "application/json": { schema: ref(kindName) }, "application/yaml": { schema: ref(kindName) } }, required: true };
  const patchBody = { content: Object.fromEntries(CR_PATCH_TYPES.map((t) => [t, { schema: ref(`${META}.Patch`) }])), required: true };
  const list = schemaName(group, version, type.listKind);
  const paths: JsonObject = {
    [base]: {
      get: operation(type, version, group, "list", undefined, [parameter("labelSelector", "A selector on labels."), parameter("fieldSelector", "A selector on fields."), parameter("limit", "Most items to return."), parameter("continue", "The token of the next page."), parameter("resourceVersion", "See resourceVersion semantics."), parameter("resourceVersionMatch", "Exact or NotOlderThan."), parameter("watch", "Watch for changes.")], list),
      post: operation(type, version, group, "create", objectBody, WRITE_PARAMETERS, kindName),
      delete: operation(type, version, group, "deletecollection", undefined, [parameter("labelSelector", "A selector on labels.")], `${META}.Status`),
      parameters: scope,
    },
    [`${base}/{name}`]: {
      get: operation(type, version, group, "read", undefined, [], kindName),
      put: operation(type, version, group, "replace", objectBody, WRITE_PARAMETERS, kindName),
      patch: operation(type, version, group, "patch", patchBody, [...WRITE_PARAMETERS, parameter("force", "Force apply requests.")], kindName),
      delete: operation(type, version, group, "delete", undefined, [parameter("dryRun", "When present, modifications are not persisted.")], kindName),
      parameters: [name, ...scope],
    },
  };
  if (type.versions.find((v) => v.name === version)?.statusSubresource) {
    paths[`${base}/{name}/status`] = {
      get: operation(type, version, group, "readStatus", undefined, [], kindName),
      put: operation(type, version, group, "replaceStatus", objectBody, WRITE_PARAMETERS, kindName),
      patch: operation(type, version, group, "patchStatus", patchBody, WRITE_PARAMETERS, kindName),
      parameters: [name, ...scope],
    };
  }
  return paths;
}

/** The meta.k8s.io/v1 types the kinds refer to, with the fields clients set and read. */
function metaSchemas(): JsonObject {
  const time = { description: "A timestamp in RFC 3339 form (seconds).", allOf: [ref(`${META}.Time`)] };
  const stringMap = { type: "object", additionalProperties: { type: "string", default: "" } };
  const stringList = { type: "array", items: { type: "string", default: "" } };
  return {
    [`${META}.Time`]: { type: "string", format: "date-time", description: "Time is a timestamp in RFC 3339 form with second precision." },
    [`${META}.FieldsV1`]: { type: "object", description: "FieldsV1 stores a set of fields in a trie, as JSON." },
    [`${META}.Patch`]: { type: "object", description: "A patch in one of the accepted patch formats." },
    [`${META}.ListMeta`]: {
      type: "object",
      description: "Metadata of a list: its resourceVersion and the token of the next page.",
      properties: {
        continue: { type: "string", description: "Token of the next page, when the list was cut by limit." },
        remainingItemCount: { type: "integer", format: "int64", description: "Items after this page, when known." },
        resourceVersion: { type: "string", description: "The resourceVersion the list was read at." },
        selfLink: { type: "string", description: "Deprecated; not set." },
      },
    },
    [`${META}.OwnerReference`]: {
      type: "object",
      description: "An object that owns this one; owned objects are garbage-collected with their owner.",
      required: ["apiVersion", "kind", "name", "uid"],
      properties: {
        apiVersion: { type: "string", default: "", description: "API version of the owner." },
        kind: { type: "string", default: "", description: "Kind of the owner." },
        name: { type: "string", default: "", description: "Name of the owner." },
        uid: { type: "string", default: "", description: "UID of the owner." },
        controller: { type: "boolean", description: "Whether the owner is the managing controller." },
        blockOwnerDeletion: { type: "boolean", description: "Whether the owner cannot be deleted before this object (foreground deletion)." },
      },
      "x-kubernetes-map-type": "atomic",
    },
    [`${META}.ManagedFieldsEntry`]: {
      type: "object",
      description: "A field manager and the fields it manages.",
      properties: {
        apiVersion: { type: "string", description: "Version of the fields' schema." },
        fieldsType: { type: "string", description: "Format of fieldsV1; only FieldsV1." },
        fieldsV1: { description: "The fields, as a trie.", allOf: [ref(`${META}.FieldsV1`)] },
        manager: { type: "string", description: "The workflow managing these fields." },
        operation: { type: "string", description: "Apply or Update." },
        subresource: { type: "string", description: "The subresource written, if any." },
        time: { description: "When the entry was last changed.", allOf: [ref(`${META}.Time`)] },
      },
    },
    [`${META}.ObjectMeta`]: {
      type: "object",
      description: "Metadata every persisted object has.",
      properties: {
        annotations: { ...stringMap, description: "Unstructured key/value data set by tools; not queryable." },
        creationTimestamp: { ...time, description: "When the object was created; set by the server." },
        deletionGracePeriodSeconds: { type: "integer", format: "int64", description: "Seconds allowed for graceful termination; set by the server." },
        deletionTimestamp: { ...time, description: "When the object will be deleted, once its finalizers are gone; set by the server." },
        finalizers: { ...stringList, description: "Must be empty before the object is removed from storage.", "x-kubernetes-list-type": "set", "x-kubernetes-patch-strategy": "merge" },
        generateName: { type: "string", description: "Prefix of a name the server generates when name is not given." },
        generation: { type: "integer", format: "int64", description: "Sequence number of a specific generation of the desired state; set by the server." },
        labels: { ...stringMap, description: "Key/value pairs to organise and select objects." },
        managedFields: { type: "array", description: "Which manager owns which fields.", items: { default: {}, allOf: [ref(`${META}.ManagedFieldsEntry`)] } },
        name: { type: "string", description: "Unique within a namespace; cannot be updated." },
        namespace: { type: "string", description: "The namespace the object is in; empty for cluster-scoped objects." },
        ownerReferences: {
          type: "array",
          description: "Objects this one depends on.",
          items: { default: {}, allOf: [ref(`${META}.OwnerReference`)] },
          "x-kubernetes-list-map-keys": ["uid"],
          "x-kubernetes-list-type": "map",
          "x-kubernetes-patch-merge-key": "uid",
          "x-kubernetes-patch-strategy": "merge",
        },
        resourceVersion: { type: "string", description: "Opaque version of the object, for optimistic concurrency and watches; set by the server." },
        selfLink: { type: "string", description: "Deprecated; not set." },
        uid: { type: "string", description: "Unique in time and space; set by the server." },
      },
    },
    [`${META}.StatusCause`]: {
      type: "object",
      description: "One cause of a failure.",
      properties: { field: { type: "string", description: "The field that caused it." }, message: { type: "string", description: "Human-readable cause." }, reason: { type: "string", description: "Machine-readable cause." } },
    },
    [`${META}.StatusDetails`]: {
      type: "object",
      description: "Details of a failure.",
      properties: {
        causes: { type: "array", items: { default: {}, allOf: [ref(`${META}.StatusCause`)] }, "x-kubernetes-list-type": "atomic", description: "The causes." },
        group: { type: "string", description: "Group of the resource." },
        kind: { type: "string", description: "Kind (or resource) of the object." },
        name: { type: "string", description: "Name of the object." },
        retryAfterSeconds: { type: "integer", format: "int32", description: "Seconds to wait before retrying." },
        uid: { type: "string", description: "UID of the object." },
      },
    },
    [`${META}.Status`]: {
      type: "object",
      description: "The result of an operation that does not return an object.",
      properties: {
        apiVersion: API_VERSION,
        code: { type: "integer", format: "int32", description: "HTTP status code." },
        details: { description: "Details of the failure.", allOf: [ref(`${META}.StatusDetails`)] },
        kind: KIND,
        message: { type: "string", description: "Human-readable description." },
        metadata: { default: {}, description: "Standard list metadata.", allOf: [ref(`${META}.ListMeta`)] },
        reason: { type: "string", description: "Machine-readable reason." },
        status: { type: "string", description: "Success or Failure." },
      },
      "x-kubernetes-group-version-kind": [{ group: "", kind: "Status", version: "v1" }],
    },
  };
}
