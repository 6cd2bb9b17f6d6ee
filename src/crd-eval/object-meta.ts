// The apiserver's checks outside the schema: apiVersion/kind of the resource, metadata.name (and
// generateName) as a DNS-1123 subdomain, and apiVersion/kind/metadata of x-kubernetes-embedded-resource
// objects (apiextensions-apiserver schema/objectmeta/validation.go).
import { type FieldError, invalid, required, tooLong } from "./field-error.js";
import { childPath, indexPath, keyPath } from "./field-path.js";
import { hasOwn, isObject, type JsonObject } from "./json-value.js";
import type { SchemaNode } from "./schema-node.js";

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN_MESSAGE =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const DNS1035_LABEL_MESSAGE =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

/** validation.IsDNS1123Subdomain; `prefix` masks a trailing dash as generateName allows. */
export function dns1123SubdomainErrors(value: string, prefix = false): string[] {
  const name = prefix && value.endsWith("-") ? `${value.slice(0, -1)}a` : value;
  const errors: string[] = [];
  if (name.length > 253) errors.push("must be no more than 253 characters");
  if (!DNS1123_SUBDOMAIN.test(name)) errors.push(DNS1123_SUBDOMAIN_MESSAGE);
  return errors;
}

export function dns1035LabelErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push("must be no more than 63 characters");
  if (!DNS1035_LABEL.test(value)) errors.push(DNS1035_LABEL_MESSAGE);
  return errors;
}

const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const QUALIFIED_NAME_FMT = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
const QUALIFIED_NAME_MESSAGE =
  "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '" +
  QUALIFIED_NAME_FMT +
  "')";
const LABEL_VALUE_MESSAGE =
  "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(" +
  QUALIFIED_NAME_FMT +
  ")?')";
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** validation.IsQualifiedName: an optional DNS subdomain prefix and '/', then a name of at most 63 characters. */
export function qualifiedNameErrors(value: string): string[] {
  const parts = value.split("/");
  const errors: string[] = [];
  if (parts.length > 2) {
    return [`a qualified name ${QUALIFIED_NAME_MESSAGE} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    if (parts[0] === "") errors.push("prefix part must be non-empty");
    else errors.push(...dns1123SubdomainErrors(parts[0]).map((m) => `prefix part ${m}`));
  }
  if (name === "") errors.push("name part must be non-empty");
  else if (name.length > 63) errors.push("name part must be no more than 63 characters");
  if (!QUALIFIED_NAME.test(name)) errors.push(`name part ${QUALIFIED_NAME_MESSAGE}`);
  return errors;
}

export function labelValueErrors(value: string): string[] {
  const errors: string[] = [];
  if (value.length > 63) errors.push("must be no more than 63 characters");
  if (value !== "" && !QUALIFIED_NAME.test(value)) errors.push(LABEL_VALUE_MESSAGE);
  return errors;
}

/** ValidateLabels and ValidateAnnotations of ObjectMeta; errors name the map, not the key. */
function validateLabelsAndAnnotations(metadata: unknown): FieldError[] {
  const errors: FieldError[] = [];
  if (!isObject(metadata)) return errors;
  const { labels, annotations } = metadata;
  if (isObject(labels)) {
    for (const [key, value] of Object.entries(labels)) {
      for (const message of qualifiedNameErrors(key)) errors.push(invalid("metadata.labels", key, message));
      if (typeof value === "string") for (const message of labelValueErrors(value)) errors.push(invalid("metadata.labels", value, message));
    }
  }
  if (isObject(annotations)) {
    let size = 0;
    for (const [key, value] of Object.entries(annotations)) {
      for (const message of qualifiedNameErrors(key.toLowerCase())) errors.push(invalid("metadata.annotations", key, message));
      size += Buffer.byteLength(key) + (typeof value === "string" ? Buffer.byteLength(value) : 0);
    }
    if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errors.push(tooLong("metadata.annotations", TOTAL_ANNOTATION_SIZE_LIMIT));
  }
  return errors;
}

/** customResourceValidator.ValidateTypeMeta: the object must name this resource's kind and group/version. */
export function validateTypeMeta(object: JsonObject, kind: string, apiVersion: string): FieldError[] {
  const errors: FieldError[] = [];
  const actualKind = typeof object.kind === "string" ? object.kind : "";
  const actualVersion = typeof object.apiVersion === "string" ? object.apiVersion : "";
  if (actualKind !== kind) errors.push(invalid("kind", actualKind, `must be ${kind}`));
  if (actualVersion !== apiVersion) errors.push(invalid("apiVersion", actualVersion, `must be ${apiVersion}`));
  return errors;
}

function metaString(metadata: unknown, key: string): string {
  return isObject(metadata) && typeof metadata[key] === "string" ? (metadata[key] as string) : "";
}

/**
 * ValidateObjectMetaAccessor's rules for name, generateName, labels and annotations (namespace comes
 * from the request URL, so it is not checked).
 * A generateName without a name passes: the apiserver generates the name before validating.
 */
export function validateObjectMeta(object: JsonObject, oldObject?: JsonObject): FieldError[] {
  const errors: FieldError[] = [];
  const name = metaString(object.metadata, "name");
  const generateName = metaString(object.metadata, "generateName");
  if (generateName !== "") {
    for (const message of dns1123SubdomainErrors(generateName, true)) errors.push(invalid("metadata.generateName", generateName, message));
  }
  if (name === "") {
    if (generateName === "" || oldObject !== undefined) errors.push(required("metadata.name", "name or generateName is required"));
  } else {
    for (const message of dns1123SubdomainErrors(name)) errors.push(invalid("metadata.name", name, message));
  }
  errors.push(...validateLabelsAndAnnotations(object.metadata));
  if (oldObject !== undefined) {
    const oldName = metaString(oldObject.metadata, "name");
    if (oldName !== name) errors.push(invalid("metadata.name", name, "field is immutable"));
  }
  return errors;
}

/** schema/objectmeta.Validate: embedded resources need apiVersion and kind, and valid metadata. */
export function validateEmbeddedResources(object: unknown, root: SchemaNode): FieldError[] {
  const errors: FieldError[] = [];
  if (isObject(object) && root.within.embeddedResources) {
    for (const key of Object.keys(object)) {
      const property = root.properties.get(key);
      if (property !== undefined) walk(object[key], property, key, errors);
      else if (root.additionalProperties !== undefined) walk(object[key], root.additionalProperties, keyPath("", key), errors);
    }
  }
  return errors;
}

function walk(value: unknown, node: SchemaNode, path: string, errors: FieldError[]): void {
  if (!node.within.embeddedResources) return;
  if (Array.isArray(value)) {
    if (node.items !== undefined) value.forEach((item, i) => walk(item, node.items!, indexPath(path, i), errors));
    return;
  }
  if (!isObject(value)) return;
  if (node.embeddedResource) errors.push(...embeddedResourceErrors(value, path));
  for (const key of Object.keys(value)) {
    const property = node.properties.get(key);
    if (property !== undefined) walk(value[key], property, childPath(path, key), errors);
    else if (node.additionalProperties !== undefined) walk(value[key], node.additionalProperties, keyPath(path, key), errors);
  }
}

function embeddedResourceErrors(value: JsonObject, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!hasOwn(value, "apiVersion")) errors.push(required(childPath(path, "apiVersion"), "must not be empty"));
  if (!hasOwn(value, "kind")) errors.push(required(childPath(path, "kind"), "must not be empty"));
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (key === "apiVersion") {
      const field = childPath(path, "apiVersion");
      if (typeof v !== "string") errors.push(invalid(field, v, "must be a string"));
      else if (v === "") errors.push(invalid(field, v, "must not be empty"));
      else if (v.split("/").length > 2) errors.push(invalid(field, v, `unexpected GroupVersion string: ${v}`));
    } else if (key === "kind") {
      const field = childPath(path, "kind");
      if (typeof v !== "string") errors.push(invalid(field, v, "must be a string"));
      else if (v === "") errors.push(invalid(field, v, "must not be empty"));
      else {
        const problems = dns1035LabelErrors(v.toLowerCase());
        if (problems.length > 0) errors.push(invalid(field, v, `may have mixed case, but should otherwise match: ${problems.join(",")}`));
      }
    } else if (key === "metadata" && isObject(v)) {
      // ValidateObjectMeta with path-segment names; an empty name is allowed here.
      const name = typeof v.name === "string" ? v.name : "";
      const field = childPath(childPath(path, "metadata"), "name");
      if (name === "." || name === "..") errors.push(invalid(field, name, `may not be '${name}'`));
      else for (const bad of ["/", "%"]) if (name.includes(bad)) errors.push(invalid(field, name, `may not contain '${bad}'`));
    }
  }
  return errors;
}
