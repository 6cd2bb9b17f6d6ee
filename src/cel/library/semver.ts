// The Kubernetes semver CEL library (k8s.io/apiserver/pkg/cel/library/semverlib.go, SemverVersion(1) from
// Kubernetes 1.33, so with the `normalize` argument) over a port of github.com/blang/semver/v4 Parse and
// Version.Compare, whose error texts the library returns unchanged.
import { celFunc, celMethod, CelScalar, mapType, type CelFunc, type CelValue } from "@bufbuild/cel";
import { goQuote } from "../../crd-eval/go-text.js";
import { opaqueOf, unwrap, wrapOpaque, type OpaqueValue } from "./opaque.js";
import { QUANTITY_TYPE, type Quantity } from "./quantity.js";

const { BOOL, INT, STRING, DYN } = CelScalar;
const OPAQUE = mapType(DYN, DYN);
export const SEMVER_TYPE = "kubernetes.Semver";

const NUMBERS = /^[0-9]*$/;
const ALPHANUM = /^[0-9A-Za-z-]*$/;
const UINT64_MAX = 18446744073709551615n;

type Prerelease = bigint | string;

export class Semver implements OpaqueValue {
  readonly typeName = SEMVER_TYPE;
  constructor(
    readonly major: bigint,
    readonly minor: bigint,
    readonly patch: bigint,
    readonly pre: readonly Prerelease[],
    readonly build: readonly string[],
  ) {}
  /** Semver.Equal is Version.EQ: Compare == 0, so build metadata does not count. */
  equalityKey(): string {
    return `${this.major}.${this.minor}.${this.patch}-${this.pre.map((p) => (typeof p === "bigint" ? `#${p}` : p)).join(".")}`;
  }
  /** semver.Version.Compare. */
  compare(o: Semver): number {
    for (const [a, b] of [[this.major, o.major], [this.minor, o.minor], [this.patch, o.patch]]) {
      if (a !== b) return a > b ? 1 : -1;
    }
    if (this.pre.length === 0 && o.pre.length === 0) return 0;
    if (this.pre.length === 0) return 1;
    if (o.pre.length === 0) return -1;
    let i = 0;
    for (; i < this.pre.length && i < o.pre.length; i++) {
      const c = comparePrerelease(this.pre[i], o.pre[i]);
      if (c !== 0) return c;
    }
    if (i === this.pre.length && i === o.pre.length) return 0;
    return i === this.pre.length ? -1 : 1;
  }
}

/** PRVersion.Compare: numeric identifiers sort before alphanumeric ones. */
function comparePrerelease(a: Prerelease, b: Prerelease): number {
  if (typeof a === "bigint" && typeof b !== "bigint") return -1;
  if (typeof a !== "bigint" && typeof b === "bigint") return 1;
  return a === b ? 0 : a > b ? 1 : -1;
}

const hasLeadingZeroes = (s: string) => s.length > 1 && s[0] === "0";

/** strconv.ParseUint(s, 10, 64) on a string of digits; Go's range error otherwise. */
function parseUint(s: string): bigint {
  if (s === "") throw new Error(`strconv.ParseUint: parsing ${goQuote(s)}: invalid syntax`);
  const v = BigInt(s);
  if (v > UINT64_MAX) throw new Error(`strconv.ParseUint: parsing ${goQuote(s)}: value out of range`);
  return v;
}

function number(part: string, what: string): bigint {
  if (!NUMBERS.test(part)) throw new Error(`Invalid character(s) found in ${what} number ${goQuote(part)}`);
  if (hasLeadingZeroes(part)) throw new Error(`${what[0].toUpperCase()}${what.slice(1)} number must not contain leading zeroes ${goQuote(part)}`);
  return parseUint(part);
}

/** semver.Parse (blang/semver v4). */
export function parseSemver(s: string): Semver {
  if (s.length === 0) throw new Error("Version string empty");
  const parts = splitN(s, ".", 3);
  if (parts.length !== 3) throw new Error("No Major.Minor.Patch elements found");
  const major = number(parts[0], "major");
  const minor = number(parts[1], "minor");
  let patchText = parts[2];
  let build: string[] = [];
  let prerelease: string[] = [];
  const plus = patchText.indexOf("+");
  if (plus !== -1) {
    build = patchText.slice(plus + 1).split(".");
    patchText = patchText.slice(0, plus);
  }
  const dash = patchText.indexOf("-");
  if (dash !== -1) {
    prerelease = patchText.slice(dash + 1).split(".");
    patchText = patchText.slice(0, dash);
  }
  const patch = number(patchText, "patch");
  const pre: Prerelease[] = prerelease.map((p) => {
    if (p.length === 0) throw new Error("Prerelease is empty");
    if (NUMBERS.test(p)) {
      if (hasLeadingZeroes(p)) throw new Error(`Numeric PreRelease version must not contain leading zeroes ${goQuote(p)}`);
      return parseUint(p);
    }
    if (ALPHANUM.test(p)) return p;
    throw new Error(`Invalid character(s) found in prerelease ${goQuote(p)}`);
  });
  for (const b of build) {
    if (b.length === 0) throw new Error("Build meta data is empty");
    if (!ALPHANUM.test(b)) throw new Error(`Invalid character(s) found in build meta data ${goQuote(b)}`);
  }
  return new Semver(major, minor, patch, pre, build);
}

/** strings.SplitN(s, sep, n) for n > 0. */
function splitN(s: string, sep: string, n: number): string[] {
  const out: string[] = [];
  let rest = s;
  while (out.length < n - 1) {
    const at = rest.indexOf(sep);
    if (at === -1) break;
    out.push(rest.slice(0, at));
    rest = rest.slice(at + sep.length);
  }
  out.push(rest);
  return out;
}

/** semverlib.go normalizeAndParse: no "v" prefix, no leading zeros, missing minor/patch filled with 0. */
export function normalizeAndParseSemver(text: string): Semver {
  const s = text.startsWith("v") ? text.slice(1) : text;
  const parts = splitN(s, ".", 3).map((p) => {
    if (p.length <= 1) return p;
    const trimmed = p.replace(/^0+/, "");
    return trimmed.length === 0 || !/^[0-9]/.test(trimmed) ? `0${trimmed}` : trimmed;
  });
  if (parts.length < 3) {
    if (/[+-]/.test(parts[parts.length - 1])) throw new Error("short version cannot contain PreRelease/Build meta data");
    while (parts.length < 3) parts.push("0");
  }
  return parseSemver(parts.join("."));
}

function parse(s: string, normalize: boolean): Semver {
  return normalize ? normalizeAndParseSemver(s) : parseSemver(s);
}

function isSemver(s: string, normalize: boolean): boolean {
  try {
    parse(s, normalize);
    return true;
  } catch {
    return false;
  }
}

const sv = (v: CelValue) => unwrap<Semver>(v, SEMVER_TYPE);

/**
 * isGreaterThan, isLessThan and compareTo are declared by both the quantity and the semver library with
 * the same runtime signature here (opaque values), so one implementation serves both by value type.
 */
function compareOpaque(a: CelValue, b: CelValue): number {
  if (opaqueOf(a)?.typeName === SEMVER_TYPE) return sv(a).compare(sv(b));
  return unwrap<Quantity>(a, QUANTITY_TYPE).compare(unwrap<Quantity>(b, QUANTITY_TYPE));
}

export const SEMVER_FUNCTIONS: CelFunc[] = [
  celFunc("semver", [STRING], OPAQUE, (s: string) => wrapOpaque(parse(s, false))),
  celFunc("semver", [STRING, BOOL], OPAQUE, (s: string, normalize: boolean) => wrapOpaque(parse(s, normalize))),
  celFunc("isSemver", [STRING], BOOL, (s: string) => isSemver(s, false)),
  celFunc("isSemver", [STRING, BOOL], BOOL, (s: string, normalize: boolean) => isSemver(s, normalize)),
  celMethod("major", OPAQUE, [], INT, function (this: CelValue) {
    return BigInt.asIntN(64, sv(this).major); // types.Int(v.Major): a uint64 cast to int64
  }),
  celMethod("minor", OPAQUE, [], INT, function (this: CelValue) {
    return BigInt.asIntN(64, sv(this).minor);
  }),
  celMethod("patch", OPAQUE, [], INT, function (this: CelValue) {
    return BigInt.asIntN(64, sv(this).patch);
  }),
  celMethod("isGreaterThan", OPAQUE, [OPAQUE], BOOL, function (this: CelValue, o: CelValue) {
    return compareOpaque(this, o) === 1;
  }),
  celMethod("isLessThan", OPAQUE, [OPAQUE], BOOL, function (this: CelValue, o: CelValue) {
    return compareOpaque(this, o) === -1;
  }),
  celMethod("compareTo", OPAQUE, [OPAQUE], INT, function (this: CelValue, o: CelValue) {
    return BigInt(compareOpaque(this, o));
  }),
];
