// One FieldRules value (protovalidate's, or protoc-gen-validate's turned into the same shape) applied to
// the node of a field: `required`, `ignore`, `cel`, and the rules of its type, recursing into list items
// and map keys and values.
import type { DescField } from "@bufbuild/protobuf";
import type { SourceLocation } from "../diagnostics.js";
import type { JSONSchemaProps, JsonValue } from "../kubernetes.js";
import type { Enforcement } from "./enforcement.js";
import { addCheckedCelRule, translateCel } from "./cel-rules.js";
import { celFieldNames } from "./cel-field-names.js";
import { applyScalarRules, isScalarGroup } from "./scalar-rules.js";
import type { Dialect } from "./value-scope.js";
import { celNumber, celString, lowerCount, raiseCount, requireProperty } from "./schema-edits.js";
import type { FieldTarget } from "./targets.js";

type Rules = Record<string, JsonValue>;

/** Where the rules apply: the field itself, or its list items, map keys or map values. */
interface RuleSite {
  node: JSONSchemaProps;
  /** Prefix of rule names, e.g. `repeated.items.` */
  prefix: string;
  /** Only for the field itself: the presence semantics of `required` and the zero value. */
  field?: FieldTarget;
}

export function applyFieldRules(target: FieldTarget, rules: Rules, dialect: Dialect): void {
  applyAt({ node: target.node, prefix: "", field: target }, target, rules, dialect);
}

function applyAt(site: RuleSite, target: FieldTarget, rules: Rules, dialect: Dialect): void {
  const record = (rule: string, enforcement: Enforcement) => target.record(`${site.prefix}${rule}`, enforcement);
  const ignore = String(rules.ignore ?? "IGNORE_UNSPECIFIED");
  const typeGroups = Object.keys(rules).filter((k) => !["required", "ignore", "cel", "cel_expression"].includes(k));
  // protoc-gen-validate's per-type ignore_empty is protovalidate's IGNORE_IF_ZERO_VALUE.
  const ignoreEmpty = typeGroups.some((g) => typeof rules[g] === "object" && (rules[g] as Rules)?.ignore_empty === true);
  if (ignore === "IGNORE_ALWAYS") {
    const { ignore: _ignore, ...constraints } = rules;
    for (const rule of flatten(constraints)) record(rule, { how: "none", reason: "ignore = IGNORE_ALWAYS: protovalidate does not check this field" });
    return;
  }
  // For a field with presence protovalidate checks any value that is set, zero or not: only absence is
  // skipped, as it is without `ignore`. protoc-gen-validate's ignore_empty skips the zero value either way.
  if ((ignore === "IGNORE_IF_ZERO_VALUE" && site.field?.hasPresence !== true) || ignoreEmpty) {
    const { ignore: _ignore, ...constraints } = rules;
    const zero = zeroTest(site.node, target);
    const scalarOnly = typeGroups.every((g) => isScalarGroup(g)) && constraints.required === undefined;
    if (zero === undefined || !scalarOnly) {
      const reason = "the rules skip the zero value (ignore = IGNORE_IF_ZERO_VALUE / ignore_empty), which is translated for scalar values only";
      for (const rule of flatten(constraints)) if (!rule.endsWith("ignore_empty = true")) record(rule, { how: "none", reason });
      return;
    }
    applyExceptZero(site, target, constraints, dialect, zero);
    return;
  }
  let zeroFails = false;
  for (const group of typeGroups) {
    const groupRules = (rules[group] ?? {}) as Rules;
    const recordIn = (key: string, value: JsonValue, e: Enforcement) => record(`${group}.${key} = ${ruleValue(value)}`, e);
    if (isScalarGroup(group)) {
      zeroFails ||= applyScalarRules(group, groupRules, {
        node: site.node,
        encoding: target.encodingOf(site.node),
        enumDesc: enumOf(target.field),
        options: target.options,
        dialect,
        record: recordIn,
      });
    } else if (group === "repeated") zeroFails ||= repeatedRules(site, target, groupRules, dialect, recordIn);
    else if (group === "map") zeroFails ||= mapRules(site, target, groupRules, dialect, recordIn);
    else if (group === "message" && dialect === "protoc-gen-validate") {
      for (const [key, value] of Object.entries(groupRules)) {
        if (key === "required" && value === true) applyRequired(site, target, record, `message.required = true`);
        else if (key === "skip") record(`message.skip = ${JSON.stringify(value)}`, { how: "none", reason: "skips validation of the message's own rules; the CRD keeps them (they describe the same field)" });
      }
    } else if ((group === "duration" || group === "timestamp" || group === "any") && dialect === "protoc-gen-validate" && (groupRules as Rules).required === true) {
      applyRequired(site, target, record, `${group}.required = true`);
      for (const [key, value] of Object.entries(groupRules)) {
        if (key !== "required") recordIn(key, value, { how: "none", reason: `${group} rules compare ${group} values, which the CRD holds as protojson strings or objects; not translated` });
      }
    } else {
      for (const [key, value] of Object.entries(groupRules)) {
        recordIn(key, value, { how: "none", reason: `${group} rules compare ${group} values, which the CRD holds as protojson strings or objects; not translated` });
      }
    }
  }
  if (rules.required === true) applyRequired(site, target, record, "required = true");
  for (const rule of (rules.cel as Rules[] | undefined) ?? []) {
    const id = String(rule.id ?? "");
    record(`cel ${id || JSON.stringify(rule.expression)}`, translateCel(site.node, String(rule.expression ?? ""), id, String(rule.message ?? ""), false, fieldsOfThis(site, target)));
  }
  for (const expression of (rules.cel_expression as string[] | undefined) ?? []) {
    record(`cel_expression ${JSON.stringify(expression)}`, translateCel(site.node, expression, "", "", false, fieldsOfThis(site, target)));
  }
  // A field without presence that is absent reads as its zero value, which protovalidate checks too.
  const field = site.field;
  if (zeroFails && field && !field.hasPresence) {
    requireProperty(field.parent, field.property);
    record("(zero value)", { how: "openapi", detail: `required: the zero value breaks a rule, and an absent ${field.property} reads as its zero value` });
  }
}

/**
 * Rules that skip the zero value: applied to a scratch copy of the node, then every keyword the zero value
 * would break becomes CEL guarded by the zero test (`self == '' || size(self) >= 5`), and every CEL rule
 * gets the same guard; keywords the zero value keeps (maxLength, …) are copied as they are.
 */
function applyExceptZero(site: RuleSite, target: FieldTarget, rules: Rules, dialect: Dialect, zero: string): void {
  const node = site.node;
  const scratch: JSONSchemaProps = structuredClone({ ...node, "x-kubernetes-validations": [] });
  const buffered: { rule: string; e: Enforcement; location?: SourceLocation }[] = [];
  const scratchTarget: FieldTarget = {
    ...target,
    encodingOf: (n) => target.encodingOf(n === scratch ? node : n),
    record: (rule, e, location) => buffered.push({ rule, e, location }),
  };
  const withoutIgnoreEmpty: Rules = {};
  for (const [group, value] of Object.entries(rules)) {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const { ignore_empty: _skip, ...rest } = value as Rules;
      withoutIgnoreEmpty[group] = rest;
    } else withoutIgnoreEmpty[group] = value;
  }
  applyAt({ node: scratch, prefix: "" }, scratchTarget, withoutIgnoreEmpty, dialect);

  const moved = new Map<string, Enforcement>();
  for (const keyword of ["minLength", "maxLength", "pattern", "enum", "minimum", "maximum"] as const) {
    if (JSON.stringify(node[keyword]) === JSON.stringify(scratch[keyword])) continue;
    const condition = keywordCondition(keyword, scratch);
    if (condition === undefined) {
      (node as Record<string, unknown>)[keyword] = scratch[keyword];
      if (keyword === "minimum" || keyword === "maximum") {
        const flag = keyword === "minimum" ? "exclusiveMinimum" : "exclusiveMaximum";
        if (scratch[flag]) node[flag] = true;
        else delete node[flag];
      }
      continue;
    }
    moved.set(keyword, addCheckedCelRule(node, `${zero} || ${condition}`, `must be empty or satisfy ${keyword}: ${JSON.stringify(scratch[keyword])}`));
  }
  const guarded = new Map<string, Enforcement>();
  for (const rule of scratch["x-kubernetes-validations"] ?? []) {
    guarded.set(rule.rule, addCheckedCelRule(node, `${zero} || (${rule.rule})`, rule.message, rule.messageExpression));
  }
  for (const { rule, e, location } of buffered) {
    let final = e;
    if (e.how === "openapi") {
      const keyword = [...moved.keys()].find((k) => e.detail.startsWith(`${k}:`) || e.detail.includes(` ${k}:`));
      if (keyword) final = moved.get(keyword)!;
    } else if (e.how === "cel") {
      final = guarded.get(e.detail) ?? { how: "cel", detail: `${e.detail} (each rule guarded by ${zero})` };
    }
    target.record(`${site.prefix}${rule}`, final, location);
  }
}

/** A CEL condition equivalent to a keyword the zero value breaks; undefined when the zero value keeps it. */
function keywordCondition(keyword: string, node: JSONSchemaProps): string | undefined {
  switch (keyword) {
    case "minLength":
      return (node.minLength ?? 0) > 0 ? `size(self) >= ${node.minLength}` : undefined;
    case "pattern":
      return `self.matches(${celString(node.pattern!)})`;
    case "enum":
      return `self in [${(node.enum ?? []).map((v) => (typeof v === "string" ? celString(v) : typeof v === "number" ? celNumber(v, node) : String(v))).join(", ")}]`;
    case "minimum":
      return `self ${node.exclusiveMinimum ? ">" : ">="} ${celNumber(node.minimum!, node)}`;
    case "maximum":
      return `self ${node.exclusiveMaximum ? "<" : "<="} ${celNumber(node.maximum!, node)}`;
    default:
      return undefined;
  }
}

/** A CEL test for "the value is its zero value", or undefined when there is none to write. */
function zeroTest(node: JSONSchemaProps, target: FieldTarget): string | undefined {
  const encoding = target.encodingOf(node);
  const value = encoding?.kind === "wrapper" ? encoding.value : encoding;
  if (value?.kind === "enum") {
    const zeroName = target.field.enum?.values.find((v) => v.number === 0)?.name;
    return node.type === "string" && zeroName ? `self == ${celString(zeroName)}` : undefined;
  }
  if (value?.kind === "scalar") {
    if (value.scalar === "string") return "self == ''";
    if (value.scalar === "bytes") return "size(self) == 0";
    if (value.scalar === "bool") return "!self";
  }
  if (node.type === "integer") return "self == 0";
  if (node.type === "number") return "self == 0.0";
  return undefined;
}

/**
 * protovalidate's `required`: a field with presence must be set; one without must not be its zero value
 * (non-empty string, list or map, non-zero number, true, a non-zero enum value).
 */
function applyRequired(site: RuleSite, target: FieldTarget, record: (rule: string, e: Enforcement) => void, rule: string): void {
  const field = site.field;
  if (!field) {
    record(rule, { how: "none", reason: "required applies to fields, not to list items or map entries" });
    return;
  }
  requireProperty(field.parent, field.property);
  if (field.hasPresence) {
    record(rule, { how: "openapi", detail: "required" });
    return;
  }
  const node = site.node;
  const f = field.field;
  if (f.fieldKind === "list") {
    raiseCount(node, "minItems", 1);
    record(rule, { how: "openapi", detail: "required, minItems: 1" });
  } else if (f.fieldKind === "map") {
    raiseCount(node, "minProperties", 1);
    record(rule, { how: "openapi", detail: "required, minProperties: 1" });
  } else if (node.type === "string") {
    raiseCount(node, "minLength", 1);
    record(rule, { how: "openapi", detail: "required, minLength: 1" });
  } else if (node.type === "boolean") {
    node.enum = [true];
    record(rule, { how: "openapi", detail: "required, enum: [true]" });
  } else if (node.type === "integer" || node.type === "number") {
    const zero = node.type === "number" ? "0.0" : "0";
    const e = addCheckedCelRule(node, `self != ${zero}`, "must not be zero");
    record(rule, e.how === "cel" ? { how: "cel", detail: `required, ${e.detail}` } : e);
  } else if (f.fieldKind === "enum" && node.enum) {
    const zeroNames = f.enum.values.filter((v) => v.number === 0).map((v) => v.name);
    node.enum = node.enum.filter((v) => !zeroNames.includes(v as string) && v !== 0);
    record(rule, { how: "openapi", detail: "required, enum without the zero value" });
  } else {
    record(rule, { how: "openapi", detail: "required (the zero value is not excluded)" });
  }
}

function repeatedRules(site: RuleSite, target: FieldTarget, rules: Rules, dialect: Dialect, record: (k: string, v: JsonValue, e: Enforcement) => void): boolean {
  const node = site.node;
  if (node.type !== "array") {
    for (const [k, v] of Object.entries(rules)) record(k, v, { how: "none", reason: "repeated rules on a field that is not a list" });
    return false;
  }
  let zeroFails = false;
  for (const [key, value] of Object.entries(rules)) {
    switch (key) {
      case "min_items":
        raiseCount(node, "minItems", Number(value));
        record(key, value, { how: "openapi", detail: `minItems: ${value}` });
        zeroFails ||= Number(value) > 0;
        break;
      case "max_items":
        lowerCount(node, "maxItems", Number(value));
        record(key, value, { how: "openapi", detail: `maxItems: ${value}` });
        break;
      case "unique": {
        const items = node.items;
        const scalarItems = items !== undefined && (items.type === "string" || items.type === "integer" || items.type === "number" || items.type === "boolean");
        const listType = node["x-kubernetes-list-type"];
        if (value !== true) break;
        if (scalarItems && (listType === undefined || listType === "set")) {
          node["x-kubernetes-list-type"] = "set";
          record(key, value, { how: "openapi", detail: "x-kubernetes-list-type: set (the apiserver rejects duplicates)" });
        } else {
          record(key, value, { how: "none", reason: scalarItems ? `the list already has x-kubernetes-list-type: ${listType}` : "unique applies to scalar items" });
        }
        break;
      }
      case "items":
        if (node.items) applyAt({ node: node.items, prefix: `${site.prefix}repeated.items.` }, target, value as Rules, dialect);
        break;
      case "ignore_empty":
        break;
      default:
        record(key, value, { how: "none", reason: "not a repeated rule" });
    }
  }
  return zeroFails;
}

function mapRules(site: RuleSite, target: FieldTarget, rules: Rules, dialect: Dialect, record: (k: string, v: JsonValue, e: Enforcement) => void): boolean {
  const node = site.node;
  if (node.type !== "object" || typeof node.additionalProperties !== "object") {
    for (const [k, v] of Object.entries(rules)) record(k, v, { how: "none", reason: "map rules on a field that is not a map" });
    return false;
  }
  let zeroFails = false;
  for (const [key, value] of Object.entries(rules)) {
    switch (key) {
      case "min_pairs":
        raiseCount(node, "minProperties", Number(value));
        record(key, value, { how: "openapi", detail: `minProperties: ${value}` });
        zeroFails ||= Number(value) > 0;
        break;
      case "max_pairs":
        lowerCount(node, "maxProperties", Number(value));
        record(key, value, { how: "openapi", detail: `maxProperties: ${value}` });
        break;
      case "keys":
        keyRules(node, target, value as Rules, (rule, e) => target.record(`${site.prefix}map.keys.${rule}`, e));
        break;
      case "values":
        applyAt({ node: node.additionalProperties as JSONSchemaProps, prefix: `${site.prefix}map.values.` }, target, value as Rules, dialect);
        break;
      case "ignore_empty":
        break;
      default:
        record(key, value, { how: "none", reason: key === "no_sparse" ? "map values that are messages cannot be null in the CRD's schema either way; nothing to translate" : "not a map rule" });
    }
  }
  return zeroFails;
}

/** Kubernetes has no propertyNames: string key rules become one CEL rule over the keys. */
function keyRules(node: JSONSchemaProps, target: FieldTarget, rules: Rules, record: (rule: string, e: Enforcement) => void): void {
  const f = target.field;
  const stringKeys = f.fieldKind === "map" && f.mapKey === 9; // ScalarType.STRING
  const strings = (rules.string ?? {}) as Rules;
  const conditions: string[] = [];
  const names: string[] = [];
  for (const group of Object.keys(rules)) {
    if (group !== "string" || !stringKeys) {
      for (const rule of flatten({ [group]: rules[group] })) record(rule, { how: "none", reason: stringKeys ? "only string rules are translated for keys" : "map keys that are not strings are JSON object keys holding numbers or booleans as text; not translated" });
    }
  }
  if (!stringKeys) return;
  for (const [key, value] of Object.entries(strings)) {
    const text = String(value);
    const condition =
      key === "min_len" ? `size(k) >= ${value}`
      : key === "max_len" ? `size(k) <= ${value}`
      : key === "len" ? `size(k) == ${value}`
      : key === "pattern" ? `k.matches(${celString(text)})`
      : key === "prefix" ? `k.startsWith(${celString(text)})`
      : key === "suffix" ? `k.endsWith(${celString(text)})`
      : key === "contains" ? `k.contains(${celString(text)})`
      : key === "not_contains" ? `!k.contains(${celString(text)})`
      : key === "const" ? `k == ${celString(text)}`
      : key === "in" ? `k in [${(value as string[]).map(celString).join(", ")}]`
      : key === "not_in" ? `!(k in [${(value as string[]).map(celString).join(", ")}])`
      : undefined;
    if (condition === undefined) {
      record(`string.${key} = ${ruleValue(value)}`, { how: "none", reason: "not translated for map keys" });
      continue;
    }
    conditions.push(condition);
    names.push(`string.${key} = ${ruleValue(value)}`);
  }
  if (conditions.length === 0) return;
  const e = addCheckedCelRule(node, `self.all(k, ${conditions.join(" && ")})`, `keys must satisfy ${names.join(", ")}`);
  for (const name of names) record(name, e);
}

/** `{string: {min_len: 1}}` → [`string.min_len = 1`]. */
function flatten(rules: Rules, prefix = ""): string[] {
  const out: string[] = [];
  for (const [key, value] of Object.entries(rules)) {
    if (value !== null && typeof value === "object" && !Array.isArray(value)) out.push(...flatten(value, `${prefix}${key}.`));
    else out.push(`${prefix}${key} = ${ruleValue(value)}`);
  }
  return out;
}

/** For rules on a message-typed value, the CEL names of that message's fields. */
function fieldsOfThis(site: RuleSite, target: FieldTarget): Map<string, string> | undefined {
  const f = target.field;
  const message = f.fieldKind === "message" || (f.fieldKind === "list" && f.listKind === "message") || (f.fieldKind === "map" && f.mapKind === "message") ? f.message : undefined;
  const isValueNode = site.node.type === "object" && site.node.properties !== undefined;
  return message && isValueNode ? celFieldNames(message, target.propertyName, site.node) : undefined;
}

/** A rule value as written in a .proto option: 64-bit numbers without protojson's quotes. */
function ruleValue(value: JsonValue): string {
  return typeof value === "string" && /^-?[0-9]+$/.test(value) ? value : JSON.stringify(value);
}

function enumOf(field: DescField) {
  if (field.fieldKind === "enum") return field.enum;
  if ((field.fieldKind === "list" && field.listKind === "enum") || (field.fieldKind === "map" && field.mapKind === "enum")) return field.enum;
  return undefined;
}
