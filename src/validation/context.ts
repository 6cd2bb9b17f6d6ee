// The state of one validation call: the violations found, and the CEL rules that wait for the
// OpenAPI pass to finish (the apiserver skips CEL when the object already has blocking errors).
import { type Violation, jsonType, messages } from "./violation.js";

/** What a compiled `x-kubernetes-validations` rule answers (the contract of protoc-gen-crd-ts/cel). */
export type CelOutcome =
  | { kind: "pass" }
  | { kind: "fail"; message: string; reason?: string; fieldPath?: string }
  | { kind: "error"; message: string };

/** A rule compiled once at module load by compileCelRule from protoc-gen-crd-ts/cel. */
export interface CelProgram {
  readonly isTransitionRule: boolean;
  evaluate(self: unknown, oldSelf: unknown): CelOutcome;
  /** With kube-apiserver's runtime cost: the cost, and whether no further rule may run. */
  evaluateWithBudget?(self: unknown, oldSelf: unknown, remainingBudget: number): { outcome: CelOutcome; cost: number; stop: boolean };
}

/** RuntimeCELCostBudget (k8s.io/apiserver/pkg/apis/cel/config.go): all rules of one object together. */
const RUNTIME_CEL_COST_BUDGET = 10_000_000;
const OUT_OF_BUDGET = "validation failed due to running out of cost budget, no further validation rules will be run";

/** A compiled rule with what its violations need: the rule text, and the node's schema type. */
export interface CelRule {
  program: CelProgram;
  rule: string;
  optionalOldSelf: boolean;
  /** The node's `type` ("object", "string", …; "" when untyped), printed as the invalid value. */
  type: string;
}

const SKIPPED =
  'Invalid value: "null": some validation rules were not checked because the object was invalid; correct the existing errors to complete validation';

export class ValidationContext {
  readonly violations: Violation[] = [];
  /** False to skip CEL rules (e.g. to compare with an OpenAPI-only validator). */
  private readonly celEnabled: boolean;
  /** Set by the errors the apiserver treats as blocking for CEL: type, required, enum, too long, too many. */
  private blocked = false;
  private readonly pending: { rule: CelRule; path: string; self: unknown; old: unknown }[] = [];

  /** Whether the schema has CEL rules at all: then blocking errors get a note that rules were skipped. */
  private readonly schemaHasRules: boolean;

  constructor(celEnabled = true, schemaHasRules = true) {
    this.celEnabled = celEnabled;
    this.schemaHasRules = schemaHasRules;
  }

  add(path: string, rule: string, message: string): void {
    this.violations.push({ path, rule, message });
  }

  private block(path: string, rule: string, message: string): void {
    this.blocked = true;
    this.violations.push({ path, rule, message });
  }

  /**
   * A value of the wrong type. With a `format`, go-openapi's type validator words scalars by their Go
   * format ("int64", "float64", "") and lets arrays through for string and untyped formats.
   */
  type(path: string, value: unknown, expected: string, format = ""): void {
    const actual = jsonType(value);
    if (format !== "" && actual !== "null" && actual !== "string") {
      const numeric = expected === "number" || expected === "integer";
      if (actual === "array") {
        if (!numeric) return;
      } else {
        const dataFormat = actual === "integer" ? "int64" : actual === "number" ? "float64" : "";
        if (dataFormat !== format && !(actual === "integer" && expected === "number")) {
          this.block(path, "type", messages.invalid(dataFormat, `must be of type ${format}: ${JSON.stringify(dataFormat)}`));
          return;
        }
      }
    }
    this.block(path, "type", messages.invalid(actual, `must be of type ${expected}: ${JSON.stringify(actual)}`));
  }

  required(path: string, detail = "", rule = "required"): void {
    this.block(path, rule, messages.required(detail));
  }

  unsupported(path: string, value: unknown, supported: readonly unknown[]): void {
    this.block(path, "enum", messages.unsupported(value, supported));
  }

  tooLong(path: string, max: number): void {
    this.block(path, "maxLength", messages.tooLong(max));
  }

  tooShort(path: string, value: string, min: number): void {
    this.add(path, "minLength", messages.invalid(value, `should be at least ${min} chars long`));
  }

  pattern(path: string, value: string, pattern: string): void {
    this.add(path, "pattern", messages.invalid(value, `should match '${pattern}'`));
  }

  format(path: string, value: string, format: string): void {
    this.block(path, "format", messages.invalid(value, `must be of type ${format}: ${JSON.stringify(value)}`));
  }

  minimum(path: string, value: number, min: number, exclusive: boolean): void {
    this.add(path, "minimum", messages.invalid(value, `should be greater than ${exclusive ? "" : "or equal to "}${min}`));
  }

  maximum(path: string, value: number, max: number, exclusive: boolean): void {
    this.add(path, "maximum", messages.invalid(value, `should be less than ${exclusive ? "" : "or equal to "}${max}`));
  }

  multipleOf(path: string, value: number, factor: number): void {
    this.add(path, "multipleOf", messages.invalid(value, `should be a multiple of ${factor}`));
  }

  tooMany(path: string, rule: "maxItems" | "maxProperties", actual: number, max: number): void {
    this.block(path, rule, messages.tooMany(actual, max));
  }

  tooFewItems(path: string, actual: number, min: number): void {
    this.add(path, "minItems", messages.invalid(actual, `should have at least ${min} items`));
  }

  tooFewProperties(path: string, actual: number, min: number): void {
    this.add(path, "minProperties", messages.invalid(actual, `should have at least ${min} properties`));
  }

  unknownField(path: string): void {
    this.add(path, "unknown-field", messages.unknownField(path));
  }

  duplicate(path: string, value: unknown): void {
    this.add(path, "list-type", messages.duplicate(value));
  }

  /** Queues a rule on a non-null value; `old` is the correlated old value (undefined: none). */
  cel(rule: CelRule, path: string, self: unknown, old: unknown): void {
    if (this.celEnabled) this.pending.push({ rule, path, self, old });
  }

  /** Runs the queued CEL rules unless a blocking error was found, and returns every violation. */
  finish(): Violation[] {
    if (!this.celEnabled || !this.schemaHasRules) return this.violations;
    if (this.blocked) {
      this.add("", "cel", SKIPPED);
      return this.violations;
    }
    // One runtime cost budget for the object; passing it, or a rule passing the per-call limit, stops
    // every further rule (apiextensions-apiserver schema/cel validation.go validateExpressions).
    let budget = RUNTIME_CEL_COST_BUDGET;
    for (const { rule, path, self, old } of this.pending) {
      if (rule.program.isTransitionRule && !rule.optionalOldSelf && old === undefined) continue;
      if (budget <= 0) {
        this.add(path, "cel", messages.invalid(rule.type, OUT_OF_BUDGET));
        break;
      }
      const spent = this.evaluate(rule, path, self, old, budget);
      if (spent.stop) break;
      budget -= spent.cost;
    }
    return this.violations;
  }

  private evaluate(rule: CelRule, path: string, self: unknown, old: unknown, budget: number): { cost: number; stop: boolean } {
    let outcome: CelOutcome;
    let spent = { cost: 0, stop: false };
    try {
      if (rule.program.evaluateWithBudget !== undefined) {
        const budgeted = rule.program.evaluateWithBudget(self, old, budget);
        outcome = budgeted.outcome;
        spent = { cost: budgeted.cost, stop: budgeted.stop };
        if (spent.stop) {
          const at = outcome.kind === "fail" && outcome.fieldPath ? joinFieldPath(path, outcome.fieldPath) : path;
          if (outcome.kind !== "pass") this.add(at, "cel", messages.invalid(rule.type, outcome.message));
          return spent;
        }
      } else {
        outcome = rule.program.evaluate(self, old);
      }
    } catch (e) {
      outcome = { kind: "error", message: e instanceof Error ? e.message : String(e) };
    }
    if (outcome.kind === "pass") return spent;
    if (outcome.kind === "error") {
      this.add(path, "cel", messages.invalid(rule.type, outcome.message));
      return spent;
    }
    const at = outcome.fieldPath ? joinFieldPath(path, outcome.fieldPath) : path;
    switch (outcome.reason) {
      case "FieldValueRequired":
        this.add(at, "cel", messages.required(outcome.message));
        break;
      case "FieldValueForbidden":
        this.add(at, "cel", messages.forbidden(outcome.message));
        break;
      case "FieldValueDuplicate":
        this.add(at, "cel", messages.duplicate(rule.type));
        break;
      default:
        this.add(at, "cel", messages.invalid(rule.type, outcome.message));
    }
    return spent;
  }
}

/** `spec` + `.a['k'][0]` → `spec.a[k][0]` (a rule's fieldPath, relative to the rule's node). */
export function joinFieldPath(base: string, fieldPath: string): string {
  let out = base;
  const re = /\.([^.[\]]+)|\['((?:[^'\\]|\\.)*)'\]|\[(\d+)\]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(fieldPath)) !== null) {
    if (m[1] !== undefined) out += out === "" ? m[1] : `.${m[1]}`;
    else if (m[2] !== undefined) out += `[${m[2].replace(/\\(.)/g, "$1")}]`;
    else out += `[${m[3]}]`;
  }
  return out;
}
