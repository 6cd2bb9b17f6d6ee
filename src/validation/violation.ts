// What a validator reports: one of crd-eval's field errors (src/crd-eval/field-error.ts, worded as the
// apiserver's k8s.io/apimachinery/pkg/util/validation/field), without the path the caller prints in front.

/** One reason an object would be rejected (or pruned) by the apiserver. */
export interface Violation {
  /** Kubernetes-style field path: `spec.entitiesImpacted[2].entityType`, `spec.metadata[key]`. */
  path: string;
  /** The schema keyword or check that failed: "type", "required", "pattern", "cel", "unknown-field", … */
  rule: string;
  /** The apiserver's wording, e.g. `Required value`, `Unsupported value: "x": supported values: "A", "B"`. */
  message: string;
}
