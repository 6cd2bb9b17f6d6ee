// How protovalidate CEL reads a message's fields (`this.x`): each field as the escaped property, or its
// zero value when absent, as protovalidate does.
import type { DescField, DescMessage } from "@bufbuild/protobuf";
import { escapePropertyName } from "../../cel/decl-type.js";
import type { JSONSchemaProps } from "../kubernetes.js";

/**
 * Proto field name → what `this.<field>` means in CEL on `node`. protovalidate reads an absent field as
 * its zero value, Kubernetes CEL fails on it ("no such key"), so a field that may be absent is read as
 * `(has(self.f) ? self.f : <zero>)`; required and message fields are plain selections.
 */
export function celFieldNames(message: DescMessage, propertyOf: (field: DescField) => string, node: JSONSchemaProps): Map<string, string> {
  const names = new Map<string, string>();
  for (const field of message.fields) {
    const property = propertyOf(field);
    const escaped = escapePropertyName(property);
    if (escaped === undefined) continue;
    const child = node.properties?.[property];
    const zero = child && !(node.required ?? []).includes(property) && field.fieldKind !== "message" ? zeroLiteral(child, field) : undefined;
    names.set(field.name, zero === undefined ? `self.${escaped}` : `(has(self.${escaped}) ? self.${escaped} : ${zero})`);
  }
  return names;
}

function zeroLiteral(node: JSONSchemaProps, field: DescField): string | undefined {
  if (field.fieldKind === "list") return "[]";
  if (field.fieldKind === "map") return "{}";
  if (field.fieldKind === "enum") {
    const zero = field.enum.values.find((v) => v.number === 0)?.name;
    return node.type === "string" && zero ? `'${zero}'` : undefined;
  }
  switch (node.type) {
    case "string":
      return node.format === "byte" ? "b''" : "''";
    case "integer":
      return "0";
    case "number":
      return "0.0";
    case "boolean":
      return "false";
    default:
      return undefined;
  }
}
