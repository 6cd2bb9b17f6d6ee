// The runtime of generated conversion modules (`<file>_crd_conversion.ts`): hub-and-spoke conversion
// between the versions of one CRD, lossless through an annotation.
export { convertObject } from "./convert-object.js";
export { type ConversionPlan, ConversionError, type FieldPath, PRESERVED_ANNOTATION_PREFIX, type SpokePlan } from "./plan.js";
export { matchSchemas, type MutableSpokePlan, planFromCrd, type SameField } from "./match-schemas.js";
