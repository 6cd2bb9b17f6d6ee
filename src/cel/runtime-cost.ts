// Runtime cost of one evaluation, counted as cel-go's CostTracker counts it (interpreter/runtimecost.go
// Observe and costCall) with the Kubernetes library's CallCost (k8s.io/apiserver/pkg/cel/library/cost.go)
// and ext.Sets' trackers (ext/sets.go trackSetsCost). kube-apiserver stops an evaluation whose cost passes
// PerCallLimit, and a CR's rules together may spend RuntimeCELCostBudget (k8s.io/apiserver/pkg/apis/cel/config.go).
//
// How it is counted on @bufbuild/cel, which has no cost tracking: every call through the function registry
// is charged from its actual arguments and result (a wrapped registry, `costTrackingEnv`); what cel-go
// charges without a call (identifiers and field selections 1 each, `[]` 1, list literals 10, map literals
// 30, `@not_strictly_false` 1) is charged by `@cost(expr, n)` wrappers written into the AST before planning.
import { celFunc, CelScalar, isCelList, isCelMap, type CelEnv, type CelFunc, type CelValue } from "@bufbuild/cel";
import { qualifiedName, type ParsedExpr } from "./type-check.js";

type Expr = ParsedExpr["expr"];
type ExprKind = Expr["exprKind"];

/** PerCallLimit: the most one evaluation may cost. */
export const PER_CALL_LIMIT = 1_000_000;
/** RuntimeCELCostBudget: what all rules of one custom resource may cost together. */
export const RUNTIME_CEL_COST_BUDGET = 10_000_000;

/** cel-go's text when an evaluation passes the limit (interpreter.EvalCancelledError). */
export const COST_LIMIT_EXCEEDED = "operation cancelled: actual cost limit exceeded";

const STRING_TRAVERSAL = 0.1;
const REGEX_LENGTH = 0.25;
const LIST_CREATE = 10;
const MAP_CREATE = 30;

class CostLimitExceeded extends Error {
  constructor() {
    super(COST_LIMIT_EXCEEDED);
  }
}

export class CostTracker {
  cost = 0;
  exceeded = false;
  /** `uncharged`: ids of the program's calls cel-go does not observe (from `instrumentCost`). */
  constructor(
    readonly uncharged: ReadonlySet<number> = new Set(),
    readonly limit: number = PER_CALL_LIMIT,
  ) {}

  charge(n: number): void {
    this.cost += n;
    if (this.cost > this.limit) {
      this.exceeded = true;
      throw new CostLimitExceeded();
    }
  }
}

let current: CostTracker | undefined;

/** An evaluation's outcome, its runtime cost, and whether no further rule may run (as the apiserver stops). */
export interface BudgetedOutcome {
  outcome: { kind: "pass" } | { kind: "fail"; message: string; reason?: string; fieldPath?: string } | { kind: "error"; message: string };
  cost: number;
  stop: boolean;
}

/** apiextensions-apiserver schema/cel validation.go: the budget is checked before the evaluation's error. */
export const OUT_OF_BUDGET = "validation failed due to running out of cost budget, no further validation rules will be run";

/**
 * The outcome when an evaluation passed the per-call limit or the remaining budget (validateExpressions),
 * else undefined. `what` names it: `rule: <message or rule>`.
 */
export function budgetedOutcome(tracker: CostTracker, remainingBudget: number, what: string): BudgetedOutcome | undefined {
  if (tracker.cost > remainingBudget) return { outcome: { kind: "error", message: OUT_OF_BUDGET }, cost: tracker.cost, stop: true };
  if (tracker.exceeded) {
    return { outcome: { kind: "error", message: `'${COST_LIMIT_EXCEEDED}': no further validation rules will be run due to call cost exceeds limit for ${what}` }, cost: tracker.cost, stop: true };
  }
  return undefined;
}

/** Runs `evaluate` with `tracker` counting its cost (evaluations are synchronous, so one at a time). */
export function withCostTracker<T>(tracker: CostTracker, evaluate: () => T): T {
  const previous = current;
  current = tracker;
  try {
    return evaluate();
  } finally {
    current = previous;
  }
}

/** cel-go actualSize: the size of strings (code points), bytes, lists and maps; 1 for anything else. */
function size(v: CelValue | undefined): number {
  if (typeof v === "string") {
    let n = 0;
    for (const _ of v) n++;
    return n;
  }
  if (v instanceof Uint8Array) return v.length;
  if (isCelList(v) || isCelMap(v)) return v.size;
  return 1;
}

/** library/cost.go traversalCost (truncated, as the Go uint64 conversion does). */
function traversal(v: CelValue | undefined): number {
  if (typeof v === "string") return Math.floor(new TextEncoder().encode(v).length * STRING_TRAVERSAL);
  if (v instanceof Uint8Array) return Math.floor(v.length * STRING_TRAVERSAL);
  if (isCelList(v)) {
    let cost = 0;
    for (const e of v) cost += traversal(e);
    return cost;
  }
  if (isCelMap(v)) {
    let cost = 0;
    for (const [k, e] of v) cost += traversal(k as CelValue) + traversal(e);
    return cost;
  }
  return 1;
}

const scan = (v: CelValue | undefined, factor = STRING_TRAVERSAL) => Math.ceil(size(v) * factor);
const isText = (v: CelValue | undefined) => typeof v === "string" || v instanceof Uint8Array;

/**
 * The actual cost of one call from its receiver (or first argument) `a`, its next argument `b` and its
 * result, as in cel-go, where a member call's arguments start with the receiver.
 */
type CallCost = (a: CelValue | undefined, b: CelValue | undefined, result: CelValue) => number;

const traversalOfA: CallCost = (a) => traversal(a);
const scanOfA: CallCost = (a) => scan(a);
const scanTwiceOfA: CallCost = (a) => scan(a, 2 * STRING_TRAVERSAL);
const regexCost: CallCost = (a, b) => Math.ceil((1 + size(a)) * STRING_TRAVERSAL) * scan(b, REGEX_LENGTH);
const textComparison: CallCost = (a, b) => (isText(a) && isText(b) ? Math.ceil(Math.min(size(a), size(b)) * STRING_TRAVERSAL) : 1);

/**
 * The calls whose cost depends on their arguments; every other call costs 1. ext.Sets' overload trackers
 * (ext/sets.go trackSetsCost), the Kubernetes library's CostEstimator.CallCost
 * (k8s.io/apiserver/pkg/cel/library/cost.go), then cel-go's CostTracker.costCall defaults
 * (interpreter/runtimecost.go); no name is in two of them.
 */
const CALL_COSTS: ReadonlyMap<string, CallCost> = new Map<string, CallCost>([
  ["sets.contains", (a, b) => 1 + Math.floor(size(a) * size(b))],
  ["sets.intersects", (a, b) => 1 + Math.floor(size(a) * size(b))],
  ["sets.equivalent", (a, b) => 1 + Math.floor(size(a) * size(b) * 2)],
  ...["isSorted", "sum", "max", "min", "indexOf", "lastIndexOf"].map((fn): [string, CallCost] => [fn, traversalOfA]),
  ...["url", "lowerAscii", "upperAscii", "substring", "trim", "cidr", "isIP", "isCIDR", "quantity", "isQuantity"].map((fn): [string, CallCost] => [fn, scanOfA]),
  ...["replace", "split", "ip.isCanonical"].map((fn): [string, CallCost] => [fn, scanTwiceOfA]),
  ["join", (_a, _b, result) => scan(result, 2 * STRING_TRAVERSAL)],
  ["find", regexCost],
  ["findAll", regexCost],
  ["ip", (a) => (typeof a === "string" ? scan(a) : 1)],
  ["containsIP", (a, b) => Math.ceil(2 * size(a) * STRING_TRAVERSAL) + (typeof b === "string" ? scan(b) : 0)],
  ["containsCIDR", (a, b) => Math.ceil(2 * size(a) * STRING_TRAVERSAL) + scan(a) + 1 + (typeof b === "string" ? scan(b) : 0)],
  ...["startsWith", "endsWith", "strings.quote", "format"].map((fn): [string, CallCost] => [fn, scanOfA]),
  ["bytes", (a) => (typeof a === "string" ? scan(a) : 1)],
  ["string", (a) => (a instanceof Uint8Array ? scan(a) : 1)],
  ["@in", (_a, b) => (isCelList(b) ? size(b) : 1)],
  ["_==_", (a, b) => Math.ceil(Math.min(size(a), size(b)) * STRING_TRAVERSAL)],
  ["_!=_", (a, b) => Math.ceil(Math.min(size(a), size(b)) * STRING_TRAVERSAL)],
  ...["_<_", "_<=_", "_>_", "_>=_"].map((fn): [string, CallCost] => [fn, textComparison]),
  ["_+_", (a, b) => (isText(a) && isText(b) ? Math.ceil((size(a) + size(b)) * STRING_TRAVERSAL) : 1)],
  ["matches", regexCost],
  ["contains", (a, b) => (typeof a === "string" ? scan(a) * scan(b) : 1)],
]);

/**
 * The env whose function registry charges every call to the current tracker. `charged(id)` says whether
 * the call with that expression id is one cel-go would observe (not a node the optional lowering added).
 */
export function costTrackingEnv(env: CelEnv): CelEnv {
  const funcs = env.funcs;
  const wrapped = {
    find(name: string) {
      const group = funcs.find(name);
      if (group === undefined) return group;
      if (name === "@cost") return directCost(group);
      const cost = CALL_COSTS.get(name);
      return {
        name,
        [Symbol.iterator]: () => group[Symbol.iterator](),
        call(id: number, target: CelValue | undefined, args: CelValue[]) {
          const result = group.call(id, target, args);
          const tracker = current;
          if (tracker !== undefined && !tracker.uncharged.has(id)) {
            const a = target === undefined ? args[0] : target;
            const b = target === undefined ? args[1] : args[0];
            tracker.charge(cost === undefined ? 1 : cost(a, b, result as CelValue));
          }
          return result;
        },
      };
    },
    [Symbol.iterator]: () => funcs[Symbol.iterator](),
  };
  return { namespace: env.namespace, registry: env.registry, funcs: wrapped, variables: env.variables } as unknown as CelEnv;
}

type FuncGroup = NonNullable<ReturnType<CelEnv["funcs"]["find"]>>;

/**
 * `@cost(value, n)` without the registry's overload dispatch, which runs for every identifier and field
 * selection: a CEL value the evaluation produced passes through as the registry would return it (its
 * toCel and unwrapAny leave scalars, null, lists and maps alone). A charge past the limit, and any other
 * value, take the registry's path, which turns the limit's exception into an error value.
 */
function directCost(group: FuncGroup): FuncGroup {
  return {
    name: group.name,
    [Symbol.iterator]: () => group[Symbol.iterator](),
    call(id: number, target: CelValue | undefined, args: CelValue[]) {
      const value = args[0];
      const n = args[1];
      const tracker = current;
      if (target !== undefined || args.length !== 2 || typeof n !== "bigint" || !passesThrough(value)) return group.call(id, target, args);
      if (tracker === undefined) return value;
      const charge = Number(n);
      if (tracker.cost + charge > tracker.limit) return group.call(id, target, args);
      tracker.cost += charge;
      return value;
    },
  } as FuncGroup;
}

function passesThrough(value: CelValue | undefined): boolean {
  switch (typeof value) {
    case "string":
    case "boolean":
    case "number":
    case "bigint":
      return true;
    case "object":
      return value === null || isCelList(value) || isCelMap(value);
    default:
      return false;
  }
}

/** `@cost(value, n)`: charges n once the value is computed. */
export const COST_FUNCTIONS: CelFunc[] = [
  celFunc("@cost", [CelScalar.DYN, CelScalar.INT], CelScalar.DYN, (value: CelValue, n: bigint) => {
    current?.charge(Number(n));
    return value;
  }),
];

/**
 * Rewrites `parsed` in place for cost tracking. `free` are ids of nodes cel-go does not have (added by the
 * optional lowering), `charges` the static charges of nodes that replaced one of cel-go's (e.g. 10 for a
 * lowered list literal). `isNamespace(name)` tells a function namespace (`sets` in `sets.contains`) from a
 * variable. Returns the ids of the calls the registry must not charge.
 */
export function instrumentCost(parsed: ParsedExpr, free: ReadonlySet<bigint>, charges: ReadonlyMap<bigint, number>, isNamespace: (qualified: string) => boolean): Set<number> {
  const uncharged = new Set<number>();
  if (parsed.expr === undefined) return uncharged;
  let nextId = 1n << 42n;
  const node = (exprKind: ExprKind): Expr => ({ id: nextId++, exprKind }) as unknown as Expr;
  const int = (n: number): Expr => node({ case: "constExpr", value: { constantKind: { case: "int64Value", value: BigInt(n) } } } as unknown as ExprKind);

  const staticCharge = (e: Expr): number => {
    if (free.has(e.id)) return 0;
    const fixed = charges.get(e.id);
    if (fixed !== undefined) return fixed;
    const k = e.exprKind;
    switch (k.case) {
      case "identExpr":
        return 1;
      case "selectExpr":
        return k.value.testOnly ? 0 : 1;
      case "listExpr":
        return LIST_CREATE;
      case "structExpr":
        return MAP_CREATE;
      case "callExpr":
        return k.value.function === "_[_]" || k.value.function === "@not_strictly_false" ? 1 : 0;
      default:
        return 0;
    }
  };

  // The optional lowering may share a subtree (optMap's target is evaluated twice): wrap it once.
  const visited = new Set<Expr>();
  const visit = (e: Expr | undefined): void => {
    if (e === undefined || visited.has(e)) return;
    visited.add(e);
    const k = e.exprKind;
    const charge = staticCharge(e);
    switch (k.case) {
      case "selectExpr":
        visit(k.value.operand);
        break;
      case "callExpr": {
        const target = k.value.target;
        if (target !== undefined && !isNamespace(`${qualifiedName(target) ?? "@"}.${k.value.function}`)) visit(target);
        k.value.args.forEach(visit);
        if (free.has(e.id) || charges.has(e.id)) uncharged.add(Number(e.id));
        break;
      }
      case "listExpr":
        k.value.elements.forEach(visit);
        break;
      case "structExpr":
        for (const entry of k.value.entries) {
          if (entry.keyKind.case === "mapKey") visit(entry.keyKind.value);
          visit(entry.value);
        }
        break;
      case "comprehensionExpr":
        [k.value.iterRange, k.value.accuInit, k.value.loopCondition, k.value.loopStep, k.value.result].forEach(visit);
        break;
    }
    if (charge > 0) {
      const inner = node(e.exprKind);
      inner.id = e.id;
      e.id = nextId++;
      e.exprKind = { case: "callExpr", value: { function: "@cost", args: [inner, int(charge)] } } as unknown as ExprKind;
    }
  };
  visit(parsed.expr);
  return uncharged;
}
