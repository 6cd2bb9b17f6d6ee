// The OpenAPI part of a CRD version's schema rendered as JSON Schema (draft-07) for ajv: the independent
// reference of the differential test and the baseline of the benchmark. CEL rules, list-type uniqueness
// and metadata beyond the name are out of its reach; nulls of non-nullable fields must be pruned first
// (pruneNonNullableNulls), as the apiserver does before validating.

const DNS1123_SUBDOMAIN = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

/**
 * @param {object} root the version's openAPIV3Schema
 * @param {{ apiVersion: string, kind: string }} resource
 */
export function crdToJsonSchema(root, { apiVersion, kind }) {
  const schema = node(root);
  schema.properties = {
    ...schema.properties,
    apiVersion: { const: apiVersion },
    kind: { const: kind },
    metadata: {
      type: "object",
      properties: { name: { type: "string", maxLength: 253, pattern: DNS1123_SUBDOMAIN } },
      required: ["name"],
    },
  };
  schema.required = [...new Set(["apiVersion", "kind", "metadata", ...(schema.required ?? [])])];
  return schema;
}

function node(s) {
  const out = {};
  const intOrString = s["x-kubernetes-int-or-string"] === true;
  if (intOrString) out.type = ["integer", "string"];
  else if (s.type !== undefined) out.type = s.type;
  // go-openapi's type validator lets arrays through where a string has a format (validate/type.go).
  if (s.type === "string" && s.format !== undefined && s.format !== "") out.type = ["string", "array"];
  if (s.nullable === true && out.type !== undefined) out.type = [...[out.type].flat(), "null"];
  for (const k of ["enum", "minimum", "maximum", "multipleOf", "minLength", "maxLength", "pattern", "minItems", "maxItems", "minProperties", "maxProperties", "required"]) {
    if (s[k] !== undefined) out[k] = s[k];
  }
  if (s.nullable === true && out.enum !== undefined) out.enum = [...out.enum, null];
  if (s.exclusiveMinimum === true) { out.exclusiveMinimum = s.minimum; delete out.minimum; }
  if (s.exclusiveMaximum === true) { out.exclusiveMaximum = s.maximum; delete out.maximum; }
  if (s.format === "date-time" || s.format === "date" || s.format === "byte" || s.format === "duration" || s.format === "uuid") out.format = s.format;
  if (s.items !== undefined) out.items = node(s.items);
  if (s.properties !== undefined) {
    out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, node(v)]));
  }
  if (typeof s.additionalProperties === "object") out.additionalProperties = node(s.additionalProperties);
  else if (s.type === "object" && s["x-kubernetes-preserve-unknown-fields"] !== true && s.additionalProperties !== true) out.additionalProperties = false;
  for (const k of ["allOf", "anyOf", "oneOf"]) {
    if (s[k] !== undefined && !(intOrString && k === "anyOf")) out[k] = s[k].map(node);
  }
  if (s.not !== undefined) out.not = node(s.not);
  return out;
}

/** Drops properties and map values that are null where the schema does not allow null (in place). */
export function pruneNonNullableNulls(value, s) {
  if (s === undefined || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) {
    for (const item of value) pruneNonNullableNulls(item, s.items);
    return value;
  }
  for (const key of Object.keys(value)) {
    const child = s.properties?.[key] ?? (typeof s.additionalProperties === "object" ? s.additionalProperties : undefined);
    if (child === undefined) continue;
    if (value[key] === null && child.nullable !== true) delete value[key];
    else pruneNonNullableNulls(value[key], child);
  }
  return value;
}

/** ajv's error location as a Kubernetes path: `/spec/entitiesImpacted/0/x` → `spec.entitiesImpacted[0].x`. */
export function ajvErrorPath(error) {
  const segments = error.instancePath === "" ? [] : error.instancePath.slice(1).split("/").map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"));
  if (error.keyword === "required") segments.push(error.params.missingProperty);
  if (error.keyword === "additionalProperties") segments.push(error.params.additionalProperty);
  return segments;
}

/** Path segments rendered the Kubernetes way, reading the CRD schema to tell list indexes and map keys from fields. */
export function kubernetesPath(segments, root) {
  let out = "";
  let s = root;
  for (const segment of segments) {
    if (s?.type === "array") {
      out += `[${segment}]`;
      s = s.items;
    } else if (s !== undefined && s.properties === undefined && typeof s.additionalProperties === "object") {
      out += `[${segment}]`;
      s = s.additionalProperties;
    } else {
      out += out === "" ? segment : `.${segment}`;
      s = s?.properties?.[segment];
    }
  }
  return out;
}
