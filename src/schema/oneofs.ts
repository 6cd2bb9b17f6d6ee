// Oneofs → "at most one member" (or "exactly one" for required oneofs) in the chosen policy.
import type { JSONSchemaProps } from "./kubernetes.js";
import { addRule } from "./field-options.js";

export interface OneofGroup {
  /** Property names of the members. */
  members: string[];
  required: boolean;
}

/** CEL in controller-gen's AtMostOneOf / ExactlyOneOf form: cheap, and its message names the fields. */
export function addOneofRule(node: JSONSchemaProps, group: OneofGroup | { members: string[]; mode: "at_most_one" | "exactly_one" | "at_least_one" }): void {
  const mode = "mode" in group ? group.mode : group.required ? "exactly_one" : "at_most_one";
  const count = group.members.map((m) => `(has(self.${m}) ? 1 : 0)`).join(" + ");
  const list = `[${group.members.join(", ")}]`;
  switch (mode) {
    case "at_most_one":
      addRule(node, { rule: `${count} <= 1`, message: `at most one of the fields in ${list} may be set` });
      break;
    case "exactly_one":
      addRule(node, { rule: `${count} == 1`, message: `exactly one of the fields in ${list} must be set` });
      break;
    case "at_least_one":
      addRule(node, { rule: `${count} >= 1`, message: `at least one of the fields in ${list} must be set` });
      break;
  }
}

/**
 * OpenAPI form, as Istio emits it: `oneOf` over `required` lists, with a `not anyOf` branch that allows
 * none when the oneof is optional. Several oneofs are combined under `allOf`.
 */
export function addOneofOpenApi(node: JSONSchemaProps, groups: OneofGroup[]): void {
  const alternatives = groups.map((group): JSONSchemaProps => {
    // Fresh nodes for each use: a shared node would come out as a YAML anchor and alias.
    const each = () => group.members.map((m): JSONSchemaProps => ({ required: [m] }));
    return { oneOf: group.required ? each() : [{ not: { anyOf: each() } }, ...each()] };
  });
  if (alternatives.length === 1) Object.assign(node, alternatives[0]);
  else if (alternatives.length > 1) node.allOf = alternatives;
}
