// The scale subresource's paths (crd-rules §C 26): dot-notation paths under .spec / .status, and,
// beyond what the apiserver checks, to fields of the schema with the type /scale reads from them.
import type { CustomResourceDefinitionVersion } from "../schema/kubernetes.js";
import { invalid, problemAt, required } from "./field-error.js";
import type { PathElement, Problem } from "./problem.js";
import { isSchemaObject, type SchemaObject } from "./schema-walk.js";
import { parseSimpleJsonPath, resolveSimpleJsonPath } from "./simple-json-path.js";

const DOT_NOTATION = /^(\.[^.[\]]+)+$/;

interface ScalePath {
  key: "specReplicasPath" | "statusReplicasPath" | "labelSelectorPath";
  under: string[];
  type: "integer" | "string";
}

const SCALE_PATHS: ScalePath[] = [
  { key: "specReplicasPath", under: [".spec"], type: "integer" },
  { key: "statusReplicasPath", under: [".status"], type: "integer" },
  { key: "labelSelectorPath", under: [".spec", ".status"], type: "string" },
];

export function checkScaleSubresource(version: CustomResourceDefinitionVersion, versionPath: PathElement[], out: Problem[]): void {
  const scale = version.subresources?.scale;
  if (!scale) return;
  const root: unknown = version.schema?.openAPIV3Schema;
  for (const { key, under, type } of SCALE_PATHS) {
    const path = scale[key];
    const report = (rule: string, text: string): void => {
      out.push(problemAt(rule, versionPath, ["subresources", "scale", key], text));
    };
    if (!path) {
      if (key !== "labelSelectorPath") report("crd/scale-path-invalid", required());
      continue;
    }
    if (!path.startsWith(".")) {
      report("crd/scale-path-invalid", invalid(path, "must be a simple json path starting with ."));
    } else if (!under.some((prefix) => path.startsWith(`${prefix}.`))) {
      report("crd/scale-path-invalid", invalid(path, `should be a json path under ${under.join(" or ")}`));
    } else if (!DOT_NOTATION.test(path)) {
      report("crd/scale-path-invalid", invalid(path, "must be a json path in the dot notation"));
    } else if (isSchemaObject(root)) {
      const problem = targetProblem(path, root, type);
      if (problem) report("crd/scale-path-target", invalid(path, problem));
    }
  }
}

function targetProblem(path: string, root: SchemaObject, type: ScalePath["type"]): string | undefined {
  const target = resolveSimpleJsonPath(parseSimpleJsonPath(path) ?? [], root);
  if (target.kind === "missing") return `does not refer to a field of the schema: ${target.detail}`;
  if (target.kind === "schema" && target.schema.type !== type) return `must refer to a field of type ${type}, not ${target.schema.type ?? "(none)"}`;
  return undefined;
}
