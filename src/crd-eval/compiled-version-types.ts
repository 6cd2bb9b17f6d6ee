// What admission of one CRD version gives (the evaluator's public types; compiled-version.ts implements them).
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
  /** False skips the x-kubernetes-validations (CEL) rules: only the schema, metadata and list types are checked. */
  celRules?: boolean;
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
  /**
   * admit without the admitted object: the same errors and warnings, but the document is copied only
   * when pruning or defaulting changes it (what the generated validators call).
   */
  check(object: unknown, options?: AdmitOptions): { errors: FieldError[]; warnings: string[] };
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
