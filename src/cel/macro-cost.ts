// Estimated costs of cel-go's macros. cel-go costs a macro through the comprehension it expands to
// (checker/cost.go costComprehension):
//   iterRange + accuInit + result + size(iterRange) × (loopCondition + loopStep)
// and a cel.bind-like comprehension (empty iteration list, loopCondition `false`) through costBind:
//   iterRange (the empty list, 10) + accuInit + result.
// The pieces of the expansions cost (checker/cost.go): the accumulator identifier 1 (costIdent); a literal
// 0; a list literal 10 plus its elements (costCreateList); a map literal 30 (costCreateMap);
// @not_strictly_false, !_, int _+_, list _+_ (AddList), cel.@mapInsert and optional calls 1 plus their
// arguments (functionCost's O(1) default); _&&_ and _||_ their operands only (LogicalAnd/LogicalOr, the
// max: lhs + rhs); _?_:_ the condition plus the dearer branch (Conditional); `@result == 1` on ints
// ⌈1 × 0.1⌉ = 1 plus the identifier (Equals). Kubernetes' CostEstimator (library/cost.go) has no estimate
// for any of these, so cel-go's apply. The expansions are cel-go parser/macro.go makeQuantifier, MakeMap,
// MakeFilter, ext/comprehensions.go (the same bodies with two iteration variables), ext/lists.go
// sortByMacro and cel/library.go optMap/optFlatMap; they are the same from cel-go v0.20 (Kubernetes 1.31)
// to v0.26 (1.34).
import { add, byFactor, LIST_CREATE, MAP_CREATE, multiply } from "./cost-model.js";

const ACCU = 1;
/** `@result + [e]`: AddList 1 + the accumulator 1 + the list literal 10, plus e. */
const APPEND = 1 + ACCU + LIST_CREATE;

/** What one evaluation of a macro costs outside the loop, and per iteration (body costs excluded). */
interface MacroShape {
  fixed: number;
  perIteration: number;
}

/**
 * all/exists/exists_one/existsOne/map/filter (one iteration variable, `body` = the arguments after it)
 * and all/exists/existsOne/exists_one/transformList/transformMap/transformMapEntry (two variables, `body`
 * = the arguments after both). Returns undefined for a name that is not one of these.
 */
export function comprehensionMacroCost(fn: string, twoVariables: boolean, rangeCost: number, rangeSize: number, body: readonly number[]): number | undefined {
  const shape = macroShape(fn, twoVariables);
  if (shape === undefined) return undefined;
  const bodyCost = body.reduce((a, b) => a + b, 0);
  return add(rangeCost + shape.fixed, multiply(rangeSize, shape.perIteration + bodyCost));
}

function macroShape(fn: string, twoVariables: boolean): MacroShape | undefined {
  switch (fn) {
    // makeQuantifier / quantifierAll: init `true` 0, condition @not_strictly_false(@result) 1 + 1,
    // step `@result && p` 1 + p, result `@result` 1.
    case "all":
      return { fixed: ACCU, perIteration: 2 + ACCU };
    // quantifierExists: init `false` 0, condition @not_strictly_false(!@result) 1 + 1 + 1,
    // step `@result || p` 1 + p, result `@result` 1.
    case "exists":
      return { fixed: ACCU, perIteration: 3 + ACCU };
    // quantifierExistsOne: init `0` 0, condition `true` 0, step `p ? @result + 1 : @result`
    // p + max(1 + 1, 1), result `@result == 1` 1 + 1.
    case "exists_one":
    case "existsOne":
      return { fixed: 1 + ACCU, perIteration: 1 + ACCU };
    // MakeMap / transformList: init `[]` 10, condition `true` 0, step `@result + [t]` (or
    // `f ? @result + [t] : @result`) 12 + t (+ f), result `@result` 1.
    case "map":
      return twoVariables ? undefined : { fixed: LIST_CREATE + ACCU, perIteration: APPEND };
    case "transformList":
      return twoVariables ? { fixed: LIST_CREATE + ACCU, perIteration: APPEND } : undefined;
    // MakeFilter: step `f ? @result + [x] : @result`, f + 12 + the iteration variable 1.
    case "filter":
      return twoVariables ? undefined : { fixed: LIST_CREATE + ACCU, perIteration: APPEND + 1 };
    // transformMap: init `{}` 30, step `cel.@mapInsert(@result, k, t)` 1 + 1 + 1 + t (+ f under `?:`).
    case "transformMap":
      return twoVariables ? { fixed: MAP_CREATE + ACCU, perIteration: 1 + ACCU + 1 } : undefined;
    // transformMapEntry: step `cel.@mapInsert(@result, t)` 1 + 1 + t (+ f under `?:`).
    case "transformMapEntry":
      return twoVariables ? { fixed: MAP_CREATE + ACCU, perIteration: 1 + ACCU } : undefined;
    default:
      return undefined;
  }
}

/**
 * `l.sortBy(e, key)` (ext/lists.go sortByMacro): bind(@__sortBy_input__, l,
 * @__sortBy_input__.@sortByAssociatedKeys(@__sortBy_input__.map(e, key))), costed by costBind:
 * the empty list 10 + l + (the identifier 1 + the map over the identifier (1 + 11 + n × (12 + key))
 * + estimateListSortBy: ⌈n² × factor⌉ + 1 + 10), n the size of l.
 */
export function sortByCost(targetCost: number, size: number, keyCost: number, factor: number): number {
  const keys = comprehensionMacroCost("map", false, ACCU, size, [keyCost])!;
  const sort = add(byFactor(multiply(size, size), factor), 1 + LIST_CREATE);
  return add(LIST_CREATE + targetCost + ACCU + keys, sort);
}

/**
 * `o.optMap(v, e)` (cel/library.go optMap): `o.hasValue() ? optional.of(bind(v, o.value(), e)) :
 * optional.none()`: hasValue 1 + o, optional.of 1 + the bind (10 + value() 1 + o + e), dearer than
 * optional.none() 1. optFlatMap has no optional.of around the bind.
 */
export function optMapCost(fn: "optMap" | "optFlatMap", targetCost: number, bodyCost: number): number {
  const bind = LIST_CREATE + (1 + targetCost) + bodyCost;
  return 1 + targetCost + (fn === "optMap" ? 1 + bind : bind);
}
