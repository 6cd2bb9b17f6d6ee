// The runtime library of the generated validators (`<proto>_crd_validate` modules import it through the
// package root "protoc-gen-crd-ts", src/index.ts): violations, the per-call context, and the checks too large to inline.
import type { Violation } from "./violation.js";
export type { Violation };
export { jsonType, messages, renderValue } from "./violation.js";
export { type CelOutcome, type CelProgram, type CelRule, ValidationContext, joinFieldPath } from "./context.js";
export { type PatternTest, patternTest } from "./patterns.js";
export { type FormatTest, formatTest, VALIDATED_FORMATS } from "./formats.js";
export { codePointLength, longerThan, shorterThan } from "./strings.js";
export { enumIncludes, isArray, isMultipleOf, isObject, jsonEqual, keyCount, oldChild, own } from "./values.js";
export { applyDefaults, type DefaultsNode } from "./defaults.js";
export { checkListMap, checkListSet, oldListMapItem } from "./list-types.js";
export { checkEmbeddedResource, checkObjectMeta, checkTypeMeta, type ObjectMetaOptions } from "./object-meta.js";

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
