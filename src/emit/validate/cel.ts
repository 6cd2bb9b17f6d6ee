// CEL rules (x-kubernetes-validations) in generated validators: each rule becomes a module-level
// constant compiled once when the module loads (runtime `celRule`, reading the rule from the node's schema
// literal), and a `c.cel(...)` call where the node is checked.
import type { JSONSchemaProps } from "../../schema/kubernetes.js";
import { memberAccess, objectLiteral } from "../shared/literal.js";
import { constantBase, type CodeWriter, type Lines } from "./writer.js";

const OLD_SELF = /\boldSelf\b/;

/** Whether a node's own rules read `oldSelf`. */
export function rulesReadOldSelf(schema: JSONSchemaProps): boolean {
  return (schema["x-kubernetes-validations"] ?? []).some(
    (r) => r.optionalOldSelf === true || OLD_SELF.test(r.rule) || OLD_SELF.test(r.messageExpression ?? ""),
  );
}

/** `c.cel(rule, path, value, old)` for each rule of `schema`; `isRoot` when the rules see apiVersion, kind and metadata. */
export function celChecks(w: CodeWriter, schemas: CelSchemas, schema: JSONSchemaProps, isRoot: boolean, v: string, P: string, old: string | undefined, hint: string, indent: string): Lines {
  const rules = schema["x-kubernetes-validations"] ?? [];
  if (rules.length === 0) return [];
  w.usesCel = true;
  const base = constantBase(hint);
  const resourceRoot = isRoot ? ", { isResourceRoot: true }" : "";
  const schemaRef = schemas.ref(schema, base);
  return rules.map((rule, i) => {
    const ruleConst = w.constant(`${base}_rule${i}`, `celRule(${schemaRef}, ${i}${resourceRoot})`, undefined, ruleComment(rule.rule));
    return `${indent}c.cel(${ruleConst}, ${P}, ${v}, ${old ?? "undefined"});`;
  });
}

/** ` // <rule>` when the rule fits on one line, so the constant reads as what it checks. */
function ruleComment(rule: string): string {
  return rule.length <= 100 && !/[\r\n\u2028\u2029]/.test(rule) ? ` // ${rule}` : "";
}

/**
 * Where each node with CEL rules finds its schema in the module: the topmost such nodes of a resource get
 * a constant holding their schema as an object literal (without documentation); nodes below them read it
 * from there, so every schema is written once.
 */
export class CelSchemas {
  private readonly refs = new Map<JSONSchemaProps, string>();

  constructor(private readonly w: CodeWriter) {}

  /** Declares constants for the topmost nodes with rules under `schema` (a resource root). */
  declareUnder(schema: JSONSchemaProps, hint: string): void {
    if (!hasRules(schema)) return;
    if ((schema["x-kubernetes-validations"] ?? []).length > 0) {
      this.ref(schema, hint);
      return;
    }
    for (const [name, property] of Object.entries(schema.properties ?? {})) this.declareUnder(property, `${hint}_${name}`);
    if (schema.items !== undefined) this.declareUnder(schema.items, `${hint}_items`);
    if (typeof schema.additionalProperties === "object") this.declareUnder(schema.additionalProperties, `${hint}_values`);
  }

  /** An expression for the schema of `schema` (a node with rules). */
  ref(schema: JSONSchemaProps, hint: string): string {
    let ref = this.refs.get(schema);
    if (ref === undefined) {
      const cel = celSchema(schema);
      ref = this.w.constant(`${hint}_schema`, objectLiteral(cel));
      this.index(schema, ref);
    }
    return ref;
  }

  private index(schema: JSONSchemaProps, ref: string): void {
    if (this.refs.has(schema)) return;
    this.refs.set(schema, ref);
    for (const [name, property] of Object.entries(schema.properties ?? {})) this.index(property, memberAccess(`${ref}.properties`, name));
    if (schema.items !== undefined) this.index(schema.items, `${ref}.items`);
    if (typeof schema.additionalProperties === "object") this.index(schema.additionalProperties, `${ref}.additionalProperties`);
  }
}

function hasRules(schema: JSONSchemaProps): boolean {
  if ((schema["x-kubernetes-validations"] ?? []).length > 0) return true;
  const additional = typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined;
  return [...Object.values(schema.properties ?? {}), ...(schema.items ? [schema.items] : []), ...(additional ? [additional] : [])].some(hasRules);
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
