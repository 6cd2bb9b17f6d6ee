// All x-kubernetes-validations of one node evaluated the way the apiserver reports them
// (apiextensions-apiserver schema/cel validation): field errors worded like `kubectl apply` prints them.
import type { CompiledCelRule } from "./compile.js";

export type CelFieldErrorType = "FieldValueInvalid" | "FieldValueForbidden" | "FieldValueRequired" | "FieldValueDuplicate";

export interface CelRuleViolation {
  type: CelFieldErrorType;
  /** Where the error is reported, below the node: the rule's fieldPath as segments; empty for the node itself. */
  fieldPath: string[];
  /** The message (or messageExpression result, or `failed rule: <rule>`, or the runtime error). */
  detail: string;
  /** The field error text after `<path>: `, e.g. `Invalid value: "object": spec is immutable`. */
  text: string;
  /** The rule failed to evaluate (e.g. `no such key`) rather than returning false. */
  evaluationError: boolean;
}

/**
 * Whether the apiserver runs a rule: transition rules (those using oldSelf) only run on updates where
 * the node has an old value (its correlated value in the old object), unless optionalOldSelf is set:
 * then they always run, with oldSelf an optional that is none without an old value.
 */
export function ruleApplies(rule: CompiledCelRule, hasOldValue: boolean): boolean {
  return !rule.isTransitionRule || hasOldValue || rule.input.optionalOldSelf === true;
}

/**
 * Evaluates every rule of a node. `schemaType` is the node's `type` keyword, which the apiserver shows as
 * the invalid value (`Invalid value: "object": …`). oldSelf undefined means there is no old value.
 */
export function evaluateRules(rules: readonly CompiledCelRule[], self: unknown, oldSelf: unknown | undefined, schemaType = ""): CelRuleViolation[] {
  const violations: CelRuleViolation[] = [];
  for (const rule of rules) {
    if (!ruleApplies(rule, oldSelf !== undefined)) continue;
    const outcome = rule.evaluate(self, oldSelf);
    if (outcome.kind === "pass") continue;
    if (outcome.kind === "error") {
      violations.push({ type: "FieldValueInvalid", fieldPath: [], detail: outcome.message, text: fieldErrorText("FieldValueInvalid", schemaType, outcome.message), evaluationError: true });
      continue;
    }
    const type = (outcome.reason ?? "FieldValueInvalid") as CelFieldErrorType;
    violations.push({
      type,
      fieldPath: outcome.fieldPath === undefined ? [] : fieldPathSegments(outcome.fieldPath),
      detail: outcome.message,
      text: fieldErrorText(type, schemaType, outcome.message),
      evaluationError: false,
    });
  }
  return violations;
}

export function fieldErrorText(type: CelFieldErrorType, schemaType: string, detail: string): string {
  switch (type) {
    case "FieldValueRequired":
      return `Required value: ${detail}`;
    case "FieldValueForbidden":
      return `Forbidden: ${detail}`;
    case "FieldValueDuplicate":
      return `Duplicate value: ${JSON.stringify(schemaType)}`;
    default:
      return `Invalid value: ${JSON.stringify(schemaType)}: ${detail}`;
  }
}

/** `.a.b` / `['a.b'].c` → ["a", "b"] / ["a.b", "c"]. */
export function fieldPathSegments(fieldPath: string): string[] {
  const segments: string[] = [];
  const re = /\.([^.[\]]+)|\['((?:[^'\\]|\\.)*)'\]/g;
  for (const m of fieldPath.matchAll(re)) segments.push(m[1] ?? m[2].replace(/\\(.)/g, "$1"));
  return segments;
}
