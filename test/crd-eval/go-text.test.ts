// Values rendered as Go prints them in apiserver messages.
import { describe, expect, it } from "vitest";
import { goFloat, goJson, goNumber, goQuote } from "../../src/crd-eval/go-text.js";

describe("Go formatting", () => {
  it("%v of float64", () => {
    expect([0.5, 123456.5, 1234567.5, 1e6, 1e-5, 0.0001, 0.1 + 0.2, -2.5e10].map(goFloat)).toEqual([
      "0.5", "123456.5", "1.2345675e+06", "1e+06", "1e-05", "0.0001", "0.30000000000000004", "-2.5e+10",
    ]);
  });
  it("%v of decoded JSON numbers: int64 when integral", () => {
    expect([5, -3, 9007199254740993, 1e18, 1e19, 2.5].map(goNumber)).toEqual(["5", "-3", "9007199254740992", "1000000000000000000", "1e+19", "2.5"]);
  });
  it("%q", () => {
    expect(goQuote('a"b\\c\n\t\x01\x7f é 😀')).toBe('"a\\"b\\\\c\\n\\t\\x01\\x7f é 😀"');
  });
  it("%q escapes what unicode.IsPrint rejects (strconv appendEscapedRune), and prints U+FFFD for a lone surrogate", () => {
    // U+0085 and U+00A0 (Cc, Zs), U+00AD and U+200B (Cf), U+2028 (Zl), U+E000 (Co), U+10FFFF (Cn): escaped;
    // U+3000 (Zs) too, only U+0020 of the spaces is printable. Astral letters and symbols print as they are.
    expect(goQuote("\x85\xa0\xad\u200b\u2028\ue000\u{10ffff}\u3000")).toBe('"\\u0085\\u00a0\\u00ad\\u200b\\u2028\\ue000\\U0010ffff\\u3000"');
    expect(goQuote("𝔘 ✓ ¿ ½ \u0301a")).toBe('"𝔘 ✓ ¿ ½ \u0301a"');
    expect(goQuote(JSON.parse('"x\\ud800y"'))).toBe('"x\ufffdy"');
    expect(goQuote("\x07\b\f\r\v")).toBe('"\\a\\b\\f\\r\\v"');
  });
  it("encoding/json", () => {
    expect(goJson({ b: [1, 2.5, "x<y&z"], a: null, "é": true, A: 1e-7 })).toBe('{"A":1e-7,"a":null,"b":[1,2.5,"x\\u003cy\\u0026z"],"é":true}');
  });
});
