// String conversions with cel-go's semantics (common/types/string.go ConvertToType over Go's strconv):
// int() and uint() read base-10 digits only (no 0x/0b/0o, no empty string, uint() no sign), double()
// reads Go float syntax, bool() the strconv.ParseBool spellings; anything else is
// `type conversion error from 'string' to '<type>'`, as is a value out of range.
import { celFunc, celUint, CelScalar, type CelFunc } from "@bufbuild/cel";

const { BOOL, DOUBLE, INT, STRING, UINT } = CelScalar;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

function conversionError(to: string): Error {
  return new Error(`type conversion error from 'string' to '${to}'`);
}

/** strconv.ParseInt(s, 10, 64). */
export function stringToInt(s: string): bigint {
  if (!/^[+-]?[0-9]+$/.test(s)) throw conversionError("int");
  const v = BigInt(s);
  if (v < INT64_MIN || v > INT64_MAX) throw conversionError("int");
  return v;
}

/** strconv.ParseUint(s, 10, 64): no sign. */
export function stringToUint(s: string): bigint {
  if (!/^[0-9]+$/.test(s)) throw conversionError("uint");
  const v = BigInt(s);
  if (v > UINT64_MAX) throw conversionError("uint");
  return v;
}

/** strconv.ParseFloat(s, 64): decimal or hex (with a p exponent) mantissa, inf/infinity/nan in any case; out of range is an error. */
export function stringToDouble(s: string): number {
  const text = s.replace(/_/g, (u, at: number) => (/^[+-]?0[xXbBoO]/.test(s) && at > 0 ? "" : u));
  if (/^[+-]?(inf|infinity)$/i.test(text)) return text.startsWith("-") ? -Infinity : Infinity;
  if (/^nan$/i.test(text)) return NaN;
  let value: number;
  if (/^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$/.test(text)) {
    value = Number(text);
  } else {
    const hex = /^([+-]?)0[xX]([0-9a-fA-F]*)\.?([0-9a-fA-F]*)[pP]([+-]?[0-9]+)$/.exec(text);
    if (hex === null || hex[2] + hex[3] === "") throw conversionError("double");
    const mantissa = parseInt(hex[2] + hex[3] || "0", 16) / 16 ** hex[3].length;
    value = (hex[1] === "-" ? -1 : 1) * mantissa * 2 ** Number(hex[4]);
  }
  if (!Number.isFinite(value)) throw conversionError("double");
  return value;
}

/** strconv.ParseBool. */
export function stringToBool(s: string): boolean {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(s)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(s)) return false;
  throw conversionError("bool");
}

export const CONVERSION_FUNCTIONS: CelFunc[] = [
  celFunc("int", [STRING], INT, stringToInt),
  celFunc("uint", [STRING], UINT, (s: string) => celUint(stringToUint(s))),
  celFunc("double", [STRING], DOUBLE, stringToDouble),
  celFunc("bool", [STRING], BOOL, stringToBool),
];

/** @bufbuild/cel's arithmetic error texts as cel-go words them (common/types/overflow.go, int.go). */
export function goRuntimeErrorText(message: string): string {
  if (/^int overflow during /.test(message)) return "integer overflow";
  if (/^uint overflow during /.test(message)) return "unsigned integer overflow";
  if (/divide by zero$/.test(message)) return "division by zero";
  if (/modulus by zero$/.test(message)) return "modulus by zero";
  return message;
}
