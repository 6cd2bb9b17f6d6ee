// emit=kustomize: kustomization.yaml listing the CRD and RBAC files, so `kubectl apply -k` installs them.
import type { TemplateSource } from "../shared/fill-template.js";

export function kustomizationFile(resourceFiles: readonly string[], templates: TemplateSource, header: string): string {
  return templates.fill("kustomize/kustomization.yaml", { header, resources: resourceFiles.map((f) => `- ${f}`) });
}
