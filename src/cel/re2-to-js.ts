// find/findAll need match positions, which @bufbuild/re2 (a boolean matcher) does not report.
// A pattern is therefore checked with RE2 (so RE2 syntax rules apply: no backreferences, no lookaround)
// and then matched with an equivalent JavaScript RegExp. Both use leftmost-first (Perl) semantics.
import { RE2JS } from "@bufbuild/re2";

export class RegexError extends Error {}

const POSIX_CLASSES: Record<string, string> = {
  alnum: "0-9A-Za-z",
  alpha: "A-Za-z",
  ascii: "\\x00-\\x7F",
  blank: "\\t ",
  cntrl: "\\x00-\\x1F\\x7F",
  digit: "0-9",
  graph: "!-~",
  lower: "a-z",
  print: " -~",
  punct: "!-\\/:-@\\[-`{-~",
  space: "\\t\\n\\v\\f\\r ",
  upper: "A-Z",
  word: "0-9A-Za-z_",
  xdigit: "0-9A-Fa-f",
};

/** Characters that may follow a backslash in a JavaScript `u`-mode pattern as a literal escape. */
const JS_SYNTAX = new Set("^$\\.*+?()[]{}|/".split(""));
const cache = new Map<string, RegExp>();

export function re2ToRegExp(pattern: string): RegExp {
  const cached = cache.get(pattern);
  if (cached !== undefined) return cached;
  try {
    RE2JS.compile(pattern);
  } catch (e) {
    const message = (e as Error).message;
    throw new RegexError(message.startsWith("error parsing regexp") ? message : `error parsing regexp: ${message}`);
  }
  const { source, flags } = translate(pattern);
  let re: RegExp;
  try {
    re = new RegExp(source, `gu${flags}`);
  } catch (e) {
    throw new RegexError(`regexp ${JSON.stringify(pattern)} is not supported by protoc-gen-crd-ts: ${(e as Error).message}`);
  }
  if (cache.size > 1000) cache.clear();
  cache.set(pattern, re);
  return re;
}

function translate(pattern: string): { source: string; flags: string } {
  let i = 0;
  let flags = "";
  const leading = /^\(\?([imsU]+)\)/.exec(pattern);
  if (leading !== null) {
    if (leading[1].includes("U")) throw new RegexError(`regexp flag U is not supported by protoc-gen-crd-ts`);
    flags = [...new Set(leading[1])].join("");
    i = leading[0].length;
  }
  let out = "";
  let inClass = false;
  while (i < pattern.length) {
    const c = pattern[i];
    if (c === "\\") {
      const next = pattern[i + 1];
      if (next === "Q") {
        const end = pattern.indexOf("\\E", i + 2);
        const literal = pattern.slice(i + 2, end === -1 ? undefined : end);
        out += literal.replace(/[\\^$.*+?()[\]{}|/-]/g, "\\$&");
        i = end === -1 ? pattern.length : end + 2;
        continue;
      }
      if (next === "z") out += "(?![\\s\\S])";
      else if (next === "A") out += "(?<![\\s\\S])";
      else if (next === "C") throw new RegexError("regexp \\C is not supported by protoc-gen-crd-ts");
      else if ((next === "p" || next === "P") && pattern[i + 2] !== "{") {
        out += `\\${next}{${pattern[i + 2]}}`;
        i += 3;
        continue;
      } else if ((next === "p" || next === "P") && pattern[i + 2] === "{") {
        const end = pattern.indexOf("}", i);
        const name = pattern.slice(i + 3, end);
        const negated = name.startsWith("^");
        const bare = negated ? name.slice(1) : name;
        const property = bare.length <= 2 || bare === "Any" ? bare : `Script=${bare}`;
        out += `\\${(next === "P") !== negated ? "P" : "p"}{${property === "Any" ? "Any" : property}}`;
        i = end + 1;
        continue;
      } else if (/[a-zA-Z0-9]/.test(next) || JS_SYNTAX.has(next) || (inClass && next === "-")) out += `\\${next}`;
      else out += next === undefined ? "" : next;
      i += 2;
      continue;
    }
    if (inClass) {
      const posix = /^\[:(\^?)([a-z]+):\]/.exec(pattern.slice(i));
      if (posix !== null && POSIX_CLASSES[posix[2]] !== undefined) {
        if (posix[1] === "^") throw new RegexError("negated POSIX classes are not supported by protoc-gen-crd-ts");
        out += POSIX_CLASSES[posix[2]];
        i += posix[0].length;
        continue;
      }
      if (c === "]") inClass = false;
      else if (c === "[") {
        out += "\\[";
        i++;
        continue;
      }
      out += c;
      i++;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      i++;
      if (pattern[i] === "^") out += pattern[i++];
      // A `]` first in a class is a literal in RE2.
      if (pattern[i] === "]") {
        out += "\\]";
        i++;
      }
      continue;
    }
    if (c === "(" && pattern.startsWith("(?P<", i)) {
      out += "(?<";
      i += 4;
      continue;
    }
    if (c === "(" && pattern[i + 1] === "?" && pattern[i + 2] !== ":" && pattern[i + 2] !== "<") {
      throw new RegexError("inline regexp flags other than at the start are not supported by protoc-gen-crd-ts");
    }
    if (c === "{") {
      const quantifier = /^\{\d+(,\d*)?\}/.exec(pattern.slice(i));
      out += quantifier === null ? "\\{" : quantifier[0];
      i += quantifier === null ? 1 : quantifier[0].length;
      continue;
    }
    if (c === "}" || c === "/") {
      out += `\\${c}`;
      i++;
      continue;
    }
    out += c;
    i++;
  }
  return { source: out, flags };
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
