// One converter function per message and direction: `healthEventToJson(message, path)` writes the
// properties the CRD defines, omitting unset fields as protojson does (a field the CRD requires is always
// written, or reported when the message does not set it); `healthEventFromJson(value, path, options)`
// reads them back with `create`, refusing properties the CRD does not define and oneofs with two members.
import { ScalarType, type DescOneof } from "@bufbuild/protobuf";
import type { ConvertContext } from "./context.js";
import { PathExpr } from "./context.js";
import { enumZero } from "./enums.js";
import { annotation, typeOnly } from "../shared/printer.js";
import { lowerFirst, propertyAccess, propertyKey, protobufEsIdentifier } from "../shared/names.js";
import type { MessageShape, PropertyShape } from "../shared/shapes.js";

/** google.protobuf.FeatureSet.FieldPresence.IMPLICIT */
const IMPLICIT = 2;
/** google.protobuf.Edition.EDITION_PROTO3 */
const EDITION_PROTO3 = 999;

/** Names that a plain object inherits: reading them needs an own-property check. */
const INHERITED = new Set([...Object.getOwnPropertyNames(Object.prototype), "__proto__"]);

export function messageToJsonFunction(message: MessageShape, ctx: ConvertContext): string {
  const { desc } = message;
  return ctx.declare(`to:${desc.typeName}`, `${lowerFirst(protobufEsIdentifier(desc))}ToJson`, (name) => {
    const body = propertiesToJson(message.properties, "message", "json", PathExpr.variable("path"), ctx);
    return (
      `/** \`${desc.typeName}\` → its JSON form in the CRD. */\n` +
      `function ${name}(message${annotation(ctx.shape(desc))}, path${annotation("string")}${ctx.toOptions ? `, options${annotation(ctx.runtimeType("ToOptions"))}` : ""})${annotation(ctx.jsonType(desc))} {\n` +
      `  const json = {}${typeOnly(` as ${ctx.jsonType(desc)}`)};\n` +
      body +
      `  return json;\n` +
      `}\n`
    );
  });
}

export function messageFromJsonFunction(message: MessageShape, ctx: ConvertContext): string {
  const { desc } = message;
  return ctx.declare(`from:${desc.typeName}`, `${lowerFirst(protobufEsIdentifier(desc))}FromJson`, (name) => {
    // A node that keeps unknown fields accepts properties the message has no field for: they are skipped.
    const check = message.preservesUnknown
      ? ""
      : `  if (options.ignoreUnknownFields !== true) ${ctx.helper("checkProperties")}(json, ${knownProperties(message.properties.map((p) => p.name), protobufEsIdentifier(desc), ctx)}, path);\n`;
    return (
      `/** \`${desc.typeName}\` from its JSON form in the CRD. */\n` +
      `function ${name}(value${annotation("unknown")}, path${annotation("string")}, options${annotation(ctx.runtimeType("FromOptions"))})${annotation(ctx.shape(desc))} {\n` +
      `  const json = ${ctx.helper("objectFromJson")}(value, path);\n` +
      check +
      propertiesFromJson(message, "json", PathExpr.variable("path"), ctx) +
      `}\n`
    );
  });
}

/** A module-level set of the property names of an object, for the unknown-field check. */
export function knownProperties(names: string[], hint: string, ctx: ConvertContext): string {
  return ctx.declare(`known:${JSON.stringify(names)}`, `${hint}Properties`, (name) => `const ${name}${annotation("ReadonlySet<string>")} = new Set(${JSON.stringify(names)});\n`);
}

/** Statements writing each property of `properties` from `message` into `json`. */
export function propertiesToJson(properties: PropertyShape[], message: string, json: string, path: PathExpr, ctx: ConvertContext): string {
  const lines: string[] = [];
  const oneofsDone = new Set<DescOneof>();
  for (const property of properties) {
    if (property.oneof) {
      if (oneofsDone.has(property.oneof)) continue;
      oneofsDone.add(property.oneof);
      lines.push(oneofToJson(property.oneof, properties, message, json, path, ctx));
      continue;
    }
    const value = propertyAccess(message, property.field.localName);
    const at = path.field(property.name);
    const write = assignment(json, property.name, ctx.values.toJson(property.value, value, at, ctx), ctx);
    const set = isSet(property, message, value, ctx);
    if (set === undefined) {
      lines.push(`  ${write}\n`);
    } else if (property.required) {
      const fail = ctx.helper("fail");
      lines.push(`  if (${set}) ${write}\n  else ${fail}(${at}, "required by the CRD, but not set in the message");\n`);
    } else {
      lines.push(`  if (${set}) ${write}\n`);
    }
  }
  return lines.join("");
}

/** The condition under which a field is written; undefined when it is always written. */
function isSet(property: PropertyShape, message: string, value: string, ctx: ConvertContext): string | undefined {
  const { field } = property;
  if (field.fieldKind === "message") return `${value} !== undefined`;
  if (field.fieldKind === "scalar" || field.fieldKind === "enum") {
    if (field.proto.proto3Optional) return `${value} !== undefined`;
    if (field.presence !== IMPLICIT) return `${ctx.helper("hasOwn")}(${message}, ${JSON.stringify(field.localName)})`;
  }
  // Implicit presence: a required field is written even when it holds its zero value.
  return property.required ? undefined : ctx.values.isNotZero(property.value, value, ctx);
}

function oneofToJson(oneof: DescOneof, properties: PropertyShape[], message: string, json: string, path: PathExpr, ctx: ConvertContext): string {
  const group = propertyAccess(message, oneof.localName);
  const cases = properties
    .filter((p) => p.oneof === oneof)
    .map((p) => `    case ${JSON.stringify(p.field.localName)}:\n      ${assignment(json, p.name, ctx.values.toJson(p.value, `${group}.value`, path.field(p.name), ctx), ctx)}\n      break;\n`);
  return `  switch (${group}.case) {\n${cases.join("")}  }\n`;
}

/** `json.name = expression;` — except for "__proto__", which plain assignment would turn into a prototype change. */
function assignment(json: string, name: string, expression: string, ctx: ConvertContext): string {
  if (name === "__proto__") return `${ctx.helper("setOwn")}(${json}, "__proto__", ${expression});`;
  return `${propertyAccess(json, name)} = ${expression};`;
}

/**
 * Statements reading each property from `json` and returning the message. A proto3 message is written as
 * the object `create` would make (zero values for implicit fields, message fields only when set), which
 * skips `create`'s per-call walk over the fields; other editions keep defaults on a prototype, so `create` makes them.
 */
export function propertiesFromJson(message: MessageShape, json: string, path: PathExpr, ctx: ConvertContext): string {
  const lines: string[] = [];
  const locals = new Map<PropertyShape, string>();
  message.properties.forEach((property, i) => {
    const local = `f$${i}`;
    locals.set(property, local);
    const read = INHERITED.has(property.name) ? `${ctx.helper("ownProperty")}(${json}, ${JSON.stringify(property.name)})` : propertyAccess(json, property.name);
    lines.push(`  const ${local} = ${read};\n`);
  });
  const literal = message.desc.file.edition === EDITION_PROTO3 && message.desc.fields.every((f) => message.properties.some((p) => p.field === f));
  const init: string[] = [];
  const later: string[] = [];
  const oneofsDone = new Set<DescOneof>();
  message.properties.forEach((property) => {
    const local = locals.get(property)!;
    if (property.oneof) {
      if (oneofsDone.has(property.oneof)) return;
      oneofsDone.add(property.oneof);
      const members = message.properties.filter((p) => p.oneof === property.oneof);
      const variable = `o$${oneofsDone.size - 1}`;
      lines.push(oneofFromJson(property.oneof, members, locals, variable, message, path, ctx));
      init.push(`    ${propertyKey(property.oneof.localName)}: ${variable},\n`);
      return;
    }
    const key = propertyKey(property.field.localName);
    const convert = ctx.values.fromJson(property.value, local, path.field(property.name), ctx);
    if (!literal) {
      init.push(`    ${key}: ${property.required ? convert : `${absent(property, local)} ? undefined : ${convert}`},\n`);
      return;
    }
    const zero = zeroValue(property, ctx);
    if (zero === undefined) {
      // A message field or a proto3 optional field: set only when present.
      const assign = `${propertyAccess("result", property.field.localName)} = ${convert};`;
      later.push(property.required ? `  ${assign}\n` : `  if (!${absent(property, local)}) ${assign}\n`);
    } else {
      init.push(`    ${key}: ${property.required ? convert : `${absent(property, local)} ? ${zero} : ${convert}`},\n`);
    }
  });
  if (!literal) {
    lines.push(`  return ${ctx.protobuf("create")}(${ctx.schema(message.desc)}, {\n${init.join("")}  });\n`);
  } else {
    const type = ctx.shape(message.desc);
    lines.push(`  const result${annotation(type)} = {\n    $typeName: ${JSON.stringify(message.desc.typeName)},\n${init.join("")}  };\n`, ...later, `  return result;\n`);
  }
  return lines.join("");
}

/** What protobuf-es holds for an unset proto3 field; undefined for fields that are absent when unset. */
function zeroValue(property: PropertyShape, ctx: ConvertContext): string | undefined {
  const { field, value } = property;
  switch (field.fieldKind) {
    case "message":
      return undefined;
    case "list":
      return "[]";
    case "map":
      return "{}";
    case "enum":
      return field.proto.proto3Optional ? undefined : enumZero(field.enum, ctx);
    case "scalar":
      if (field.proto.proto3Optional) return undefined;
      switch (field.scalar) {
        case ScalarType.STRING:
          return '""';
        case ScalarType.BOOL:
          return "false";
        case ScalarType.BYTES:
          return "new Uint8Array(0)";
        case ScalarType.INT64:
        case ScalarType.SINT64:
        case ScalarType.SFIXED64:
        case ScalarType.UINT64:
        case ScalarType.FIXED64:
          if (value.kind === "int64" && value.longAsString) return '"0"';
          return ctx.helper("INT64_ZERO");
        default:
          return "0";
      }
  }
}

/** JSON null means "not set", as protojson and the apiserver (which prunes nulls) read it, except for values that are null. */
function absent(property: PropertyShape, local: string): string {
  const nullIsValue = property.value.kind === "null_value" || (property.value.kind === "well_known" && property.value.typeName === "google.protobuf.Value");
  return nullIsValue ? `(${local} === undefined)` : `(${local} === undefined || ${local} === null)`;
}

function oneofFromJson(
  oneof: DescOneof,
  members: PropertyShape[],
  locals: Map<PropertyShape, string>,
  variable: string,
  message: MessageShape,
  path: PathExpr,
  ctx: ConvertContext,
): string {
  const names = `[${members.map((m) => m.name).join(", ")}]`;
  const lines = [`  let ${variable}${annotation(`${ctx.shape(message.desc)}[${JSON.stringify(oneof.localName)}]`)} = { case: undefined };\n`];
  members.forEach((member, i) => {
    const local = locals.get(member)!;
    const at = path.field(member.name);
    const assign = `${variable} = { case: ${JSON.stringify(member.field.localName)}, value: ${ctx.values.fromJson(member.value, local, at, ctx)} };`;
    const conflict = i === 0 ? "" : `    if (${variable}.case !== undefined) ${ctx.helper("fail")}(${at}, "at most one of the fields in ${names} may be set");\n`;
    lines.push(`  if (!${absent(member, local)}) {\n${conflict}    ${assign}\n  }\n`);
  });
  return lines.join("");
}
