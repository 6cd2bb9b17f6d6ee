// The estimated cost of one call, as kube-apiserver computes it: cel-go checker/cost.go functionCost, after
// Kubernetes' CostEstimator (apiserver/pkg/cel/library/cost.go EstimateCallCost) and the cel-go extension
// estimators (ext/sets.go) have had their say. The cost of the operands is added by the caller; sizes are
// the maxima of cel-go's SizeEstimate of each operand (type-check.ts celSize).

export const STRING_TRAVERSAL = 0.1;
export const REGEX_LENGTH = 0.25;
export const LIST_CREATE = 10;
export const MAP_CREATE = 30;
/** math.MaxUint64: cel-go's unknown size, and where its saturating arithmetic stops. */
export const UNKNOWN_SIZE = 2 ** 64 - 1;

export interface SizedOperand {
  /** The CEL type name of the operand (decl-type.ts). */
  typeName: string;
  /** cel-go's estimated size (max) of the operand; reading it notes the unbounded sizes it depends on. */
  readonly size: number;
  /** The same size, read without noting anything (to pick the operand that decides a comparison). */
  peekSize: number;
  /** The size of its elements where Kubernetes' listElementNode finds one (list targets). */
  readonly elementSize?: number;
  /** The element type name of a list operand. */
  elementTypeName?: string;
  /** The value of a string literal operand. */
  constant?: string;
  /** The value of an int literal operand. */
  intConstant?: bigint;
}

export interface CallEstimate {
  cost: number;
  /** The result size cel-go carries on, where the estimator gives one. */
  resultSize?: number;
}

/** checker/cost.go multiplyByCostFactor: rounded up, saturating. */
export function byFactor(size: number, factor: number): number {
  return Math.min(UNKNOWN_SIZE, Math.ceil(size * factor));
}

/** checker/cost.go addUint64NoOverflow / multiplyUint64NoOverflow. */
export function add(a: number, b: number): number {
  return Math.min(UNKNOWN_SIZE, a + b);
}
export function multiply(a: number, b: number): number {
  return Math.min(UNKNOWN_SIZE, a * b);
}

const STRINGLIKE = new Set(["string", "bytes"]);
/** Kubernetes EstimateCallCost `_==_`: equality of these opaque/struct types costs 1. */
const UNIT_EQUALITY = new Set(["net.IP", "net.CIDR", "kubernetes.Quantity", "kubernetes.Semver"]);
/** apiserver/pkg/cel/types.go MaxFormatSize and MaxNameFormatRegexSize. */
const MAX_FORMAT_SIZE = 64;
const MAX_NAME_FORMAT_REGEX_SIZE = 128;

export function callCost(fn: string, target: SizedOperand | undefined, args: readonly SizedOperand[]): CallEstimate {
  switch (fn) {
    // LogicalAnd/LogicalOr: the operands only (max lhs + rhs); Conditional is priced by the caller.
    case "_&&_":
    case "_||_":
    case "_?_:_":
      return { cost: 0 };
    case "_==_":
    case "_!=_":
    case "_<_":
    case "_<=_":
    case "_>_":
    case "_>=_":
      return { cost: comparisonCost(fn, args[0], args[1]) };
    // AddString/AddBytes: the result traversed; AddList O(1). All carry the summed size.
    case "_+_": {
      if (args.length !== 2) return { cost: 1 };
      const size = add(args[0].size, args[1].size);
      if (STRINGLIKE.has(args[0].typeName)) return { cost: byFactor(size, STRING_TRAVERSAL), resultSize: size };
      if (args[0].typeName === "list") return { cost: 1, resultSize: size };
      return { cost: 1 };
    }
    // InList: O(n) in the list, nothing else.
    case "@in":
      return { cost: args[1]?.typeName === "list" ? args[1].size : 1 };
    // ContainsString: ⌈t × 0.1⌉ × ⌈s × 0.1⌉.
    case "contains":
      if (target?.typeName === "string" && args.length === 1) return { cost: multiply(byFactor(target.size, STRING_TRAVERSAL), byFactor(args[0].size, STRING_TRAVERSAL)) };
      return { cost: 1 };
    // StartsWithString/EndsWithString: the argument traversed.
    case "startsWith":
    case "endsWith":
      return { cost: target !== undefined && args.length === 1 ? byFactor(args[0].size, STRING_TRAVERSAL) : 1 };
    // MatchesString (member form only; the global matches() falls to O(1)), and Kubernetes find/findAll:
    // ⌈(t + 1) × 0.1⌉ × ⌈pattern × 0.25⌉.
    case "matches":
    case "find":
    case "findAll": {
      if (target === undefined || args.length < 1) return { cost: 1 };
      const cost = multiply(byFactor(add(target.size, 1), STRING_TRAVERSAL), byFactor(args[0].size, REGEX_LENGTH));
      return fn === "matches" ? { cost } : { cost, resultSize: target.size };
    }
    // Kubernetes: a traversal of the target, which is also the result size.
    case "lowerAscii":
    case "upperAscii":
    case "substring":
    case "trim":
      return target === undefined ? { cost: 1 } : { cost: byFactor(target.size, STRING_TRAVERSAL), resultSize: target.size };
    case "replace":
      return target === undefined || args.length < 2 ? { cost: 1 } : { cost: byFactor(target.size, 2 * STRING_TRAVERSAL), resultSize: replacedSize(target, args[0], args[1]) };
    case "split": {
      if (target === undefined) return { cost: 1 };
      const limit = args[1]?.intConstant;
      return { cost: byFactor(target.size, 2 * STRING_TRAVERSAL), resultSize: limit !== undefined ? Number(BigInt.asUintN(64, limit)) : target.size };
    }
    case "join": {
      if (target === undefined) return { cost: 1 };
      let size = multiply(target.size, target.elementSize ?? UNKNOWN_SIZE);
      if (args.length > 0) size = add(size, multiply(args[0].size, Math.max(0, target.size - 1)));
      return { cost: byFactor(size, STRING_TRAVERSAL), resultSize: size };
    }
    // Kubernetes: per element 1, plus a traversal of string/bytes elements; a string target is traversed.
    case "isSorted":
    case "sum":
    case "min":
    case "max":
    case "indexOf":
    case "lastIndexOf": {
      if (target === undefined) return { cost: 1 };
      if (target.typeName !== "list") return { cost: byFactor(target.size, STRING_TRAVERSAL) };
      const perElement = STRINGLIKE.has(target.elementTypeName ?? "") ? 1 + byFactor(target.elementSize ?? UNKNOWN_SIZE, STRING_TRAVERSAL) : 1;
      return { cost: multiply(target.size, perElement) };
    }
    // Kubernetes: a format's regex of at most MaxNameFormatRegexSize run over the string.
    case "validate":
      return target !== undefined && args.length === 1 ? { cost: byFactor(byFactor(args[0].size, STRING_TRAVERSAL), MAX_NAME_FORMAT_REGEX_SIZE * REGEX_LENGTH) } : { cost: 1 };
    case "url":
      return target === undefined && args.length === 1 ? { cost: byFactor(args[0].size, STRING_TRAVERSAL), resultSize: args[0].size } : { cost: 1 };
    // ext/sets.go estimateSetsCost: size(a) × size(b) × factor + 1.
    case "sets.contains":
    case "sets.intersects":
      return { cost: add(multiply(args[0].size, args[1].size), 1) };
    case "sets.equivalent":
      return { cost: add(byFactor(multiply(args[0].size, args[1].size), 2), 1) };
    // StringToBytes / BytesToString; other conversions are O(1).
    case "bytes":
      if (target === undefined && args[0]?.typeName === "string") return { cost: byFactor(args[0].size, STRING_TRAVERSAL), resultSize: multiply(args[0].size, 4) };
      return { cost: 1 };
    case "string":
      if (target === undefined && args[0]?.typeName === "bytes") return { cost: byFactor(args[0].size, STRING_TRAVERSAL), resultSize: args[0].size };
      return { cost: 1 };
    // ExtFormatString and ExtQuoteString.
    case "format":
      return target?.typeName === "string" ? { cost: byFactor(target.size, STRING_TRAVERSAL) } : { cost: 1 };
    case "strings.quote":
      return args.length === 1 ? { cost: byFactor(args[0].size, STRING_TRAVERSAL), resultSize: add(multiply(args[0].size, 2), 2) } : { cost: 1 };
    // Kubernetes: an IP (4 or 16 bytes) compared with a CIDR, ⌈(16 + 16) × 0.1⌉; containsCIDR also masks
    // (⌈16 × 0.1⌉ + 1); a string argument is parsed.
    case "containsIP":
      return { cost: 4 + (args[0]?.typeName === "string" ? byFactor(args[0].size, STRING_TRAVERSAL) : 0) };
    case "containsCIDR":
      return { cost: 7 + (args[0]?.typeName === "string" ? byFactor(args[0].size, STRING_TRAVERSAL) : 0) };
    default:
      return { cost: 1 };
  }
}

/**
 * Kubernetes `_==_` on IPs, CIDRs, quantities and semvers: 1. Otherwise cel-go Equals/NotEquals (any
 * types) and the string/bytes orderings: ⌈min(size(l), size(r)) × 0.1⌉; other orderings O(1).
 */
function comparisonCost(fn: string, l: SizedOperand | undefined, r: SizedOperand | undefined): number {
  if (l === undefined || r === undefined) return 1;
  if (fn === "_==_" && l.typeName === r.typeName) {
    if (UNIT_EQUALITY.has(l.typeName)) return 1;
    if (l.typeName === "kubernetes.NamedFormat") return byFactor(MAX_FORMAT_SIZE, STRING_TRAVERSAL);
    // Kubernetes reads the right-hand size twice (lhSize := rhs.ComputedSize()); unknown counts as 1.
    if (l.typeName === "kubernetes.URL") return byFactor(r.peekSize === UNKNOWN_SIZE ? 1 : r.size, STRING_TRAVERSAL);
  }
  const sized = fn === "_==_" || fn === "_!=_" || (STRINGLIKE.has(l.typeName) && l.typeName === r.typeName);
  // Only the operand that decides the minimum counts as used.
  return sized ? byFactor(l.peekSize <= r.peekSize ? l.size : r.size, STRING_TRAVERSAL) : 1;
}

/**
 * Kubernetes replace's result size (the max side): an empty or unknown-minimum search string is replaced
 * around every character; a replacement no longer than the search keeps the size; else
 * ⌈size / search⌉ replacements. Sizes of non-literals have a minimum of 0.
 */
function replacedSize(target: SizedOperand, search: SizedOperand, replacement: SizedOperand): number {
  const searchMin = search.constant !== undefined ? [...search.constant].length : 0;
  if (searchMin === 0) return add(multiply(target.size < UNKNOWN_SIZE ? target.size + 1 : target.size, replacement.size), target.size);
  if (replacement.size <= searchMin) return target.size;
  return multiply(Math.ceil(target.size / searchMin), replacement.size);
}
