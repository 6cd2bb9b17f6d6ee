// Messages and fields → schema nodes: one function per kind of node, recursive, like controller-gen's visitor.
import { getOption, hasOption, type DescEnum, type DescField, type DescMessage } from "@bufbuild/protobuf";
import { field as fieldOption, message as messageOption, oneof as oneofOption } from "../gen/crd/v1/options_pb.js";
import type { GeneratorOptions } from "../plugin/parameters.js";
import { descriptionFromComment } from "./descriptions.js";
import type { DiagnosticSink } from "./diagnostics-sink.js";
import { schemaForEnum, enumValues } from "./enums.js";
import { addRule, applyFieldSchema, validationRule } from "./field-options.js";
import type { JSONSchemaProps } from "./kubernetes.js";
import type { SchemaAnnotations, ValueEncoding } from "./model.js";
import { mapKeyKind } from "../conversion/plan.js";
import { FIELD_EXTENSION, MESSAGE_EXTENSION, fieldSchemaNumber } from "./option-numbers.js";
import type { PendingOneofRule } from "./oneof-fit.js";
import { addOneofOpenApi, celUnfitReason, oneofRule, type OneofGroup } from "./oneofs.js";
import type { SourceLocation } from "./diagnostics.js";
import { schemaForScalar, type MappedSchema } from "./scalars.js";
import { commentOf, locate, locateOption } from "./source-location.js";
import { oneofRequiredByVocabulary } from "./vocabularies/oneof-required.js";
import { encodingForWellKnownType, isWellKnownType, schemaForWellKnownType } from "./well-known-types.js";

export interface BuildContext {
  options: GeneratorOptions;
  annotations: SchemaAnnotations;
  sink: DiagnosticSink;
  /** How many times a message may appear on one path (recursion_depth, or the one auto chose). */
  depth: number;
  /** Why auto chose `depth`, for the recursion warning; empty for a fixed recursion_depth. */
  depthReason: string;
  /** Messages being expanded on the current path, outermost first. */
  expanding: DescMessage[];
  /** Cycles already reported, so each is reported once. */
  reportedCycles: Set<string>;
  /** Whether some message was cut off as opaque (a deeper recursion_depth would change the schema). */
  recursed: boolean;
  /** oneof=auto: CEL rules that ./oneof-fit.ts may still turn into the OpenAPI form, by node. */
  pendingOneofs: Map<JSONSchemaProps, PendingOneofRule[]>;
  /** Diagnostics about a message said once for all resources (oneof forms, unrolled recursion). */
  reported: Set<string>;
}

export function propertyName(field: DescField, options: GeneratorOptions): string {
  return options.fieldNames === "json" ? field.jsonName : field.name;
}

export function schemaForMessage(message: DescMessage, ctx: BuildContext): JSONSchemaProps {
  if (isWellKnownType(message.typeName)) {
    return annotate(ctx, schemaForWellKnownType(message.typeName, ctx.options), encodingForWellKnownType(message.typeName, ctx.options));
  }
  const seen = ctx.expanding.filter((m) => m === message).length;
  if (seen > 0 && (ctx.options.recursion === "error" || seen >= ctx.depth)) {
    return opaqueRecursion(message, ctx);
  }
  ctx.expanding.push(message);
  try {
    return objectSchema(message, ctx);
  } finally {
    ctx.expanding.pop();
  }
}

function objectSchema(message: DescMessage, ctx: BuildContext): JSONSchemaProps {
  const node: JSONSchemaProps = { type: "object" };
  const messageOpts = hasOption(message, messageOption) ? getOption(message, messageOption) : undefined;
  const description = messageOpts?.hideDescription
    ? undefined
    : messageOpts?.description || descriptionFromComment(commentOf(message), ctx.options);
  if (description) node.description = description;

  const properties: Record<string, JSONSchemaProps> = {};
  const required: string[] = [];
  for (const field of message.fields) {
    const name = propertyName(field, ctx.options);
    properties[name] = schemaForField(field, ctx);
    if (hasOption(field, fieldOption) && getOption(field, fieldOption).required) required.push(name);
  }
  if (message.fields.length > 0) node.properties = properties;
  if (required.length > 0) node.required = required;

  addOneofs(node, message, ctx);
  if (messageOpts) applyMessageSchema(node, message, messageOpts, ctx);
  ctx.annotations.origins.set(node, locate(message));
  ctx.annotations.encodings.set(node, { kind: "message", typeName: message.typeName });
  return node;
}

function addOneofs(node: JSONSchemaProps, message: DescMessage, ctx: BuildContext): void {
  if (ctx.options.oneof === "none") return;
  // proto3 `optional` fields sit in synthetic oneofs; they are plain nullable fields, not unions.
  for (const o of message.oneofs.filter((o) => !isSynthetic(o))) {
    const group: OneofGroup = {
      members: o.fields.map((f) => propertyName(f, ctx.options)),
      mode: (hasOption(o, oneofOption) && getOption(o, oneofOption).required) || oneofRequiredByVocabulary(o) ? "exactly_one" : "at_most_one",
      name: `oneof ${o.name}`,
    };
    addGroup(node, message, group, locate(o), ctx);
  }
}

/**
 * One group of mutually exclusive properties in the chosen form. Where CEL cannot see a member, the
 * OpenAPI form is used whatever the policy (with an info, or a warning when the user asked for CEL).
 */
function addGroup(node: JSONSchemaProps, message: DescMessage, group: OneofGroup, location: SourceLocation, ctx: BuildContext): void {
  const policy = ctx.options.oneof === "none" ? "auto" : ctx.options.oneof;
  if (policy === "openapi") return addOneofOpenApi(node, [group]);
  const unfit = celUnfitReason(node, group);
  if (unfit !== undefined) {
    addOneofOpenApi(node, [group]);
    const key = `${message.typeName}\n${group.name}`;
    if (ctx.reported.has(key)) return;
    ctx.reported.add(key);
    const text = `${group.name} of ${message.typeName} is enforced with OpenAPI oneOf instead of a CEL rule: ${unfit}`;
    if (policy === "cel") ctx.sink.warning("oneof/openapi-form", text, location);
    else ctx.sink.info("oneof/openapi-form", text, location);
    return;
  }
  const rule = oneofRule(group);
  addRule(node, rule);
  if (policy === "auto") {
    const list = ctx.pendingOneofs.get(node) ?? [];
    list.push({ message, group, rule, location });
    ctx.pendingOneofs.set(node, list);
  }
}

function isSynthetic(oneof: DescMessage["oneofs"][number]): boolean {
  return oneof.fields.length === 1 && oneof.fields[0].proto.proto3Optional === true;
}

function applyMessageSchema(
  node: JSONSchemaProps,
  message: DescMessage,
  opts: ReturnType<typeof getOption<typeof messageOption, DescMessage>>,
  ctx: BuildContext,
): void {
  const names = Object.keys(node.properties ?? {});
  const groups = [
    ["at_most_one", opts.atMostOneOf, 3],
    ["exactly_one", opts.exactlyOneOf, 4],
    ["at_least_one", opts.atLeastOneOf, 5],
  ] as const;
  for (const [mode, list, number] of groups) {
    for (const group of list) {
      const unknown = group.fields.filter((f) => !names.includes(f));
      if (unknown.length > 0) {
        ctx.sink.error(
          "option/unknown-field",
          `option ${mode}_of on ${message.typeName} names ${unknown.map((u) => `"${u}"`).join(", ")}, which ${unknown.length === 1 ? "is not a property" : "are not properties"} of the message (properties: ${names.join(", ")})`,
          locateOption(message, MESSAGE_EXTENSION, number),
        );
      } else if (group.fields.length < 2) {
        ctx.sink.error("option/field-group", `option ${mode}_of on ${message.typeName} needs at least two fields`, locateOption(message, MESSAGE_EXTENSION, number));
      } else {
        addGroup(node, message, { members: [...group.fields], mode, name: `option ${mode}_of [${group.fields.join(", ")}]` }, locateOption(message, MESSAGE_EXTENSION, number), ctx);
      }
    }
  }
  for (const rule of opts.validations) addRule(node, validationRule(rule));
  if (opts.preserveUnknownFields) node["x-kubernetes-preserve-unknown-fields"] = true;
  if (opts.minProperties !== undefined) node.minProperties = Number(opts.minProperties);
  if (opts.maxProperties !== undefined) node.maxProperties = Number(opts.maxProperties);
  if (opts.mapType !== "") {
    if (opts.mapType === "atomic" || opts.mapType === "granular") node["x-kubernetes-map-type"] = opts.mapType;
    else ctx.sink.error("option/map-type", `option map_type on ${message.typeName} must be atomic or granular, not "${opts.mapType}"`, locateOption(message, MESSAGE_EXTENSION, 10));
  }
}

function opaqueRecursion(message: DescMessage, ctx: BuildContext): JSONSchemaProps {
  const cycleStart = ctx.expanding.lastIndexOf(message);
  const cycle = [...ctx.expanding.slice(cycleStart), message].map((m) => m.typeName).join(" → ");
  const key = `${ctx.options.recursion}:${cycle}`;
  ctx.recursed = true;
  if (!ctx.reportedCycles.has(key)) {
    ctx.reportedCycles.add(key);
    if (ctx.options.recursion === "error") {
      ctx.sink.error("recursion/cycle", `message ${message.typeName} contains itself (${cycle}); use recursion=unroll or break the cycle`, locate(message));
    } else if (!ctx.reported.has(`recursion\n${message.typeName}`)) {
      // Once per message, whatever resources and cycles it is part of.
      ctx.reported.add(`recursion\n${message.typeName}`);
      const why = ctx.depthReason === "" ? "" : ` (${ctx.depthReason})`;
      ctx.sink.warning(
        "recursion/unrolled",
        `message ${message.typeName} contains itself (${cycle}); unrolled ${ctx.depth} level(s)${why}, deeper levels are opaque objects that keep unknown fields`,
        locate(message),
      );
    }
  }
  return annotate(ctx, { type: "object", "x-kubernetes-preserve-unknown-fields": true }, { kind: "opaque", typeName: message.typeName, reason: "recursion" });
}

export function schemaForField(field: DescField, ctx: BuildContext): JSONSchemaProps {
  const name = propertyName(field, ctx.options);
  let node: JSONSchemaProps;
  let valueNode: JSONSchemaProps | undefined;
  switch (field.fieldKind) {
    case "scalar":
      node = mapped(ctx, schemaForScalar(field.scalar, ctx.options.int64));
      if (field.proto.proto3Optional) node.nullable = true;
      break;
    case "enum":
      node = mapped(ctx, schemaForEnum(field.enum, ctx.options));
      if (field.proto.proto3Optional) node.nullable = true;
      break;
    case "message":
      node = schemaForMessage(field.message, ctx);
      if (field.proto.proto3Optional) node.nullable = true;
      break;
    case "list":
      valueNode =
        field.listKind === "scalar" ? mapped(ctx, schemaForScalar(field.scalar, ctx.options.int64))
        : field.listKind === "enum" ? mapped(ctx, schemaForEnum(field.enum, ctx.options))
        : schemaForMessage(field.message, ctx);
      node = annotate(ctx, { type: "array", items: valueNode }, { kind: "list" });
      break;
    case "map":
      valueNode =
        field.mapKind === "scalar" ? mapped(ctx, schemaForScalar(field.scalar, ctx.options.int64))
        : field.mapKind === "enum" ? mapped(ctx, schemaForEnum(field.enum, ctx.options))
        : schemaForMessage(field.message, ctx);
      node = annotate(ctx, { type: "object", additionalProperties: valueNode }, { kind: "map", keyScalar: mapKeyKind(field.mapKey) });
      break;
  }
  const description = descriptionFromComment(commentOf(field), ctx.options);
  if (description) node.description = description;

  if (hasOption(field, fieldOption)) {
    const opt = getOption(field, fieldOption);
    if (opt.hideDescription) delete node.description;
    else if (opt.description !== "") node.description = opt.description;
    const enumDesc = enumOf(field);
    applyFieldSchema(node, opt, {
      field,
      name,
      within: [],
      isMap: field.fieldKind === "map",
      ...(field.fieldKind === "enum" && enumDesc ? enumTarget(enumDesc, ctx) : {}),
    }, ctx.sink);
    if (opt.items) {
      if (!valueNode) {
        ctx.sink.error(
          "option/wrong-type",
          `option items applies to list and map fields, and ${name} is neither`,
          locateOption(field, FIELD_EXTENSION, fieldSchemaNumber("items")),
        );
      } else {
        applyFieldSchema(valueNode, opt.items, {
          field,
          name: field.fieldKind === "list" ? `${name}[*]` : `${name}[*] (map values)`,
          within: [fieldSchemaNumber("items")],
          isMap: false,
          ...(enumDesc ? enumTarget(enumDesc, ctx) : {}),
        }, ctx.sink);
      }
    }
  }
  ctx.annotations.origins.set(node, locate(field));
  ctx.annotations.fields.set(node, field);
  return node;
}

function enumOf(field: DescField): DescEnum | undefined {
  if (field.fieldKind === "enum") return field.enum;
  if (field.fieldKind === "list" && field.listKind === "enum") return field.enum;
  if (field.fieldKind === "map" && field.mapKind === "enum") return field.enum;
  return undefined;
}

function enumTarget(desc: DescEnum, ctx: BuildContext) {
  return {
    enumNames: desc.values.map((v) => v.name),
    enumValuesFor: (names: ReadonlySet<string>) => enumValues(desc, ctx.options, names),
  };
}

function mapped(ctx: BuildContext, m: MappedSchema): JSONSchemaProps {
  return annotate(ctx, m.schema, m.encoding);
}

function annotate(ctx: BuildContext, node: JSONSchemaProps, encoding: ValueEncoding): JSONSchemaProps {
  ctx.annotations.encodings.set(node, encoding);
  return node;
}
