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
  it("encoding/json", () => {
    expect(goJson({ b: [1, 2.5, "x<y&z"], a: null, "é": true, A: 1e-7 })).toBe('{"A":1e-7,"a":null,"b":[1,2.5,"x\\u003cy\\u0026z"],"é":true}');
  });
});
