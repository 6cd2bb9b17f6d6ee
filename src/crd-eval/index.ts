// An evaluator of any CustomResourceDefinition (apiextensions.k8s.io/v1) that admits custom resources
// the way kube-apiserver does, interpreting the CRD's schema at run time: prune unknown fields, apply
// defaults, then validate schema keywords, list types, embedded resources, metadata.name and
// x-kubernetes-validations (CEL). Independent of the generated validators by design: it is their
// reference in differential tests.
import type { KubernetesVersion } from "../cel/library/versions.js";
import type { CustomResourceDefinition } from "../schema/kubernetes.js";
import { compileVersion } from "./compiled-version.js";

export type { FieldError, FieldErrorType } from "./field-error.js";

export type { AdmissionResult, AdmitOptions, CompiledVersion } from "./compiled-version-types.js";
import type { CompiledVersion } from "./compiled-version-types.js";

export interface CompiledCrd {
  readonly crd: CustomResourceDefinition;
  /** The compiled version, or undefined when the CRD has no version of that name. */
  version(name: string): CompiledVersion | undefined;
  /** Whether the CRD has a version of that name with `served: true`. */
  isServed(name: string): boolean;
  /** The version with `storage: true`. */
  readonly storageVersion: CompiledVersion | undefined;
}

/** Compiles every version once (schemas, patterns, CEL programs); admission then walks the document only. */
export function compileCrd(crd: CustomResourceDefinition, options: { kubernetesVersion?: KubernetesVersion } = {}): CompiledCrd {
  const versions = new Map<string, CompiledVersion>();
  for (const version of crd.spec.versions) versions.set(version.name, compileVersion(crd, version, options.kubernetesVersion));
  const storage = crd.spec.versions.find((v) => v.storage);
  return {
    crd,
    version: (name) => versions.get(name),
    isServed: (name) => versions.get(name)?.served === true,
    storageVersion: storage === undefined ? undefined : versions.get(storage.name),
  };
}
