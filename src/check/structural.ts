// Structural-schema invariants of the apiserver's ValidateStructural (crd-rules §A 1–4, 7–9):
// every node is typed, arrays have items, resource meta keeps its shape, extensions don't clash.
import { forbidden, invalid, problemAt, required } from "./field-error.js";
import { isSetKeyword } from "./keyword-value.js";
import type { Problem } from "./problem.js";
import { isSchemaObject, type SchemaNode, type SchemaObject } from "./schema-walk.js";

const MISSING_TYPE_DETAIL: Record<SchemaNode["level"], string> = {
  root: "must not be empty at the root",
  item: "must not be empty for specified array items",
  field: "must not be empty for specified object fields",
};

export function checkStructuralNode(node: SchemaNode, out: Problem[]): void {
  if (node.insideResourceMeta && node.schema["x-kubernetes-embedded-resource"] === true) {
    out.push(problemAt("structural/embedded-resource-in-meta", node.path, ["x-kubernetes-embedded-resource"], forbidden("must not be used inside of resource meta")));
  }
  if (node.nested) return;
  checkType(node, out);
  checkExtensionConflicts(node, out);
  const { schema, path } = node;
  if (schema.type === "array" && schema.items === undefined) {
    out.push(problemAt("structural/items-required", path, ["items"], required("must be specified")));
  }
  if (node.isRoot && schema.additionalProperties !== undefined) {
    out.push(problemAt("structural/root-additional-properties", path, ["additionalProperties"], forbidden("must not be used at the root")));
  }
  if (node.isRoot || schema["x-kubernetes-embedded-resource"] === true) checkResourceMetaTypes(node, out);
  if (node.isRoot) checkRootMetadata(node, out);
  if (schema["x-kubernetes-embedded-resource"] === true) checkEmbeddedResource(node, out);
}

function checkType(node: SchemaNode, out: Problem[]): void {
  const { schema, path } = node;
  const type = schema.type ?? "";
  if (schema["x-kubernetes-embedded-resource"] === true && type !== "object") {
    const detail = "must be object if x-kubernetes-embedded-resource is true";
    out.push(problemAt("structural/embedded-resource-not-object", path, ["type"], type === "" ? required(detail) : invalid(type, detail)));
  } else if (type === "" && schema["x-kubernetes-int-or-string"] !== true && schema["x-kubernetes-preserve-unknown-fields"] !== true) {
    out.push(problemAt("structural/type-required", path, ["type"], required(MISSING_TYPE_DETAIL[node.level])));
  }
  if (node.isRoot && type !== "" && type !== "object") {
    out.push(problemAt("structural/root-type-not-object", path, ["type"], invalid(type, "must be object at the root")));
  }
}

function checkExtensionConflicts({ schema, path }: SchemaNode, out: Problem[]): void {
  if (schema["x-kubernetes-int-or-string"] !== true) return;
  for (const other of ["x-kubernetes-preserve-unknown-fields", "x-kubernetes-embedded-resource"] as const) {
    if (schema[other] === true) {
      out.push(problemAt("structural/int-or-string-conflict", path, [other], invalid(true, "must be false if x-kubernetes-int-or-string is true")));
    }
  }
}

/** kind and apiVersion are strings and metadata an object, at the root and in embedded resources. */
function checkResourceMetaTypes({ schema, path }: SchemaNode, out: Problem[]): void {
  const properties = isSchemaObject(schema.properties) ? schema.properties : {};
  for (const [name, wanted] of [["kind", "string"], ["apiVersion", "string"], ["metadata", "object"]] as const) {
    const property: unknown = properties[name];
    if (!isSchemaObject(property) || property.type === wanted) continue;
    const rule = name === "metadata" ? "structural/metadata-not-object" : "structural/type-meta-not-string";
    out.push(problemAt(rule, path, ["properties", name, "type"], invalid(property.type ?? "", `must be ${wanted}`)));
  }
}

/** Root metadata may only restrict name and generateName; everything else is ObjectMeta's business. */
function checkRootMetadata({ schema, path }: SchemaNode, out: Problem[]): void {
  const metadata: unknown = isSchemaObject(schema.properties) ? schema.properties.metadata : undefined;
  if (!isSchemaObject(metadata)) return;
  const extra = Object.keys(metadata)
    .filter((keyword) => keyword !== "type" && keyword !== "default" && keyword !== "properties" && isSetKeyword(metadata[keyword]))
    .concat(
      Object.keys(isSchemaObject(metadata.properties) ? metadata.properties : {})
        .filter((name) => name !== "name" && name !== "generateName")
        .map((name) => `properties.${name}`),
    );
  if (extra.length === 0) return;
  out.push(
    problemAt(
      "structural/root-metadata-restricted",
      path,
      ["properties", "metadata"],
      forbidden(`must not specify anything other than name and generateName, but metadata is implicitly specified (found ${extra.join(", ")})`),
    ),
  );
}

function checkEmbeddedResource({ schema, path }: SchemaNode, out: Problem[]): void {
  if (schema.additionalProperties !== undefined) {
    out.push(
      problemAt("structural/embedded-resource-additional-properties", path, ["additionalProperties"], forbidden("must not be used if x-kubernetes-embedded-resource is set")),
    );
  }
  if (schema["x-kubernetes-preserve-unknown-fields"] !== true && !hasProperties(schema)) {
    out.push(
      problemAt(
        "structural/embedded-resource-properties-required",
        path,
        ["properties"],
        required("must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields"),
      ),
    );
  }
}

function hasProperties(schema: SchemaObject): boolean {
  return isSchemaObject(schema.properties) && Object.keys(schema.properties).length > 0;
}
