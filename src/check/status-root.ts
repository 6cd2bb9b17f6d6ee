// With the status (or scale) subresource the apiserver splits status off as properties.status, so
// the root may only carry keywords that stay meaningful after that split (crd-rules §B 21).
import type { CustomResourceDefinitionVersion } from "../schema/kubernetes.js";
import { forbidden, invalid, problemAt } from "./field-error.js";
import { isSetKeyword } from "./keyword-value.js";
import type { PathElement, Problem } from "./problem.js";
import type { SchemaObject } from "./schema-walk.js";

const ALLOWED_AT_ROOT = [
  "description",
  "type",
  "format",
  "title",
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
  "required",
  "items",
  "properties",
  "externalDocs",
  "example",
  "x-kubernetes-preserve-unknown-fields",
  "x-kubernetes-validations",
];

export function checkRootWithSubresources(version: CustomResourceDefinitionVersion, root: SchemaObject, rootPath: PathElement[], out: Problem[]): void {
  const subresources = version.subresources;
  if (!subresources?.status && !subresources?.scale) return;
  if (root.type !== undefined && root.type !== "object") {
    const detail = `only "object" is allowed as the type at the root of the schema if the status subresource is enabled`;
    out.push(problemAt("schema/subresource-root-keyword", rootPath, ["type"], invalid(root.type, detail)));
  }
  for (const keyword of Object.keys(root)) {
    if (ALLOWED_AT_ROOT.includes(keyword) || !isSetKeyword(root[keyword])) continue;
    const detail = `only ${ALLOWED_AT_ROOT.join(", ")} are allowed at the root of the schema if the status or scale subresource is enabled`;
    out.push(problemAt("schema/subresource-root-keyword", rootPath, [keyword], forbidden(detail)));
  }
}
