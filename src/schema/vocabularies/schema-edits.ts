// Small edits vocabularies make to schema nodes. Bounds only ever tighten what a node already allows
// (e.g. an int32 node's own range), so a rule never widens the type.
import { jsonEqual } from "../../cel/json-equal.js";
import { escapePropertyName } from "../../cel/decl-type.js";
import type { JSONSchemaProps, JsonValue } from "../kubernetes.js";

export function requireProperty(parent: JSONSchemaProps, property: string): void {
  const required = (parent.required ??= []);
  if (!required.includes(property)) required.push(property);
}

export function addCelRule(node: JSONSchemaProps, rule: string, message?: string, messageExpression?: string): void {
  const entry: { rule: string; message?: string; messageExpression?: string } = { rule };
  if (message) entry.message = message;
  if (messageExpression) entry.messageExpression = messageExpression;
  (node["x-kubernetes-validations"] ??= []).push(entry);
}

/** minimum/exclusiveMinimum, kept when the node's own bound is already at least as tight. */
export function raiseMinimum(node: JSONSchemaProps, value: number, exclusive: boolean): void {
  const current = node.minimum;
  if (current !== undefined && (current > value || (current === value && (node.exclusiveMinimum === true || !exclusive)))) return;
  node.minimum = value;
  if (exclusive) node.exclusiveMinimum = true;
  else delete node.exclusiveMinimum;
}

export function lowerMaximum(node: JSONSchemaProps, value: number, exclusive: boolean): void {
  const current = node.maximum;
  if (current !== undefined && (current < value || (current === value && (node.exclusiveMaximum === true || !exclusive)))) return;
  node.maximum = value;
  if (exclusive) node.exclusiveMaximum = true;
  else delete node.exclusiveMaximum;
}

export function raiseCount(node: JSONSchemaProps, keyword: "minLength" | "minItems" | "minProperties", value: number): void {
  if ((node[keyword] ?? -1) < value) node[keyword] = value;
}

export function lowerCount(node: JSONSchemaProps, keyword: "maxLength" | "maxItems" | "maxProperties", value: number): void {
  if ((node[keyword] ?? Infinity) > value) node[keyword] = value;
}

/** Allowed values: the node's enum narrowed to `values` (or `values` when it has none). */
export function restrictEnum(node: JSONSchemaProps, values: readonly JsonValue[]): void {
  node.enum = node.enum === undefined ? [...values] : node.enum.filter((v) => values.some((w) => jsonEqual(v, w)));
}

export function appendDescription(node: JSONSchemaProps, sentence: string): void {
  if (node.description?.includes(sentence)) return;
  node.description = node.description ? `${node.description}\n\n${sentence}` : sentence;
}

/** The CEL literal of a JSON string. */
export function celString(text: string): string {
  return `'${text.replace(/\\/g, "\\\\").replace(/'/g, "\\'").replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t")}'`;
}

/** The CEL literal of a number on a node of type `integer` (int) or `number` (double). */
export function celNumber(value: number, node: JSONSchemaProps): string {
  if (node.type === "number") return Number.isInteger(value) ? `${value}.0` : String(value);
  return String(value);
}

/** `self.<name>` with the property name escaped as Kubernetes does; undefined when CEL cannot name it. */
export function celSelect(variable: string, property: string): string | undefined {
  const escaped = escapePropertyName(property);
  return escaped === undefined ? undefined : `${variable}.${escaped}`;
}
