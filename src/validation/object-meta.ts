// The parts of ObjectMeta the apiserver checks on create: name, namespace, labels and annotations.
import { dns1035LabelError, dns1123SubdomainError } from "../check/dns-names.js";
import type { ValidationContext } from "./context.js";
import { messages } from "./violation.js";
import { isObject } from "./values.js";

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

const OBJECT_META_FIELDS = new Set([
  "name", "generateName", "namespace", "selfLink", "uid", "resourceVersion", "generation", "creationTimestamp",
  "deletionTimestamp", "deletionGracePeriodSeconds", "labels", "annotations", "ownerReferences", "finalizers", "managedFields",
]);

const LABEL_VALUE_ERROR =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const NAME_PART_ERROR =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const DNS1123_LABEL_ERROR =
  "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

export interface ObjectMetaOptions {
  /** Namespaced resources may carry metadata.namespace; cluster-scoped ones may not. */
  namespaced: boolean;
  /** False inside embedded resources, where a name is optional. */
  nameRequired: boolean;
}

/** Validates `metadata` at `path` ("metadata" for the object itself). */
export function checkObjectMeta(c: ValidationContext, path: string, meta: unknown, options: ObjectMetaOptions): void {
  if (meta === undefined || meta === null) {
    if (options.nameRequired) c.add(`${path}.name`, "metadata", messages.required("name or generateName is required"));
    return;
  }
  if (!isObject(meta)) {
    c.type(path, meta, "object");
    return;
  }
  for (const key in meta) {
    if (Object.hasOwn(meta, key) && !OBJECT_META_FIELDS.has(key)) c.unknownField(`${path}.${key}`);
  }
  const name = Object.hasOwn(meta, "name") ? meta.name : undefined;
  const generateName = Object.hasOwn(meta, "generateName") ? meta.generateName : undefined;
  if (name === undefined || name === null || name === "") {
    if (options.nameRequired && (typeof generateName !== "string" || generateName === "")) {
      c.add(`${path}.name`, "metadata", messages.required("name or generateName is required"));
    }
  } else if (typeof name !== "string") {
    c.type(`${path}.name`, name, "string");
  } else if (name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    const error = dns1123SubdomainError(name);
    if (error !== undefined) c.add(`${path}.name`, "metadata", messages.invalid(name, error));
  }
  if (generateName !== undefined && generateName !== null && typeof generateName !== "string") {
    c.type(`${path}.generateName`, generateName, "string");
  }
  checkNamespace(c, path, Object.hasOwn(meta, "namespace") ? meta.namespace : undefined, options.namespaced);
  checkStringMap(c, `${path}.labels`, Object.hasOwn(meta, "labels") ? meta.labels : undefined, true);
  checkStringMap(c, `${path}.annotations`, Object.hasOwn(meta, "annotations") ? meta.annotations : undefined, false);
}

function checkNamespace(c: ValidationContext, path: string, namespace: unknown, namespaced: boolean): void {
  if (namespace === undefined || namespace === null || namespace === "") return;
  if (typeof namespace !== "string") {
    c.type(`${path}.namespace`, namespace, "string");
  } else if (!namespaced) {
    // rest.BeforeCreate clears the namespace of cluster-scoped objects before validating them.
    return;
  } else if (namespace.length > 63 || !DNS1123_LABEL.test(namespace)) {
    const errors = [...(namespace.length > 63 ? ["must be no more than 63 characters"] : []), ...(DNS1123_LABEL.test(namespace) ? [] : [DNS1123_LABEL_ERROR])];
    c.add(`${path}.namespace`, "metadata", messages.invalid(namespace, errors.join(",")));
  }
}

function checkStringMap(c: ValidationContext, path: string, map: unknown, labels: boolean): void {
  if (map === undefined || map === null) return;
  if (!isObject(map)) {
    c.type(path, map, "object");
    return;
  }
  for (const key in map) {
    if (!Object.hasOwn(map, key)) continue;
    const value = map[key];
    if (typeof value !== "string") {
      c.type(`${path}[${key}]`, value, "string");
      continue;
    }
    const keyError = qualifiedNameError(key);
    if (keyError !== undefined) c.add(path, "metadata", messages.invalid(key, keyError));
    if (labels && (value.length > 63 || !LABEL_VALUE.test(value))) {
      const errors = [...(value.length > 63 ? ["must be no more than 63 characters"] : []), ...(LABEL_VALUE.test(value) ? [] : [LABEL_VALUE_ERROR])];
      c.add(path, "metadata", messages.invalid(value, errors.join(",")));
    }
  }
}

/** k8s IsQualifiedName: an optional DNS-subdomain prefix and "/", then a name part of at most 63 characters. */
function qualifiedNameError(key: string): string | undefined {
  const parts = key.split("/");
  let name = key;
  if (parts.length === 2) {
    const prefixError = parts[0] === "" ? "prefix part must be non-empty" : dns1123SubdomainError(parts[0]);
    if (prefixError !== undefined) return `prefix part ${prefixError}`;
    name = parts[1];
  } else if (parts.length > 2) {
    return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')";
  }
  if (name === "") return "name part must be non-empty";
  if (name.length > 63) return "name part must be no more than 63 characters";
  if (!QUALIFIED_NAME.test(name)) return NAME_PART_ERROR;
  return undefined;
}

/** schema/objectmeta: an x-kubernetes-embedded-resource needs apiVersion and kind, and a usable metadata.name. */
export function checkEmbeddedResource(c: ValidationContext, path: string, x: Record<string, unknown>): void {
  const at = (key: string) => (path === "" ? key : `${path}.${key}`);
  for (const key of ["apiVersion", "kind"]) {
    if (!Object.hasOwn(x, key)) {
      c.required(at(key), "must not be empty", "embedded-resource");
      continue;
    }
    const v = x[key];
    if (typeof v !== "string") c.add(at(key), "embedded-resource", messages.invalid(v, "must be a string"));
    else if (v === "") c.add(at(key), "embedded-resource", messages.invalid(v, "must not be empty"));
    else if (key === "apiVersion" && v.split("/").length > 2) c.add(at(key), "embedded-resource", messages.invalid(v, `unexpected GroupVersion string: ${v}`));
    else if (key === "kind") {
      const problem = dns1035LabelError(v.toLowerCase());
      if (problem !== undefined) c.add(at(key), "embedded-resource", messages.invalid(v, `may have mixed case, but should otherwise match: ${problem}`));
    }
  }
  const meta = Object.hasOwn(x, "metadata") ? x.metadata : undefined;
  if (!isObject(meta)) return;
  const name = typeof meta.name === "string" ? meta.name : "";
  const field = `${at("metadata")}.name`;
  if (name === "." || name === "..") c.add(field, "embedded-resource", messages.invalid(name, `may not be '${name}'`));
  else for (const bad of ["/", "%"]) if (name.includes(bad)) c.add(field, "embedded-resource", messages.invalid(name, `may not contain '${bad}'`));
}

/**
 * customResourceValidator.ValidateTypeMeta: the object must name this resource's kind and group/version;
 * if not, the apiserver rejects it before looking further. Returns whether both match.
 */
export function checkTypeMeta(c: ValidationContext, x: Record<string, unknown>, apiVersion: string, kind: string): boolean {
  const actualKind = Object.hasOwn(x, "kind") && typeof x.kind === "string" ? x.kind : "";
  const actualVersion = Object.hasOwn(x, "apiVersion") && typeof x.apiVersion === "string" ? x.apiVersion : "";
  if (actualKind !== kind) c.add("kind", "kind", messages.invalid(actualKind, `must be ${kind}`));
  if (actualVersion !== apiVersion) c.add("apiVersion", "apiVersion", messages.invalid(actualVersion, `must be ${apiVersion}`));
  return actualKind === kind && actualVersion === apiVersion;
}
