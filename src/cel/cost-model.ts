// cel-go's cost model (checker/cost.go) for the calls a rule makes: most calls cost 1, string and
// list functions cost in proportion to the sizes they traverse.
import { DYN, type DeclType } from "./decl-type.js";

export const STRING_TRAVERSAL = 0.1;
export const REGEX_LENGTH = 0.25;
export const LIST_CREATE = 10;
export const MAP_CREATE = 30;

export interface CostArgument {
  type: DeclType;
  /** The value of a string literal argument. */
  constant?: string;
}

/** Sizes of values, recording where an unbounded size is used. */
export interface SizeOf {
  size(t: DeclType): number;
  /** The size of the smaller operand; only an unbounded one that decides it counts as unbounded. */
  smallerSize(a: DeclType, b: DeclType): number;
}

export function callCost(fn: string, target: DeclType | undefined, args: readonly CostArgument[], sizes: SizeOf): number {
  const size = (t: DeclType) => sizes.size(t);
  const traverse = (t: DeclType | undefined) => (t === undefined ? 0 : Math.ceil(size(t) * STRING_TRAVERSAL));
  switch (fn) {
    case "_&&_":
    case "_||_":
    case "_?_:_":
      return 0;
    case "_==_":
    case "_!=_": {
      const [l, r] = [args[0].type, args[1].type];
      if (["string", "bytes"].includes(l.name) && ["string", "bytes"].includes(r.name)) {
        return 1 + Math.ceil(sizes.smallerSize(l, r) * STRING_TRAVERSAL);
      }
      if ((l.name === "list" || l.name === "map") && (r.name === "list" || r.name === "map")) return 1 + sizes.smallerSize(l, r);
      return 1;
    }
    case "_+_":
      if (args[0].type.name === "string" || args[0].type.name === "bytes") return 1 + traverse(args[0].type) + traverse(args[1].type);
      return 1;
    case "@in":
      return 1 + (args[1].type.name === "list" ? size(args[1].type) : 0);
    case "contains":
    case "startsWith":
    case "endsWith":
    case "indexOf":
    case "lastIndexOf":
    case "lowerAscii":
    case "upperAscii":
    case "trim":
    case "substring":
    case "charAt":
    case "split":
    case "replace":
    case "string":
    case "bytes":
      if (target?.name === "list") return 1 + size(target);
      return 1 + traverse(target ?? args[0]?.type) + traverse(args[0]?.type);
    case "join":
      return 1 + (target === undefined ? 0 : Math.ceil(size(target) * Math.max(1, size(target.element ?? DYN)) * STRING_TRAVERSAL));
    case "matches":
    case "find":
    case "findAll": {
      const text = target ?? args[0]?.type;
      const pattern = target === undefined ? args[1] : args[0];
      const patternSize = pattern?.constant !== undefined ? pattern.constant.length : size(pattern?.type ?? DYN);
      const strCost = Math.ceil((1 + (text === undefined ? 0 : size(text))) * STRING_TRAVERSAL);
      return Math.max(1, strCost * Math.ceil(patternSize * REGEX_LENGTH));
    }
    case "isSorted":
    case "sum":
    case "min":
    case "max":
    case "sets.contains":
    case "sets.equivalent":
    case "sets.intersects":
      return 1 + (target !== undefined ? size(target) : size(args[0].type) * Math.max(1, size(args[1].type)));
    // Kubernetes library/cost.go EstimateCallCost: an IP (4 or 16 bytes) compared with a CIDR,
    // ceil((16 + 16) × 0.1); containsCIDR also masks (ceil(16 × 0.1) + 1); a string argument is parsed.
    case "containsIP":
      return 4 + (args[0]?.type.name === "string" ? traverse(args[0].type) : 0);
    case "containsCIDR":
      return 7 + (args[0]?.type.name === "string" ? traverse(args[0].type) : 0);
    default:
      return 1;
  }
}
