// Converters for enum values and for fields whose CRD node lists allowed values. They accept exactly the
// node's `enum` list: names (and, under enums=names_and_numbers, numbers on input); the converters write
// names, as protojson does.
import type { DescEnum, DescEnumValue } from "@bufbuild/protobuf";
import { enumValues } from "../schema/enums.js";
import type { JsonValue } from "../schema/kubernetes.js";
import type { ConvertContext } from "./ts-convert-context.js";
import { lowerFirst, propertyAccess, protobufEsIdentifier } from "./ts-types-names.js";
import { literalUnion } from "./ts-types-render.js";
import type { ValueShape } from "./ts-types-shapes.js";

type EnumShape = Extract<ValueShape, { kind: "enum" }>;

/** `recommendedActionToJson`: enum number → name, for the names the node accepts. */
export function enumToJsonFunction(shape: EnumShape, ctx: ConvertContext): string {
  const { desc, allowed } = shape;
  const key = `enum-to:${desc.typeName}:${JSON.stringify(allowed)}`;
  return ctx.declare(key, `${lowerFirst(protobufEsIdentifier(desc))}ToJson`, (name) => {
    const enumRef = ctx.shape(desc);
    const names = allowed.filter((v): v is string => typeof v === "string");
    const seen = new Set<number>();
    const cases: string[] = [];
    for (const value of desc.values) {
      // protojson writes the first name of a number (aliases share numbers).
      if (!names.includes(value.name) || seen.has(value.number)) continue;
      seen.add(value.number);
      cases.push(`    case ${member(enumRef, value)}:\n      return ${JSON.stringify(value.name)};\n`);
    }
    const returns = sameValues(allowed, enumValues(desc, ctx.input.options)) ? ctx.jsonType(desc) : literalUnion(names);
    const fail = ctx.helper("fail");
    return (
      `/** A ${desc.typeName} value as the name the CRD accepts for it. */\n` +
      `function ${name}(value: ${enumRef}, path: string): ${returns} {\n` +
      `  switch (value) {\n${cases.join("")}  }\n` +
      `  return ${fail}(path, \`\${value} is not a value of ${desc.typeName} that the CRD accepts (${names.join(", ")})\`);\n` +
      `}\n`
    );
  });
}

/** `recommendedActionFromJson`: name (or number, under names_and_numbers) → enum number. */
export function enumFromJsonFunction(shape: EnumShape, ctx: ConvertContext): string {
  const { desc, allowed } = shape;
  const key = `enum-from:${desc.typeName}:${JSON.stringify(allowed)}`;
  return ctx.declare(key, `${lowerFirst(protobufEsIdentifier(desc))}FromJson`, (name) => {
    const enumRef = ctx.shape(desc);
    const cases: string[] = [];
    for (const value of distinctByNumber(desc)) {
      const labels: JsonValue[] = desc.values.filter((v) => v.number === value.number && allowed.includes(v.name)).map((v) => v.name);
      if (shape.as === "names_and_numbers" && allowed.includes(value.number)) labels.push(value.number);
      if (labels.length === 0) continue;
      cases.push(`${labels.map((l) => `    case ${JSON.stringify(l)}:\n`).join("")}      return ${member(enumRef, value)};\n`);
    }
    const expected = ctx.helper("expected");
    const what = `one of ${allowed.map((v) => String(v)).join(", ")}`;
    return (
      `/** A ${desc.typeName} value from the CRD: ${shape.as === "names" ? "its name" : "its name or number"}. */\n` +
      `function ${name}(value: unknown, path: string): ${enumRef} {\n` +
      `  switch (value) {\n${cases.join("")}  }\n` +
      `  return ${expected}(${JSON.stringify(what)}, value, path);\n` +
      `}\n`
    );
  });
}

/** The value a protobuf-es enum holds when an implicit-presence field is unset (its first value). */
export function enumZero(desc: DescEnum, ctx: ConvertContext): string {
  return member(ctx.shape(desc), desc.values[0]);
}

/** A module-level list of the values a node accepts, e.g. status words of a string field. */
export function allowedValuesConstant(allowed: readonly JsonValue[], hint: string, ctx: ConvertContext): string {
  return ctx.declare(`allowed:${JSON.stringify(allowed)}`, `${hint}Values`, (name) => `const ${name} = [${allowed.map((v) => JSON.stringify(v)).join(", ")}] as const;\n`);
}

function member(enumRef: string, value: DescEnumValue): string {
  return propertyAccess(enumRef, value.localName);
}

function distinctByNumber(desc: DescEnum): DescEnumValue[] {
  const seen = new Set<number>();
  return desc.values.filter((v) => (seen.has(v.number) ? false : (seen.add(v.number), true)));
}

function sameValues(a: readonly JsonValue[], b: readonly JsonValue[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
