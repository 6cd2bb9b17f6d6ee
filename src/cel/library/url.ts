// The Kubernetes URL CEL library (k8s.io/apiserver/pkg/cel/library/urls.go, in every version): url(),
// isURL() and the getters, over a port of Go's net/url ParseRequestURI/Parse for the parts they use.
import { celFunc, celMethod, CelScalar, listType, mapType, type CelFunc, type CelValue } from "@bufbuild/cel";
import { goQuote } from "../../crd-eval/go-text.js";
import { unwrap, wrapOpaque, type OpaqueValue } from "./opaque.js";

const { BOOL, STRING, DYN } = CelScalar;
const OPAQUE = mapType(DYN, DYN);
export const URL_TYPE = "kubernetes.URL";

export interface ParsedURL {
  scheme: string;
  opaque: string;
  host: string;
  rawPath: string;
  rawQuery: string;
}

/** url.Error of Go: `parse "<url>": <err>`. */
function urlError(raw: string, message: string): Error {
  return new Error(`parse ${goQuote(raw)}: ${message}`);
}

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (/[a-zA-Z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ["", raw];
      continue;
    }
    if (c === ":") {
      if (i === 0) throw new Error("missing protocol scheme");
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ["", raw];
  }
  return ["", raw];
}

const validOptionalPort = (port: string) => port === "" || /^:[0-9]*$/.test(port);

/** unescape of net/url: %XX sequences must be valid hex. */
function checkEscapes(s: string): void {
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== "%") continue;
    const hex = s.slice(i, i + 3);
    if (!/^%[0-9a-fA-F]{2}$/.test(hex)) throw new Error(`invalid URL escape ${goQuote(hex)}`);
    i += 2;
  }
}

function parseHost(host: string): string {
  if (host.startsWith("[")) {
    const close = host.lastIndexOf("]");
    if (close < 0) throw new Error("missing ']' in host");
    const colonPort = host.slice(close + 1);
    if (!validOptionalPort(colonPort)) throw new Error(`invalid port ${goQuote(colonPort)} after host`);
  } else {
    const colon = host.lastIndexOf(":");
    if (colon !== -1 && !validOptionalPort(host.slice(colon))) throw new Error(`invalid port ${goQuote(host.slice(colon))} after host`);
  }
  checkEscapes(host);
  // unescape(host, encodeHost): an ASCII character shouldEscape(c, encodeHost) reports is an InvalidHostError.
  for (const c of host) {
    if (c < "\x80" && c !== "%" && !/[A-Za-z0-9\-_.~!$&'()*+,;=:[\]<>"]/.test(c)) throw new Error(`invalid character ${goQuote(c)} in host name`);
  }
  return host;
}

/** Go's url.ParseRequestURI (viaRequest) or url.Parse (fragment split off first). */
export function parseURL(raw: string, viaRequest: boolean): ParsedURL {
  try {
    let rest = raw;
    if (!viaRequest) {
      const hash = rest.indexOf("#");
      if (hash >= 0) rest = rest.slice(0, hash);
    }
    if ([...rest].some((c) => c < " " || c === "\x7f")) throw new Error("net/url: invalid control character in URL");
    if (rest === "" && viaRequest) throw new Error("empty url");
    if (rest === "*") return { scheme: "", opaque: "", host: "", rawPath: "*", rawQuery: "" };
    const [schemeText, afterScheme] = getScheme(rest);
    const scheme = schemeText.toLowerCase();
    rest = afterScheme;
    let rawQuery = "";
    if (rest.endsWith("?") && rest.split("?").length === 2) rest = rest.slice(0, -1);
    else {
      const q = rest.indexOf("?");
      if (q >= 0) {
        rawQuery = rest.slice(q + 1);
        rest = rest.slice(0, q);
      }
    }
    if (!rest.startsWith("/")) {
      if (scheme !== "") return { scheme, opaque: rest, host: "", rawPath: "", rawQuery };
      if (viaRequest) throw new Error("invalid URI for request");
      const colon = rest.indexOf(":");
      const slash = rest.indexOf("/");
      if (colon !== -1 && (slash === -1 || colon < slash)) throw new Error("first path segment in URL cannot contain colon");
    }
    let host = "";
    if ((scheme !== "" || (!viaRequest && !rest.startsWith("///"))) && rest.startsWith("//")) {
      let authority = rest.slice(2);
      rest = "";
      const slash = authority.indexOf("/");
      if (slash >= 0) {
        rest = authority.slice(slash);
        authority = authority.slice(0, slash);
      }
      const at = authority.lastIndexOf("@");
      host = parseHost(at < 0 ? authority : authority.slice(at + 1));
      if (at >= 0 && !/^[-A-Za-z0-9._:~!$&'()*+,;=%@]*$/.test(authority.slice(0, at))) throw new Error("net/url: invalid userinfo");
    }
    checkEscapes(rest);
    return { scheme, opaque: "", host, rawPath: rest, rawQuery };
  } catch (e) {
    throw urlError(raw, (e as Error).message);
  }
}

class URLValue implements OpaqueValue {
  readonly typeName = URL_TYPE;
  constructor(
    readonly raw: string,
    readonly url: ParsedURL,
  ) {}
  equalityKey(): string {
    return this.raw;
  }
}

/** stringToUrl: ParseRequestURI decides validity, Parse gives the parts. */
function stringToURL(raw: string): URLValue {
  try {
    parseURL(raw, true);
    return new URLValue(raw, parseURL(raw, false));
  } catch (e) {
    throw new Error(`URL parse error during conversion from string: ${(e as Error).message}`);
  }
}

/** URL.Hostname and URL.Port: split at the last ':' when a valid port follows; strip IPv6 brackets. */
function splitHostPort(hostPort: string): [string, string] {
  let host = hostPort;
  let port = "";
  const colon = host.lastIndexOf(":");
  if (colon !== -1 && validOptionalPort(host.slice(colon))) {
    port = host.slice(colon + 1);
    host = host.slice(0, colon);
  }
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  return [host, port];
}

/** URL.EscapedPath: the path as written when it is validly encoded, else percent-encoded. */
function escapedPath(raw: string): string {
  if (/^[-A-Za-z0-9._~!$&'()*+,;=:@/%]*$/.test(raw)) return raw;
  return [...raw].map((c) => (/[-A-Za-z0-9._~!$&'()*+,;=:@/%]/.test(c) ? c : [...Buffer.from(c)].map((b) => `%${b.toString(16).toUpperCase().padStart(2, "0")}`).join(""))).join("");
}

function queryUnescape(s: string): string | undefined {
  try {
    checkEscapes(s);
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return undefined;
  }
}

/** URL.Query (url.ParseQuery ignoring errors): pairs split on '&', a pair with ';' or a bad escape is skipped. */
function parseQuery(rawQuery: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of rawQuery.split("&")) {
    if (part === "" || part.includes(";")) continue;
    const eq = part.indexOf("=");
    const key = queryUnescape(eq < 0 ? part : part.slice(0, eq));
    const value = queryUnescape(eq < 0 ? "" : part.slice(eq + 1));
    if (key === undefined || value === undefined) continue;
    out.set(key, [...(out.get(key) ?? []), value]);
  }
  return out;
}

const u = (v: CelValue) => unwrap<URLValue>(v, URL_TYPE).url;

export const URL_FUNCTIONS: CelFunc[] = [
  celFunc("url", [STRING], OPAQUE, (s: string) => wrapOpaque(stringToURL(s))),
  celFunc("isURL", [STRING], BOOL, (s: string) => {
    try {
      parseURL(s, true);
      return true;
    } catch {
      return false;
    }
  }),
  celMethod("getScheme", OPAQUE, [], STRING, function (this: CelValue) {
    return u(this).scheme;
  }),
  celMethod("getHost", OPAQUE, [], STRING, function (this: CelValue) {
    return u(this).host;
  }),
  celMethod("getHostname", OPAQUE, [], STRING, function (this: CelValue) {
    return splitHostPort(u(this).host)[0];
  }),
  celMethod("getPort", OPAQUE, [], STRING, function (this: CelValue) {
    return splitHostPort(u(this).host)[1];
  }),
  celMethod("getEscapedPath", OPAQUE, [], STRING, function (this: CelValue) {
    return escapedPath(u(this).rawPath);
  }),
  celMethod("getQuery", OPAQUE, [], mapType(STRING, listType(STRING)), function (this: CelValue) {
    return parseQuery(u(this).rawQuery);
  }),
];
