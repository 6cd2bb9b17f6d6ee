// spec.conversion of a multi-version CRD. Kubernetes converts with strategy None by rewriting only
// apiVersion, which is correct only when every version has the same schema; otherwise a conversion
// webhook (here: `crd-ts webhook`, using the generated converters) must do it.
import type { Diagnostic } from "../../schema/diagnostics.js";
import type { CustomResourceDefinition, JSONSchemaProps } from "../../schema/kubernetes.js";
import type { ResourceModel } from "../../schema/model.js";
import type { GeneratorOptions } from "../../plugin/parameters.js";

/** cert-manager's CA injector fills the webhook's caBundle from this Certificate's secret. */
export const CERT_MANAGER_INJECT_CA = "cert-manager.io/inject-ca-from";

/** Sets spec.conversion (and the CA-injection annotation) on a CRD with several versions. */
export function applyConversion(model: ResourceModel, options: GeneratorOptions): Diagnostic[] {
  const crd = model.crd;
  if (crd.spec.versions.length < 2) return [];
  if (!versionsDiffer(crd)) {
    crd.spec.conversion = { strategy: "None" };
    return [];
  }
  const service = options.conversionService;
  if (!service) {
    crd.spec.conversion = { strategy: "None" };
    return [{
      severity: "warning",
      rule: "resource/conversion-none",
      message: `the versions of ${crd.metadata.name} have different schemas but no conversion webhook is configured (plugin option conversion_service=<namespace>/<name>); with strategy None the API server only rewrites apiVersion`,
      location: model.location,
    }];
  }
  crd.spec.conversion = {
    strategy: "Webhook",
    webhook: {
      conversionReviewVersions: ["v1"],
      clientConfig: { service: { namespace: service.namespace, name: service.name, path: options.conversionPath, port: options.conversionPort } },
    },
  };
  if (options.certManagerCa) {
    crd.metadata.annotations = { ...crd.metadata.annotations, [CERT_MANAGER_INJECT_CA]: options.certManagerCa };
  }
  return [];
}

/** Whether the versions' schemas differ in anything but documentation (description, title, example). */
export function versionsDiffer(crd: CustomResourceDefinition): boolean {
  const shapes = crd.spec.versions.map((v) => JSON.stringify(v.schema.openAPIV3Schema, withoutDocumentation));
  return shapes.some((shape) => shape !== shapes[0]);
}

function withoutDocumentation(this: unknown, key: string, value: unknown): unknown {
  return key === "description" || key === "title" || key === "example" ? undefined : (value as JSONSchemaProps);
}
