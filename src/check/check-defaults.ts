// Every `default` must be valid for its own node, the way the apiserver checks defaults when the CRD is
// created (apiextensions schema/defaulting/validation.go): already pruned, valid against the node's
// schema keywords, and — when those pass — against its x-kubernetes-validations, with oldSelf = self.
// The checking itself is the CRD evaluator's (src/crd-eval), so a default passes here exactly when
// the evaluator would admit it.
import { compileRules, validateRules } from "../crd-eval/cel-rules.js";
import { goJson } from "../crd-eval/go-text.js";
import { cloneJson, deepEqualJson } from "../crd-eval/json-value.js";
import { validateAgainstSchema } from "../crd-eval/openapi-validation.js";
import { pruneAgainstNode } from "../crd-eval/prune.js";
import { compileSchemaNode } from "../crd-eval/schema-node.js";
import type { CustomResourceDefinition } from "../schema/kubernetes.js";
import type { Problem } from "./problem.js";
import { walkSchema } from "./schema-walk.js";

export function checkDefaults(crd: CustomResourceDefinition): Problem[] {
  const problems: Problem[] = [];
  crd.spec.versions.forEach((version, v) => {
    const root = version.schema?.openAPIV3Schema;
    if (root === undefined) return;
    walkSchema(root, ["spec", "versions", v, "schema", "openAPIV3Schema"], (node) => {
      const value = node.schema.default;
      if (value === undefined || value === null || node.nested || node.defaultForbiddenReason !== undefined) return;
      const path = [...node.path, "default"];
      const schemaNode = compileSchemaNode(node.schema);
      const pruned = cloneJson(value);
      const dropped = pruneAgainstNode(pruned, schemaNode);
      if (dropped.length > 0 || !deepEqualJson(pruned, value)) {
        const fields = dropped.map((p) => JSON.stringify(p)).join(", ");
        problems.push({
          severity: "error",
          rule: "default/pruned",
          path,
          message: `default: Invalid value: ${goJson(value)}: must not have unknown fields (${fields})`,
        });
        return;
      }
      const errors = validateAgainstSchema(schemaNode, value, "default");
      const isResourceRoot = node.isRoot || node.schema["x-kubernetes-embedded-resource"] === true;
      const ruleErrors = errors.length === 0 ? validateRules(value, value, schemaNode, compileRules(schemaNode, isResourceRoot), { path: "default" }) : [];
      for (const error of [...errors, ...ruleErrors]) {
        problems.push({ severity: "error", rule: "default/invalid", path, message: error.message.startsWith("default") ? error.message : `default: ${error.message}` });
      }
    });
  });
  return problems;
}
