// Keyword-level rules of ValidateCustomResourceDefinitionOpenAPISchema (crd-rules §B 11–15, 20):
// supported types and keywords, no uniqueItems, properties xor additionalProperties, where defaults may go.
import { forbidden, invalid, problemAt, unsupported } from "./field-error.js";
import type { Problem } from "./problem.js";
import { isSchemaObject, type SchemaNode } from "./schema-walk.js";

const SCHEMA_TYPES = ["array", "boolean", "integer", "number", "object", "string"];

/** OpenAPI keywords the apiserver rejects, and the ones the Kubernetes docs list as unsupported. */
const UNSUPPORTED_KEYWORDS = [
  "$ref",
  "additionalItems",
  "definitions",
  "dependencies",
  "id",
  "patternProperties",
  "deprecated",
  "discriminator",
  "readOnly",
  "writeOnly",
  "xml",
];

/** Every other key JSONSchemaProps of apiextensions.k8s.io/v1 knows. */
const KNOWN_KEYWORDS = new Set([
  ...UNSUPPORTED_KEYWORDS,
  "$schema",
  "description",
  "type",
  "format",
  "title",
  "default",
  "maximum",
  "exclusiveMaximum",
  "minimum",
  "exclusiveMinimum",
  "maxLength",
  "minLength",
  "pattern",
  "maxItems",
  "minItems",
  "uniqueItems",
  "multipleOf",
  "enum",
  "maxProperties",
  "minProperties",
  "required",
  "items",
  "allOf",
  "oneOf",
  "anyOf",
  "not",
  "properties",
  "additionalProperties",
  "externalDocs",
  "example",
  "nullable",
  "x-kubernetes-preserve-unknown-fields",
  "x-kubernetes-embedded-resource",
  "x-kubernetes-int-or-string",
  "x-kubernetes-list-map-keys",
  "x-kubernetes-list-type",
  "x-kubernetes-map-type",
  "x-kubernetes-validations",
]);

export function checkSchemaKeywords(node: SchemaNode, out: Problem[]): void {
  const { schema, path } = node;
  const type: unknown = schema.type;
  if (type === "null") {
    out.push(problemAt("schema/type-null", path, ["type"], forbidden("type cannot be set to null, use nullable as an alternative")));
  } else if (type !== undefined && type !== "" && !SCHEMA_TYPES.includes(type as string)) {
    out.push(problemAt("schema/type-unsupported", path, ["type"], unsupported(type, SCHEMA_TYPES)));
  }
  if (schema.uniqueItems === true) {
    out.push(problemAt("schema/unique-items", path, ["uniqueItems"], forbidden("uniqueItems cannot be set to true since the runtime complexity becomes quadratic")));
  }
  checkAdditionalProperties(node, out);
  if (Array.isArray(schema.items)) {
    out.push(problemAt("schema/items-not-schema", path, ["items"], forbidden("items must be a schema object and not an array")));
  }
  if (schema["x-kubernetes-preserve-unknown-fields"] === false) {
    out.push(problemAt("schema/preserve-unknown-fields-false", path, ["x-kubernetes-preserve-unknown-fields"], invalid(false, "must be true or undefined")));
  }
  if (node.isRoot && schema.nullable === true) {
    out.push(problemAt("schema/root-nullable", path, ["nullable"], forbidden("nullable cannot be true at the root")));
  }
  if (schema.default !== undefined && node.defaultForbiddenReason !== undefined) {
    out.push(problemAt("schema/default-forbidden", path, ["default"], forbidden(`must not be set ${node.defaultForbiddenReason}`)));
  }
  for (const keyword of Object.keys(schema)) {
    if (UNSUPPORTED_KEYWORDS.includes(keyword)) {
      out.push(problemAt("schema/keyword-unsupported", path, [keyword], forbidden(`${keyword} is not supported`)));
    } else if (!KNOWN_KEYWORDS.has(keyword)) {
      const text = "Unknown field: not a JSONSchemaProps keyword, the apiserver drops it (or rejects the CRD under strict field validation)";
      out.push(problemAt("schema/unknown-keyword", path, [keyword], text, "warning"));
    }
  }
}

function checkAdditionalProperties({ schema, path }: SchemaNode, out: Problem[]): void {
  const additional: unknown = schema.additionalProperties;
  if (additional === undefined || additional === true) return;
  const hasProperties = isSchemaObject(schema.properties) && Object.keys(schema.properties).length > 0;
  if (hasProperties) {
    out.push(problemAt("schema/properties-with-additional-properties", path, ["additionalProperties"], forbidden("additionalProperties and properties are mutual exclusive")));
  } else if (additional === false) {
    out.push(
      problemAt(
        "schema/additional-properties-false",
        path,
        ["additionalProperties"],
        forbidden("additionalProperties: false is not supported; unknown fields are pruned anyway, declare the allowed ones in properties"),
      ),
    );
  }
}
