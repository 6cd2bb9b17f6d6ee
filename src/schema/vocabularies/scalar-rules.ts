// protovalidate (and protoc-gen-validate) rules on one scalar value → OpenAPI keywords where they mean
// exactly the same thing on the JSON value, CEL where they do not, or a reason when neither is exact.
// The semantics are protovalidate's own rule expressions (buf/validate/validate.proto): string lengths
// count code points like maxLength and size(); patterns are RE2 in both; bytes are base64 text in JSON.
import { enumValues } from "../enums.js";
import type { JsonValue } from "../kubernetes.js";
import type { Enforcement } from "./enforcement.js";
import { addCheckedCelRule } from "./cel-rules.js";
import { celNumber, celString, lowerMaximum, raiseMinimum, restrictEnum } from "./schema-edits.js";
import { constant, matchesEmpty, stringRules } from "./string-rules.js";
import type { ValueScope } from "./value-scope.js";



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
