// Rewrites a checked rule's optional syntax into calls @bufbuild/cel can plan (library/optional.ts), in
// place, after type checking and before planning:
//   a.?f          → @optSelect(a, "f")            (@optSelectOnOptional where a is an optional)
//   a.f, a[k]     → @optSelectOnOptional / @optIndexOnOptional where a is an optional (cel-go applies
//                   every later access of an optional chain optionally: interpreter/attributes.go)
//   has(a.f)      → @optHas(a, "f") where a is an optional (interpreter evalTestOnly: false for none,
//                   else whether the value has f)
//   a[?k]         → @optIndex(a, k)
//   [x, ?y, z]    → [x] + @optElement(y) + [z]
//   {k: x, ?j: y} → @optEntry({k: x}, j, y)
//   o.optMap(v, e), o.optFlatMap(v, e) → cel-go's expansion (cel/library.go optMap, optFlatMap):
//                   o.hasValue() ? optional.of(<e with v bound to o.value()>) : optional.none()
//   o.or(p), o.orValue(x) → short-circuiting (cel/library.go decorateOptionalOr): p or x is evaluated
//                   only when o has no value.
import { OPT_INDEX, OPT_SELECT } from "./optional-syntax.js";
import type { ParsedExpr } from "./type-check.js";

type Expr = ParsedExpr["expr"];
type ExprKind = Expr["exprKind"];

/** What runtime-cost.ts needs to charge the lowered rule as cel-go charges the original. */
export interface LoweredCost {
  /** Nodes added here that cel-go does not have: no cost. */
  free: Set<bigint>;
  /** Nodes that replaced one of cel-go's, with its fixed cost (10 for a list literal, 30 for a map). */
  charges: Map<bigint, number>;
}

/** Lowers `parsed` in place; `optionalOperands` are the ids the checker found applied to an optional. */
export function lowerOptionalSyntax(parsed: ParsedExpr, optionalOperands: ReadonlySet<bigint>): LoweredCost {
  const cost: LoweredCost = { free: new Set(), charges: new Map() };
  if (parsed.expr === undefined) return cost;
  let nextId = 1n << 40n;
  // cel-go's optMap/optFlatMap expansion is charged like any code; other added nodes are free.
  let expansion = false;
  const node = (exprKind: ExprKind): Expr => {
    const id = nextId++;
    if (!expansion) cost.free.add(id);
    return { id, exprKind } as unknown as Expr;
  };
  const call = (fn: string, args: Expr[], target?: Expr): Expr => node({ case: "callExpr", value: { function: fn, target, args } } as unknown as ExprKind);
  const str = (value: string): Expr => node({ case: "constExpr", value: { constantKind: { case: "stringValue", value } } } as unknown as ExprKind);
  const bool = (value: boolean): Expr => node({ case: "constExpr", value: { constantKind: { case: "boolValue", value } } } as unknown as ExprKind);
  const ident = (name: string): Expr => node({ case: "identExpr", value: { name } } as unknown as ExprKind);
  const list = (elements: Expr[]): Expr => node({ case: "listExpr", value: { elements, optionalIndices: [] } } as unknown as ExprKind);
  const map = (): Expr => node({ case: "structExpr", value: { messageName: "", entries: [] } } as unknown as ExprKind);
  /** cel-go's binding idiom: a comprehension over [] whose accumulator holds `init` for `result`. */
  const bind = (name: string, init: Expr, result: Expr): Expr =>
    node({ case: "comprehensionExpr", value: { iterVar: "#unused", iterRange: list([]), accuVar: name, accuInit: init, loopCondition: bool(false), loopStep: ident(name), result } } as unknown as ExprKind);
  const set = (expr: Expr, replacement: Expr) => {
    expr.exprKind = replacement.exprKind;
  };

  const lower = (expr: Expr | undefined): void => {
    if (expr === undefined) return;
    const kind = expr.exprKind;
    switch (kind.case) {
      case "selectExpr": {
        lower(kind.value.operand);
        if (optionalOperands.has(expr.id) && kind.value.operand !== undefined) {
          set(expr, call(kind.value.testOnly ? "@optHas" : "@optSelectOnOptional", [kind.value.operand, str(kind.value.field)]));
        }
        return;
      }
      case "callExpr": {
        const { function: fn, target, args } = kind.value;
        lower(target);
        for (const a of args) lower(a);
        const onOptional = optionalOperands.has(expr.id);
        if (fn === OPT_SELECT) set(expr, call(onOptional ? "@optSelectOnOptional" : "@optSelect", args));
        else if (fn === OPT_INDEX) set(expr, call(onOptional ? "@optIndexOnOptional" : "@optIndex", args));
        else if (fn === "_[_]" && onOptional) set(expr, call("@optIndexOnOptional", args));
        else if ((fn === "optMap" || fn === "optFlatMap") && target !== undefined && args.length === 2 && args[0].exprKind.case === "identExpr") {
          expansion = true;
          const value = bind(args[0].exprKind.value.name, call("value", [], target), args[1]);
          set(expr, call("_?_:_", [call("hasValue", [], target), fn === "optMap" ? call("optional.of", [value]) : value, call("optional.none", [])]));
          expansion = false;
        } else if ((fn === "or" || fn === "orValue") && target !== undefined && args.length === 1) {
          const held = ident("@or");
          const present = fn === "or" ? held : call("value", [], ident("@or"));
          set(expr, bind("@or", target, call("_?_:_", [call("hasValue", [], held), present, args[0]])));
        }
        return;
      }
      case "listExpr": {
        for (const e of kind.value.elements) lower(e);
        if (kind.value.optionalIndices.length === 0) return;
        const optional = new Set(kind.value.optionalIndices);
        const parts: Expr[] = [];
        let run: Expr[] = [];
        kind.value.elements.forEach((e, i) => {
          if (!optional.has(i)) {
            run.push(e);
            return;
          }
          if (run.length > 0) parts.push(list(run));
          run = [];
          parts.push(call("@optElement", [e]));
        });
        if (run.length > 0) parts.push(list(run));
        set(expr, parts.reduce((acc, p) => call("_+_", [acc, p])));
        cost.charges.set(expr.id, 10);
        return;
      }
      case "structExpr": {
        for (const entry of kind.value.entries) {
          if (entry.keyKind.case === "mapKey") lower(entry.keyKind.value);
          lower(entry.value);
        }
        const first = kind.value.entries.findIndex((e) => e.optionalEntry);
        if (first === -1 || kind.value.messageName !== "") return;
        const base = map();
        if (base.exprKind.case === "structExpr") base.exprKind.value.entries = kind.value.entries.slice(0, first);
        let result = base;
        for (const entry of kind.value.entries.slice(first)) {
          if (entry.keyKind.case !== "mapKey" || entry.value === undefined) continue;
          result = call(entry.optionalEntry ? "@optEntry" : "@entry", [result, entry.keyKind.value, entry.value]);
        }
        set(expr, result);
        cost.charges.set(expr.id, 30);
        return;
      }
      case "comprehensionExpr":
        for (const e of [kind.value.iterRange, kind.value.accuInit, kind.value.loopCondition, kind.value.loopStep, kind.value.result]) lower(e);
        return;
      default:
        return;
    }
  };
  lower(parsed.expr);
  return cost;
}
