// `pattern` with RE2 semantics (the apiserver compiles it with Go's regexp), compiled once per pattern.
import { RE2JS } from "@bufbuild/re2";

/** Whether `value` contains a match of the pattern (unanchored, as OpenAPI `pattern` is). */
export type PatternTest = (value: string) => boolean;

const cache = new Map<string, PatternTest>();

/**
 * A matcher for `pattern`. Patterns made only of ASCII literals, classes, groups, alternation,
 * quantifiers and `^`/`$` mean the same in RE2 and in a JavaScript `u` RegExp, so they run on the
 * native engine; everything else (`.`, `\s`, `\b`, `\p{…}`, flags, non-ASCII) runs on @bufbuild/re2.
 * A pattern neither engine can compile never matches (the apiserver rejects such a CRD anyway).
 */
export function patternTest(pattern: string): PatternTest {
  let test = cache.get(pattern);
  if (test === undefined) {
    test = compile(pattern);
    cache.set(pattern, test);
  }
  return test;
}

function compile(pattern: string): PatternTest {
  if (isPortable(pattern)) {
    try {
      const native = new RegExp(pattern, "u");
      return (value) => native.test(value);
    } catch {
      // fall through to RE2
    }
  }
  try {
    const re2 = RE2JS.compile(pattern);
    return (value) => re2.test(value);
  } catch {
    return () => false;
  }
}

/** Escapes whose meaning is the same in both engines (`\d` and `\w` are ASCII-only in both). */
const PORTABLE_ESCAPES = new Set([..."dDwW.-/\\()[]{}*+?|^$"]);

/** True when the pattern only uses syntax both engines read the same way. */
export function isPortable(pattern: string): boolean {
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    const code = ch.charCodeAt(0);
    if (code < 0x20 || code > 0x7e) return false;
    if (ch === "\\") {
      const next = pattern[i + 1];
      if (next === undefined || !PORTABLE_ESCAPES.has(next)) return false;
      i++;
      continue;
    }
    if (inClass) {
      if (ch === "[") return false; // `[[:alpha:]]` and nested classes differ
      if (ch === "]") inClass = false;
      continue;
    }
    switch (ch) {
      case "[":
        inClass = true;
        if (pattern[i + 1] === "^") i++;
        if (pattern[i + 1] === "]") return false; // `[]a]` is a literal `]` in RE2 only
        break;
      case ".":
        return false; // RE2 `.` matches `\r`, JavaScript's does not
      case "(":
        if (pattern[i + 1] === "?" && pattern[i + 2] !== ":") return false; // flags, named groups
        break;
      case "{":
        // RE2 treats `{` that does not start a valid repeat as a literal; JavaScript `u` rejects it
        {
          const repeat = /^\{\d+(,\d*)?\}/.exec(pattern.slice(i));
          if (repeat === null) return false;
          i += repeat[0].length - 1;
        }
        break;
      case "}":
        return false;
    }
  }
  return !inClass;
}
