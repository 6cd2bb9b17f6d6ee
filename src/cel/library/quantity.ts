// The Kubernetes quantity CEL library (k8s.io/apiserver/pkg/cel/library/quantity.go, Kubernetes 1.28+)
// over an exact decimal port of resource.ParseQuantity (k8s.io/apimachinery/pkg/api/resource).
import { celFunc, celMethod, CelScalar, mapType, type CelFunc, type CelValue } from "@bufbuild/cel";
import { unwrap, wrapOpaque, type OpaqueValue } from "./opaque.js";

const { BOOL, INT, STRING, DOUBLE, DYN } = CelScalar;
const OPAQUE = mapType(DYN, DYN);
export const QUANTITY_TYPE = "kubernetes.Quantity";

/** resource.ErrFormatWrong and resource.ErrSuffix. */
const FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const SUFFIX_WRONG = "unable to parse quantity's suffix";

const DECIMAL_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, "": 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BINARY_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

/** An exact decimal, mantissa × 10^exponent, normalised so that the mantissa has no trailing zeros. */
export class Quantity implements OpaqueValue {
  readonly typeName = QUANTITY_TYPE;
  readonly mantissa: bigint;
  readonly exponent: number;
  constructor(mantissa: bigint, exponent: number) {
    while (mantissa !== 0n && mantissa % 10n === 0n) {
      mantissa /= 10n;
      exponent++;
    }
    this.mantissa = mantissa;
    this.exponent = mantissa === 0n ? 0 : exponent;
  }
  equalityKey(): string {
    return `${this.mantissa}e${this.exponent}`;
  }
  sign(): number {
    return this.mantissa > 0n ? 1 : this.mantissa < 0n ? -1 : 0;
  }
  compare(other: Quantity): number {
    const e = Math.min(this.exponent, other.exponent);
    const a = this.mantissa * 10n ** BigInt(this.exponent - e);
    const b = other.mantissa * 10n ** BigInt(other.exponent - e);
    return a < b ? -1 : a > b ? 1 : 0;
  }
  plus(other: Quantity, sign: 1n | -1n): Quantity {
    const e = Math.min(this.exponent, other.exponent);
    return new Quantity(this.mantissa * 10n ** BigInt(this.exponent - e) + sign * other.mantissa * 10n ** BigInt(other.exponent - e), e);
  }
  /** Quantity.AsInt64: the integer value when it is one and fits in int64. */
  asInt64(): bigint | undefined {
    if (this.exponent < 0) return undefined;
    const v = this.mantissa * 10n ** BigInt(this.exponent);
    return v > INT64_MAX || v < INT64_MIN ? undefined : v;
  }
  asApproximateFloat(): number {
    return Number(`${this.mantissa}e${this.exponent}`);
  }
}

/** resource.ParseQuantity: sign, digits with at most one '.', then a suffix (SI, binary SI or e/E exponent). */
export function parseQuantity(text: string): Quantity {
  if (text.length === 0) throw new Error(FORMAT_WRONG);
  const m = /^([+-]?)([0-9]*)(?:\.([0-9]*))?(.*)$/.exec(text)!;
  const [, sign, whole, fraction = "", suffix] = m;
  if (whole === "" && fraction === "") throw new Error(FORMAT_WRONG);
  if (!/^[eEinumkKMGTP]*[-+]?[0-9]*$/.test(suffix)) throw new Error(FORMAT_WRONG);
  let mantissa = BigInt(`${whole}${fraction}` || "0");
  let exponent = -fraction.length;
  if (sign === "-") mantissa = -mantissa;
  if (suffix in DECIMAL_SUFFIXES) {
    exponent += DECIMAL_SUFFIXES[suffix];
  } else if (suffix in BINARY_SUFFIXES) {
    mantissa *= 2n ** BigInt(BINARY_SUFFIXES[suffix]);
  } else {
    const e = /^[eE]([-+]?[0-9]+)$/.exec(suffix);
    if (e === null) throw new Error(SUFFIX_WRONG);
    exponent += Number(e[1]);
  }
  // ParseQuantity keeps nano precision at most, rounding away from zero (inf.RoundUp): 0.1n is 1n.
  if (exponent < -9) {
    const divisor = 10n ** BigInt(-9 - exponent);
    const rounded = mantissa / divisor + (mantissa % divisor === 0n ? 0n : mantissa < 0n ? -1n : 1n);
    return new Quantity(rounded, -9);
  }
  return new Quantity(mantissa, exponent);
}

const q = (v: CelValue) => unwrap<Quantity>(v, QUANTITY_TYPE);
const wrap = (x: Quantity) => wrapOpaque(x);

export const QUANTITY_FUNCTIONS: CelFunc[] = [
  celFunc("quantity", [STRING], OPAQUE, (s: string) => wrap(parseQuantity(s))),
  celFunc("isQuantity", [STRING], BOOL, (s: string) => {
    try {
      parseQuantity(s);
      return true;
    } catch {
      return false;
    }
  }),
  // "sign" is declared with cel.Overload (a global function), not a member overload.
  celFunc("sign", [OPAQUE], INT, (v: CelValue) => BigInt(q(v).sign())),
  celMethod("isGreaterThan", OPAQUE, [OPAQUE], BOOL, function (this: CelValue, o: CelValue) {
    return q(this).compare(q(o)) === 1;
  }),
  celMethod("isLessThan", OPAQUE, [OPAQUE], BOOL, function (this: CelValue, o: CelValue) {
    return q(this).compare(q(o)) === -1;
  }),
  celMethod("compareTo", OPAQUE, [OPAQUE], INT, function (this: CelValue, o: CelValue) {
    return BigInt(q(this).compare(q(o)));
  }),
  celMethod("asApproximateFloat", OPAQUE, [], DOUBLE, function (this: CelValue) {
    return q(this).asApproximateFloat();
  }),
  celMethod("asInteger", OPAQUE, [], INT, function (this: CelValue) {
    const v = q(this).asInt64();
    if (v === undefined) throw new Error("cannot convert value to integer");
    return v;
  }),
  celMethod("isInteger", OPAQUE, [], BOOL, function (this: CelValue) {
    return q(this).asInt64() !== undefined;
  }),
  celMethod("add", OPAQUE, [OPAQUE], OPAQUE, function (this: CelValue, o: CelValue) {
    return wrap(q(this).plus(q(o), 1n));
  }),
  celMethod("add", OPAQUE, [INT], OPAQUE, function (this: CelValue, n: bigint) {
    return wrap(q(this).plus(new Quantity(n, 0), 1n));
  }),
  celMethod("sub", OPAQUE, [OPAQUE], OPAQUE, function (this: CelValue, o: CelValue) {
    return wrap(q(this).plus(q(o), -1n));
  }),
  celMethod("sub", OPAQUE, [INT], OPAQUE, function (this: CelValue, n: bigint) {
    return wrap(q(this).plus(new Quantity(n, 0), -1n));
  }),
];
