// selectableFields (crd-rules §C 27): at most 8 distinct paths, each to a string, boolean or
// integer field outside metadata, resolved the way the apiserver does (no array steps).
import type { CustomResourceDefinitionVersion } from "../schema/kubernetes.js";
import { resolveFieldPath } from "./cel-field-path.js";
import { duplicate, invalid, problemAt, required, tooMany } from "./field-error.js";
import type { PathElement, Problem } from "./problem.js";
import { isSchemaObject } from "./schema-walk.js";

const MAX_SELECTABLE_FIELDS = 8;
const SELECTABLE_TYPES = ["string", "boolean", "integer"];

export function checkSelectableFields(version: CustomResourceDefinitionVersion, versionPath: PathElement[], out: Problem[]): void {
  const fields = version.selectableFields ?? [];
  const root: unknown = version.schema?.openAPIV3Schema;
  if (fields.length === 0 || !isSchemaObject(root)) return;
  const unique = new Set<string>();
  fields.forEach(({ jsonPath }, i) => {
    const report = (rule: string, text: string): void => {
      out.push(problemAt(rule, versionPath, ["selectableFields", i, "jsonPath"], text));
    };
    if (!jsonPath) return report("selectable-field/json-path-required", required());
    // Said first: the generated schema declares no metadata fields, so the path would not resolve either.
    if (/^\.metadata(\.|\[|$)/.test(jsonPath)) return report("selectable-field/metadata", invalid(jsonPath, "must not point to fields in metadata"));
    const resolved = resolveFieldPath(jsonPath, root, { allowArrayNotation: false });
    if (!resolved.ok) return report("selectable-field/json-path-invalid", invalid(jsonPath, `is an invalid path: ${resolved.error}`));
    if (!SELECTABLE_TYPES.includes(resolved.schema?.type as string)) {
      const detail = "must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed.";
      report("selectable-field/type-unsupported", invalid(jsonPath, detail));
    }
    const key = resolved.fields.join(".");
    if (unique.has(key)) report("selectable-field/duplicate", duplicate(jsonPath));
    unique.add(key);
  });
  if (unique.size > MAX_SELECTABLE_FIELDS) {
    out.push(problemAt("selectable-field/too-many", versionPath, ["selectableFields"], tooMany(unique.size, MAX_SELECTABLE_FIELDS)));
  }
}
