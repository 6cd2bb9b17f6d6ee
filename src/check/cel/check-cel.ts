// Compiles every x-kubernetes-validations rule of a CRD against its schema and estimates its cost the way
// the apiserver does, so a CRD the apiserver would reject (or a rule this package cannot evaluate) fails
// generation. The static shape of the entries (reason, fieldPath, oldSelf placement, …) is checked by
// ../validation-rules.ts.
import { analyzeCelRule, PER_CALL_COST_LIMIT, STATIC_ESTIMATED_COST_LIMIT, STATIC_ESTIMATED_CRD_COST_LIMIT, type CelRuleAnalysis } from "../../cel/index.js";
import { declTypeOf, MAX_REQUEST_SIZE_BYTES, type UnboundedSize } from "../../cel/index.js";
import type { CustomResourceDefinition, JSONSchemaProps, ValidationRule } from "../../schema/kubernetes.js";
import type { PathElement, Problem } from "../problem.js";
import type { KubernetesVersion } from "../../cel/library/versions.js";
import { walkSchema, type SchemaNode } from "../schema-walk.js";

export function checkCelRules(crd: CustomResourceDefinition, kubernetesVersion?: KubernetesVersion): Problem[] {
  const problems: Problem[] = [];
  crd.spec.versions.forEach((version, v) => {
    const root = version.schema?.openAPIV3Schema as JSONSchemaProps | undefined;
    if (root === undefined) return;
    const rootPath: PathElement[] = ["spec", "versions", v, "schema", "openAPIV3Schema"];
    let totalCost = 0;
    const before = problems.length;
    walkSchema(root, rootPath, (node) => {
      totalCost += checkNode(node, problems, kubernetesVersion);
    });
    // A rule over budget on its own already says what to bound.
    const ruleOverBudget = problems.slice(before).some((p) => p.rule === "cel/cost-budget");
    if (totalCost > STATIC_ESTIMATED_CRD_COST_LIMIT && !ruleOverBudget) {
      problems.push({
        severity: "error",
        rule: "cel/cost-budget",
        path: rootPath,
        message: `Forbidden: total CRD cost exceeds budget by factor of ${exceedFactor(totalCost, STATIC_ESTIMATED_CRD_COST_LIMIT)} (try reducing the number of rules, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)`,
      });
    }
  });
  return problems;
}

/** Checks the rules of one node; returns their estimated cost × cardinality for the per-CRD total. */
function checkNode(node: SchemaNode, out: Problem[], kubernetesVersion: KubernetesVersion | undefined): number {
  const entries: unknown = node.schema["x-kubernetes-validations"];
  if (node.nested || !Array.isArray(entries)) return 0;
  let total = 0;
  entries.forEach((entry: unknown, i) => {
    if (typeof entry !== "object" || entry === null) return;
    const rule = entry as ValidationRule;
    if (typeof rule.rule !== "string" || rule.rule.trim() === "") return;
    const at = (keyword: string): PathElement[] => [...node.path, "x-kubernetes-validations", i, keyword];
    const isResourceRoot = node.isRoot || node.schema["x-kubernetes-embedded-resource"] === true;
    const analysis = analyzeCelRule(node.schema, rule, { isResourceRoot, selfOrigin: schemaFieldPath(node.path), kubernetesVersion });
    for (const problem of analysis.problems) {
      const keyword = problem.rule === "cel/message-expression" ? "messageExpression" : "rule";
      const value = keyword === "rule" ? rule.rule : rule.messageExpression;
      out.push({ severity: problem.severity ?? "error", rule: problem.rule, path: at(keyword), message: `${keyword}: Invalid value: ${JSON.stringify(value)}: ${problem.message}` });
    }
    if (analysis.errors.length > 0) return;
    const cardinality = cardinalityOf(node);
    const cost = analysis.estimatedCost * cardinality;
    total += cost + analysis.messageExpressionCost * cardinality;
    const costProblem = costMessage(analysis, cost);
    if (costProblem !== undefined) out.push({ severity: "error", rule: "cel/cost-budget", path: at("rule"), message: `rule: ${costProblem}` });
    const messageCost = analysis.messageExpressionCost * cardinality;
    if (messageCost > STATIC_ESTIMATED_COST_LIMIT) {
      out.push({
        severity: "error",
        rule: "cel/cost-budget",
        path: at("messageExpression"),
        message: `messageExpression: Forbidden: estimated messageExpression cost exceeds budget by factor of ${exceedFactor(messageCost, STATIC_ESTIMATED_COST_LIMIT)} (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)`,
      });
    }
  });
  return total;
}

function costMessage(analysis: CelRuleAnalysis, costTimesCardinality: number): string | undefined {
  const hint = "(try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)";
  const unbounded = analysis.unboundedSizes.length === 0 ? "" : `; unbounded: ${analysis.unboundedSizes.map(describeUnbounded).join(", ")}`;
  if (costTimesCardinality > STATIC_ESTIMATED_COST_LIMIT) {
    return `Forbidden: estimated rule cost exceeds budget by factor of ${exceedFactor(costTimesCardinality, STATIC_ESTIMATED_COST_LIMIT)} ${hint}${unbounded}`;
  }
  if (analysis.costLimitExceeded) {
    return (
      `Forbidden: estimated cost ${analysis.estimatedCost} of one evaluation exceeds the per-call limit ${PER_CALL_COST_LIMIT} ` +
      `by factor of ${exceedFactor(analysis.estimatedCost, PER_CALL_COST_LIMIT)} ${hint}${unbounded}`
    );
  }
  return undefined;
}

/** `openAPIV3Schema.properties.spec.properties.tags.items` → `spec.tags[*]`; the root is `self`. */
function schemaFieldPath(path: readonly PathElement[]): string {
  let out = "";
  for (let i = 5; i < path.length; i++) {
    if (path[i] === "properties") out += `${out === "" ? "" : "."}${String(path[++i])}`;
    else if (path[i] === "items" || path[i] === "additionalProperties") out += "[*]";
  }
  return out === "" ? "self" : out;
}

function describeUnbounded(u: UnboundedSize): string {
  return u.keyword === undefined ? u.origin : `${u.origin} (add ${u.keyword})`;
}

/** The apiserver's getCostErrorMessage wording of how far a cost exceeds its limit. */
export function exceedFactor(cost: number, limit: number): string {
  const factor = cost / limit;
  if (factor > 100) return "more than 100x";
  if (factor < 1.5) return `${factor.toFixed(6)}x`;
  return `${factor.toFixed(1)}x`;
}

/**
 * How many times a rule on this node may run per object, as apiextensions-apiserver estimates it:
 * the product of maxItems/maxProperties of the enclosing lists and maps when all of them are bounded
 * (CELSchemaContext.MaxCardinality, pkg/apis/apiextensions/validation/cel_validation.go); as soon as one
 * is unbounded, the number of copies of this node that fit into a request, MaxRequestSizeBytes /
 * (minimal serialized size of the node + 1) (maxCardinality in pkg/apiserver/schema/cel/compilation.go,
 * used by getExpressionCost in validation.go). So an unbounded list of lists is not counted twice.
 */
export function cardinalityOf(node: SchemaNode): number {
  let cardinality = 1;
  for (let child = node, parent = node.parent; parent !== undefined; child = parent, parent = parent.parent) {
    if (parent.nested) continue;
    const last = child.path[child.path.length - 1];
    const raw: unknown = last === "items" ? parent.schema.maxItems : last === "additionalProperties" ? parent.schema.maxProperties : 1;
    const bound = typeof raw === "number" ? raw : undefined;
    if (bound === undefined) {
      const isResourceRoot = node.isRoot || node.schema["x-kubernetes-embedded-resource"] === true;
      const minSize = declTypeOf(node.schema as JSONSchemaProps, isResourceRoot)?.minSerializedSize ?? 1;
      return Math.floor(MAX_REQUEST_SIZE_BYTES / (minSize + 1));
    }
    cardinality *= Math.max(0, bound);
  }
  return cardinality;
}
