// A rule of a schema node compiled once, when a generated validator module loads: the rule is read from
// the node itself (`x-kubernetes-validations[index]`), so the generated code states each rule once.
import type { JSONSchemaProps } from "../schema/kubernetes.js";
import type { CelRule } from "../validation/context.js";
import { compileCelRule } from "./compile.js";
import { NEWEST_KUBERNETES_VERSION } from "./library/versions.js";

/** The rule at `index` of `schema`'s x-kubernetes-validations, compiled against `schema`. */
export function celRule(schema: object, index: number, options: { isResourceRoot?: boolean } = {}): CelRule {
  const node = schema as JSONSchemaProps;
  const rule = node["x-kubernetes-validations"]?.[index];
  if (rule === undefined) throw new Error(`internal: no x-kubernetes-validations[${index}] on this schema node`);
  return {
    // The generator checked the rule against its kubernetes_version already; at run time every function
    // we implement is available, so a rule it accepted always loads.
    program: compileCelRule(node, rule, { kubernetesVersion: NEWEST_KUBERNETES_VERSION, ...options }),
    rule: rule.rule,
    optionalOldSelf: rule.optionalOldSelf === true,
    type: node.type ?? "",
  };
}
