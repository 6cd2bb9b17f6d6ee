// oneof=auto: each oneof is first written as a CEL rule; this pass keeps the rule where its estimated
// cost fits the apiserver's budget and turns it into the OpenAPI `oneOf` form elsewhere (an info says
// which and why). Costs are estimated as kube-apiserver estimates them (../check/cel/check-cel.ts).
import type { DescMessage } from "@bufbuild/protobuf";
import { analyzeCelRule, STATIC_ESTIMATED_COST_LIMIT, STATIC_ESTIMATED_CRD_COST_LIMIT } from "../cel/index.js";
import { cardinalityOf } from "../check/cel/check-cel.js";
import type { PathElement } from "../check/problem.js";
import { walkSchema } from "../check/schema-walk.js";
import type { SourceLocation } from "./diagnostics.js";
import type { DiagnosticSink } from "./diagnostics-sink.js";
import type { JSONSchemaProps, ValidationRule } from "./kubernetes.js";
import { addOneofOpenApi, type OneofGroup } from "./oneofs.js";

/** A oneof written as a CEL rule that may still become the OpenAPI form. */
export interface PendingOneofRule {
  message: DescMessage;
  group: OneofGroup;
  rule: ValidationRule;
  location: SourceLocation;
}

const ROOT_PATH: PathElement[] = ["spec", "versions", 0, "schema", "openAPIV3Schema"];

interface RuleCost {
  node: JSONSchemaProps;
  path: PathElement[];
  pending: PendingOneofRule | undefined;
  /** Estimated cost × cardinality; Infinity when the rule does not compile or one call exceeds its limit. */
  cost: number;
  cardinality: number;
  estimated: number;
}

/**
 * Decides CEL or OpenAPI for every pending oneof rule below `root`: a rule over the per-rule budget
 * switches; then, while the CRD's total exceeds its budget, the costliest remaining oneof rules switch.
 * `reported` is shared by all resources so a message is reported once.
 */
export function fitOneofRules(
  root: JSONSchemaProps,
  pending: ReadonlyMap<JSONSchemaProps, PendingOneofRule[]>,
  sink: DiagnosticSink,
  reported: Set<string>,
): void {
  if (pending.size === 0) return;
  const costs: RuleCost[] = [];
  walkSchema(root, ROOT_PATH, (node) => {
    const rules: unknown = node.schema["x-kubernetes-validations"];
    if (node.nested || !Array.isArray(rules)) return;
    const schema = node.schema as JSONSchemaProps;
    const isResourceRoot = node.isRoot || schema["x-kubernetes-embedded-resource"] === true;
    const cardinality = cardinalityOf(node);
    for (const rule of rules as ValidationRule[]) {
      const analysis = analyzeCelRule(schema, rule, { isResourceRoot });
      const over = analysis.errors.length > 0 || analysis.costLimitExceeded;
      const estimated = analysis.estimatedCost + analysis.messageExpressionCost;
      const match = pending.get(schema)?.find((p) => p.rule === rule);
      costs.push({ node: schema, path: node.path, pending: match, cost: over ? Infinity : estimated * cardinality, cardinality, estimated });
    }
  });
  let total = 0;
  for (const c of costs) {
    if (c.pending !== undefined && c.cost > STATIC_ESTIMATED_COST_LIMIT) toOpenApi(c, "its estimated cost exceeds the per-rule budget", sink, reported);
    else total += c.cost;
  }
  const remaining = costs.filter((c) => c.pending !== undefined && c.cost <= STATIC_ESTIMATED_COST_LIMIT).sort((a, b) => b.cost - a.cost);
  for (const c of remaining) {
    if (total <= STATIC_ESTIMATED_CRD_COST_LIMIT) break;
    total -= c.cost;
    toOpenApi(c, `the CRD's rules together exceed the per-CRD budget ${STATIC_ESTIMATED_CRD_COST_LIMIT}`, sink, reported);
  }
}

function toOpenApi(c: RuleCost, why: string, sink: DiagnosticSink, reported: Set<string>): void {
  const p = c.pending!;
  const rules = c.node["x-kubernetes-validations"]!;
  rules.splice(rules.indexOf(p.rule), 1);
  if (rules.length === 0) delete c.node["x-kubernetes-validations"];
  addOneofOpenApi(c.node, [p.group]);
  const key = `${p.message.typeName}\n${p.group.name}`;
  if (reported.has(key)) return;
  reported.add(key);
  const estimate = Number.isFinite(c.cost) ? ` (${c.estimated} per evaluation × ${c.cardinality} evaluations = ${c.cost}, budget ${STATIC_ESTIMATED_COST_LIMIT})` : "";
  sink.info(
    "oneof/openapi-form",
    `${p.group.name} of ${p.message.typeName} is enforced with OpenAPI oneOf instead of a CEL rule at ${fieldPath(c.path)}: ${why}${estimate}; add max_items/max_properties to the enclosing lists and maps to keep the CEL rule`,
    p.location,
  );
}

/** `openAPIV3Schema.properties.spec.properties.http.items…` → `spec.http[*]…`, as CEL error paths read. */
function fieldPath(path: readonly PathElement[]): string {
  let out = "";
  for (let i = ROOT_PATH.length; i < path.length; i++) {
    if (path[i] === "properties") out += `${out === "" ? "" : "."}${String(path[++i])}`;
    else if (path[i] === "items" || path[i] === "additionalProperties") out += "[*]";
  }
  return out === "" ? "the root" : out;
}
