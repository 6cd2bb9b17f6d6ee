// Converters for enum values, as module-level lookup tables: number → name for writing, and name (or
// number, under enums=names_and_numbers) → number for reading. They accept exactly the node's `enum`
// list; the converters write names, as protojson does. An enum number the list lacks (an unknown number
// in an open enum, or a value hidden from the CRD) cannot be written and is reported with its path.
import type { DescEnum, DescEnumValue } from "@bufbuild/protobuf";
import { enumValues } from "../../schema/enums.js";
import type { JsonValue } from "../../schema/kubernetes.js";
import type { ConvertContext } from "./context.js";
import { annotation, typeOnly } from "../shared/printer.js";
import { propertyAccess, protobufEsIdentifier } from "../shared/names.js";
import { literalUnion } from "../types/render.js";
import type { ValueShape } from "../shared/shapes.js";

type EnumShape = Extract<ValueShape, { kind: "enum" }>;

/** An expression writing the enum number `value` as its name; fails (at `path`) for numbers the node does not list. */
export function enumToJson(shape: EnumShape, value: string, path: string, ctx: ConvertContext): string {
  const table = enumNamesTable(shape, ctx);
  const fail = ctx.helper("fail");
  const names = shape.allowed.filter((v): v is string => typeof v === "string");
  const detail = `\`\${${value}} is not a value of ${shape.desc.typeName} that the CRD accepts (${names.join(", ")})\``;
  return `(${table}[${value}] ?? ${fail}(${path}, ${detail}))`;
}

/** An expression reading a name (or number, under names_and_numbers) as the enum number. */
export function enumFromJson(shape: EnumShape, value: string, path: string, ctx: ConvertContext): string {
  const table = enumNumbersTable(shape, ctx);
  const expected = ctx.helper("expected");
  const what = `one of ${shape.allowed.map((v) => String(v)).join(", ")}`;
  return `(${table}.get(${value}) ?? ${expected}(${JSON.stringify(what)}, ${value}, ${path}))`;
}

/** `RecommendedActionNames`: the name the CRD accepts for each number (protojson writes a number's first name). */
function enumNamesTable(shape: EnumShape, ctx: ConvertContext): string {
  const { desc, allowed } = shape;
  return ctx.declare(`enum-names:${desc.typeName}:${JSON.stringify(allowed)}`, `${protobufEsIdentifier(desc)}Names`, (name) => {
    const entries: string[] = [];
    const seen = new Set<number>();
    for (const value of desc.values) {
      if (!allowed.includes(value.name) || seen.has(value.number)) continue;
      seen.add(value.number);
      entries.push(`  [${member(ctx.shape(desc), value)}]: ${JSON.stringify(value.name)},\n`);
    }
    const names = allowed.filter((v): v is string => typeof v === "string");
    const type = sameValues(allowed, enumValues(desc, ctx.input.options)) ? ctx.jsonType(desc) : literalUnion(names);
    return (
      `/** The name the CRD accepts for each ${desc.typeName} number. */\n` +
      `const ${name}${annotation(`{ readonly [n: number]: ${type} | undefined }`)} = {\n${entries.join("")}};\n`
    );
  });
}

/** `RecommendedActionNumbers`: the number of each name (and number) the node lists. */
function enumNumbersTable(shape: EnumShape, ctx: ConvertContext): string {
  const { desc, allowed } = shape;
  return ctx.declare(`enum-numbers:${desc.typeName}:${JSON.stringify(allowed)}`, `${protobufEsIdentifier(desc)}Numbers`, (name) => {
    const enumRef = ctx.shape(desc);
    const entries: string[] = [];
    for (const value of desc.values) {
      if (allowed.includes(value.name)) entries.push(`  [${JSON.stringify(value.name)}, ${member(enumRef, value)}],\n`);
    }
    if (shape.as === "names_and_numbers") {
      for (const value of distinctByNumber(desc)) {
        if (allowed.includes(value.number)) entries.push(`  [${value.number}, ${member(enumRef, value)}],\n`);
      }
    }
    return (
      `/** The ${desc.typeName} number of each value the CRD accepts${shape.as === "names" ? "" : " (names and numbers)"}. */\n` +
      `const ${name}${annotation(`ReadonlyMap<unknown, ${enumRef}>`)} = new Map${typeOnly(`<unknown, ${enumRef}>`)}([\n${entries.join("")}]);\n`
    );
  });
}

/** The value a protobuf-es enum holds when an implicit-presence field is unset (its first value). */
export function enumZero(desc: DescEnum, ctx: ConvertContext): string {
  return member(ctx.shape(desc), desc.values[0]);
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
