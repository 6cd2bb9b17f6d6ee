// The rules of the three aggregated ClusterRoles of a resource. The verbs follow the built-in roles
// they aggregate into (k8s.io/kubernetes/plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go):
// view reads; edit writes objects (and scales them, as edit may scale a Deployment) but not their
// status, which controllers own; admin also writes status.
import type { ResourceModel } from "../../schema/model.js";
import type { AggregatedRole, RbacRuleModel } from "../../schema/rbac-rules.js";

export interface PolicyRule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
  resourceNames?: string[];
}

const READ = ["get", "list", "watch"];
const WRITE = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
const SUBRESOURCE_WRITE = ["get", "patch", "update"];

const VERBS: Record<AggregatedRole, { resource: string[]; status: string[]; scale: string[] }> = {
  viewer: { resource: READ, status: ["get"], scale: ["get"] },
  editor: { resource: WRITE, status: ["get"], scale: SUBRESOURCE_WRITE },
  admin: { resource: WRITE, status: SUBRESOURCE_WRITE, scale: SUBRESOURCE_WRITE },
};

export function aggregatedRoleRules(model: ResourceModel, role: AggregatedRole): PolicyRule[] {
  const versions = model.crd.spec.versions;
  const hasStatus = versions.some((v) => v.subresources?.status !== undefined);
  const hasScale = versions.some((v) => v.subresources?.scale !== undefined);
  const verbs = VERBS[role];
  const rules: PolicyRule[] = [{ apiGroups: [model.group], resources: [model.plural], verbs: verbs.resource }];
  if (hasStatus) rules.push({ apiGroups: [model.group], resources: [`${model.plural}/status`], verbs: verbs.status });
  if (hasScale) rules.push({ apiGroups: [model.group], resources: [`${model.plural}/scale`], verbs: verbs.scale });
  return [...rules, ...model.rbacRules.filter((r) => r.role === role).map(policyRule)];
}

export function policyRule(rule: RbacRuleModel): PolicyRule {
  return {
    apiGroups: rule.apiGroups,
    resources: rule.resources,
    verbs: rule.verbs,
    ...(rule.resourceNames.length > 0 ? { resourceNames: rule.resourceNames } : {}),
  };
}

/** Rules as YAML lines, one flow sequence per key: `- apiGroups: ["example.com"]`. */
export function ruleLines(rules: readonly PolicyRule[]): string[] {
  const flow = (values: string[]) => `[${values.map((v) => JSON.stringify(v)).join(", ")}]`;
  return rules.flatMap((rule) => [
    `- apiGroups: ${flow(rule.apiGroups)}`,
    `  resources: ${flow(rule.resources)}`,
    ...(rule.resourceNames ? [`  resourceNames: ${flow(rule.resourceNames)}`] : []),
    `  verbs: ${flow(rule.verbs)}`,
  ]);
}
