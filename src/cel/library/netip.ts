// Parsing and printing of IP addresses and prefixes with the rules and error texts of Go's net/netip
// (ParseAddr, ParsePrefix, Addr.String), which the Kubernetes ip and cidr CEL libraries use.
import { goQuote } from "../../crd-eval/go-text.js";

export interface Addr {
  /** 32 for IPv4, 128 for IPv6. */
  bits: 32 | 128;
  value: bigint;
  zone: string;
}

class ParseAddrError extends Error {}

function addrError(input: string, msg: string, at = ""): ParseAddrError {
  return new ParseAddrError(`ParseAddr(${goQuote(input)}): ${msg}${at !== "" ? ` (at ${goQuote(at)})` : ""}`);
}

/** Go's netip.ParseAddr. */
export function parseAddr(s: string): Addr {
  for (const c of s) {
    if (c === ".") return { bits: 32, value: parseIPv4Fields(s, 0, s.length), zone: "" };
    if (c === ":") return parseIPv6(s);
    if (c === "%") throw addrError(s, "missing IPv6 address");
  }
  throw addrError(s, "unable to parse IP");
}

function parseIPv4Fields(input: string, off: number, end: number): bigint {
  const s = input.slice(off, end);
  const fields: number[] = [];
  let val = 0;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c >= "0" && c <= "9") {
      if (digits === 1 && val === 0) throw addrError(input, "IPv4 field has octet with leading zero");
      val = val * 10 + Number(c);
      digits++;
      if (val > 255) throw addrError(input, "IPv4 field has value >255");
    } else if (c === ".") {
      if (i === 0 || i === s.length - 1 || s[i - 1] === ".") throw addrError(input, "IPv4 field must have at least one digit", s.slice(i));
      if (fields.length === 3) throw addrError(input, "IPv4 address too long");
      fields.push(val);
      val = 0;
      digits = 0;
    } else {
      throw addrError(input, "unexpected character", s.slice(i));
    }
  }
  if (fields.length < 3) throw addrError(input, "IPv4 address too short");
  fields.push(val);
  return fields.reduce((acc, f) => (acc << 8n) | BigInt(f), 0n);
}

function parseIPv6(input: string): Addr {
  let s = input;
  let zone = "";
  const percent = s.indexOf("%");
  if (percent !== -1) {
    zone = s.slice(percent + 1);
    s = s.slice(0, percent);
    if (zone === "") throw addrError(input, "zone must be a non-empty string");
  }
  const ip = new Array<number>(16).fill(0);
  let ellipsis = -1;
  if (s.startsWith("::")) {
    ellipsis = 0;
    s = s.slice(2);
    if (s === "") return { bits: 128, value: 0n, zone };
  }
  let i = 0;
  while (i < 16) {
    let off = 0;
    let acc = 0;
    for (; off < s.length; off++) {
      const d = parseInt(s[off], 16);
      if (Number.isNaN(d)) break;
      acc = acc * 16 + d;
      if (off > 3) throw addrError(input, "each group must have 4 or less digits", s);
      if (acc > 0xffff) throw addrError(input, "IPv6 field has value >=2^16", s);
    }
    if (off === 0) throw addrError(input, "each colon-separated field must have at least one digit", s);
    if (off < s.length && s[off] === ".") {
      if (ellipsis < 0 && i !== 12) throw addrError(input, "embedded IPv4 address must replace the final 2 fields of the address", s);
      if (i + 4 > 16) throw addrError(input, "too many hex fields to fit an embedded IPv4 at the end of the address", s);
      const end = input.length - (zone.length > 0 ? zone.length + 1 : 0);
      const v4 = parseIPv4Fields(input, end - s.length, end);
      for (let k = 0; k < 4; k++) ip[i + k] = Number((v4 >> BigInt(8 * (3 - k))) & 0xffn);
      s = "";
      i += 4;
      break;
    }
    ip[i] = acc >> 8;
    ip[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(off);
    if (s === "") break;
    if (s[0] !== ":") throw addrError(input, "unexpected character, want colon", s);
    if (s.length === 1) throw addrError(input, "colon must be followed by more characters", s);
    s = s.slice(1);
    if (s[0] === ":") {
      if (ellipsis >= 0) throw addrError(input, "multiple :: in address", s);
      ellipsis = i;
      s = s.slice(1);
      if (s === "") break;
    }
  }
  if (s !== "") throw addrError(input, "trailing garbage after address", s);
  if (i < 16) {
    if (ellipsis < 0) throw addrError(input, "address string too short");
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) ip[j + n] = ip[j];
    for (let j = ellipsis; j < ellipsis + n; j++) ip[j] = 0;
  } else if (ellipsis >= 0) {
    throw addrError(input, "the :: must expand to at least one field of zeros", s);
  }
  return { bits: 128, value: ip.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n), zone };
}

export interface Prefix {
  addr: Addr;
  prefixLength: number;
}

/** Go's netip.ParsePrefix. */
export function parsePrefix(s: string): Prefix {
  const fail = (msg: string) => new Error(`netip.ParsePrefix(${goQuote(s)}): ${msg}`);
  const slash = s.lastIndexOf("/");
  if (slash < 0) throw fail("no '/'");
  let addr: Addr;
  try {
    addr = parseAddr(s.slice(0, slash));
  } catch (e) {
    throw fail((e as Error).message);
  }
  if (addr.bits === 128 && addr.zone !== "") throw fail("IPv6 zones cannot be present in a prefix");
  const bitsText = s.slice(slash + 1);
  if ((bitsText.length > 1 && (bitsText[0] < "1" || bitsText[0] > "9")) || !/^[+-]?[0-9]+$/.test(bitsText)) {
    throw fail(`bad bits after slash: ${goQuote(bitsText)}`);
  }
  const bits = Number(bitsText);
  if (bits < 0 || bits > addr.bits) throw fail("prefix length out of range");
  return { addr, prefixLength: bits };
}

export const is4In6 = (a: Addr): boolean => a.bits === 128 && a.value >> 32n === 0xffffn;

function inRange(a: Addr, bits: 32 | 128, base: bigint, length: number): boolean {
  return a.bits === bits && a.value >> BigInt(bits - length) === base >> BigInt(bits - length);
}

export const isUnspecified = (a: Addr): boolean => a.value === 0n;
export const isLoopback = (a: Addr): boolean => (a.bits === 32 ? inRange(a, 32, 0x7f000000n, 8) : a.value === 1n);
export const isMulticast = (a: Addr): boolean => inRange(a, 32, 0xe0000000n, 4) || inRange(a, 128, 0xffn << 120n, 8);
export const isLinkLocalUnicast = (a: Addr): boolean => inRange(a, 32, 0xa9fe0000n, 16) || inRange(a, 128, 0xfe80n << 112n, 10);
export const isLinkLocalMulticast = (a: Addr): boolean => inRange(a, 32, 0xe0000000n, 24) || inRange(a, 128, 0xff02n << 112n, 16);
/** Go's Addr.IsGlobalUnicast (private and ULA addresses count as global unicast). */
export function isGlobalUnicast(a: Addr): boolean {
  if (a.bits === 32 && (a.value === 0n || a.value === 0xffffffffn)) return false;
  return !(a.bits === 128 && a.value === 0n) && !isLoopback(a) && !isMulticast(a) && !isLinkLocalUnicast(a);
}

/** Go's Addr.String: dotted decimal, or RFC 5952 IPv6 (longest run of two or more zero groups as ::). */
export function addrString(a: Addr): string {
  if (a.bits === 32) return [24n, 16n, 8n, 0n].map((s) => String((a.value >> s) & 0xffn)).join(".");
  const groups = Array.from({ length: 8 }, (_, k) => Number((a.value >> BigInt(16 * (7 - k))) & 0xffffn));
  let text: string;
  if (is4In6(a)) {
    text = `::ffff:${addrString({ bits: 32, value: a.value & 0xffffffffn, zone: "" })}`;
  } else {
    let bestStart = -1;
    let bestLength = 0;
    for (let k = 0; k < 8; ) {
      let j = k;
      while (j < 8 && groups[j] === 0) j++;
      if (j - k > bestLength && j - k >= 2) {
        bestStart = k;
        bestLength = j - k;
      }
      k = j === k ? k + 1 : j;
    }
    const hex = (gs: number[]) => gs.map((g) => g.toString(16)).join(":");
    text = bestStart === -1 ? hex(groups) : `${hex(groups.slice(0, bestStart))}::${hex(groups.slice(bestStart + bestLength))}`;
  }
  return a.zone !== "" ? `${text}%${a.zone}` : text;
}

export function maskedPrefix(p: Prefix): Prefix {
  const host = BigInt(p.addr.bits - p.prefixLength);
  return { addr: { ...p.addr, value: (p.addr.value >> host) << host }, prefixLength: p.prefixLength };
}

/** Go's Prefix.Contains: same family, no zone, equal in the first prefixLength bits. */
export function prefixContains(p: Prefix, a: Addr): boolean {
  if (a.bits !== p.addr.bits || a.zone !== "") return false;
  const host = BigInt(p.addr.bits - p.prefixLength);
  return a.value >> host === p.addr.value >> host;
}
