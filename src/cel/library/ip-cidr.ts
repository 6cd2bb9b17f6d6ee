// The Kubernetes ip and cidr CEL libraries (k8s.io/apiserver/pkg/cel/library/ip.go and cidr.go,
// Kubernetes 1.30+): ip(), isIP(), ip.isCanonical(), family(), is*() predicates, cidr(), isCIDR(),
// containsIP(), containsCIDR(), ip() of a cidr, masked(), prefixLength(), string() of both.
import { celFunc, celMethod, CelScalar, mapType, type CelFunc, type CelValue } from "@bufbuild/cel";
import { goQuote } from "../../crd-eval/go-text.js";
import * as net from "./netip.js";
import { unwrap, wrapOpaque, type OpaqueValue } from "./opaque.js";

const { BOOL, INT, STRING, DYN } = CelScalar;
const OPAQUE = mapType(DYN, DYN);

export const IP_TYPE = "net.IP";
export const CIDR_TYPE = "net.CIDR";

class IP implements OpaqueValue {
  readonly typeName = IP_TYPE;
  constructor(readonly addr: net.Addr) {}
  equalityKey(): string {
    return net.addrString(this.addr);
  }
}

class CIDR implements OpaqueValue {
  readonly typeName = CIDR_TYPE;
  constructor(readonly prefix: net.Prefix) {}
  equalityKey(): string {
    return prefixString(this.prefix);
  }
}

function prefixString(p: net.Prefix): string {
  return `${net.addrString(p.addr)}/${p.prefixLength}`;
}

/** parseIPAddr of ip.go: netip.ParseAddr, then no zone and no IPv4-mapped IPv6. */
function parseIP(raw: string): net.Addr {
  let addr: net.Addr;
  try {
    addr = net.parseAddr(raw);
  } catch (e) {
    throw new Error(`IP Address ${goQuote(raw)} parse error during conversion from string: ${(e as Error).message}`);
  }
  if (addr.zone !== "") throw new Error(`IP address ${goQuote(raw)} with zone value is not allowed`);
  if (net.is4In6(addr)) throw new Error(`IPv4-mapped IPv6 address ${goQuote(raw)} is not allowed`);
  return addr;
}

/** parseCIDR of cidr.go: netip.ParsePrefix, then no IPv4-mapped IPv6. */
function parseCIDR(raw: string): net.Prefix {
  let prefix: net.Prefix;
  try {
    prefix = net.parsePrefix(raw);
  } catch (e) {
    throw new Error(`network address parse error during conversion from string: ${(e as Error).message}`);
  }
  if (net.is4In6(prefix.addr)) throw new Error(`IPv4-mapped IPv6 address ${goQuote(raw)} is not allowed`);
  return prefix;
}

/** stringToCIDR of cidr.go prefixes parseCIDR's message once more. */
function stringToCIDR(raw: string): CIDR {
  try {
    return new CIDR(parseCIDR(raw));
  } catch (e) {
    throw new Error(`network address parse error during conversion from string: ${(e as Error).message}`);
  }
}

const ip = (v: CelValue) => unwrap<IP>(v, IP_TYPE).addr;
const cidr = (v: CelValue) => unwrap<CIDR>(v, CIDR_TYPE).prefix;
const succeeds = (f: () => unknown) => {
  try {
    f();
    return true;
  } catch {
    return false;
  }
};

/**
 * cidrContainsCIDR of cidr.go: `Masked() == netip.PrefixFrom(other.Addr(), Bits())` and Bits() <= other's.
 * PrefixFrom keeps the host bits, so the other prefix must have the same address as this one masked:
 * cidr('10.0.0.0/8').containsCIDR('10.0.0.0/16') is true, but cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16')
 * is false in Kubernetes although the library's comment says otherwise.
 */
function containsCIDR(p: net.Prefix, other: net.Prefix): boolean {
  const masked = net.maskedPrefix(p).addr;
  return masked.bits === other.addr.bits && masked.value === other.addr.value && other.addr.zone === "" && p.prefixLength <= other.prefixLength;
}

export const IP_CIDR_FUNCTIONS: CelFunc[] = [
  celFunc("ip", [STRING], OPAQUE, (s: string) => wrapOpaque(new IP(parseIP(s)))),
  celFunc("isIP", [STRING], BOOL, (s: string) => succeeds(() => parseIP(s))),
  celFunc("ip.isCanonical", [STRING], BOOL, (s: string) => net.addrString(parseIP(s)) === s),
  celMethod("family", OPAQUE, [], INT, function (this: CelValue) {
    return ip(this).bits === 32 ? 4n : 6n;
  }),
  celMethod("isUnspecified", OPAQUE, [], BOOL, function (this: CelValue) {
    return net.isUnspecified(ip(this));
  }),
  celMethod("isLoopback", OPAQUE, [], BOOL, function (this: CelValue) {
    return net.isLoopback(ip(this));
  }),
  celMethod("isLinkLocalMulticast", OPAQUE, [], BOOL, function (this: CelValue) {
    return net.isLinkLocalMulticast(ip(this));
  }),
  celMethod("isLinkLocalUnicast", OPAQUE, [], BOOL, function (this: CelValue) {
    return net.isLinkLocalUnicast(ip(this));
  }),
  celMethod("isGlobalUnicast", OPAQUE, [], BOOL, function (this: CelValue) {
    return net.isGlobalUnicast(ip(this));
  }),
  celFunc("cidr", [STRING], OPAQUE, (s: string) => wrapOpaque(stringToCIDR(s))),
  celFunc("isCIDR", [STRING], BOOL, (s: string) => succeeds(() => parseCIDR(s))),
  celMethod("containsIP", OPAQUE, [STRING], BOOL, function (this: CelValue, s: string) {
    return net.prefixContains(cidr(this), parseIP(s));
  }),
  celMethod("containsIP", OPAQUE, [OPAQUE], BOOL, function (this: CelValue, other: CelValue) {
    return net.prefixContains(cidr(this), ip(other));
  }),
  celMethod("containsCIDR", OPAQUE, [STRING], BOOL, function (this: CelValue, s: string) {
    return containsCIDR(cidr(this), stringToCIDR(s).prefix);
  }),
  celMethod("containsCIDR", OPAQUE, [OPAQUE], BOOL, function (this: CelValue, other: CelValue) {
    return containsCIDR(cidr(this), cidr(other));
  }),
  celMethod("ip", OPAQUE, [], OPAQUE, function (this: CelValue) {
    return wrapOpaque(new IP(cidr(this).addr));
  }),
  celMethod("masked", OPAQUE, [], OPAQUE, function (this: CelValue) {
    return wrapOpaque(new CIDR(net.maskedPrefix(cidr(this))));
  }),
  celMethod("prefixLength", OPAQUE, [], INT, function (this: CelValue) {
    return BigInt(cidr(this).prefixLength);
  }),
];

/** string() of an IP or CIDR (ipToString, cidrToString); undefined for other values. */
export function ipCidrToString(v: CelValue): string | undefined {
  try {
    return net.addrString(ip(v));
  } catch {
    try {
      return prefixString(cidr(v));
    } catch {
      return undefined;
    }
  }
}
