// protovalidate (and protoc-gen-validate) rules on one scalar value → OpenAPI keywords where they mean
// exactly the same thing on the JSON value, CEL where they do not, or a reason when neither is exact.
// The semantics are protovalidate's own rule expressions (buf/validate/validate.proto): string lengths
// count code points like maxLength and size(); patterns are RE2 in both; bytes are base64 text in JSON.
import type { DescEnum } from "@bufbuild/protobuf";
import type { GeneratorOptions } from "../../plugin/parameters.js";
import { re2ToRegExp } from "../../cel/re2-to-js.js";
import { enumValues } from "../enums.js";
import type { JSONSchemaProps, JsonValue } from "../kubernetes.js";
import type { ValueEncoding } from "../model.js";
import type { Enforcement } from "./enforcement.js";
import { addCheckedCelRule } from "./cel-rules.js";
import { celNumber, celString, lowerCount, lowerMaximum, raiseCount, raiseMinimum, restrictEnum } from "./schema-edits.js";

export type Dialect = "protovalidate" | "protoc-gen-validate";

export interface ValueScope {
  node: JSONSchemaProps;
  encoding: ValueEncoding | undefined;
  /** The enum of the value, for enum rules. */
  enumDesc: DescEnum | undefined;
  options: GeneratorOptions;
  dialect: Dialect;
  /** Records one rule, e.g. record("min_len", 3, {how: "openapi", …}). */
  record(key: string, value: JsonValue, enforcement: Enforcement): void;
}

const NUMBER_GROUPS = ["int32", "int64", "uint32", "uint64", "sint32", "sint64", "fixed32", "fixed64", "sfixed32", "sfixed64", "float", "double"];

/** Rule groups (`string`, `int32`, …) this file translates. */
export function isScalarGroup(group: string): boolean {
  return group === "string" || group === "bytes" || group === "bool" || group === "enum" || NUMBER_GROUPS.includes(group);
}

/** Applies the rules of `group`; returns whether the zero value ("", 0, false) breaks one of them. */
export function applyScalarRules(group: string, rules: Record<string, JsonValue>, scope: ValueScope): boolean {
  const mismatch = groupMismatch(group, scope);
  if (mismatch) {
    for (const [key, value] of Object.entries(rules)) scope.record(key, value, { how: "none", reason: mismatch });
    return false;
  }
  if (group === "string") return stringRules(rules, scope);
  if (group === "bytes") return bytesRules(rules, scope);
  if (group === "bool") return boolRules(rules, scope);
  if (group === "enum") return enumRules(rules, scope);
  return numberRules(group, rules, scope);
}

function groupMismatch(group: string, scope: ValueScope): string | undefined {
  const { node, encoding } = scope;
  const value = encoding?.kind === "wrapper" ? encoding.value : encoding;
  if (group === "enum") return value?.kind === "enum" ? undefined : "enum rules on a value that is not an enum";
  if (group === "string" || group === "bytes" || group === "bool") {
    const scalar = value?.kind === "scalar" ? value.scalar : undefined;
    return scalar === group ? undefined : `${group} rules on a value that is not a ${group}`;
  }
  if (value?.kind === "int64") {
    return value.as === "integer" ? undefined : `int64=${value.as} lets the value be a string, which OpenAPI bounds do not check; use int64=integer`;
  }
  return node.type === "integer" || node.type === "number" ? undefined : `${group} rules on a value that is not a number`;
}

// ---- strings ----

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

function stringRules(rules: Record<string, JsonValue>, scope: ValueScope): boolean {
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

function matchesEmpty(regex: string): boolean {
  try {
    return re2ToRegExp(regex).test("");
  } catch {
    return false;
  }
}

function constant(node: JSONSchemaProps, value: JsonValue): Enforcement {
  restrictEnum(node, [value]);
  return { how: "openapi", detail: `enum: [${JSON.stringify(value)}]` };
}

// ---- bytes ----

/**
 * Bytes are base64 text in JSON; the apiserver gives a `format: byte` string to CEL as the decoded bytes,
 * so size() counts bytes and `==`/`in` compare bytes, exactly as protovalidate does.
 */
function bytesRules(rules: Record<string, JsonValue>, scope: ValueScope): boolean {
  let zeroFails = false;
  const bytes = (v: JsonValue) => celBytes(String(v));
  for (const [key, value] of Object.entries(rules)) {
    const cel = (rule: string, message: string): Enforcement => addCheckedCelRule(scope.node, rule, message);
    let e: Enforcement;
    switch (key) {
      case "len":
        e = cel(`size(self) == ${value}`, `must be ${value} bytes`);
        zeroFails ||= Number(value) > 0;
        break;
      case "min_len":
        e = cel(`size(self) >= ${value}`, `must be at least ${value} bytes`);
        zeroFails ||= Number(value) > 0;
        break;
      case "max_len":
        e = cel(`size(self) <= ${value}`, `must be at most ${value} bytes`);
        break;
      case "const":
        e = cel(`self == ${bytes(value)}`, `must be ${bytes(value)}`);
        zeroFails ||= value !== "";
        break;
      case "in":
        e = cel(`self in [${(value as JsonValue[]).map(bytes).join(", ")}]`, "must be in the allowed list");
        zeroFails ||= !(value as JsonValue[]).includes("");
        break;
      case "not_in":
        e = cel(`!(self in [${(value as JsonValue[]).map(bytes).join(", ")}])`, "must not be in the excluded list");
        zeroFails ||= (value as JsonValue[]).includes("");
        break;
      case "pattern":
        e = cel(`string(self).matches(${celString(String(value))})`, `must match regex pattern \`${value}\``);
        zeroFails ||= !matchesEmpty(String(value));
        break;
      case "ip":
      case "ipv4":
      case "ipv6":
      case "uuid": {
        if (value !== true) continue;
        const sizes = key === "ip" ? [4, 16] : key === "ipv4" ? [4] : [16];
        e = cel(sizes.map((n) => `size(self) == ${n}`).join(" || "), `must be a valid ${key === "uuid" ? "UUID" : key === "ip" ? "IP address" : key.toUpperCase().replace("IPV", "IPv") + " address"}`);
        zeroFails = true;
        break;
      }
      case "example":
        continue;
      default:
        e = { how: "none", reason: `Kubernetes CEL has no ${key} for bytes` };
        if (["prefix", "suffix", "contains"].includes(key) && value !== "") zeroFails = true;
    }
    scope.record(key, value, e);
  }
  return zeroFails;
}

/** A CEL bytes literal of base64 text (protojson's form of bytes). */
function celBytes(base64: string): string {
  return `b'${[...Buffer.from(base64, "base64")].map((b) => `\\x${b.toString(16).padStart(2, "0")}`).join("")}'`;
}

// ---- bool ----

function boolRules(rules: Record<string, JsonValue>, scope: ValueScope): boolean {
  let zeroFails = false;
  for (const [key, value] of Object.entries(rules)) {
    if (key === "example") continue;
    if (key === "const") {
      scope.record(key, value, constant(scope.node, value));
      zeroFails ||= value === true;
    } else scope.record(key, value, { how: "none", reason: "not a bool rule" });
  }
  return zeroFails;
}

// ---- enums ----

function enumRules(rules: Record<string, JsonValue>, scope: ValueScope): boolean {
  const desc = scope.enumDesc!;
  const namesOf = (numbers: readonly number[]) => new Set(desc.values.filter((v) => numbers.includes(v.number)).map((v) => v.name));
  const allowed = (names: ReadonlySet<string>) => enumValues(desc, scope.options, names);
  let zeroFails = false;
  for (const [key, value] of Object.entries(rules)) {
    let e: Enforcement;
    switch (key) {
      case "const":
        restrictEnum(scope.node, allowed(namesOf([Number(value)])));
        e = { how: "openapi", detail: `enum: ${JSON.stringify(scope.node.enum)}` };
        zeroFails ||= Number(value) !== 0;
        break;
      case "defined_only":
        e = value === true ? { how: "openapi", detail: "enum (the type lists exactly its defined values)" } : { how: "none", reason: "disabled (false)" };
        break;
      case "in":
        restrictEnum(scope.node, allowed(namesOf((value as number[]).map(Number))));
        e = { how: "openapi", detail: `enum: ${JSON.stringify(scope.node.enum)}` };
        zeroFails ||= !(value as number[]).map(Number).includes(0);
        break;
      case "not_in": {
        const excluded = (value as number[]).map(Number);
        restrictEnum(scope.node, allowed(new Set(desc.values.filter((v) => !excluded.includes(v.number)).map((v) => v.name))));
        e = { how: "openapi", detail: `enum: ${JSON.stringify(scope.node.enum)}` };
        zeroFails ||= excluded.includes(0);
        break;
      }
      case "example":
        continue;
      default:
        e = { how: "none", reason: "not an enum rule" };
    }
    scope.record(key, value, e);
  }
  return zeroFails;
}

// ---- numbers ----

interface Bound {
  value: number;
  exclusive: boolean;
  key: string;
}

function numberRules(group: string, rules: Record<string, JsonValue>, scope: ValueScope): boolean {
  const { node } = scope;
  const num = (v: JsonValue) => (typeof v === "string" ? Number(v) : (v as number));
  const nonFinite = (v: JsonValue) => typeof v === "string" && !/^-?[0-9]+$/.test(v);
  let lower: Bound | undefined;
  let upper: Bound | undefined;
  let zeroFails = false;
  for (const [key, value] of Object.entries(rules)) {
    if (key === "example") continue;
    if (nonFinite(value) || (Array.isArray(value) && value.some(nonFinite))) {
      scope.record(key, value, { how: "none", reason: "NaN and infinities are not JSON numbers, and the CRD's number type admits no other" });
      continue;
    }
    switch (key) {
      case "gt":
      case "gte":
        lower = { value: num(value), exclusive: key === "gt", key };
        break;
      case "lt":
      case "lte":
        upper = { value: num(value), exclusive: key === "lt", key };
        break;
      case "const":
        scope.record(key, value, constant(node, num(value)));
        zeroFails ||= num(value) !== 0;
        break;
      case "in":
        restrictEnum(node, (value as JsonValue[]).map(num));
        scope.record(key, value, { how: "openapi", detail: `enum: ${JSON.stringify((value as JsonValue[]).map(num))}` });
        zeroFails ||= !(value as JsonValue[]).map(num).includes(0);
        break;
      case "not_in": {
        const rule = `!(self in [${(value as JsonValue[]).map((v) => celNumber(num(v), node)).join(", ")}])`;
        scope.record(key, value, addCheckedCelRule(node, rule, `must not be in list ${JSON.stringify((value as JsonValue[]).map(num))}`));
        zeroFails ||= (value as JsonValue[]).map(num).includes(0);
        break;
      }
      case "finite":
        scope.record(key, value, { how: "openapi", detail: `type: number (JSON numbers are finite; protojson's "NaN" and "Infinity" strings are not numbers)` });
        break;
      default:
        scope.record(key, value, { how: "none", reason: `not a ${group} rule` });
    }
  }
  const below = (b: Bound) => (b.exclusive ? 0 < b.value : 0 <= b.value);
  const above = (b: Bound) => (b.exclusive ? 0 > b.value : 0 >= b.value);
  if (lower && upper && upper.value < lower.value) {
    // protovalidate's "exclusive range": gt 10, lt 5 means outside [5, 10].
    const rule = `self ${lower.exclusive ? ">" : ">="} ${celNumber(lower.value, node)} || self ${upper.exclusive ? "<" : "<="} ${celNumber(upper.value, node)}`;
    const e = addCheckedCelRule(node, rule, `must be ${lower.exclusive ? "greater than" : "greater than or equal to"} ${lower.value} or ${upper.exclusive ? "less than" : "less than or equal to"} ${upper.value}`);
    scope.record(lower.key, lower.value, e);
    scope.record(upper.key, upper.value, e);
    zeroFails ||= !(above(lower) || below(upper));
    return zeroFails;
  }
  if (lower) {
    raiseMinimum(node, lower.value, lower.exclusive);
    scope.record(lower.key, lower.value, { how: "openapi", detail: `minimum: ${lower.value}${lower.exclusive ? ", exclusiveMinimum: true" : ""}` });
    zeroFails ||= !above(lower);
  }
  if (upper) {
    lowerMaximum(node, upper.value, upper.exclusive);
    scope.record(upper.key, upper.value, { how: "openapi", detail: `maximum: ${upper.value}${upper.exclusive ? ", exclusiveMaximum: true" : ""}` });
    zeroFails ||= !below(upper);
  }
  return zeroFails;
}
