// New x-kubernetes-validations rules. A rule is identified by its expression (whitespace-normalised)
// and optionalOldSelf; a rule whose identity is not among the old node's rules is new.
//
// Ratchet-safe, precisely. CRDValidationRatcheting (KEP-4008, GA in Kubernetes 1.33; implemented in
// apiextensions-apiserver pkg/apiserver/validation/ratcheting.go and pkg/apiserver/schema/cel) drops, on
// UPDATE, a validation error raised at a node whose value is unchanged from the old object and can be
// correlated with it (object properties, map values, items of listType=map lists; not items of atomic or
// set lists). Transition rules, the ones that use `oldSelf`, express a change and are evaluated on every
// update whose old value correlates, without ratcheting. So a new rule is safe for objects already
// stored and for clients already deployed only when
//   1. it is a transition rule (uses oldSelf) without optionalOldSelf: it never runs on CREATE, so it
//      cannot reject an object that the old CRD accepted on create; and
//   2. it holds whenever the value is unchanged, i.e. one top-level `||` operand of the expression is
//      `self == oldSelf` (or `oldSelf == self`): an update that leaves the node unchanged (a label
//      change, a status write on a stored object that would fail the rule) is never rejected, which is
//      the guarantee ratcheting gives every other rule.
// Every other new rule (any rule without oldSelf, optionalOldSelf rules, transition rules that can fail
// on an unchanged value) is reported as CEL_RULE_ADDED.
import type { ValidationRule } from "../schema/kubernetes.js";
import { type Finding, finding, type Place } from "./finding.js";
import type { NodePair } from "./schema-pairs.js";

export function celFindings(pair: NodePair, at: (path: string) => Place): Finding[] {
  const old = new Set((pair.old["x-kubernetes-validations"] ?? []).map(identity));
  const out: Finding[] = [];
  for (const rule of pair.new["x-kubernetes-validations"] ?? []) {
    if (old.has(identity(rule))) continue;
    const why = unsafeBecause(rule);
    if (why) out.push(finding("CEL_RULE_ADDED", at(pair.path), `new rule ${JSON.stringify(rule.rule)} ${why}`));
  }
  return out;
}

/** Why a new rule can reject what the old CRD accepted, or undefined when it is ratchet-safe. */
export function unsafeBecause(rule: ValidationRule): string | undefined {
  if (!usesOldSelf(rule.rule)) return "is not a transition rule: it applies to creates and to every update";
  if (rule.optionalOldSelf) return "has optionalOldSelf: it also runs on create";
  if (!holdsWhenUnchanged(rule.rule)) return "is a transition rule that can fail on an unchanged value (not ratchet-safe: no top-level `self == oldSelf ||`)";
  return undefined;
}

function identity(rule: ValidationRule): string {
  return `${rule.optionalOldSelf ? "optional:" : ""}${normalise(rule.rule)}`;
}

function normalise(expression: string): string {
  return expression.replace(/\s+/g, " ").trim();
}

/** The expression with string literals blanked, so `"oldSelf"` in a message string does not count. */
function withoutStrings(expression: string): string {
  return expression.replace(/[rRbB]*("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:\\.|[^"\\])*"|'(?:\\.|[^'\\])*')/g, '""');
}

export function usesOldSelf(expression: string): boolean {
  return /(?<![\w.])oldSelf\b/.test(withoutStrings(expression));
}

/** Top-level `||` operands, outer parentheses removed. */
function disjuncts(expression: string): string[] {
  let text = withoutStrings(expression).trim();
  while (text.startsWith("(") && closingParen(text, 0) === text.length - 1) text = text.slice(1, -1).trim();
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(" || c === "[" || c === "{") depth++;
    else if (c === ")" || c === "]" || c === "}") depth--;
    else if (c === "|" && text[i + 1] === "|" && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => {
    let part = p.trim();
    while (part.startsWith("(") && closingParen(part, 0) === part.length - 1) part = part.slice(1, -1).trim();
    return part.replace(/\s+/g, "");
  });
}

function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === "(") depth++;
    else if (text[i] === ")" && --depth === 0) return i;
  }
  return -1;
}

export function holdsWhenUnchanged(expression: string): boolean {
  return disjuncts(expression).some((d) => d === "self==oldSelf" || d === "oldSelf==self");
}
