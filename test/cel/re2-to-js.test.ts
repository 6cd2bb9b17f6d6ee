// find/findAll run RE2 patterns as JavaScript RegExps after RE2 has accepted them.
import { describe, expect, it } from "vitest";
import { findAll, findFirst, RegexError, re2ToRegExp } from "../../src/cel/re2-to-js.js";

describe("re2ToRegExp", () => {
  it.each([
    ["[[:alpha:]]+", "ab1", ["ab"]],
    ["[[:digit:][:upper:]]+", "aB1c", ["B1"]],
    ["(?i)ab", "xAbab", ["Ab", "ab"]],
    ["(?P<word>[a-z]+)", "ab cd", ["ab", "cd"]],
    ["a\\z", "aa", ["a"]],
    ["\\Aa", "aa", ["a"]],
    ["\\Qa.b\\E", "axb a.b", ["a.b"]],
    ["\\pL+", "é1x", ["é", "x"]],
    ["\\p{Greek}+", "aαβb", ["αβ"]],
    ["a{2}", "aaaaa", ["aa", "aa"]],
    ["x{", "x{", ["x{"]],
    ["\\-\\#", "-#", ["-#"]],
    ["[]a]+", "]a]b", ["]a]"]],
    ["a|ab", "ab", ["a"]],
    ["a+?", "aaa", ["a", "a", "a"]],
  ])("%s on %s", (pattern, text, expected) => {
    expect(findAll(text, pattern, -1)).toEqual(expected);
  });

  it("rejects what RE2 rejects, with Go's wording", () => {
    expect(() => re2ToRegExp("(a)\\1")).toThrow(RegexError);
    expect(() => re2ToRegExp("a(?=b)")).toThrow(/error parsing regexp/);
    expect(() => re2ToRegExp("a(b")).toThrow("error parsing regexp: missing closing ): `a(b`");
  });

  it("honours inline flags anywhere and negated POSIX classes", () => {
    expect(findAll("aB ab AB", "a(?i)b", -1)).toEqual(["aB", "ab"]);
    expect(findAll("x1y", "[[:^alpha:]]", -1)).toEqual(["1"]);
    expect(findAll("GET /svc.Foo/bar", "(?i:foo)/(?U)[a-z]+", -1)).toEqual(["Foo/b"]);
  });
});

describe("findAll / findFirst", () => {
  it("honour the limit", () => {
    expect(findAll("a1b2c3", "[0-9]", 2)).toEqual(["1", "2"]);
    expect(findAll("a1b2c3", "[0-9]", 0)).toEqual([]);
    expect(findAll("a1b2c3", "[0-9]", -1)).toEqual(["1", "2", "3"]);
  });

  it("skip an empty match right after a match, like Go", () => {
    expect(findAll("baaac", "a*", -1)).toEqual(["", "aaa", ""]);
  });

  it("find the first match or the empty string", () => {
    expect(findFirst("abc123", "[0-9]+")).toBe("123");
    expect(findFirst("abc", "[0-9]+")).toBe("");
  });
});
