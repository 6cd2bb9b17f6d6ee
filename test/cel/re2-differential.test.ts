// Differential test: the JavaScript RegExp that find/findAll run (re2ToRegExp) must agree with
// @bufbuild/re2 (RE2 semantics, what cel-go's matches() and the apiserver's pattern use) on whether a
// generated pattern matches a generated input, anywhere and over the whole input.
import fc from "fast-check";
import { RE2JS } from "@bufbuild/re2";
import { describe, expect, it } from "vitest";
import { re2ToRegExp } from "../../src/cel/re2-to-js.js";

// Characters where the engines could differ: case folding orbits (k K K, s S ſ), line breaks
// (\n vs \r, \u2028), word/non-word, non-ASCII letters, Greek.
const ALPHABET = ["a", "b", "k", "K", "\u212a", "s", "S", "\u017f", "_", "0", "9", " ", "\n", "\r", "\u2028", "é", "É", "σ", "Σ", "ς", ".", "-", "ß"];
const char = fc.constantFrom(...ALPHABET);

const escaped = (c: string): string => (c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "." ? "\\." : c === "-" ? "\\-" : c);
const classItem = fc.oneof(
  char.map(escaped),
  fc.constantFrom("a-z", "A-Z", "0-9", "\\d", "\\w", "\\s", "\\W", "\\D", "\\pL", "\\p{Lu}", "\\p{Greek}", "[:alpha:]", "[:^alpha:]", "[:upper:]", "[:word:]", "\\x{17f}"),
);
const charClass = fc.tuple(fc.boolean(), fc.array(classItem, { minLength: 1, maxLength: 3 })).map(([negated, items]) => `[${negated ? "^" : ""}${items.join("")}]`);
const leaf = fc.oneof(
  { weight: 4, arbitrary: char.map(escaped) },
  { weight: 2, arbitrary: charClass },
  { weight: 2, arbitrary: fc.constantFrom(".", "^", "$", "\\b", "\\B", "\\A", "\\z", "\\d", "\\w", "\\s", "\\S", "\\pL", "\\PL", "\\p{Greek}") },
  { weight: 1, arbitrary: fc.constantFrom("(?i)", "(?s)", "(?m)", "(?U)", "(?-i)", "(?i-s)", "(?ms)") },
);
const FLAGS = ["i", "s", "m", "U", "-i", "is", "i-m"];
const QUANTIFIERS = ["", "", "", "*", "+", "?", "*?", "+?", "??", "{2}", "{1,2}", "{0,}", "{1,3}?"];

const { pattern } = fc.letrec<{ pattern: string; piece: string; group: string }>((tie) => ({
  pattern: fc.array(tie("piece"), { minLength: 1, maxLength: 5 }).map((pieces) => pieces.join("")),
  piece: fc.tuple(fc.oneof({ weight: 5, arbitrary: leaf }, { weight: 1, arbitrary: tie("group") }), fc.constantFrom(...QUANTIFIERS)).map(([atom, q]) =>
    // A quantifier after a flag group or an anchor is still valid RE2 only on atoms; keep them off empty-width leaves.
    /^\(\?[-a-zA-Z]*\)$/.test(atom) ? atom : atom + q,
  ),
  group: fc.tuple(fc.constantFrom("(", "(?:", "(?P<g>", ...FLAGS.map((f) => `(?${f}:`)), tie("pattern"), fc.option(tie("pattern"), { nil: undefined })).map(
    ([open, a, b]) => `${open}${a}${b === undefined ? "" : `|${b}`})`,
  ),
}));
const input = fc.array(char, { maxLength: 8 }).map((cs) => cs.join(""));

function compileBoth(p: string): { re2: RE2JS; js: RegExp } | undefined {
  let re2: RE2JS;
  try {
    re2 = RE2JS.compile(p);
  } catch {
    expect(() => re2ToRegExp(p)).toThrow(/^error parsing regexp/);
    return undefined;
  }
  return { re2, js: new RegExp(re2ToRegExp(p).source, "u") };
}

describe("re2ToRegExp agrees with @bufbuild/re2", () => {
  it("on whether a generated pattern matches a generated input, anywhere and over the whole input", () => {
    fc.assert(
      fc.property(pattern, fc.array(input, { minLength: 1, maxLength: 6 }), (p, inputs) => {
        const both = compileBoth(p);
        if (both === undefined) return;
        const whole = new RegExp(`^(?:${both.js.source})$`, "u");
        for (const s of inputs) {
          expect({ p, s, found: both.js.test(s) }).toEqual({ p, s, found: both.re2.test(s) });
          expect({ p, s, whole: whole.test(s) }).toEqual({ p, s, whole: both.re2.testExact(s) });
        }
      }),
      { numRuns: 1000, seed: 9 },
    );
  });

  it.each([
    ["^(?i)\\.?[a-z_][a-z_0-9]*\\.?$", ["Foo.Bar", ".x", "\u212aelvin", "9a"]],
    ["^(?i)[a-z](?-i:[a-z])$", ["Ab", "aB", "\u017fs"]],
    ["(?i:straße)", ["STRASSE", "STRAßE", "straße"]],
    ["(?s)a.b|(?m)^c$", ["a\nb", "x\nc\ny", "c\r"]],
    ["a.b", ["a\rb", "a\nb", "a\u2028b"]],
    ["(?U)a+b", ["aab"]],
    ["\\p{Greek}+\\PL", ["αβ1", "ab1"]],
    ["[[:^alpha:][:digit:]]x", ["1x", "ax", " x"]],
    ["(?i)\\W", ["k", "\u212a", "\u017f", "-"]],
    ["\\bk\\b", ["é k é", "ék"]],
  ])("on %s", (p, inputs) => {
    const both = compileBoth(p)!;
    for (const s of inputs) expect({ s, found: both.js.test(s) }).toEqual({ s, found: both.re2.test(s) });
  });

  it("rejects exactly what RE2 rejects, with Go's messages", () => {
    expect(() => re2ToRegExp("(a)\\1")).toThrow("error parsing regexp: invalid escape sequence: `\\1`");
    expect(() => re2ToRegExp("a(?=b)")).toThrow("error parsing regexp: invalid or unsupported Perl syntax: `(?=`");
    expect(() => re2ToRegExp("(?<!a)b")).toThrow("error parsing regexp: invalid named capture: `(?<!a)b`");
    expect(() => re2ToRegExp("a**")).toThrow("error parsing regexp: invalid nested repetition operator: `**`");
  });
});
