// Value shapes → TypeScript type expressions and property declarations.
// The type of a value follows its encoding (64-bit and enum policies, well-known types) and its node
// (enum lists, nullable), so a type accepts exactly what the CRD's schema node accepts for that value.
import type { DescEnum, DescMessage } from "@bufbuild/protobuf";
import type { GeneratorOptions } from "../../plugin/parameters.js";
import { descriptionFromComment } from "../../schema/descriptions.js";
import { enumValues } from "../../schema/enums.js";
import type { JsonValue } from "../../schema/kubernetes.js";
import { commentOf } from "../../schema/source-location.js";
import { jsDoc, propertyKey, type FileNames } from "../shared/names.js";
import type { Int64Policy, MessageShape, PropertyShape, ValueShape } from "../shared/shapes.js";

export class TypeRenderer {
  /** Set when a rendered type refers to JsonValue or JsonObject. */
  usesJsonValue = false;
  /** The runtime's named JSON forms (src/types/json-forms.ts) the rendered types refer to. */
  readonly jsonForms = new Set<string>();

  constructor(
    private readonly names: FileNames,
    private readonly options: GeneratorOptions,
  ) {}

  typeOf(shape: ValueShape): string {
    const type = this.baseType(shape);
    return shape.node.nullable && shape.kind !== "null_value" ? `${type} | null` : type;
  }

  private baseType(shape: ValueShape): string {
    switch (shape.kind) {
      case "scalar":
        return shape.allowed ? literalUnion(shape.allowed) : this.scalarType(shape.scalar);
      case "int64":
        return this.form(int64Type(shape.as));
      case "enum":
        return sameValues(shape.allowed, this.enumValues(shape.desc)) ? this.jsonName(shape.desc) : literalUnion(shape.allowed);
      case "null_value":
        return "null";
      case "message":
        return this.jsonName(shape.desc);
      case "opaque": {
        const name = this.names.json.get(shape.desc.typeName);
        if (name) return name;
        this.usesJsonValue = true;
        return "JsonObject";
      }
      case "wrapper":
        return shape.inner.kind === "int64" ? this.form(int64Type(shape.inner.as)) : this.scalarType(shape.inner.scalar);
      case "well_known":
        switch (shape.typeName) {
          case "google.protobuf.Timestamp":
            return this.form("Rfc3339Timestamp");
          case "google.protobuf.Duration":
            return this.form(shape.goDuration ? "GoDuration" : "SecondsDuration");
          case "google.protobuf.FieldMask":
            return this.form("FieldMaskPaths");
          case "google.protobuf.Struct":
            this.usesJsonValue = true;
            return "JsonObject";
          case "google.protobuf.Value":
            this.usesJsonValue = true;
            return "JsonValue";
          case "google.protobuf.ListValue":
            this.usesJsonValue = true;
            return "JsonValue[]";
          case "google.protobuf.Any":
            this.usesJsonValue = true;
            return `{ "@type": string; [key: string]: JsonValue }`;
          case "google.protobuf.Empty":
            return "Record<string, never>";
        }
        break;
      case "list": {
        const item = this.typeOf(shape.item);
        return /[|&]/.test(item) ? `(${item})[]` : `${item}[]`;
      }
      case "map":
        return `{ [key: string]: ${this.typeOf(shape.value)} }`;
    }
  }

  /** `  /** doc *\/\n  name?: Type;` */
  property(property: PropertyShape, indent = "  ", type = this.typeOf(property.value)): string {
    return `${jsDoc(property.node.description, indent, [])}${indent}${propertyKey(property.name)}${property.required ? "" : "?"}: ${type};\n`;
  }

  private scalarType(scalar: string): string {
    return scalar === "bytes" ? this.form("Base64Bytes") : scalarType(scalar);
  }

  /** A named JSON form from the runtime, whose doc explains it. */
  private form(name: string): string {
    this.jsonForms.add(name);
    return name;
  }

  messageInterface(message: MessageShape): string {
    const name = this.jsonName(message.desc);
    const doc = jsDoc(this.describe(message.desc), "", [`The JSON form of \`${message.desc.typeName}\` in the CRD.`]);
    const body = message.properties.map((p) => this.property(p)).join("");
    const rest = message.preservesUnknown ? "  /** Fields the CRD keeps without a schema. */\n  [key: string]: unknown;\n" : "";
    return `${doc}export interface ${name} {\n${body}${rest}}\n`;
  }

  enumAlias(desc: DescEnum): string {
    const values = this.enumValues(desc);
    const valueDocs = desc.values
      .map((v) => ({ name: v.name, doc: descriptionFromComment(commentOf(v), this.options) }))
      .filter((v) => v.doc !== undefined && values.includes(v.name))
      .map((v) => `- \`${v.name}\`: ${v.doc!.replace(/\n/g, " ")}`);
    const doc = jsDoc(this.describe(desc), "", [
      `The values of \`${desc.typeName}\` the CRD accepts${this.options.enums === "names_and_numbers" ? " (names or numbers; converters write names)" : ""}.`,
      ...(valueDocs.length > 0 ? [valueDocs.join("\n")] : []),
    ]);
    return `${doc}export type ${this.jsonName(desc)} = ${literalUnion(values)};\n`;
  }

  /** The enum's list as the CRD writes it for an unrestricted field: one decision, in schema/enums.ts. */
  enumValues(desc: DescEnum): JsonValue[] {
    return enumValues(desc, this.options);
  }

  jsonName(desc: DescMessage | DescEnum): string {
    const name = this.names.json.get(desc.typeName);
    if (!name) throw new Error(`internal: no JSON type name for ${desc.typeName}`);
    return name;
  }

  /** Message and enum comments are not in the model (only field comments are, as node descriptions). */
  describe(desc: DescMessage | DescEnum): string | undefined {
    return descriptionFromComment(commentOf(desc), this.options);
  }
}

export function scalarType(scalar: string): string {
  switch (scalar) {
    case "string":
    case "bytes":
      return "string";
    case "bool":
      return "boolean";
    default:
      return "number";
  }
}

export function int64Type(as: Int64Policy): string {
  switch (as) {
    case "int_or_string":
      return "Int64OrString";
    case "integer":
      return "Int64Number";
    case "string":
      return "Int64String";
  }
}

export function literalUnion(values: readonly JsonValue[]): string {
  return values.length === 0 ? "never" : values.map((v) => JSON.stringify(v)).join(" | ");
}

function sameValues(a: readonly JsonValue[], b: readonly JsonValue[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

