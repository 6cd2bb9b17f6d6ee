// A CRD schema compiled once into the shape every admission step walks: property maps instead of
// objects (no prototype lookups), patterns compiled as RE2, formats resolved, defaults cloned.
import { RE2JS } from "@bufbuild/re2";
import type { JSONSchemaProps, JsonValue, ValidationRule } from "../schema/kubernetes.js";
import { isPortable } from "../validation/patterns.js";
import { formatCheck } from "./formats.js";

export interface CompiledPattern {
  source: string;
  test?: (value: string) => boolean;
  /** The RE2 compile error when the pattern is not valid Go regexp syntax. */
  error?: string;
}

export interface SchemaNode {
  readonly schema: JSONSchemaProps;
  /** The OpenAPI type list the apiserver validates against: [], [type], or ["integer","string"]. */
  readonly types: readonly string[];
  readonly nullable: boolean;
  /** The format left after the apiserver strips formats it does not validate ("" when none). */
  readonly format: string;
  readonly formatCheck?: (value: string) => boolean;
  readonly pattern?: CompiledPattern;
  readonly enum?: readonly JsonValue[];
  readonly properties: ReadonlyMap<string, SchemaNode>;
  /** The properties' names and nodes in schema order, as arrays (walks over them allocate nothing). */
  readonly propertyNames: readonly string[];
  readonly propertyNodes: readonly SchemaNode[];
  /** additionalProperties as a schema; `true` alone is `additionalPropertiesAllowed` with no node. */
  readonly additionalProperties?: SchemaNode;
  readonly hasAdditionalProperties: boolean;
  readonly items?: SchemaNode;
  readonly allOf: readonly SchemaNode[];
  readonly anyOf: readonly SchemaNode[];
  readonly oneOf: readonly SchemaNode[];
  readonly not?: SchemaNode;
  readonly required: readonly string[];
  readonly preserveUnknownFields: boolean;
  readonly embeddedResource: boolean;
  readonly listType?: "atomic" | "set" | "map";
  readonly listMapKeys: readonly string[];
  readonly mapType?: "atomic" | "granular";
  readonly hasDefault: boolean;
  readonly defaultValue?: JsonValue;
  readonly rules: readonly ValidationRule[];
  /** What this node or any node below it (properties, additionalProperties, items) has, so walks can skip subtrees. */
  readonly within: {
    readonly defaults: boolean;
    readonly listTypes: boolean;
    readonly embeddedResources: boolean;
    readonly rules: boolean;
  };
}

const patternCache = new Map<string, CompiledPattern>();

function compilePattern(source: string): CompiledPattern {
  let compiled = patternCache.get(source);
  if (compiled === undefined) {
    try {
      const re = RE2JS.compile(source);
      // Patterns whose syntax both engines read alike run on the native engine, which is much faster.
      const native = isPortable(source) ? nativeRegExp(source) : undefined;
      compiled = { source, test: native === undefined ? (value) => re.test(value) : (value) => native.test(value) };
    } catch (e) {
      compiled = { source, error: e instanceof Error ? e.message : String(e) };
    }
    patternCache.set(source, compiled);
  }
  return compiled;
}

function nativeRegExp(source: string): RegExp | undefined {
  try {
    return new RegExp(source, "u");
  } catch {
    return undefined;
  }
}

export function compileSchemaNode(schema: JSONSchemaProps): SchemaNode {
  const intOrString = schema["x-kubernetes-int-or-string"] === true;
  const declared: string | undefined = schema.type;
  const types = intOrString ? ["integer", "string"] : typeof declared === "string" && declared !== "" ? [declared] : [];
  const check = formatCheck(schema.format);
  const properties = new Map<string, SchemaNode>();
  if (schema.properties !== null && typeof schema.properties === "object") {
    for (const [name, sub] of Object.entries(schema.properties)) properties.set(name, compileSchemaNode(sub));
  }
  const additional = schema.additionalProperties;
  const list = (subs: JSONSchemaProps[] | undefined) => (Array.isArray(subs) ? subs.map(compileSchemaNode) : []);
  const itemsSchema = schema.items !== null && typeof schema.items === "object" && !Array.isArray(schema.items) ? schema.items : undefined;
  const children = [...properties.values()];
  const additionalNode = additional !== null && typeof additional === "object" ? compileSchemaNode(additional) : undefined;
  const itemsNode = itemsSchema === undefined ? undefined : compileSchemaNode(itemsSchema);
  if (additionalNode) children.push(additionalNode);
  if (itemsNode) children.push(itemsNode);
  const listType = schema["x-kubernetes-list-type"];
  const rules = schema["x-kubernetes-validations"] ?? [];
  const hasDefault = schema.default !== undefined && schema.default !== null;
  const embeddedResource = schema["x-kubernetes-embedded-resource"] === true;
  return {
    schema,
    types,
    nullable: schema.nullable === true,
    format: check === undefined ? "" : (schema.format as string),
    formatCheck: check,
    pattern: typeof schema.pattern === "string" && schema.pattern !== "" ? compilePattern(schema.pattern) : undefined,
    enum: Array.isArray(schema.enum) && schema.enum.length > 0 ? schema.enum : undefined,
    properties,
    propertyNames: [...properties.keys()],
    propertyNodes: [...properties.values()],
    additionalProperties: additionalNode,
    hasAdditionalProperties: additional !== undefined && additional !== false,
    items: itemsNode,
    allOf: list(schema.allOf),
    anyOf: list(schema.anyOf),
    oneOf: list(schema.oneOf),
    not: schema.not !== null && typeof schema.not === "object" ? compileSchemaNode(schema.not) : undefined,
    required: Array.isArray(schema.required) ? schema.required : [],
    preserveUnknownFields: schema["x-kubernetes-preserve-unknown-fields"] === true,
    embeddedResource,
    listType,
    listMapKeys: schema["x-kubernetes-list-map-keys"] ?? [],
    mapType: schema["x-kubernetes-map-type"],
    hasDefault,
    defaultValue: schema.default,
    rules,
    within: {
      defaults: hasDefault || children.some((c) => c.within.defaults),
      listTypes: listType === "set" || listType === "map" || children.some((c) => c.within.listTypes),
      embeddedResources: embeddedResource || children.some((c) => c.within.embeddedResources),
      rules: rules.length > 0 || children.some((c) => c.within.rules),
    },
  };
}
