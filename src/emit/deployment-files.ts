// emit=rbac, chart and kustomize: the deployment artifacts next to the CRDs, filled from templates.
// A template that is missing, uses a placeholder it does not have, or yields invalid YAML fails the run.
import { parseAllDocuments } from "yaml";
import type { GeneratorOptions } from "../plugin/parameters.js";
import type { Diagnostic } from "../schema/diagnostics.js";
import type { ResourceModel } from "../schema/model.js";
import { chartFiles, defaultChartName } from "./chart/chart-files.js";
import { TemplateError, TemplateSource } from "./shared/fill-template.js";
import { kustomizationFile } from "./kustomize/kustomization.js";
import { aggregatedRolesFile, namedRoleFiles, type RbacDocument } from "./rbac/roles.js";

export interface DeploymentFile {
  name: string;
  content: string;
}

/** Lines that are only a Helm action (`{{- if .Values.x }}`, `{{- end }}`); without them a chart file is plain YAML. */
export const HELM_GUARD_LINE = /^\s*\{\{-?\s*(if\s.*|else|end)\s*-?\}\}\s*$/;

export function deploymentFiles(
  models: readonly ResourceModel[],
  options: GeneratorOptions,
  header: (models: readonly ResourceModel[]) => string,
): { files: DeploymentFile[]; diagnostics: Diagnostic[] } {
  const wants = (artifact: GeneratorOptions["emit"][number]) => options.emit.includes(artifact);
  if (!wants("rbac") && !wants("chart") && !wants("kustomize")) return { files: [], diagnostics: [] };
  const templates = new TemplateSource(options.templateDir);
  const files: DeploymentFile[] = [];
  try {
    const rbac: RbacDocument[] = [...models.map((m) => aggregatedRolesFile(m, templates, header([m]))), ...namedRoleFiles(models, templates, header)];
    if (wants("rbac") || wants("kustomize")) {
      for (const doc of rbac) files.push({ name: `${options.rbacDir}/${doc.name}`, content: doc.content });
    }
    if (wants("chart")) {
      const chart = {
        name: options.chartName || defaultChartName(models),
        version: options.chartVersion,
        appVersion: options.chartAppVersion || options.chartVersion,
        crdPlacement: options.crdPlacement,
      };
      files.push(...chartFiles(models, rbac, chart, templates, header));
    }
    if (wants("kustomize")) {
      const resources = [...models.map((m) => `${options.crdDir}/${m.group}_${m.plural}.yaml`), ...rbac.map((doc) => `${options.rbacDir}/${doc.name}`)];
      files.push({ name: "kustomization.yaml", content: kustomizationFile(resources, templates, header(models)) });
    }
  } catch (error) {
    if (!(error instanceof TemplateError)) throw error;
    const location = error.file === undefined ? undefined : { file: error.file, line: error.line ?? 1, column: error.column ?? 1 };
    return { files: [], diagnostics: [{ severity: "error", rule: "template/invalid", message: error.message, location }] };
  }
  const diagnostics = files.flatMap((file) => yamlProblems(file));
  return { files: diagnostics.length > 0 ? [] : files, diagnostics };
}

function yamlProblems(file: DeploymentFile): Diagnostic[] {
  const plain = file.content
    .split("\n")
    .filter((line) => !HELM_GUARD_LINE.test(line))
    .join("\n");
  const errors = parseAllDocuments(plain).flatMap((doc) => ("errors" in doc ? doc.errors : []));
  return errors.slice(0, 1).map((e) => ({
    severity: "error" as const,
    rule: "template/invalid-yaml",
    message: `${file.name}, filled from its template, is not valid YAML: ${e.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "")}`,
    location: { file: file.name, line: e.linePos?.[0].line ?? 1, column: e.linePos?.[0].col ?? 1 },
  }));
}
