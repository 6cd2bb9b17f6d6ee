// Compiling one x-kubernetes-validations rule: parse, check against the node's schema, estimate its
// cost, and plan it for evaluation with @bufbuild/cel.
import { celEnv, isCelError, plan, type CelResult } from "@bufbuild/cel";
import { RE2JS } from "@bufbuild/re2";
import type { JSONSchemaProps } from "../schema/kubernetes.js";
import { DYN, declTypeOf, typeToString, type DeclType } from "./decl-type.js";
import { jsonToCel } from "./json-to-cel.js";
import { KUBERNETES_FUNCTIONS, optionalOf } from "./kubernetes-library.js";
import type { KubernetesVersion } from "./library/versions.js";
import { goRuntimeErrorText } from "./library/conversions.js";
import { jsonEqual } from "./json-equal.js";
import { expandExtensionMacros } from "./library/comprehensions.js";
import { parseWithOptionalSyntax } from "./optional-syntax.js";
import { lowerOptionalSyntax } from "./optional-lowering.js";
import { budgetedOutcome, COST_FUNCTIONS, costTrackingEnv, CostTracker, instrumentCost, RUNTIME_CEL_COST_BUDGET, withCostTracker, type BudgetedOutcome } from "./runtime-cost.js";
import { checkExpression, type CelIssue, type CelIssueRule, type ParsedExpr, type UnboundedSize } from "./type-check.js";

export interface CelRuleInput {
  rule: string;
  message?: string;
  messageExpression?: string;
  reason?: string;
  fieldPath?: string;
  optionalOldSelf?: boolean;
}

export type CelOutcome =
  | { kind: "pass" }
  | { kind: "fail"; message: string; reason?: string; fieldPath?: string }
  | { kind: "error"; message: string };

export interface CompiledCelRule {
  readonly input: CelRuleInput;
  /** The rule refers to oldSelf. */
  readonly isTransitionRule: boolean;
  /**
   * Evaluates the rule with `self` (and `oldSelf`) bound to plain JSON values of the node, converted to
   * CEL values per the schema. A transition rule without an old value passes: the apiserver does not
   * run it (see `ruleApplies`) — unless optionalOldSelf is set, where oldSelf is then optional.none().
   */
  evaluate(self: unknown, oldSelf: unknown | undefined): CelOutcome;
  /**
   * The same, with the runtime cost counted as kube-apiserver counts it: the outcome, its cost, and whether
   * it stops all further rules (the per-call limit or `remainingBudget` was passed).
   */
  evaluateWithBudget(self: unknown, oldSelf: unknown | undefined, remainingBudget: number): BudgetedOutcome;
}

export interface CelCompileOptions {
  /** The node is the root of the custom resource or an embedded resource (adds apiVersion, kind, metadata.name/generateName). */
  isResourceRoot?: boolean;
  /** How messages about unbounded sizes name the node itself (default `self`), e.g. `spec.tags`. */
  selfOrigin?: string;
  /** The Kubernetes version whose CEL environment applies (default DEFAULT_KUBERNETES_VERSION). */
  kubernetesVersion?: KubernetesVersion;
}

export type CelProblemRule = CelIssueRule | "cel/message-expression";

export interface CelCompileProblem {
  rule: CelProblemRule;
  message: string;
  /** Warnings do not stop compilation; the apiserver accepts such rules too. */
  severity?: "warning";
}

export class CelCompileError extends Error {
  constructor(
    message: string,
    /** Every problem found, each with the self-check rule it belongs to. */
    readonly problems: CelCompileProblem[] = [],
  ) {
    super(message);
    this.name = "CelCompileError";
  }
}

/** The apiserver's PerCallLimit: the most a single evaluation may cost at run time. */
export const PER_CALL_COST_LIMIT = 1_000_000;
/** The apiserver's StaticEstimatedCostLimit: estimated cost × cardinality of one rule. */
export const STATIC_ESTIMATED_COST_LIMIT = 10_000_000;
/** The apiserver's StaticEstimatedCRDCostLimit: sum over all rules of one version's schema. */
export const STATIC_ESTIMATED_CRD_COST_LIMIT = 100_000_000;
/** MaxEvaluatedMessageExpressionSizeBytes. */
const MAX_MESSAGE_EXPRESSION_SIZE = 5 * 1024;

// matches() with RE2 (as cel-go), each pattern compiled once instead of on every call.
const compiledPatterns = new Map<string, RE2JS>();
const cachedRe2 = {
  compile(pattern: string): RE2JS {
    let re = compiledPatterns.get(pattern);
    if (re === undefined) {
      if (compiledPatterns.size > 1000) compiledPatterns.clear();
      re = RE2JS.compile(pattern);
      compiledPatterns.set(pattern, re);
    }
    return re;
  },
};
const env = celEnv({ funcs: [...KUBERNETES_FUNCTIONS, ...COST_FUNCTIONS], re2: cachedRe2 });
const costEnv = costTrackingEnv(env);
const isNamespace = (qualified: string) => env.funcs.find(qualified) !== undefined;

export interface CelRuleAnalysis {
  errors: string[];
  /** The same errors with the self-check rule each belongs to. */
  problems: CelCompileProblem[];
  /** Worst-case cost of one evaluation of the rule (cel-go cost units). */
  estimatedCost: number;
  /** estimatedCost exceeds the per-call limit of 1,000,000. */
  costLimitExceeded: boolean;
  /** Where unbounded sizes the cost depends on come from, e.g. `self.items`, `self.name`. */
  unboundedBy: string[];
  /** unboundedBy with the keyword (maxItems, maxProperties, maxLength) that would bound each. */
  unboundedSizes: UnboundedSize[];
  messageExpressionCost: number;
  usesOldSelf: boolean;
}

interface Checked {
  parsed: ParsedExpr | undefined;
  problems: CelCompileProblem[];
  type: DeclType;
  cost: number;
  unboundedSizes: UnboundedSize[];
  usesOldSelf: boolean;
  optionalOperands: Set<bigint>;
}

function checkSource(source: string, variables: ReadonlyMap<string, DeclType>, version: KubernetesVersion | undefined): Checked {
  let parsed: ParsedExpr;
  try {
    parsed = parseWithOptionalSyntax(source);
  } catch (e) {
    const text = (e as Error).message;
    const problem: CelCompileProblem = { rule: "cel/parse", message: `ERROR: ${text.replace(/^(<input>:\d+:\d+): /, "$1: Syntax error: ")}` };
    return { parsed: undefined, problems: [problem], type: DYN, cost: 0, unboundedSizes: [], usesOldSelf: false, optionalOperands: new Set() };
  }
  const checked = checkExpression(parsed, source, variables, version);
  return {
    parsed,
    problems: checked.issues.map((i: CelIssue) => ({ rule: i.rule, message: i.message })),
    type: checked.type,
    cost: checked.cost,
    unboundedSizes: checked.unboundedSizes,
    usesOldSelf: checked.variablesUsed.has("oldSelf"),
    optionalOperands: checked.optionalOperands,
  };
}

interface Analysis extends CelRuleAnalysis {
  rule: Checked;
  messageExpression: Checked | undefined;
  selfType: DeclType | undefined;
}

function analyze(schema: JSONSchemaProps, input: CelRuleInput, options: CelCompileOptions): Analysis {
  const selfType = declTypeOf(schema, options.isResourceRoot ?? false, options.selfOrigin ?? "self");
  // With optionalOldSelf, oldSelf is an optional: none where there is no old value.
  const oldSelfType: DeclType = input.optionalOldSelf === true ? { ...DYN, name: "optional", element: selfType ?? DYN } : (selfType ?? DYN);
  const variables = new Map<string, DeclType>([
    ["self", selfType ?? DYN],
    ["oldSelf", oldSelfType],
  ]);
  const rule = checkSource(input.rule, variables, options.kubernetesVersion);
  const problems: CelCompileProblem[] = rule.problems.map((p) => ({ rule: p.rule, message: `compilation failed: ${p.message}` }));
  if (rule.parsed !== undefined && rule.problems.length === 0 && rule.type.name !== "bool" && rule.type.name !== "dyn") {
    problems.push({ rule: "cel/type", message: `cel expression must evaluate to a bool, not ${typeToString(rule.type)}` });
  }
  let messageExpression: Checked | undefined;
  if (input.messageExpression !== undefined && input.messageExpression.trim() !== "") {
    messageExpression = checkSource(input.messageExpression, variables, options.kubernetesVersion);
    for (const p of messageExpression.problems) {
      problems.push({ rule: "cel/message-expression", message: `messageExpression compilation failed: ${p.message}` });
    }
    const t = messageExpression.type.name;
    if (messageExpression.problems.length === 0 && t !== "string" && t !== "dyn") {
      problems.push({ rule: "cel/message-expression", message: `messageExpression must evaluate to a string, not ${typeToString(messageExpression.type)}` });
    }
    if (messageExpression.usesOldSelf && !rule.usesOldSelf) {
      // The apiserver accepts this, but oldSelf is then unbound and the message falls back to `message`.
      problems.push({ rule: "cel/message-expression", message: "messageExpression refers to oldSelf but the rule does not, so oldSelf is never bound when it is evaluated", severity: "warning" });
    }
  }
  if (selfType === undefined && (rule.problems.length > 0 || problems.length > 0)) {
    // Without a CEL type for the node, every reference to self is a guess; say so first.
    problems.unshift({ rule: "cel/type", message: "the schema of this node has no CEL type (e.g. an array without items)" });
  }
  const estimatedCost = rule.cost;
  return {
    rule,
    messageExpression,
    selfType,
    errors: problems.filter((p) => p.severity !== "warning").map((p) => p.message),
    problems,
    estimatedCost,
    costLimitExceeded: estimatedCost > PER_CALL_COST_LIMIT,
    unboundedBy: rule.unboundedSizes.map((u) => u.origin),
    unboundedSizes: rule.unboundedSizes,
    messageExpressionCost: messageExpression?.cost ?? 0,
    usesOldSelf: rule.usesOldSelf,
  };
}

/** The static analysis the generator's self-check uses: errors and a worst-case cost estimate. */
export function analyzeCelRule(schema: JSONSchemaProps, input: CelRuleInput, options: CelCompileOptions = {}): CelRuleAnalysis {
  const { rule: _rule, messageExpression: _messageExpression, selfType: _selfType, ...analysis } = analyze(schema, input, options);
  return analysis;
}

/** Compiles once; throws CelCompileError listing every problem. `schema` is the node carrying the rule. */
export function compileCelRule(schema: JSONSchemaProps, input: CelRuleInput, options: CelCompileOptions = {}): CompiledCelRule {
  const analysis = analyze(schema, input, options);
  const errors = analysis.problems.filter((p) => p.severity !== "warning");
  if (errors.length > 0 || analysis.rule.parsed === undefined) {
    throw new CelCompileError(errors.map((p) => `[${p.rule}] ${p.message}`).join("; "), errors);
  }
  // Decided on the checked AST, before the optional syntax is lowered for planning.
  const selfEqualsOldSelf = isSelfEqualsOldSelf(analysis.rule.parsed);
  // Lowering works in place by node id; the macro expansion copies (ids kept), then cost wrappers go in.
  const lowered = lowerOptionalSyntax(analysis.rule.parsed, analysis.rule.optionalOperands);
  const ruleParsed = expandExtensionMacros(analysis.rule.parsed);
  const uncharged = instrumentCost(ruleParsed, lowered.free, lowered.charges, isNamespace);
  const program = plan(costEnv, ruleParsed);
  let messageProgram: MessageProgram | undefined;
  if (analysis.messageExpression?.parsed !== undefined) {
    const loweredMessage = lowerOptionalSyntax(analysis.messageExpression.parsed, analysis.messageExpression.optionalOperands);
    const messageParsed = expandExtensionMacros(analysis.messageExpression.parsed);
    const messageUncharged = instrumentCost(messageParsed, loweredMessage.free, loweredMessage.charges, isNamespace);
    messageProgram = { run: plan(costEnv, messageParsed), uncharged: messageUncharged, source: input.messageExpression! };
  }
  const selfType = analysis.selfType;
  const isTransitionRule = analysis.usesOldSelf;
  const optionalOldSelf = input.optionalOldSelf === true;
  const ruleText = ruleErrorString(input);
  // `self == oldSelf` on an object or map passes without converting anything when the JSON is equal:
  // the CEL values are then equal too, and conversion of objects and maps is lazy, so it cannot fail.
  const immutableObject = !optionalOldSelf && selfEqualsOldSelf && (selfType?.name === "object" || selfType?.name === "map");

  return {
    input,
    isTransitionRule,
    evaluate(self: unknown, oldSelf: unknown | undefined): CelOutcome {
      return this.evaluateWithBudget(self, oldSelf, RUNTIME_CEL_COST_BUDGET).outcome;
    },
    evaluateWithBudget(self: unknown, oldSelf: unknown | undefined, remainingBudget: number): BudgetedOutcome {
      const free = (outcome: CelOutcome, cost = 0): BudgetedOutcome => ({ outcome, cost, stop: false });
      if (isTransitionRule && oldSelf === undefined && !optionalOldSelf) return free({ kind: "pass" });
      // cel-go charges `self == oldSelf` 1 per identifier and the equality ceil(min(size) × 0.1).
      if (immutableObject && isPlainObject(self) && jsonEqual(self, oldSelf)) return free({ kind: "pass" }, 2 + Math.ceil(Object.keys(self).length * 0.1));
      let bindings: Record<string, ReturnType<typeof jsonToCel>>;
      try {
        bindings = { self: jsonToCel(self, selfType) };
        if (isTransitionRule) {
          const old = oldSelf === undefined ? undefined : jsonToCel(oldSelf, selfType);
          bindings.oldSelf = optionalOldSelf ? optionalOf(old) : old!;
        }
      } catch (e) {
        return free({ kind: "error", message: `${(e as Error).message} evaluating rule: ${ruleText}` });
      }
      const tracker = new CostTracker(uncharged);
      const result = withCostTracker(tracker, () => program(bindings));
      const limited = budgetedOutcome(tracker, remainingBudget, `rule: ${ruleText}`);
      if (limited !== undefined) return limited;
      const cost = tracker.cost;
      if (isCelError(result)) return free(runtimeError(result, ruleText), cost);
      if (result === true) return free({ kind: "pass" }, cost);
      if (result !== false) return free({ kind: "error", message: `rule did not evaluate to a bool evaluating rule: ${ruleText}` }, cost);
      const message = failureMessage(input, messageProgram, bindings, remainingBudget - cost);
      const fieldPath = input.fieldPath !== undefined && input.fieldPath !== "" ? { fieldPath: input.fieldPath } : {};
      if (message.stop) return { outcome: { kind: "fail", message: message.text, ...fieldPath }, cost: cost + message.cost, stop: true };
      const fail = { kind: "fail" as const, message: message.text };
      return free({ ...fail, ...(input.reason !== undefined ? { reason: input.reason } : {}), ...fieldPath }, cost + message.cost);
    },
  };
}

interface MessageProgram {
  run: ReturnType<typeof plan>;
  uncharged: ReadonlySet<number>;
  source: string;
}

/** The rule is `self == oldSelf` or `oldSelf == self`. */
function isSelfEqualsOldSelf(parsed: ParsedExpr): boolean {
  const kind = parsed.expr?.exprKind;
  if (kind?.case !== "callExpr" || kind.value.function !== "_==_" || kind.value.target !== undefined || kind.value.args.length !== 2) return false;
  const names = kind.value.args.map((a) => (a.exprKind.case === "identExpr" ? a.exprKind.value.name : ""));
  return (names[0] === "self" && names[1] === "oldSelf") || (names[0] === "oldSelf" && names[1] === "self");
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The apiserver names a rule by its message if it has one, else by its text. */
function ruleErrorString(input: CelRuleInput): string {
  return input.message !== undefined && input.message.trim() !== "" ? input.message.trim() : input.rule.trim();
}

function ruleMessageOrDefault(input: CelRuleInput): string {
  return input.message !== undefined && input.message.trim() !== "" ? input.message.trim() : `failed rule: ${input.rule.trim()}`;
}

/** The failure message and what evaluating a messageExpression cost (apiextensions evalMessageExpression). */
function failureMessage(input: CelRuleInput, messageProgram: MessageProgram | undefined, bindings: Record<string, unknown>, remainingBudget: number): { text: string; cost: number; stop: boolean } {
  if (messageProgram === undefined) return { text: ruleMessageOrDefault(input), cost: 0, stop: false };
  const tracker = new CostTracker(messageProgram.uncharged);
  const value = withCostTracker(tracker, () => (messageProgram.run as (ctx: Record<string, unknown>) => CelResult)(bindings));
  const cost = tracker.cost;
  if (cost > remainingBudget) {
    return { text: "messageExpression evaluation failed due to running out of cost budget, no further validation rules will be run", cost, stop: true };
  }
  if (tracker.exceeded) {
    return { text: `no further validation rules will be run due to call cost exceeds limit for messageExpression: ${JSON.stringify(messageProgram.source)}`, cost, stop: true };
  }
  const text = (t: string) => ({ text: t, cost, stop: false });
  // An evaluation error falls back to the message; invalid results are reported as such.
  if (isCelError(value) || typeof value !== "string") return text(ruleMessageOrDefault(input));
  const trimmed = value.trim();
  if (trimmed.length > MAX_MESSAGE_EXPRESSION_SIZE) return text(`messageExpression beyond allowable length of ${MAX_MESSAGE_EXPRESSION_SIZE}`);
  if (/[\n\r]/.test(trimmed)) return text("messageExpression should not contain line breaks");
  if (trimmed === "") return text("messageExpression should evaluate to a non-empty string");
  return text(trimmed);
}

function runtimeError(error: Error, ruleText: string): CelOutcome {
  const text = goRuntimeErrorText(error.message.replace(/^field not found: /, "no such key: "));
  if (/^found no matching overload|^no such overload|^unbound function/.test(text)) {
    return { kind: "error", message: `'no such overload': call arguments did not match a supported operator, function or macro signature for rule: ${ruleText}` };
  }
  return { kind: "error", message: `${text} evaluating rule: ${ruleText}` };
}
