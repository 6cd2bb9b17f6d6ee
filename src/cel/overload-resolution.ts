// Overload resolution for the static checker: matching argument types against the signature
// patterns of ./signatures.ts (`list(A)`, `map(K,V)`, type parameters), with dyn matching anything.
import { DYN, listOf, mapOf, simpleType, type DeclType, type DeclTypeName } from "./decl-type.js";
import type { Overload } from "./signatures.js";

/** The type both branches/elements share; dyn absorbs everything, null joins anything. */
export function commonType(a: DeclType, b: DeclType): DeclType | undefined {
  if (a.name === "dyn" || b.name === "null_type") return a;
  if (b.name === "dyn" || a.name === "null_type") return b;
  if (a.name !== b.name) return undefined;
  if (a.name === "list" || a.name === "map") {
    const element = commonType(a.element ?? DYN, b.element ?? DYN);
    if (element === undefined) return undefined;
    return { ...a, element, maxElements: Math.max(a.maxElements, b.maxElements), bounded: a.bounded && b.bounded };
  }
  if (a.maxElements >= b.maxElements) return a.bounded || !b.bounded ? a : { ...a, bounded: false, origin: b.origin };
  return b;
}

type Pattern = { name: string; params: Pattern[] };

const patternCache = new Map<string, Pattern>();

function parsePattern(text: string): Pattern {
  const cached = patternCache.get(text);
  if (cached !== undefined) return cached;
  const open = text.indexOf("(");
  let pattern: Pattern;
  if (open === -1) {
    pattern = { name: text, params: [] };
  } else {
    const inner = text.slice(open + 1, -1);
    const parts: string[] = [];
    let depth = 0;
    let start = 0;
    for (let i = 0; i < inner.length; i++) {
      if (inner[i] === "(") depth++;
      else if (inner[i] === ")") depth--;
      else if (inner[i] === "," && depth === 0) {
        parts.push(inner.slice(start, i));
        start = i + 1;
      }
    }
    parts.push(inner.slice(start));
    pattern = { name: text.slice(0, open), params: parts.map((p) => parsePattern(p.trim())) };
  }
  patternCache.set(text, pattern);
  return pattern;
}

const isParam = (p: Pattern) => /^[A-Z]$/.test(p.name);

function matches(p: Pattern, t: DeclType, bindings: Map<string, DeclType>): boolean {
  if (t.name === "dyn") {
    if (isParam(p) && !bindings.has(p.name)) bindings.set(p.name, DYN);
    return true;
  }
  if (isParam(p)) {
    const bound = bindings.get(p.name);
    if (bound === undefined) {
      bindings.set(p.name, t);
      return true;
    }
    const common = commonType(bound, t);
    if (common === undefined) return false;
    bindings.set(p.name, common);
    return true;
  }
  if (p.name === "dyn") return true;
  if (t.name === "null_type") return false;
  if (p.name !== t.name) return false;
  if (p.name === "list" || p.name === "optional") return matches(p.params[0], t.element ?? DYN, bindings);
  if (p.name === "map") return matches(p.params[0], t.key ?? simpleType("string"), bindings) && matches(p.params[1], t.element ?? DYN, bindings);
  return true;
}

function instantiate(p: Pattern, bindings: Map<string, DeclType>): DeclType {
  if (isParam(p)) return bindings.get(p.name) ?? DYN;
  if (p.name === "list") return listOf(instantiate(p.params[0], bindings));
  if (p.name === "optional") return { ...simpleType("optional"), element: instantiate(p.params[0], bindings) };
  if (p.name === "map") return { ...mapOf(instantiate(p.params[1], bindings)), key: instantiate(p.params[0], bindings) };
  return simpleType(p.name as DeclTypeName);
}

export function resolveOverload(overloads: Overload[], target: DeclType | undefined, args: DeclType[]): DeclType | undefined {
  for (const o of overloads) {
    if ((o.target === undefined) !== (target === undefined) || o.args.length !== args.length) continue;
    const bindings = new Map<string, DeclType>();
    if (target !== undefined && !matches(parsePattern(o.target!), target, bindings)) continue;
    if (!args.every((a, i) => matchesArgument(parsePattern(o.args[i]), a, bindings))) continue;
    return instantiate(parsePattern(o.result), bindings);
  }
  return undefined;
}

/** null compares with anything (nullable fields); otherwise the pattern must match. */
function matchesArgument(p: Pattern, t: DeclType, bindings: Map<string, DeclType>): boolean {
  if (t.name === "null_type" && (isParam(p) || p.name === "dyn")) return true;
  return matches(p, t, bindings);
}
