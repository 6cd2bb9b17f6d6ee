// protovalidate (buf.validate): `(buf.validate.field)` rules on fields, `(buf.validate.message)` rules
// (cel, oneof) on messages and `(buf.validate.oneof).required` on oneofs. Extension values are read from
// the request's descriptors, so users' imports of buf/validate/validate.proto work without generated code.
import type { DescOneof } from "@bufbuild/protobuf";
import type { JsonValue } from "../kubernetes.js";
import { locateOption } from "../source-location.js";
import type { Enforcement } from "./enforcement.js";
import { extensionValue } from "./extensions.js";
import { addCheckedCelRule, translateCel } from "./cel-rules.js";
import { applyFieldRules } from "./field-rules.js";
import { celFieldNames } from "./cel-field-names.js";
import type { MessageTarget, VocabularyRules } from "./targets.js";
import { celSelect } from "./schema-edits.js";

type Rules = Record<string, JsonValue>;

export const protovalidate: VocabularyRules = {
  vocabulary: "buf.validate",
  field(target) {
    const found = extensionValue(target.field, "buf.validate.field");
    if (!found) return;
    const at = locateOption(target.field, found.extension.number);
    applyFieldRules({ ...target, record: (rule, e, location) => target.record(rule, e, location ?? at) }, found.value as Rules, "protovalidate");
  },
  message(target) {
    for (const oneof of target.message.oneofs) {
      if (protovalidateRequiresOneof(oneof)) recordRequiredOneof(target, oneof, "buf.validate.oneof", "(buf.validate.oneof).required = true");
    }
    const found = extensionValue(target.message, "buf.validate.message");
    if (!found) return;
    const at = locateOption(target.message, found.extension.number);
    const rules = found.value as Rules;
    for (const [key, value] of Object.entries(rules)) {
      if (key === "cel") {
        for (const rule of value as Rules[]) {
          const id = String(rule.id ?? "");
          target.record(`cel ${id || JSON.stringify(rule.expression)}`, translateCel(target.node, String(rule.expression ?? ""), id, String(rule.message ?? ""), target.isResourceRoot, celFieldNames(target.message, target.propertyOf, target.node)), at);
        }
      } else if (key === "cel_expression") {
        for (const expression of value as string[]) target.record(`cel_expression ${JSON.stringify(expression)}`, translateCel(target.node, expression, "", "", target.isResourceRoot, celFieldNames(target.message, target.propertyOf, target.node)), at);
      } else if (key === "oneof") {
        for (const rule of value as Rules[]) target.record(`oneof ${JSON.stringify(rule.fields)}${rule.required === true ? " required" : ""}`, messageOneof(target, rule), at);
      } else {
        target.record(`${key} = ${JSON.stringify(value)}`, { how: "none", reason: "not a protovalidate message rule this generator knows" }, at);
      }
    }
  },
};


export function protovalidateRequiresOneof(oneof: DescOneof): boolean {
  const found = extensionValue(oneof, "buf.validate.oneof");
  return found !== undefined && (found.value as Rules).required === true;
}

/** The oneof itself is enforced by the walk (message-schema.ts), as "exactly one" when required. */
export function recordRequiredOneof(target: MessageTarget, oneof: DescOneof, extension: string, rule: string): void {
  const found = extensionValue(oneof, extension);
  const at = found ? locateOption(oneof, found.extension.number) : undefined;
  const members = oneof.fields.map((f) => target.propertyOf(f)).join(", ");
  const how = target.options.oneof;
  const enforcement: Enforcement =
    how === "none" ? { how: "none", reason: "oneof=none writes no oneof constraints" }
    : how === "openapi" ? { how: "openapi", detail: `oneOf: exactly one of [${members}]` }
    : { how: "cel", detail: `exactly one of [${members}] (the oneof's rule)` };
  target.record(`${oneof.name}: ${rule}`, enforcement, at);
}

/**
 * A message-level oneof rule: at most one (exactly one if required) of the fields is set, where a field
 * without presence counts as set only when it is not its zero value — protovalidate's notion of "set".
 */
function messageOneof(target: MessageTarget, rule: Rules): Enforcement {
  const names = (rule.fields as string[] | undefined) ?? [];
  const terms: string[] = [];
  for (const name of names) {
    const field = target.message.fields.find((f) => f.name === name);
    if (!field) return { how: "none", reason: `${name} is not a field of ${target.message.typeName}` };
    const property = target.propertyOf(field);
    const select = celSelect("self", property);
    const node = target.node.properties?.[property];
    if (!select || !node) return { how: "none", reason: `CEL cannot refer to property ${property}` };
    const presence = field.fieldKind === "message" || field.oneof !== undefined || (field.fieldKind !== "list" && field.fieldKind !== "map" && field.presence !== 2);
    const zeroTest =
      presence ? undefined
      : field.fieldKind === "list" || field.fieldKind === "map" ? `size(${select}) > 0`
      : node.type === "string" && field.fieldKind === "enum" ? `${select} != ${JSON.stringify(field.enum.values.find((v) => v.number === 0)?.name ?? "")}`.replace(/"/g, "'")
      : node.type === "string" ? `${select} != ''`
      : node.type === "boolean" ? `${select}`
      : node.type === "integer" ? `${select} != 0`
      : node.type === "number" ? `${select} != 0.0`
      : null;
    if (zeroTest === null) return { how: "none", reason: `the zero value of ${property} has no CEL test here` };
    terms.push(zeroTest === undefined ? `(has(${select}) ? 1 : 0)` : `(has(${select}) && ${zeroTest} ? 1 : 0)`);
  }
  if (terms.length === 0) return { how: "none", reason: "no fields" };
  const properties = names.map((n) => target.propertyOf(target.message.fields.find((f) => f.name === n)!));
  const required = rule.required === true;
  const expr = `${terms.join(" + ")} ${required ? "== 1" : "<= 1"}`;
  return addCheckedCelRule(target.node, expr, `${required ? "exactly one" : "at most one"} of the fields in [${properties.join(", ")}] ${required ? "must" : "may"} be set`, undefined, target.isResourceRoot);
}
