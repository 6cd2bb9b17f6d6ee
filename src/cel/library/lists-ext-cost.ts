// Estimated costs of the lists extension at ListsVersion(3) (cel-go ext/lists.go estimators, v0.26):
// estimateAllocatingListCall(factor, size) = ceil(size × factor) + 1 (call) + 10 (common.ListCreateBaseCost),
// with size the result size cel-go carries on. Kubernetes' CostEstimator (library/cost.go) returns nil
// for these functions, so cel-go's own estimators apply.
import { add, byFactor, LIST_CREATE, multiply, STRING_TRAVERSAL, UNKNOWN_SIZE } from "../cost-model.js";
import type { DeclType } from "../decl-type.js";

export interface ListsExtArgument {
  type: DeclType;
  /** The value of an int literal argument. */
  intConstant?: bigint;
}


/** nodeAsUintValue: a literal int (negative as 0), else the default. */
function literal(arg: ListsExtArgument | undefined, fallback: number): number {
  if (arg?.intConstant === undefined) return fallback;
  return arg.intConstant < 0n ? 0 : Number(arg.intConstant);
}

function allocating(factor: number, size: number): { cost: number; resultSize: number } {
  return { cost: add(byFactor(size, factor), 1 + LIST_CREATE), resultSize: size };
}

/**
 * The sort factor: 2, plus the string traversal factor for strings and bytes (estimateListSortCost). A dyn
 * element matches every overload, and checker/cost.go costCall takes the union of their estimates, so the
 * string one.
 */
export function sortFactor(element: DeclType | undefined): number {
  const name = element?.name ?? "dyn";
  return name === "string" || name === "bytes" || name === "dyn" ? 2 + STRING_TRAVERSAL : 2;
}

/** Cost and result size of a lists extension call, or undefined for other functions. */
export function listsExtCallCost(fn: string, target: DeclType | undefined, args: readonly ListsExtArgument[], targetSizeOf: () => number): { cost: number; resultSize: number } | undefined {
  if (!["slice", "lists.range", "reverse", "flatten", "distinct", "sort"].includes(fn)) return undefined;
  const targetSize = target === undefined ? 0 : targetSizeOf();
  switch (fn) {
    case "slice": {
      const start = literal(args[0], 0);
      const end = literal(args[1], targetSize);
      // end − start in uint64: an end before the start wraps around to about math.MaxUint64.
      return allocating(1, end >= start ? end - start : UNKNOWN_SIZE);
    }
    case "lists.range":
      return allocating(1, literal(args[0], UNKNOWN_SIZE));
    case "reverse":
      return allocating(1, targetSize);
    case "flatten":
      return allocating(args.length === 1 ? literal(args[0], UNKNOWN_SIZE) : 1, targetSize);
    case "distinct":
      return allocating(2, multiply(targetSize, targetSize));
    case "sort":
      return allocating(sortFactor(target?.element), multiply(targetSize, targetSize));
    default:
      return undefined;
  }
}
