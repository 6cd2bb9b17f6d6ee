// Conversions and arithmetic errors with cel-go's semantics (common/types/string.go ConvertToType over
// strconv.ParseInt/ParseUint/ParseFloat/ParseBool, common/types/overflow.go).
import { describe, expect, it } from "vitest";
import { errorOf, evaluate } from "./harness.js";

const PASS = { kind: "pass" };

describe("conversions from string", () => {
  it.each([
    "int('42') == 42 && int('-7') == -7 && int('+7') == 7 && int('9223372036854775807') == 9223372036854775807",
    "uint('42') == 42u",
    "double('1.5') == 1.5 && double('1e3') == 1000.0 && double('.5') == 0.5 && double('0x1p-2') == 0.25 && double('-Inf') < 0.0 && double('infinity') > 0.0",
    "bool('T') && bool('1') && !bool('F') && !bool('False')", // strconv.ParseBool spellings
  ])("%s", (expr) => {
    expect(evaluate(expr)).toEqual(PASS);
  });

  it.each([
    ["int('0x10')", "int"], // base 10 only
    ["int('0b11')", "int"],
    ["int('0o7')", "int"],
    ["int('')", "int"],
    ["int('a')", "int"],
    ["int(' 1')", "int"],
    ["int('1_000')", "int"],
    ["int('9223372036854775808')", "int"], // ParseInt range error
    ["uint('-1')", "uint"],
    ["uint('+1')", "uint"],
    ["uint('18446744073709551616')", "uint"],
    ["double('')", "double"],
    ["double('0x10')", "double"], // a hex mantissa needs a p exponent
    ["double('1e400')", "double"], // ParseFloat range error
    ["double(' 1')", "double"],
    ["bool('yes')", "bool"],
  ])("%s fails with cel-go's text", (expr, type) => {
    expect(errorOf(`${expr} == ${expr}`)).toBe(`type conversion error from 'string' to '${type}'`);
  });
});

describe("arithmetic errors", () => {
  it.each([
    ["9223372036854775807 + self.n == 0", "integer overflow"],
    ["-9223372036854775807 - self.n - 2 == 0", "integer overflow"],
    ["1 / (self.n - 1) == 0", "division by zero"],
    ["1 % (self.n - 1) == 0", "modulus by zero"],
    ["uint(self.n - 2) == 0u", "unsigned integer overflow"],
    ["int(1e19 * double(self.n)) == 0", "integer overflow"],
  ])("%s", (expr, message) => {
    expect(errorOf(expr, { n: 1 })).toBe(message);
  });
});
