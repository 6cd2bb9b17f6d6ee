// emit=chart: a Helm chart around the CRDs. Chart.yaml and values.yaml; the CRDs in crds/ (installed once,
// never upgraded: Helm's rule) or, with crd_placement=templates, in templates/crds/ with
// helm.sh/resource-policy: keep behind a values switch; the RBAC roles in templates/rbac/.
// Templates hold only whole-line `{{- if … }}` / `{{- end }}` guards, so every file without those lines is
// plain YAML (test/emit/deployment tests that).
import type { CustomResourceDefinition } from "../../schema/kubernetes.js";
import type { ResourceModel } from "../../schema/model.js";
import { crdYaml } from "../crd/crd-yaml.js";
import type { TemplateSource } from "../shared/fill-template.js";
import type { RbacDocument } from "../rbac/roles.js";

export interface ChartOptions {
  name: string;
  version: string;
  appVersion: string;
  crdPlacement: "crds" | "templates";
}

export interface ChartFile {
  name: string;
  content: string;
}

export function chartFiles(
  models: readonly ResourceModel[],
  rbac: readonly RbacDocument[],
  options: ChartOptions,
  templates: TemplateSource,
  header: (models: readonly ResourceModel[]) => string,
): ChartFile[] {
  const kinds = models.map((m) => m.kind).join(", ");
  const files: ChartFile[] = [
    {
      name: "Chart.yaml",
      content: templates.fill("chart/Chart.yaml", {
        header: header(models),
        name: options.name,
        description: JSON.stringify(`Custom resource definitions and RBAC roles for ${kinds}`).slice(1, -1),
        version: options.version,
        appVersion: options.appVersion,
      }),
    },
    { name: "values.yaml", content: templates.fill("chart/values.yaml", { name: options.name }) },
  ];
  for (const model of models) {
    const file = `${model.group}_${model.plural}.yaml`;
    if (options.crdPlacement === "crds") {
      files.push({ name: `crds/${file}`, content: crdYaml(model.crd, header([model])) });
    } else {
      const kept = keptCrd(model.crd);
      files.push({ name: `templates/crds/${file}`, content: templates.fill("chart/crd.yaml", { crd: helmLiteral(crdYaml(kept, header([model]))).split("\n") }) });
    }
  }
  for (const roles of rbac) {
    files.push({ name: `templates/rbac/${roles.name}`, content: templates.fill("chart/rbac.yaml", { roles: helmLiteral(roles.content).split("\n") }) });
  }
  return files;
}

/** The CRD with helm.sh/resource-policy: keep, so `helm uninstall` leaves it (and every object of it) in place. */
function keptCrd(crd: CustomResourceDefinition): CustomResourceDefinition {
  return { ...crd, metadata: { ...crd.metadata, annotations: { ...crd.metadata.annotations, "helm.sh/resource-policy": "keep" } } };
}

/**
 * Text Helm must not read as template actions: `{{` (in a CEL rule or a description) becomes the action
 * `{{ "{{" }}`, which prints it back. Only `{{` opens an action in Go templates.
 */
export function helmLiteral(text: string): string {
  return text.replace(/\n$/, "").replaceAll("{{", '{{ "{{" }}');
}

/** The first DNS label of the first resource's group: `example` for example.com. */
export function defaultChartName(models: readonly ResourceModel[]): string {
  const group = [...models].map((m) => m.group).sort()[0] ?? "crds";
  return group.split(".")[0].replace(/[^a-z0-9-]/g, "-").replace(/^-+|-+$/g, "") || "crds";
}
