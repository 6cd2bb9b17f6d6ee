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

/** Options every generated `validate<Kind>` takes. */
export interface ValidateOptions {
  /** The object before an update: enables transition rules (those that use `oldSelf`). */
  oldObject?: unknown;
  /** False skips the CEL rules (x-kubernetes-validations): only the OpenAPI schema, metadata and list types are checked. */
  celRules?: boolean;
}

/** A generated validator with the apiVersion and kind it checks (each `_crd_validate` module exports a table). */
export interface ResourceValidator {
  apiVersion: string;
  kind: string;
  validate(obj: unknown, options?: ValidateOptions): Violation[];
}
