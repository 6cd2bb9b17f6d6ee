// find/findAll need match positions, which @bufbuild/re2 (a boolean matcher) does not report.
// A pattern is therefore parsed by RE2's own parser (the one inside @bufbuild/re2, a port of Go's
// regexp/syntax), so RE2 decides the syntax (no backreferences, no lookaround), the inline flags
// anywhere ((?i), (?i:…), (?s), (?m), (?U)), case folding, Unicode and POSIX classes; the parsed tree,
// whose classes are already folded and negated, is then written out as an equivalent JavaScript
// `u` RegExp that uses no JavaScript flag other than `u`. Both engines use leftmost-first (Perl)
// priority, so the first match found is the same.
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { RE2JS } from "@bufbuild/re2";

export class RegexError extends Error {}

interface Re2Node {
  op: number;
  flags: number;
  subs: Re2Node[];
  runes: number[];
  min: number;
  max: number;
}
interface Re2Internals {
  parse(pattern: string): Re2Node;
  simpleFold(rune: number): number;
}

// The package exports only RE2JS; its parser lives in files next to its entry point. The version is
// pinned (package.json) and test/cel/re2-to-js.test.ts fails if this layout changes.
let internals: Re2Internals | undefined;
function re2Internals(): Re2Internals {
  if (internals !== undefined) return internals;
  const require = createRequire(import.meta.url);
  const base = dirname(require.resolve("@bufbuild/re2"));
  const { Parser } = require(join(base, "Parser.js")) as { Parser: { parse(p: string, flags: number): Re2Node } };
  const { PERL } = require(join(base, "RE2Flags.js")) as { PERL: number };
  const { simpleFold } = require(join(base, "Unicode.js")) as { simpleFold(r: number): number };
  internals = { parse: (pattern) => Parser.parse(pattern, PERL), simpleFold };
  return internals;
}

// Regexp.Op and RE2Flags of Go's regexp/syntax (same numbering in @bufbuild/re2).
const Op = {
  NO_MATCH: 0,
  EMPTY_MATCH: 1,
  LITERAL: 2,
  CHAR_CLASS: 3,
  ANY_CHAR_NOT_NL: 4,
  ANY_CHAR: 5,
  BEGIN_LINE: 6,
  END_LINE: 7,
  BEGIN_TEXT: 8,
  END_TEXT: 9,
  WORD_BOUNDARY: 10,
  NO_WORD_BOUNDARY: 11,
  CAPTURE: 12,
  STAR: 13,
  PLUS: 14,
  QUEST: 15,
  REPEAT: 16,
  CONCAT: 17,
  ALTERNATE: 18,
} as const;
const FOLD_CASE = 1;
const NON_GREEDY = 32;

// RE2's \b is ASCII-only in every mode.
const WORD = "[0-9A-Za-z_]";
const AT_WORD_BOUNDARY = `(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`;
const NOT_AT_WORD_BOUNDARY = `(?:(?<=${WORD})(?=${WORD})|(?<!${WORD})(?!${WORD}))`;

const cache = new Map<string, RegExp>();

/** A global JavaScript RegExp that finds the same matches as RE2 would; throws RegexError with Go's wording when RE2 rejects the pattern. */
export function re2ToRegExp(pattern: string): RegExp {
  const cached = cache.get(pattern);
  if (cached !== undefined) return cached;
  let tree: Re2Node;
  try {
    RE2JS.compile(pattern);
    tree = re2Internals().parse(pattern);
  } catch (e) {
    const message = (e as Error).message;
    throw new RegexError(message.startsWith("error parsing regexp") ? message : `error parsing regexp: ${message}`);
  }
  let re: RegExp;
  try {
    re = new RegExp(write(tree), "gu");
  } catch (e) {
    throw new RegexError(`regexp ${JSON.stringify(pattern)} is not supported by protoc-gen-crd-ts: ${(e as Error).message}`);
  }
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, re);
  return re;
}

function rune(r: number): string {
  return `\\u{${r.toString(16)}}`;
}

/** The case-folding orbit of a rune (Go's unicode.SimpleFold cycle), as RE2 matches a folded literal. */
function foldOrbit(r: number): number[] {
  const { simpleFold } = re2Internals();
  const orbit = [r];
  for (let f = simpleFold(r); f !== r; f = simpleFold(f)) orbit.push(f);
  return orbit;
}

function literal(r: number, fold: boolean): string {
  if (!fold) return rune(r);
  const orbit = foldOrbit(r);
  return orbit.length === 1 ? rune(r) : `[${orbit.map(rune).join("")}]`;
}

/** A character class from RE2's sorted [lo, hi, lo, hi, …] ranges (already folded and negated). */
function charClass(runes: number[]): string {
  if (runes.length === 0) return "[^\\s\\S]";
  let out = "";
  for (let i = 0; i < runes.length; i += 2) {
    out += runes[i] === runes[i + 1] ? rune(runes[i]) : `${rune(runes[i])}-${rune(runes[i + 1])}`;
  }
  return `[${out}]`;
}

/** Wraps `source` so that a quantifier applies to all of it. */
function atom(node: Re2Node): string {
  const source = write(node);
  switch (node.op) {
    case Op.CHAR_CLASS:
    case Op.ANY_CHAR:
    case Op.ANY_CHAR_NOT_NL:
    case Op.CAPTURE:
      return source;
    case Op.LITERAL:
      if (node.runes.length === 1) return source;
  }
  return `(?:${source})`;
}

function quantifier(node: Re2Node, q: string): string {
  return `${atom(node.subs[0])}${q}${(node.flags & NON_GREEDY) !== 0 ? "?" : ""}`;
}

function write(node: Re2Node): string {
  switch (node.op) {
    case Op.NO_MATCH:
      return "[^\\s\\S]";
    case Op.EMPTY_MATCH:
      return "(?:)";
    case Op.LITERAL: {
      const fold = (node.flags & FOLD_CASE) !== 0;
      return node.runes.map((r) => literal(r, fold)).join("");
    }
    case Op.CHAR_CLASS:
      return charClass(node.runes);
    case Op.ANY_CHAR_NOT_NL:
      return "[^\\n]";
    case Op.ANY_CHAR:
      return "[\\s\\S]";
    case Op.BEGIN_LINE:
      return "(?<![^\\n])";
    case Op.END_LINE:
      return "(?![^\\n])";
    case Op.BEGIN_TEXT:
      return "(?<![\\s\\S])";
    case Op.END_TEXT:
      return "(?![\\s\\S])";
    case Op.WORD_BOUNDARY:
      return AT_WORD_BOUNDARY;
    case Op.NO_WORD_BOUNDARY:
      return NOT_AT_WORD_BOUNDARY;
    case Op.CAPTURE:
      return `(${write(node.subs[0])})`;
    case Op.STAR:
      return quantifier(node, "*");
    case Op.PLUS:
      return quantifier(node, "+");
    case Op.QUEST:
      return quantifier(node, "?");
    case Op.REPEAT:
      return quantifier(node, node.max === -1 ? `{${node.min},}` : node.min === node.max ? `{${node.min}}` : `{${node.min},${node.max}}`);
    case Op.CONCAT:
      return node.subs.map((s) => (s.op === Op.ALTERNATE ? `(?:${write(s)})` : write(s))).join("");
    case Op.ALTERNATE:
      return node.subs.map(write).join("|");
  }
  throw new RegexError(`regexp operator ${node.op} is not supported by protoc-gen-crd-ts`);
}

/** Go regexp FindAllString: successive non-overlapping matches; an empty match next to the previous match is skipped. */
export function findAll(text: string, pattern: string, limit: number): string[] {
  const re = re2ToRegExp(pattern);
  const found: string[] = [];
  if (limit === 0) return found;
  let previousEnd = -1;
  for (const m of text.matchAll(re)) {
    const end = m.index + m[0].length;
    if (m[0] === "" && m.index === previousEnd) continue;
    found.push(m[0]);
    previousEnd = end;
    if (limit > 0 && found.length >= limit) break;
  }
  return found;
}

export function findFirst(text: string, pattern: string): string {
  return findAll(text, pattern, 1)[0] ?? "";
}
