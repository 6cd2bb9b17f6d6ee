// Kubernetes CEL (x-kubernetes-validations) on @bufbuild/cel: compile against a schema node,
// evaluate with apiserver semantics, estimate cost for the generator's self-check.
export {
  analyzeCelRule,
  CelCompileError,
  compileCelRule,
  PER_CALL_COST_LIMIT,
  STATIC_ESTIMATED_COST_LIMIT,
  STATIC_ESTIMATED_CRD_COST_LIMIT,
  type CelCompileOptions,
  type CelCompileProblem,
  type CelOutcome,
  type CelProblemRule,
  type CelRuleAnalysis,
  type CelRuleInput,
  type CompiledCelRule,
} from "./compile.js";
export { evaluateRules, fieldErrorText, fieldPathSegments, ruleApplies, type CelFieldErrorType, type CelRuleViolation } from "./evaluate-rules.js";
export { declTypeOf, escapePropertyName, MAX_REQUEST_SIZE_BYTES, type DeclType } from "./decl-type.js";
export type { UnboundedSize } from "./type-check.js";
