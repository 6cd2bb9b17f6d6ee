// CEL rules (x-kubernetes-validations) in generated validators: each rule becomes a module-level
// constant compiled once when the module loads, and a `c.cel(...)` call where the node is checked.
import type { JSONSchemaProps, ValidationRule } from "../../schema/kubernetes.js";
import { constantBase, type CodeWriter, type Lines } from "./writer.js";

const OLD_SELF = /\boldSelf\b/;

/** Whether a node's own rules read `oldSelf`. */
export function rulesReadOldSelf(schema: JSONSchemaProps): boolean {
  return (schema["x-kubernetes-validations"] ?? []).some(
    (r) => r.optionalOldSelf === true || OLD_SELF.test(r.rule) || OLD_SELF.test(r.messageExpression ?? ""),
  );
}

/** `c.cel(rule, path, value, old)` for each rule of `schema`; `isRoot` when the rules see apiVersion, kind and metadata. */
export function celChecks(w: CodeWriter, schema: JSONSchemaProps, isRoot: boolean, v: string, P: string, old: string | undefined, hint: string, indent: string): Lines {
  const rules = schema["x-kubernetes-validations"] ?? [];
  if (rules.length === 0) return [];
  w.usesCel = true;
  w.runtime.add("CelRule");
  const base = constantBase(hint);
  const resourceRoot = isRoot ? ", { isResourceRoot: true }" : "";
  const schemaConst = w.constant(`${base}_schema`, `JSON.parse(${JSON.stringify(JSON.stringify(celSchema(schema)))})`);
  return rules.map((rule, i) => {
    const ruleConst = w.constant(
      `${base}_rule${i}`,
      `{\n  program: compileCelRule(${schemaConst}, ${JSON.stringify(ruleOptions(rule))}${resourceRoot}),\n  rule: ${JSON.stringify(rule.rule)},\n  optionalOldSelf: ${rule.optionalOldSelf === true},\n  type: ${JSON.stringify(schema.type ?? "")},\n}`,
      ": CelRule",
    );
    return `${indent}c.cel(${ruleConst}, ${P}, ${v}, ${old ?? "undefined"});`;
  });
}

/** The schema a CEL rule is compiled against: the node without documentation. */
function celSchema(schema: JSONSchemaProps): JSONSchemaProps {
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "description" || key === "example" || key === "title") continue;
    if (key === "properties" && value !== undefined) {
      copy.properties = Object.fromEntries(Object.entries(value as Record<string, JSONSchemaProps>).map(([k, v]) => [k, celSchema(v)]));
    } else if ((key === "items" || key === "additionalProperties" || key === "not") && typeof value === "object" && value !== null) {
      copy[key] = celSchema(value as JSONSchemaProps);
    } else if ((key === "allOf" || key === "anyOf" || key === "oneOf") && Array.isArray(value)) {
      copy[key] = (value as JSONSchemaProps[]).map(celSchema);
    } else {
      copy[key] = value;
    }
  }
  return copy as JSONSchemaProps;
}

function ruleOptions(rule: ValidationRule): ValidationRule {
  const out: ValidationRule = { rule: rule.rule };
  if (rule.message !== undefined) out.message = rule.message;
  if (rule.messageExpression !== undefined) out.messageExpression = rule.messageExpression;
  if (rule.reason !== undefined) out.reason = rule.reason;
  if (rule.fieldPath !== undefined) out.fieldPath = rule.fieldPath;
  if (rule.optionalOldSelf !== undefined) out.optionalOldSelf = rule.optionalOldSelf;
  return out;
}
