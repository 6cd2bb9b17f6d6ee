// `(crd.v1.resource).rbac_rules` → the extra rules of the generated ClusterRoles, checked as the API
// server checks a ClusterRole (k8s.io/kubernetes/pkg/apis/rbac/validation: ValidateClusterRole names
// with path.ValidatePathSegmentName, and every PolicyRule needs verbs and, without nonResourceURLs,
// apiGroups and resources).
import type { DescMessage } from "@bufbuild/protobuf";
import type { RbacRule } from "../gen/crd/v1/options_pb.js";
import type { SourceLocation } from "./diagnostics.js";
import type { DiagnosticSink } from "./diagnostics-sink.js";

/** The aggregated roles every resource gets; a rule naming one of them is added to it. */
export const AGGREGATED_ROLES = ["viewer", "editor", "admin"] as const;
export type AggregatedRole = (typeof AGGREGATED_ROLES)[number];

export interface RbacRuleModel {
  /** An aggregated role of the resource, or the name of a ClusterRole of its own. */
  role: string;
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames: string[];
  location: SourceLocation;
}

export function isAggregatedRole(role: string): role is AggregatedRole {
  return (AGGREGATED_ROLES as readonly string[]).includes(role);
}

export function rbacRulesFor(message: DescMessage, rules: readonly RbacRule[], locationOf: (index: number) => SourceLocation, sink: DiagnosticSink): RbacRuleModel[] | undefined {
  const models: RbacRuleModel[] = [];
  let ok = true;
  rules.forEach((rule, index) => {
    const location = locationOf(index);
    const problems = ruleProblems(rule);
    if (problems.length > 0) {
      sink.error("rbac/invalid-rule", `rbac_rules[${index}] of resource ${message.typeName} ${problems.join("; ")}`, location);
      ok = false;
      return;
    }
    models.push({
      role: rule.role,
      apiGroups: [...rule.apiGroups],
      resources: [...rule.resources],
      verbs: [...rule.verbs],
      resourceNames: [...rule.resourceNames],
      location,
    });
  });
  return ok ? models : undefined;
}

function ruleProblems(rule: RbacRule): string[] {
  const problems: string[] = [];
  if (rule.role === "") problems.push(`needs a role: one of ${AGGREGATED_ROLES.join(", ")}, or the name of a ClusterRole to make`);
  else {
    const nameProblem = pathSegmentNameError(rule.role);
    if (nameProblem) problems.push(`has role "${rule.role}", which is not a valid ClusterRole name: ${nameProblem}`);
  }
  if (rule.verbs.length === 0) problems.push("needs at least one verb (e.g. get, list, watch)");
  if (rule.resources.length === 0) problems.push("needs at least one resource (e.g. configmaps)");
  if (rule.apiGroups.length === 0) problems.push(`needs at least one API group ("" is the core group)`);
  return problems;
}

/** k8s.io/apimachinery/pkg/api/validation/path: IsValidPathSegmentName, with its wording. */
function pathSegmentNameError(name: string): string | undefined {
  if (name === "." || name === "..") return `may not be '${name}'`;
  for (const illegal of ["/", "%"]) if (name.includes(illegal)) return `may not contain '${illegal}'`;
  return undefined;
}
