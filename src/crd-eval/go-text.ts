// Renders values the way the apiserver's Go code prints them, so error texts match byte for byte:
// `%q` for strings, `%v` for int64/float64, and encoding/json for everything else.

const INT64_LIMIT = 9223372036854775808; // 2^63

/** Whether a JSON number decodes to int64 (not float64) in the apiserver's unstructured JSON decoder. */
export function isInt64(value: number): boolean {
  return Number.isInteger(value) && value >= -INT64_LIMIT && value < INT64_LIMIT;
}

/** Printable ASCII but the quote and the backslash: what `%q` writes unchanged, checked in one test. */
const PLAIN_ASCII = /^[\x20\x21\x23-\x5b\x5d-\x7e]*$/;
/** unicode.IsPrint without the space: letters, marks, numbers, punctuation and symbols. */
const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u;

/**
 * Go's `%q` (strconv.Quote, appendQuotedWith/appendEscapedRune): printable runes as they are, `\a`…`\v`,
 * `\xHH` below space and for DEL, `\uHHHH` / `\UHHHHHHHH` for every other unprintable rune. A lone
 * surrogate cannot reach Go: its JSON decoder turns it into U+FFFD, which prints as itself.
 */
export function goQuote(text: string): string {
  if (PLAIN_ASCII.test(text)) return `"${text}"`;
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"' || ch === "\\") out += `\\${ch}`;
    else if (cp >= 0xd800 && cp <= 0xdfff) out += "\ufffd";
    else if (cp === 0x20 || PRINTABLE.test(ch)) out += ch;
    else out += escapedRune(ch, cp);
  }
  return out + '"';
}

function escapedRune(ch: string, cp: number): string {
  switch (ch) {
    case "\x07": return "\\a";
    case "\b": return "\\b";
    case "\f": return "\\f";
    case "\n": return "\\n";
    case "\r": return "\\r";
    case "\t": return "\\t";
    case "\v": return "\\v";
  }
  if (cp < 0x20 || cp === 0x7f) return `\\x${cp.toString(16).padStart(2, "0")}`;
  if (cp < 0x10000) return `\\u${cp.toString(16).padStart(4, "0")}`;
  return `\\U${cp.toString(16).padStart(8, "0")}`;
}

/** Go's `%v` of a float64: strconv 'g' with the shortest digits, exponent form when exp < -4 || exp >= 6. */
export function goFloat(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  if (value === 0) return Object.is(value, -0) ? "-0" : "0";
  const [mantissa, expText] = value.toExponential().split("e");
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? "-" : "+";
    return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return String(value);
}

/** Go's `%v` of a JSON number as decoded by the apiserver (int64 when integral, float64 otherwise). */
export function goNumber(value: number): string {
  return isInt64(value) ? BigInt(value).toString() : goFloat(value);
}

/** encoding/json.Marshal: map keys sorted, HTML characters escaped, Go's float formatting. */
export function goJson(value: unknown): string {
  if (value === null || value === undefined) return "null";
  switch (typeof value) {
    case "boolean":
      return value ? "true" : "false";
    case "number":
      return goJsonNumber(value);
    case "string":
      return goJsonString(value);
    case "object":
      if (Array.isArray(value)) return `[${value.map(goJson).join(",")}]`;
      return `{${Object.keys(value)
        .sort(byUtf8)
        .map((k) => `${goJsonString(k)}:${goJson((value as Record<string, unknown>)[k])}`)
        .join(",")}}`;
    default:
      return "null";
  }
}

function goJsonNumber(value: number): string {
  if (!Number.isFinite(value)) return "null";
  if (isInt64(value)) return BigInt(value).toString();
  const abs = Math.abs(value);
  // Go uses exponent form below 1e-6 and from 1e21 on, with unpadded exponents, like JavaScript.
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) return value.toExponential();
  return String(value);
}

function goJsonString(text: string): string {
  let out = '"';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else if (cp < 0x20 || ch === "<" || ch === ">" || ch === "&" || cp === 0x2028 || cp === 0x2029) {
      out += `\\u${cp.toString(16).padStart(4, "0")}`;
    } else if (cp >= 0xd800 && cp <= 0xdfff) out += "\\ufffd";
    else out += ch;
  }
  return out + '"';
}

/** Go sorts map keys by their UTF-8 bytes, which for UTF-16 strings is code point order. */
function byUtf8(a: string, b: string): number {
  const ca = [...a].map((c) => c.codePointAt(0)!);
  const cb = [...b].map((c) => c.codePointAt(0)!);
  for (let i = 0; i < Math.min(ca.length, cb.length); i++) if (ca[i] !== cb[i]) return ca[i] - cb[i];
  return ca.length - cb.length;
}
