// What each TypeScript emitter receives: the resource versions declared in one .proto file.
// Emitters read only the model (schema nodes and their annotations), never the descriptors' options.
import type { GeneratorOptions } from "../../plugin/parameters.js";
import type { JSONSchemaProps } from "../../schema/kubernetes.js";
import type { ResourceModel, ResourceVersionModel } from "../../schema/model.js";

export interface ResourceVersionInput {
  model: ResourceModel;
  version: ResourceVersionModel;
  /** The version's root schema (openAPIV3Schema), the same object the CRD holds. */
  schema: JSONSchemaProps;
}

export interface TypeScriptFileInput {
  /** e.g. "nvsentinel/health/v1alpha1/health_event.proto" */
  protoFile: string;
  resources: ResourceVersionInput[];
  options: GeneratorOptions;
}

/** "nvsentinel/health/v1alpha1/health_event.proto" + "_crd" → "nvsentinel/health/v1alpha1/health_event_crd" */
export function moduleBase(protoFile: string, suffix: string): string {
  return protoFile.replace(/\.proto$/, "") + suffix;
}

/** Import specifier of a sibling module, honouring `import_extension`. */
export function siblingImport(protoFile: string, suffix: string, options: GeneratorOptions): string {
  const base = moduleBase(protoFile, suffix).split("/").pop()!;
  const ext = options.importExtension === "none" ? "" : `.${options.importExtension}`;
  return `./${base}${ext}`;
}
