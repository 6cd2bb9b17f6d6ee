// Kubernetes CEL (x-kubernetes-validations) on @bufbuild/cel: compile a rule against the schema node it
// sits on, evaluate it with the apiserver's value mapping and libraries, estimate its cost.
//
// Transition rules (rules that use oldSelf) only run where the node has an old value: on update, for a
// node whose correlated value exists in the old object (objects and maps correlate by key, map lists by
// their keys, other lists not at all). `ruleApplies` / `evaluateRules` implement the skip; the caller
// finds the old value. With optionalOldSelf the rule always runs and oldSelf is an optional (none
// without an old value; hasValue(), value(), orValue(), or()).
//
// Values: JSON objects and maps are converted field by field as a rule reads them (no state is kept
// between evaluations); has() is true for a property present with an explicit null only where its schema
// is nullable (the apiserver prunes other nulls first); `self == oldSelf` on equal JSON objects passes
// without converting anything.
//
// Kubernetes libraries: regex, lists, sets, url, quantity, ip/cidr, format, semver, optional values,
// cel-go's lists extension and two-variable comprehensions (library/), each gated by the Kubernetes
// version that introduced it (library/versions.ts), and the optional syntax (optional-syntax.ts).
// cel.bind and math.* are not in the CRD environment.
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
export { OUT_OF_BUDGET, PER_CALL_LIMIT, RUNTIME_CEL_COST_BUDGET, type BudgetedOutcome } from "./runtime-cost.js";
