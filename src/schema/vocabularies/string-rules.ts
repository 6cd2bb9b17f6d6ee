// protovalidate / protoc-gen-validate string rules → OpenAPI keywords, CEL, or a reason. protovalidate's
// semantics are its rule expressions in validate.proto: lengths count code points like maxLength and
// size(); patterns are RE2 and unanchored in both; the well-known formats defined by a regular expression
// keep that expression.
import type { JSONSchemaProps, JsonValue } from "../kubernetes.js";
import { re2ToRegExp } from "../../cel/re2-to-js.js";
import type { Enforcement } from "./enforcement.js";
import { addCheckedCelRule } from "./cel-rules.js";
import { celString, lowerCount, raiseCount, restrictEnum } from "./schema-edits.js";
import type { ValueScope } from "./value-scope.js";



/** The well-known string formats whose protovalidate definition is a regular expression (validate.proto). */
const STRING_FORMATS: Record<string, { pattern: string; message: string }> = {
  email: {
    // protovalidate's isEmail: the WHATWG HTML definition of a valid e-mail address.
    pattern: "^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$",
    message: "must be a valid email address",
  },
  hostname: {
    // protovalidate's isHostname: labels of 1-63 letters, digits and inner hyphens, an optional final dot;
    // the length (253) and the "last label is not all digits" parts are added below.
    pattern: "^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.)*[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\\.?$",
    message: "must be a valid hostname",
  },
  uuid: { pattern: "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$", message: "must be a valid UUID" },
  tuuid: { pattern: "^[0-9a-fA-F]{32}$", message: "must be a valid trimmed UUID" },
  ulid: { pattern: "^[0-7][0-9A-HJKMNP-TV-Za-hjkmnp-tv-z]{25}$", message: "must be a valid ULID" },
  protobuf_fqn: { pattern: "^[A-Za-z_][A-Za-z_0-9]*(\\.[A-Za-z_][A-Za-z_0-9]*)*$", message: "must be a valid fully-qualified Protobuf name" },
  protobuf_dot_fqn: { pattern: "^\\.[A-Za-z_][A-Za-z_0-9]*(\\.[A-Za-z_][A-Za-z_0-9]*)*$", message: "must be a valid fully-qualified Protobuf name with a leading dot" },
};

/** Formats checked by code (IP parsing, RFC 3986), which Kubernetes CEL has only with other semantics. */
const CODE_FORMATS = new Set([
  "ip", "ipv4", "ipv6", "uri", "uri_ref", "address", "ip_with_prefixlen", "ipv4_with_prefixlen", "ipv6_with_prefixlen",
  "ip_prefix", "ipv4_prefix", "ipv6_prefix", "host_and_port",
]);

/** protoc-gen-validate checks these formats with Go code (net/mail, net.ParseIP, url.Parse…), not regular expressions. */
const PGV_CODE_FORMATS = new Set(["email", "hostname", "address", "uri", "uri_ref", "ip", "ipv4", "ipv6", "well_known_regex"]);

export function stringRules(rules: Record<string, JsonValue>, scope: ValueScope): boolean {
  const { node } = scope;
  let zeroFails = false;
  const strict = rules.strict !== false;
  for (const [key, value] of Object.entries(rules)) {
    const openapi = (detail: string): Enforcement => ({ how: "openapi", detail });
    const cel = (rule: string, message: string): Enforcement => addCheckedCelRule(node, rule, message);
    let e: Enforcement;
    switch (key) {
      case "const":
        e = constant(node, value);
        zeroFails ||= value !== "";
        break;
      case "len":
        raiseCount(node, "minLength", Number(value));
        lowerCount(node, "maxLength", Number(value));
        e = openapi(`minLength: ${value}, maxLength: ${value}`);
        zeroFails ||= Number(value) > 0;
        break;
      case "min_len":
        raiseCount(node, "minLength", Number(value));
        e = openapi(`minLength: ${value}`);
        zeroFails ||= Number(value) > 0;
        break;
      case "max_len":
        lowerCount(node, "maxLength", Number(value));
        e = openapi(`maxLength: ${value}`);
        break;
      case "len_bytes":
        e = cel(`size(bytes(self)) == ${value}`, `must be ${value} bytes`);
        zeroFails ||= Number(value) > 0;
        break;
      case "min_bytes":
        e = cel(`size(bytes(self)) >= ${value}`, `must be at least ${value} bytes`);
        zeroFails ||= Number(value) > 0;
        break;
      case "max_bytes":
        e = cel(`size(bytes(self)) <= ${value}`, `must be at most ${value} bytes`);
        break;
      case "pattern":
        e = pattern(node, String(value), `does not match regex pattern \`${value}\``);
        zeroFails ||= !matchesEmpty(String(value));
        break;
      case "prefix":
        e = cel(`self.startsWith(${celString(String(value))})`, `does not have prefix \`${value}\``);
        zeroFails ||= value !== "";
        break;
      case "suffix":
        e = cel(`self.endsWith(${celString(String(value))})`, `does not have suffix \`${value}\``);
        zeroFails ||= value !== "";
        break;
      case "contains":
        e = cel(`self.contains(${celString(String(value))})`, `does not contain substring \`${value}\``);
        zeroFails ||= value !== "";
        break;
      case "not_contains":
        e = cel(`!self.contains(${celString(String(value))})`, `contains substring \`${value}\``);
        zeroFails ||= value === "";
        break;
      case "in":
        restrictEnum(node, value as JsonValue[]);
        e = openapi(`enum: ${JSON.stringify(value)}`);
        zeroFails ||= !(value as JsonValue[]).includes("");
        break;
      case "not_in":
        e = cel(`!(self in [${(value as string[]).map(celString).join(", ")}])`, `must not be in list ${JSON.stringify(value)}`);
        zeroFails ||= (value as JsonValue[]).includes("");
        break;
      case "strict":
        continue; // part of well_known_regex
      case "example":
        continue; // documentation, not a constraint
      case "well_known_regex":
        if (scope.dialect === "protoc-gen-validate") e = { how: "none", reason: "protoc-gen-validate's header regular expressions differ from protovalidate's; not translated" };
        else e = headerRegex(node, String(value).replace(/^KNOWN_REGEX_/, ""), strict);
        zeroFails ||= String(value).endsWith("HTTP_HEADER_NAME");
        break;
      default:
        if (value !== true) {
          e = { how: "none", reason: value === false ? "disabled (false)" : "not a protovalidate string rule" };
        } else if (scope.dialect === "protoc-gen-validate" && PGV_CODE_FORMATS.has(key)) {
          e = { how: "none", reason: `protoc-gen-validate checks ${key} with Go library code; Kubernetes has no check with the same semantics` };
        } else if (Object.hasOwn(STRING_FORMATS, key)) {
          const format = STRING_FORMATS[key];
          const matched = pattern(node, format.pattern, format.message);
          e = matched;
          if (key === "hostname" && matched.how !== "none") {
            lowerCount(node, "maxLength", 253);
            const digits = addCheckedCelRule(node, "!self.matches('(^|[.])[0-9]+[.]?$')", "must be a valid hostname: the last label cannot be all digits");
            e = digits.how === "none" ? digits : { how: "cel", detail: `${matched.detail}, maxLength: 253, ${digits.detail}` };
          }
          zeroFails = true;
        } else if (CODE_FORMATS.has(key)) {
          e = { how: "none", reason: `protovalidate checks ${key} with code; Kubernetes' formats and CEL libraries (isIP, isURL, isCIDR) accept different sets of values` };
          zeroFails ||= key !== "uri_ref";
        } else {
          e = { how: "none", reason: "not a protovalidate string rule" };
        }
    }
    scope.record(key, value, e);
  }
  return zeroFails;
}

function headerRegex(node: JSONSchemaProps, which: string, strict: boolean): Enforcement {
  // The expressions of string.well_known_regex in validate.proto, written with RE2 \x escapes.
  if (which === "HTTP_HEADER_NAME") {
    return pattern(node, strict ? "^:?[0-9a-zA-Z!#$%&'*+-.^_|~\\x60]+$" : "^[^\\x00\\x0A\\x0D]+$", "must be a valid HTTP header name");
  }
  if (which === "HTTP_HEADER_VALUE") {
    return pattern(node, strict ? "^[^\\x00-\\x08\\x0A-\\x1F\\x7F]*$" : "^[^\\x00\\x0A\\x0D]*$", "must be a valid HTTP header value");
  }
  return { how: "none", reason: `unknown well-known regex ${which}` };
}

/** `pattern` when the node has none yet; a CEL matches() otherwise (both are RE2, unanchored). */
function pattern(node: JSONSchemaProps, regex: string, message: string): Enforcement {
  if (node.pattern === undefined || node.pattern === regex) {
    node.pattern = regex;
    return { how: "openapi", detail: `pattern: ${regex}` };
  }
  return addCheckedCelRule(node, `self.matches(${celString(regex)})`, message);
}

export function matchesEmpty(regex: string): boolean {
  try {
    return re2ToRegExp(regex).test("");
  } catch {
    return false;
  }
}

export function constant(node: JSONSchemaProps, value: JsonValue): Enforcement {
  restrictEnum(node, [value]);
  return { how: "openapi", detail: `enum: [${JSON.stringify(value)}]` };
}

