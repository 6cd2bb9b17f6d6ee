// A rule broken somewhere inside a generated CustomResourceDefinition object.
// The plugin maps `path` back to the .proto element that produced that part of the CRD.

export type PathElement = string | number;

export interface Problem {
  severity: "error" | "warning";
  /** Short rule name, e.g. `structural/type-required`, `cel/cost-budget`. */
  rule: string;
  message: string;
  /** Path inside the CRD object, e.g. ["spec","versions",0,"schema","openAPIV3Schema","properties","spec"]. */
  path: PathElement[];
}
