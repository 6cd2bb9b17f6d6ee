// The runtime of the generated validators (`<proto>_crd_validate` modules import it through the package
// root "protoc-gen-crd-ts", src/index.ts): resourceValidator runs src/crd-eval's admission over the
// schema literal a module holds; patterns and formats are shared with crd-eval.
import type { Violation } from "./violation.js";
export type { Violation };
export { type PatternTest, patternTest } from "./patterns.js";
export { type FormatTest, formatTest } from "./formats.js";

export {
  type CompiledResourceValidator,
  type ResourceDefinition,
  resourceValidator,
  type ValidateOptions,
  violationOf,
} from "./resource-validator.js";
import type { ValidateOptions } from "./resource-validator.js";
/** The type of a CRD version's `openAPIV3Schema`, as generated validators embed it. */
export type { JSONSchemaProps as CrdSchema } from "../schema/kubernetes.js";

/** A generated validator with the apiVersion and kind it checks (each `_crd_validate` module exports a table). */
export interface ResourceValidator {
  apiVersion: string;
  kind: string;
  validate(obj: unknown, options?: ValidateOptions): Violation[];
}
