// RBAC files: per CRD, the viewer, editor and admin ClusterRoles (one multi-document file); per role
// named in rbac_rules, a ClusterRole with every rule that names it, from whichever resources.
import type { ResourceModel } from "../../schema/model.js";
import { AGGREGATED_ROLES, isAggregatedRole } from "../../schema/rbac-rules.js";
import type { TemplateSource } from "../shared/fill-template.js";
import { aggregatedRoleRules, policyRule, ruleLines } from "./role-rules.js";

export interface RbacDocument {
  /** File name without folder: `<group>_<plural>.yaml` or `<role>.yaml`. */
  name: string;
  /** YAML documents, each starting with `---`. */
  content: string;
}

export function aggregatedRolesFile(model: ResourceModel, templates: TemplateSource, header: string): RbacDocument {
  const documents = AGGREGATED_ROLES.map((role) =>
    templates.fill(`rbac/${role}-role.yaml`, {
      group: model.group,
      plural: model.plural,
      kind: model.kind,
      rules: ruleLines(aggregatedRoleRules(model, role)),
    }),
  );
  return { name: `${model.group}_${model.plural}.yaml`, content: `${header}\n${documents.join("")}` };
}

/** Roles named in rbac_rules (not viewer/editor/admin), sorted by name. */
export function namedRoleFiles(models: readonly ResourceModel[], templates: TemplateSource, header: (models: readonly ResourceModel[]) => string): RbacDocument[] {
  const byRole = new Map<string, { models: ResourceModel[]; rules: ReturnType<typeof policyRule>[] }>();
  for (const model of models) {
    for (const rule of model.rbacRules) {
      if (isAggregatedRole(rule.role)) continue;
      const entry = byRole.get(rule.role) ?? { models: [], rules: [] };
      if (!entry.models.includes(model)) entry.models.push(model);
      entry.rules.push(policyRule(rule));
      byRole.set(rule.role, entry);
    }
  }
  return [...byRole.keys()].sort().map((role) => {
    const { models: from, rules } = byRole.get(role)!;
    const content = templates.fill("rbac/cluster-role.yaml", { name: role, rules: ruleLines(rules) });
    return { name: `${role}.yaml`, content: `${header(from)}\n${content}` };
  });
}
