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
        return shape.allowed ? literalUnion(shape.allowed) : scalarType(shape.scalar);
      case "int64":
        return int64Type(shape.as);
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
        return shape.inner.kind === "int64" ? int64Type(shape.inner.as) : scalarType(shape.inner.scalar);
      case "well_known":
        switch (shape.typeName) {
          case "google.protobuf.Timestamp":
          case "google.protobuf.Duration":
          case "google.protobuf.FieldMask":
            return "string";
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
    const hint = valueHint(property.value);
    return `${jsDoc(property.node.description, indent, hint ? [hint] : [])}${indent}${propertyKey(property.name)}${property.required ? "" : "?"}: ${type};\n`;
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
      return "string | number";
    case "integer":
      return "number";
    case "string":
      return "string";
  }
}

export function literalUnion(values: readonly JsonValue[]): string {
  return values.length === 0 ? "never" : values.map((v) => JSON.stringify(v)).join(" | ");
}

function sameValues(a: readonly JsonValue[], b: readonly JsonValue[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** What a reader needs to know about a value's JSON form beyond its TypeScript type. */
function valueHint(shape: ValueShape): string | undefined {
  const inner = shape.kind === "wrapper" ? shape.inner : shape;
  switch (inner.kind) {
    case "int64":
      switch (inner.as) {
        case "int_or_string":
          return "A 64-bit integer: converters write a decimal string, which keeps every digit; a number is accepted when it is a safe integer.";
        case "integer":
          return "A 64-bit integer, limited to safe integers (±2^53 - 1) so that no digit is lost.";
        case "string":
          return "A 64-bit integer as a decimal string.";
      }
      break;
    case "scalar":
      return inner.scalar === "bytes" ? "Bytes, base64-encoded." : undefined;
    case "well_known":
      switch (inner.typeName) {
        case "google.protobuf.Timestamp":
          return 'An RFC 3339 timestamp in UTC, e.g. "2024-05-01T12:00:00Z".';
        case "google.protobuf.Duration":
          return inner.goDuration
            ? 'A Go/Kubernetes duration, e.g. "30ms", "5m" or "1h30m" (converters write Go\'s form, "1h30m0s").'
            : 'A duration in seconds with up to 9 decimals and an "s" suffix, e.g. "1.5s".';
        case "google.protobuf.FieldMask":
          return 'Comma-separated lowerCamel field paths, e.g. "spec.nodeName,status".';
        default:
          return undefined;
      }
    default:
      return undefined;
  }
}
