// One converter function per message and direction: `healthEventToJson(message, path)` writes the
// properties the CRD defines, omitting unset fields as protojson does (a field the CRD requires is always
// written, or reported when the message does not set it); `healthEventFromJson(value, path, options)`
// reads them back with `create`, refusing properties the CRD does not define and oneofs with two members.
import type { DescOneof } from "@bufbuild/protobuf";
import type { ConvertContext } from "./ts-convert-context.js";
import { PathExpr } from "./ts-convert-context.js";
import { isNotZero, valueFromJson, valueToJson } from "./ts-convert-values.js";
import { lowerFirst, propertyAccess, protobufEsIdentifier } from "./ts-types-names.js";
import type { MessageShape, PropertyShape } from "./ts-types-shapes.js";

/** google.protobuf.FeatureSet.FieldPresence.IMPLICIT */
const IMPLICIT = 2;

/** Names that a plain object inherits: reading them needs an own-property check. */
const INHERITED = new Set([...Object.getOwnPropertyNames(Object.prototype), "__proto__"]);

export function messageToJsonFunction(message: MessageShape, ctx: ConvertContext): string {
  const { desc } = message;
  return ctx.declare(`to:${desc.typeName}`, `${lowerFirst(protobufEsIdentifier(desc))}ToJson`, (name) => {
    const body = propertiesToJson(message.properties, "message", "json", PathExpr.variable("path"), ctx);
    return (
      `/** \`${desc.typeName}\` → its JSON form in the CRD. */\n` +
      `function ${name}(message: ${ctx.shape(desc)}, path: string${ctx.toOptions ? ", options: ToOptions" : ""}): ${ctx.jsonType(desc)} {\n` +
      `  const json = {} as ${ctx.jsonType(desc)};\n` +
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
      `function ${name}(value: unknown, path: string, options: FromOptions): ${ctx.shape(desc)} {\n` +
      `  const json = ${ctx.helper("objectFromJson")}(value, path);\n` +
      check +
      propertiesFromJson(message, "json", PathExpr.variable("path"), ctx) +
      `}\n`
    );
  });
}

/** A module-level set of the property names of an object, for the unknown-field check. */
export function knownProperties(names: string[], hint: string, ctx: ConvertContext): string {
  return ctx.declare(`known:${JSON.stringify(names)}`, `${hint}Properties`, (name) => `const ${name}: ReadonlySet<string> = new Set(${JSON.stringify(names)});\n`);
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
    const write = assignment(json, property.name, valueToJson(property.value, value, at, ctx), ctx);
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
  return property.required ? undefined : isNotZero(property.value, value, ctx);
}

function oneofToJson(oneof: DescOneof, properties: PropertyShape[], message: string, json: string, path: PathExpr, ctx: ConvertContext): string {
  const group = propertyAccess(message, oneof.localName);
  const cases = properties
    .filter((p) => p.oneof === oneof)
    .map((p) => `    case ${JSON.stringify(p.field.localName)}:\n      ${assignment(json, p.name, valueToJson(p.value, `${group}.value`, path.field(p.name), ctx), ctx)}\n      break;\n`);
  return `  switch (${group}.case) {\n${cases.join("")}  }\n`;
}

/** `json.name = expression;` — except for "__proto__", which plain assignment would turn into a prototype change. */
function assignment(json: string, name: string, expression: string, ctx: ConvertContext): string {
  if (name === "__proto__") return `${ctx.helper("setOwn")}(${json}, "__proto__", ${expression});`;
  return `${propertyAccess(json, name)} = ${expression};`;
}

/** Statements reading each property from `json` and returning the message built with `create`. */
export function propertiesFromJson(message: MessageShape, json: string, path: PathExpr, ctx: ConvertContext): string {
  const lines: string[] = [];
  const init: string[] = [];
  const locals = new Map<PropertyShape, string>();
  message.properties.forEach((property, i) => {
    const local = `f$${i}`;
    locals.set(property, local);
    const read = INHERITED.has(property.name) ? `${ctx.helper("ownProperty")}(${json}, ${JSON.stringify(property.name)})` : propertyAccess(json, property.name);
    lines.push(`  const ${local} = ${read};\n`);
  });
  const oneofsDone = new Set<DescOneof>();
  message.properties.forEach((property) => {
    const local = locals.get(property)!;
    if (property.oneof) {
      if (oneofsDone.has(property.oneof)) return;
      oneofsDone.add(property.oneof);
      const members = message.properties.filter((p) => p.oneof === property.oneof);
      const variable = `o$${oneofsDone.size - 1}`;
      lines.push(oneofFromJson(property.oneof, members, locals, variable, message, path, ctx));
      init.push(`    ${property.oneof.localName}: ${variable},\n`);
      return;
    }
    const at = path.field(property.name);
    const convert = valueFromJson(property.value, local, at, ctx);
    const value = property.required ? convert : `${absent(property, local)} ? undefined : ${convert}`;
    init.push(`    ${property.field.localName}: ${value},\n`);
  });
  lines.push(`  return ${ctx.protobuf("create")}(${ctx.schema(message.desc)}, {\n${init.join("")}  });\n`);
  return lines.join("");
}

/** JSON null means "not set", as protojson and the apiserver (which prunes nulls) read it, except for values that are null. */
function absent(property: PropertyShape, local: string): string {
  const nullIsValue = property.value.kind === "null_value" || (property.value.kind === "well_known" && property.value.typeName === "google.protobuf.Value");
  return nullIsValue ? `${local} === undefined` : `(${local} === undefined || ${local} === null)`;
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
  const lines = [`  let ${variable}: ${ctx.shape(message.desc)}[${JSON.stringify(oneof.localName)}] = { case: undefined };\n`];
  members.forEach((member, i) => {
    const local = locals.get(member)!;
    const at = path.field(member.name);
    const assign = `${variable} = { case: ${JSON.stringify(member.field.localName)}, value: ${valueFromJson(member.value, local, at, ctx)} };`;
    const conflict = i === 0 ? "" : `    if (${variable}.case !== undefined) ${ctx.helper("fail")}(${at}, "at most one of the fields in ${names} may be set");\n`;
    lines.push(`  if (!(${absent(member, local)})) {\n${conflict}    ${assign}\n  }\n`);
  });
  return lines.join("");
}
