// An evaluator of any CustomResourceDefinition (apiextensions.k8s.io/v1) that admits custom resources
// the way kube-apiserver does, interpreting the CRD's schema at run time: prune unknown fields, apply
// defaults, then validate schema keywords, list types, embedded resources, metadata.name and
// x-kubernetes-validations (CEL). Independent of the generated validators by design: it is their
// reference in differential tests.
import type { CustomResourceDefinition } from "../schema/kubernetes.js";
import { compileVersion } from "./compiled-version.js";

export type { FieldError, FieldErrorType } from "./field-error.js";
import type { FieldError } from "./field-error.js";

export interface AdmissionResult {
  /**
   * The object as the apiserver would store it: pruned and defaulted (a copy; the input is untouched).
   * null when the input is no JSON object or is nested too deeply to be decoded at all.
   */
  object: unknown;
  errors: FieldError[];
  /** Warnings the apiserver returns, e.g. `unknown field "spec.foo"` for every pruned field. */
  warnings: string[];
}

export interface AdmitOptions {
  /**
   * The stored object, for an update; without it, admission is a create. On update, transition rules
   * (oldSelf) run where the old object has a correlated value, and validation ratchets like the
   * apiserver's (CRDValidationRatcheting): values unchanged from the old object are not rejected again
   * for schema, list-type or CEL errors (failing CEL rules there become warnings).
   */
  oldObject?: unknown;
  /**
   * A write to a subresource of the stored object (needs oldObject). `status`: only the document's status
   * is taken (status_strategy.go), the rest comes from oldObject, and the whole object is validated, so
   * paths stay rooted at the object (`status.replicas`). `scale`: the document is an autoscaling/v1 Scale
   * whose spec.replicas is written at the CRD's specReplicasPath. Without it, a create drops status and an
   * update keeps the stored status when the version has the status subresource.
   */
  subresource?: "status" | "scale";
  /**
   * Validate the document exactly as written: no status/scale subresource rules and no refusal of an
   * unserved version. That is what the generated validators check; for differential tests against them.
   */
  asWritten?: boolean;
}

export interface CompiledVersion {
  readonly name: string;
  /** `served: true` in the CRD; admission to an unserved version is refused like kubectl does (`no matches for kind …`). */
  readonly served: boolean;
  /**
   * What the apiserver does on create (no oldObject) or update: prune unknown fields, apply defaults,
   * validate schema keywords + x-kubernetes-validations (CEL, incl. transition rules vs oldObject),
   * ObjectMeta name rules. Does not mutate its input.
   */
  admit(object: unknown, options?: AdmitOptions): AdmissionResult;
  /** Validation only: no pruning, no defaulting. */
  validate(object: unknown, options?: AdmitOptions): FieldError[];
  /** A pruned copy and the pruned paths (sorted, e.g. `spec.foo`, `spec.items[0].bar`). */
  prune(object: unknown): { object: unknown; pruned: string[] };
  /** A defaulted copy. */
  applyDefaults(object: unknown): unknown;
  /**
   * What did not compile in this version's schema (CEL rules, patterns that are not RE2). A CRD the
   * apiserver accepted has none; each shows up as an error whenever a value reaches it.
   */
  readonly compileProblems: readonly string[];
}

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
export function compileCrd(crd: CustomResourceDefinition): CompiledCrd {
  const versions = new Map<string, CompiledVersion>();
  for (const version of crd.spec.versions) versions.set(version.name, compileVersion(crd, version));
  const storage = crd.spec.versions.find((v) => v.storage);
  return {
    crd,
    version: (name) => versions.get(name),
    isServed: (name) => versions.get(name)?.served === true,
    storageVersion: storage === undefined ? undefined : versions.get(storage.name),
  };
}
