// The Kubernetes ip and cidr libraries (k8s.io/apiserver/pkg/cel/library/ip.go, cidr.go); expected
// values from the Go functions named in each case and from net/netip's ParseAddr/ParsePrefix.
import { describe, expect, it } from "vitest";
import { compileErrors, errorOf, estimatedCost, evaluate, problemsOf } from "./harness.js";

const PASS = { kind: "pass" };

describe("ip library", () => {
  it.each([
    "isIP('192.168.0.1') && isIP('::1') && isIP('2001:db8::abcd')",
    "!isIP('192.168.0.01') && !isIP('1.2.3') && !isIP('fe80::1%eth0') && !isIP('::ffff:1.2.3.4') && !isIP('')", // parseIPAddr rejects zones and 4in6
    "ip('127.0.0.1').family() == 4 && ip('::1').family() == 6", // family
    "ip('0.0.0.0').isUnspecified() && ip('::').isUnspecified() && !ip('::1').isUnspecified()", // Addr.IsUnspecified
    "ip('127.0.0.1').isLoopback() && ip('::1').isLoopback() && !ip('2001:db8::abcd').isLoopback()", // Addr.IsLoopback
    "ip('224.0.0.1').isLinkLocalMulticast() && !ip('224.0.1.1').isLinkLocalMulticast() && ip('ff02::1').isLinkLocalMulticast() && !ip('fd00::1').isLinkLocalMulticast()",
    "ip('169.254.169.254').isLinkLocalUnicast() && !ip('192.168.0.1').isLinkLocalUnicast() && ip('fe80::1').isLinkLocalUnicast() && !ip('fd80::1').isLinkLocalUnicast()",
    "ip('192.168.0.1').isGlobalUnicast() && !ip('255.255.255.255').isGlobalUnicast() && ip('2001:db8::abcd').isGlobalUnicast() && !ip('ff00::1').isGlobalUnicast()",
    "ip.isCanonical('127.0.0.1') && ip.isCanonical('2001:db8::abcd') && !ip.isCanonical('2001:DB8::ABCD') && !ip.isCanonical('2001:db8:0:0:0:0:0:abcd')", // Addr.String is RFC 5952
    "string(ip('2001:DB8:0:0:1:0:0:1')) == '2001:db8::1:0:0:1'", // ipToString: longest zero run (first of equals) compressed
    "ip('::1') == ip('0:0:0:0:0:0:0:1') && ip('1.2.3.4') != ip('1.2.3.5')", // IP.Equal compares addresses
  ])("%s", (expr) => {
    expect(evaluate(expr)).toEqual(PASS);
  });

  it.each([
    ["ip('1.2.3')", `IP Address "1.2.3" parse error during conversion from string: ParseAddr("1.2.3"): IPv4 address too short`],
    ["ip('1.2.3.256')", `IP Address "1.2.3.256" parse error during conversion from string: ParseAddr("1.2.3.256"): IPv4 field has value >255`],
    ["ip('01.2.3.4')", `IP Address "01.2.3.4" parse error during conversion from string: ParseAddr("01.2.3.4"): IPv4 field has octet with leading zero`],
    ["ip('1..2.3')", `IP Address "1..2.3" parse error during conversion from string: ParseAddr("1..2.3"): IPv4 field must have at least one digit (at ".2.3")`],
    ["ip('foo')", `IP Address "foo" parse error during conversion from string: ParseAddr("foo"): unable to parse IP`],
    ["ip('1::2::3')", `IP Address "1::2::3" parse error during conversion from string: ParseAddr("1::2::3"): multiple :: in address (at ":3")`],
    ["ip('fe80::1%eth0')", `IP address "fe80::1%eth0" with zone value is not allowed`],
    ["ip('::ffff:192.168.0.1')", `IPv4-mapped IPv6 address "::ffff:192.168.0.1" is not allowed`],
  ])("%s fails like stringToIP", (expr, message) => {
    expect(errorOf(`${expr}.family() == 4`)).toBe(message);
  });
});

describe("cidr library", () => {
  it.each([
    "isCIDR('192.168.0.0/24') && isCIDR('2001:db8::/32') && !isCIDR('192.168.0.0') && !isCIDR('192.168.0.0/33') && !isCIDR('::ffff:1.2.3.4/120')",
    "cidr('192.168.0.0/24').containsIP(ip('192.168.0.1')) && !cidr('192.168.0.0/24').containsIP('192.168.1.1')", // cidrContainsIP
    "cidr('2001:db8::/32').containsIP('2001:db8::1') && !cidr('2001:db8::/32').containsIP(ip('2001:dc8::1'))",
    "cidr('192.168.0.0/24').containsCIDR(cidr('192.168.0.0/25')) && !cidr('192.168.0.0/24').containsCIDR('192.168.0.0/23')", // cidrContainsCIDR
    // Masked() == PrefixFrom(other.Addr(), Bits()): the other network must start at the same address.
    "!cidr('10.0.0.0/8').containsCIDR('10.1.0.0/16') && cidr('10.0.0.0/8').containsCIDR('10.0.0.0/16')",
    "cidr('192.168.0.1/24').ip() == ip('192.168.0.1') && cidr('::1/128').ip().family() == 6", // cidrToIP
    "cidr('192.168.0.1/24').masked() == cidr('192.168.0.0/24') && cidr('192.168.0.1/24') != cidr('192.168.0.1/24').masked()", // masked, CIDR.Equal
    "cidr('2001:db8:1::/32').masked() == cidr('2001:db8::/32') && cidr('192.168.0.0/16').prefixLength() == 16",
    "string(cidr('192.168.0.0/24')) == '192.168.0.0/24'",
  ])("%s", (expr) => {
    expect(evaluate(expr)).toEqual(PASS);
  });

  it.each([
    // stringToCIDR wraps parseCIDR's message, which already carries the same prefix (cidr_test.go "parse invalid ipv6").
    ["cidr('2001:db8::/')", `network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix("2001:db8::/"): bad bits after slash: ""`],
    ["cidr('10.0.0.0/33')", `network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix("10.0.0.0/33"): prefix length out of range`],
    ["cidr('10.0.0.0')", `network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix("10.0.0.0"): no '/'`],
    ["cidr('10.0.0.0/08')", `network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix("10.0.0.0/08"): bad bits after slash: "08"`],
    ["cidr('10.0.0/8')", `network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix("10.0.0/8"): ParseAddr("10.0.0"): IPv4 address too short`],
  ])("%s fails like stringToCIDR", (expr, message) => {
    expect(errorOf(`${expr}.prefixLength() > 0`)).toBe(message);
  });

  it("is declared from Kubernetes 1.30 (base.go: library.IP, library.CIDR)", () => {
    expect(compileErrors("isIP(self.s)", "1.29")).toEqual([
      "compilation failed: ERROR: <input>:1:1: undeclared reference to 'isIP' (in container ''): isIP needs Kubernetes 1.30, kubernetes_version is 1.29",
    ]);
    expect(compileErrors("isIP(self.s)", "1.30")).toEqual([]);
    expect(problemsOf("isIP(self.s)", "1.29").some((p) => p.rule === "cel/kubernetes-version")).toBe(true);
  });

  it("type-checks arguments and results", () => {
    expect(compileErrors("ip(self.s).family() == 'x'")[0]).toMatch(/found no matching overload for '_==_' applied to '\(int, string\)'/);
    expect(compileErrors("cidr(self.s).family()")[0]).toMatch(/found no matching overload for 'family' applied to 'net.CIDR.\(\)'/);
  });

  it("estimates costs as library/cost.go's EstimateCallCost", () => {
    // self.s (ident 1 + select 1) + isIP: a global call, for which EstimateCallCost returns nil (target == nil) → 1.
    expect(estimatedCost("isIP(self.s)")).toBe(3);
    // cidr(self.s) 3 + ip(self.s) 3 + containsIP with an IP: ceil((16+16) × 0.1) = 4.
    expect(estimatedCost("cidr(self.s).containsIP(ip(self.s))")).toBe(10);
    // containsIP with a string adds the traversal of it, ceil(256 × 0.1) = 26 (maxLength 64, up to 4 bytes each): 3 + 2 + 4 + 26.
    expect(estimatedCost("cidr(self.s).containsIP(self.s)")).toBe(35);
    // containsCIDR: 4 + ceil(16 × 0.1) + 1 = 7.
    expect(estimatedCost("cidr(self.s).containsCIDR(cidr(self.s))")).toBe(13);
  });
});
