// The defaults of a schema for the generated validators: the apiserver applies `default` before it
// validates, so a validator applies them (runtime applyDefaults) to a copy first. Only the nodes with a
// default at or below them are kept, so resources without defaults pay nothing.
import type { JSONSchemaProps } from "../../schema/kubernetes.js";
import type { DefaultsNode } from "../../validation/defaults.js";

/** The defaults tree of `schema`, or undefined when nothing in it has a default. */
export function defaultsTree(schema: JSONSchemaProps | undefined): DefaultsNode | undefined {
  if (schema === undefined) return undefined;
  const node: DefaultsNode = {};
  let any = false;
  // A null default is no default (the apiserver's defaulting skips it, as src/crd-eval does).
  if (schema.default !== undefined && schema.default !== null) {
    node.default = schema.default;
    any = true;
  }
  if (schema.nullable === true) node.nullable = true;
  const items = defaultsTree(schema.items);
  if (items !== undefined) {
    node.items = items;
    any = true;
  }
  const additional = defaultsTree(typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined);
  const properties: Record<string, DefaultsNode> = {};
  let anyProperty = false;
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const sub = defaultsTree(property);
    if (sub !== undefined) anyProperty = true;
    if (sub !== undefined || additional !== undefined) properties[name] = sub ?? {};
  }
  if (additional !== undefined) {
    node.additionalProperties = additional;
    any = true;
  }
  if (anyProperty || additional !== undefined) {
    if (Object.keys(properties).length > 0) node.properties = properties;
    any ||= anyProperty;
  }
  return any ? node : undefined;
}
