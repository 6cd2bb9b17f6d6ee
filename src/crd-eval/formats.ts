// The string formats kube-apiserver validates in custom resources (kube-openapi strfmt.Default, as
// filtered by apiextensions' supportedVersionedFormats); any other format is stripped and validates nothing.
import { RE2JS } from "@bufbuild/re2";

type FormatCheck = (value: string) => boolean;

/** A format's registry name: the apiserver drops dashes ("date-time" → "datetime"). */
export function normalizeFormat(format: string): string {
  return format.replaceAll("-", "");
}

// Compiled on first use: a Unicode class such as \p{L} costs RE2 hundreds of milliseconds to build,
// which the plugin's self-check (it loads this module for defaults) must not pay on every run.
const re2 = (pattern: string): FormatCheck => {
  let compiled: RE2JS | undefined;
  return (value) => (compiled ??= RE2JS.compile(pattern)).test(value);
};

const HOSTNAME = re2(
  String.raw`^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z0-9\p{S}\p{L}])(-?[a-zA-Z0-9\p{S}\p{L}]){1,62})$`,
);
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID3 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?3[0-9a-f]{3}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const UUID4 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?4[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const UUID5 = /^[0-9a-f]{8}-?[0-9a-f]{4}-?5[0-9a-f]{3}-?[89ab][0-9a-f]{3}-?[0-9a-f]{12}$/i;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/;
const HEXCOLOR = /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const RGB_PART = String.raw`\s*(0|[1-9]\d?|1\d\d?|2[0-4]\d|25[0-5])\s*`;
const RGBCOLOR = new RegExp(String.raw`^rgb\(${RGB_PART},${RGB_PART},${RGB_PART}\)$`);
const SSN = /^\d{3}[- ]?\d{2}[- ]?\d{4}$/;
const CREDIT_CARD =
  /^(?:4[0-9]{12}(?:[0-9]{3})?|5[1-5][0-9]{14}|(222[1-9]|22[3-9][0-9]|2[3-6][0-9]{2}|27[01][0-9]|2720)[0-9]{12}|6(?:011|5[0-9][0-9])[0-9]{12}|3[47][0-9]{13}|3(?:0[0-5]|[68][0-9])[0-9]{11}|(?:2131|1800|35\d{3})\d{11}|6[27][0-9]{14})$/;
const DATE_TIME_TIME = /^([0-9]{2}):([0-9]{2}):([0-9]{2})(.[0-9]+)?(z|([+-][0-9]{2}:[0-9]{2}))$/;

const FORMATS: Record<string, FormatCheck> = {
  bsonobjectid: (v) => /^[0-9a-fA-F]{24}$/.test(v),
  uri: isRequestUri,
  email: isEmail,
  hostname: (v) => HOSTNAME(v) && utf8Length(v) <= 255 && v.split(".").every((label) => utf8Length(label) <= 63),
  ipv4: (v) => parseIp(v) && v.includes("."),
  ipv6: (v) => parseIp(v) && v.includes(":"),
  cidr: isCidr,
  mac: isMac,
  uuid: (v) => UUID.test(v),
  uuid3: (v) => UUID3.test(v),
  uuid4: (v) => UUID4.test(v),
  uuid5: (v) => UUID5.test(v),
  isbn: (v) => isIsbn10(v) || isIsbn13(v),
  isbn10: isIsbn10,
  isbn13: isIsbn13,
  creditcard: isCreditCard,
  ssn: (v) => v.length === 11 && SSN.test(v),
  hexcolor: (v) => HEXCOLOR.test(v),
  rgbcolor: (v) => RGBCOLOR.test(v),
  byte: (v) => BASE64.test(v),
  password: () => true,
  date: isDate,
  duration: isDuration,
  datetime: isDateTime,
};

/** The check for a format the apiserver validates, or undefined when it ignores the format. */
export function formatCheck(format: string | undefined): FormatCheck | undefined {
  if (format === undefined || format === "") return undefined;
  const name = normalizeFormat(format);
  return Object.hasOwn(FORMATS, name) ? FORMATS[name] : undefined;
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** Go's time.Parse("2006-01-02", …): exact digits and a day that exists in that month. */
function isDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (month < 1 || month > 12 || day < 1) return false;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return day <= days;
}

/** strfmt.IsDateTime: a full-date, a "t", then hh:mm:ss[.frac](z|±hh:mm), case-insensitive. */
function isDateTime(value: string): boolean {
  if (isCanonicalDateTime(value)) return true;
  if (value.length < 4) return false;
  const parts = value.toLowerCase().split("t");
  if (parts.length < 2 || !isDate(parts[0])) return false;
  const m = DATE_TIME_TIME.exec(parts[1]);
  return m !== null && m[1] <= "23" && m[2] <= "59" && m[3] <= "59";
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The two ASCII digits at `i` as a number, or -1. */
function twoDigits(value: string, i: number): number {
  const a = value.charCodeAt(i) - 48;
  const b = value.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The common shape `yyyy-mm-ddThh:mm:ss[.frac](Z|±hh:mm)`, checked without allocating. True only when
 * isDateTime's general path would also accept it (ASCII, a single `t`); anything else goes that path.
 */
function isCanonicalDateTime(value: string): boolean {
  if (value.length < 20) return false;
  const century = twoDigits(value, 0);
  const yy = twoDigits(value, 2);
  const month = twoDigits(value, 5);
  const day = twoDigits(value, 8);
  const t = value.charCodeAt(10);
  if (century < 0 || yy < 0 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45 || (t !== 84 && t !== 116)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  const year = century * 100 + yy;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  if (day > (month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1])) return false;
  const hour = twoDigits(value, 11);
  const minute = twoDigits(value, 14);
  const second = twoDigits(value, 17);
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return false;
  if (value.charCodeAt(13) !== 58 || value.charCodeAt(16) !== 58) return false;
  let i = 19;
  if (value.charCodeAt(i) === 46) {
    i++;
    const start = i;
    while (i < value.length && value.charCodeAt(i) >= 48 && value.charCodeAt(i) <= 57) i++;
    if (i === start) return false;
  }
  const zone = value.charCodeAt(i);
  if (zone === 90 || zone === 122) return i + 1 === value.length;
  if (zone !== 43 && zone !== 45) return false;
  return i + 6 === value.length && twoDigits(value, i + 1) >= 0 && value.charCodeAt(i + 3) === 58 && twoDigits(value, i + 4) >= 0;
}

const GO_DURATION_UNITS = new Set(["ns", "us", "µs", "μs", "ms", "s", "m", "h"]);
const GO_DURATION_LIMIT = 9223372036854775807n;
const GO_UNIT_NANOS: Record<string, number> = { ns: 1, us: 1e3, "µs": 1e3, "μs": 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** time.ParseDuration, then strfmt's scala-style fallback ("3 days", "1 hour 5 mins"). */
function isDuration(value: string): boolean {
  if (isGoDuration(value)) return true;
  if (!/^\s*(?:\d+\s*[A-Za-zµ]+\s*)+$/u.test(value)) return false;
  const variants = [["ns", "nano"], ["us", "µs", "micro"], ["ms", "milli"], ["s", "sec"], ["m", "min"], ["h", "hr", "hour"], ["d", "day"], ["w", "wk", "week"]];
  for (const match of value.matchAll(/(\d+)\s*([A-Za-zµ]+)/gu)) {
    const unit = match[2].trim().toLowerCase();
    for (const names of variants) {
      if (names.some((name, i) => (i === names.length - 1 && unit.startsWith(name)) || name === unit)) return true;
    }
  }
  return false;
}

function isGoDuration(value: string): boolean {
  let s = value;
  if (s.startsWith("-") || s.startsWith("+")) s = s.slice(1);
  if (s === "0") return true;
  if (s === "") return false;
  let total = 0;
  while (s !== "") {
    const m = /^(\d*)(?:\.(\d*))?([^\d.]+)/u.exec(s);
    if (!m || (m[1] === "" && (m[2] === undefined || m[2] === ""))) return false;
    const unit = m[3];
    if (!GO_DURATION_UNITS.has(unit)) return false;
    if (m[1] !== "" && BigInt(m[1]) > GO_DURATION_LIMIT) return false;
    total += Number(`${m[1] || "0"}.${m[2] ?? "0"}`) * GO_UNIT_NANOS[unit];
    if (total > 9223372036854775807) return false;
    s = s.slice(m[0].length);
  }
  return true;
}

/** net.ParseIP: dotted IPv4 without leading zeros, or IPv6 (optionally ending in IPv4), no zone. */
function parseIp(value: string): boolean {
  return isIpv4(value) || isIpv6(value);
}

function isIpv4(value: string): boolean {
  const parts = value.split(".");
  return parts.length === 4 && parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

function isIpv6(value: string): boolean {
  if (!value.includes(":")) return false;
  let text = value;
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  if (tail.includes(".")) {
    if (!isIpv4(tail)) return false;
    text = text.slice(0, lastColon + 1) + "0:0";
  }
  const halves = text.split("::");
  if (halves.length > 2) return false;
  const group = /^[0-9a-fA-F]{1,4}$/;
  const parse = (half: string): number | undefined => {
    if (half === "") return 0;
    const groups = half.split(":");
    return groups.every((g) => group.test(g)) ? groups.length : undefined;
  };
  if (halves.length === 1) return parse(halves[0]) === 8;
  const a = parse(halves[0]);
  const b = parse(halves[1]);
  return a !== undefined && b !== undefined && a + b < 8;
}

/** net.ParseCIDR: an address (no zone) and a decimal prefix length within the address size. */
function isCidr(value: string): boolean {
  const slash = value.indexOf("/");
  if (slash < 0) return false;
  const addr = value.slice(0, slash);
  const mask = value.slice(slash + 1);
  const bits = isIpv4(addr) ? 32 : isIpv6(addr) ? 128 : 0;
  return bits > 0 && /^\d+$/.test(mask) && mask.length < 10 && Number(mask) <= bits;
}

/** net.ParseMAC: EUI-48, EUI-64 or 20-octet addresses with `:`, `-` or `.` separators. */
function isMac(value: string): boolean {
  if (value.length < 14) return false;
  if (value[2] === ":" || value[2] === "-") {
    if ((value.length + 1) % 3 !== 0) return false;
    const n = (value.length + 1) / 3;
    if (n !== 6 && n !== 8 && n !== 20) return false;
    const sep = value[2] === ":" ? ":" : "-";
    return new RegExp(`^[0-9a-fA-F]{2}(\\${sep}[0-9a-fA-F]{2}){${n - 1}}$`).test(value);
  }
  if (value[4] === ".") {
    if ((value.length + 1) % 5 !== 0) return false;
    const n = (2 * (value.length + 1)) / 5;
    if (n !== 6 && n !== 8 && n !== 20) return false;
    return new RegExp(`^[0-9a-fA-F]{4}(\\.[0-9a-fA-F]{4}){${n / 2 - 1}}$`).test(value);
  }
  return false;
}

function isIsbn10(value: string): boolean {
  const s = value.replace(/[\s-]/g, "");
  if (!/^(?:[0-9]{9}X|[0-9]{10})$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(s[i]) * (i + 1);
  sum += s[9] === "X" ? 100 : Number(s[9]) * 10;
  return sum % 11 === 0;
}

function isIsbn13(value: string): boolean {
  const s = value.replace(/[\s-]/g, "");
  if (!/^[0-9]{13}$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(s[i]) * (i % 2 === 0 ? 1 : 3);
  return (10 - (sum % 10)) % 10 === Number(s[12]);
}

/** govalidator.IsCreditCard: digits only after dropping separators, a known issuer prefix, Luhn checksum. */
function isCreditCard(value: string): boolean {
  const digits = value.replace(/[^0-9]+/g, "");
  if (!CREDIT_CARD.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = Number(digits[i]);
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

const ATOM = "[A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~\\u0080-\\u{10FFFF}]+";
const DOT_ATOM = `${ATOM}(?:\\.${ATOM})*`;
const QUOTED = String.raw`"(?:[^"\\\r\n]|\\.)*"`;
const ADDR_SPEC = `(?:${DOT_ATOM}|${QUOTED})@(?:${DOT_ATOM}|\\[[^\\[\\]\\\\]*\\])`;
const EMAIL = new RegExp(`^\\s*(?:${ADDR_SPEC}|(?:${QUOTED}|[^<>"]*)<${ADDR_SPEC}>)\\s*$`, "u");

/** net/mail.ParseAddress, approximated: an addr-spec, optionally as `Display Name <addr-spec>`. */
function isEmail(value: string): boolean {
  return EMAIL.test(value);
}

const HOST_ALLOWED = /^[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"%\u0080-\u{10FFFF}]*$/u;

/** url.ParseRequestURI: an absolute URI or an absolute path. */
function isRequestUri(value: string): boolean {
  if (value === "" || /[\x00-\x1f\x7f]/.test(value)) return false;
  if (value === "*") return true;
  let scheme = "";
  let rest = value;
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(value);
  if (value.startsWith(":")) return false;
  if (schemeMatch) {
    scheme = schemeMatch[1];
    rest = value.slice(schemeMatch[0].length);
  }
  if (rest.endsWith("?") && rest.indexOf("?") === rest.length - 1) rest = rest.slice(0, -1);
  else if (rest.includes("?")) rest = rest.slice(0, rest.indexOf("?"));
  if (!rest.startsWith("/")) return scheme !== "";
  if (scheme !== "" && rest.startsWith("//")) {
    let authority = rest.slice(2);
    const slash = authority.indexOf("/");
    rest = slash >= 0 ? authority.slice(slash) : "";
    authority = slash >= 0 ? authority.slice(0, slash) : authority;
    const at = authority.lastIndexOf("@");
    const host = at >= 0 ? authority.slice(at + 1) : authority;
    if (!isUriHost(host)) return false;
  }
  return validEscapes(rest);
}

function isUriHost(host: string): boolean {
  let port = "";
  let name = host;
  if (host.startsWith("[")) {
    const close = host.indexOf("]");
    if (close < 0) return false;
    port = host.slice(close + 1);
    name = host.slice(1, close);
    if (port !== "" && !port.startsWith(":")) return false;
  } else {
    const colon = host.lastIndexOf(":");
    if (colon >= 0) {
      port = host.slice(colon);
      name = host.slice(0, colon);
    }
  }
  if (port !== "" && !/^:\d*$/.test(port)) return false;
  return HOST_ALLOWED.test(name) && validEscapes(name);
}

function validEscapes(text: string): boolean {
  for (let i = text.indexOf("%"); i >= 0; i = text.indexOf("%", i + 1)) {
    if (!/^[0-9a-fA-F]{2}$/.test(text.slice(i + 1, i + 3))) return false;
  }
  return true;
}
