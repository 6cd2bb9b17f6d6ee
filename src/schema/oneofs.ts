// Oneofs → "at most one member" (or "exactly one" for required oneofs) in the chosen policy.
// CEL names are written as the apiserver exposes properties to CEL (escapePropertyName).
import { declTypeOf, escapePropertyName } from "../cel/index.js";
import type { JSONSchemaProps } from "./kubernetes.js";
import { addRule } from "./field-options.js";

export type OneofMode = "at_most_one" | "exactly_one" | "at_least_one";

export interface OneofGroup {
  /** Property names of the members. */
  members: string[];
  mode: OneofMode;
  /** The oneof's name (proto), or the option that asked for the group; for diagnostics. */
  name: string;
}

/**
 * Why CEL cannot count the members of `group` on `node`, or undefined if it can: CEL sees only properties
 * whose name it can spell (apiservercel.Escape) and whose schema has a type (SchemaDeclType gives an
 * untyped node, e.g. google.protobuf.Value or NullValue, no CEL type, so `has(self.x)` does not compile).
 */
export function celUnfitReason(node: JSONSchemaProps, group: OneofGroup): string | undefined {
  for (const member of group.members) {
    if (escapePropertyName(member) === undefined) return `CEL cannot name the property "${member}"`;
    const schema = node.properties?.[member];
    if (schema !== undefined && declTypeOf(schema, schema["x-kubernetes-embedded-resource"] === true) === undefined) {
      return `member ${member} has no CEL type (an untyped schema)`;
    }
  }
  return undefined;
}

/** The CEL rule in controller-gen's AtMostOneOf / ExactlyOneOf form: cheap, and its message names the fields. */
export function oneofRule(group: Pick<OneofGroup, "members" | "mode">): { rule: string; message: string } {
  const count = group.members.map((m) => `(has(self.${escapePropertyName(m) ?? m}) ? 1 : 0)`).join(" + ");
  const list = `[${group.members.join(", ")}]`;
  switch (group.mode) {
    case "at_most_one":
      return { rule: `${count} <= 1`, message: `at most one of the fields in ${list} may be set` };
    case "exactly_one":
      return { rule: `${count} == 1`, message: `exactly one of the fields in ${list} must be set` };
    case "at_least_one":
      return { rule: `${count} >= 1`, message: `at least one of the fields in ${list} must be set` };
  }
}

/** Adds the CEL rule; `required: true` (a required oneof, "exactly one") stands for mode exactly_one. */
export function addOneofRule(node: JSONSchemaProps, group: { members: string[]; mode?: OneofMode; required?: boolean }): void {
  addRule(node, oneofRule({ members: group.members, mode: group.mode ?? (group.required ? "exactly_one" : "at_most_one") }));
}

/**
 * OpenAPI form, as Istio emits it: `oneOf` over `required` lists, with a `not anyOf` branch that allows
 * none when the oneof is optional (at least one: `anyOf`). Several groups are combined under `allOf`,
 * together with a group already on the node.
 */
export function addOneofOpenApi(node: JSONSchemaProps, groups: Pick<OneofGroup, "members" | "mode">[]): void {
  const alternatives = groups.map((group): JSONSchemaProps => {
    // Fresh nodes for each use: a shared node would come out as a YAML anchor and alias.
    const each = () => group.members.map((m): JSONSchemaProps => ({ required: [m] }));
    switch (group.mode) {
      case "exactly_one":
        return { oneOf: each() };
      case "at_least_one":
        return { anyOf: each() };
      case "at_most_one":
        return { oneOf: [{ not: { anyOf: each() } }, ...each()] };
    }
  });
  const existing: JSONSchemaProps[] = [];
  if (node.allOf) existing.push(...node.allOf);
  if (node.oneOf) existing.push({ oneOf: node.oneOf });
  if (node.anyOf && !node["x-kubernetes-int-or-string"]) existing.push({ anyOf: node.anyOf });
  const all = [...existing, ...alternatives];
  delete node.allOf;
  delete node.oneOf;
  if (!node["x-kubernetes-int-or-string"]) delete node.anyOf;
  if (all.length === 1) Object.assign(node, all[0]);
  else if (all.length > 1) node.allOf = all;
}
