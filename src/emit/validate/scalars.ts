// Checks of scalar keywords emitted inline: enum, string length/pattern/format, number bounds, and the
// item/property counts of lists and maps.
import type { JSONSchemaProps } from "../../schema/kubernetes.js";
import { VALIDATED_FORMATS } from "../../validation/formats.js";
import { isPortable } from "../../validation/patterns.js";
import { typeOnly } from "../shared/printer.js";
import { constantBase, type CodeWriter, type Lines } from "./writer.js";

/** `if (badType) c.type(…) else { checks }`. */
export function typeGuarded(badType: string, expected: string, v: string, P: string, indent: string, checks: Lines, format = ""): Lines {
  const report = `c.type(${P}, ${v}, ${JSON.stringify(expected)}${format !== "" ? `, ${JSON.stringify(format)}` : ""});`;
  if (checks.length === 0) return [`${indent}if (${badType}) ${report}`];
  return [`${indent}if (${badType}) {`, `${indent}  ${report}`, `${indent}} else {`, ...checks, `${indent}}`];
}

/** A null in a nullable node still has to be one of its enum values (kube-openapi checks enum on null). */
export function nullEnumCheck(schema: JSONSchemaProps, P: string, indent: string): string | undefined {
  if (schema.enum === undefined || schema.enum.includes(null)) return undefined;
  return `${indent}c.unsupported(${P}, null, ${JSON.stringify(schema.enum)});`;
}

export function countChecks(schema: JSONSchemaProps, n: string, P: string, rule: "maxItems" | "maxProperties", indent: string): Lines {
  const max = rule === "maxItems" ? schema.maxItems : schema.maxProperties;
  const min = rule === "maxItems" ? schema.minItems : schema.minProperties;
  const out: Lines = [];
  if (max !== undefined) out.push(`${indent}if (${n} > ${max}) c.tooMany(${P}, ${JSON.stringify(rule)}, ${n}, ${max});`);
  if (min !== undefined && min > 0) {
    out.push(`${indent}if (${n} < ${min}) c.${rule === "maxItems" ? "tooFewItems" : "tooFewProperties"}(${P}, ${n}, ${min});`);
  }
  return out;
}

export function enumCheck(w: CodeWriter, schema: JSONSchemaProps, v: string, P: string, hint: string, indent: string): Lines {
  const values = schema.enum;
  if (values === undefined) return [];
  const list = w.constant(`${constantBase(hint)}_values`, `${JSON.stringify(values)}${typeOnly(" as const")}`);
  if (values.every((value): value is string => typeof value === "string")) {
    const set = w.constant(`${constantBase(hint)}_set`, `new Set${typeOnly("<unknown>")}(${list})`);
    return [`${indent}if (!${set}.has(${v})) c.unsupported(${P}, ${v}, ${list});`];
  }
  w.runtime.add("enumIncludes");
  return [`${indent}if (!enumIncludes(${list}, ${v})) c.unsupported(${P}, ${v}, ${list});`];
}

export function stringChecks(w: CodeWriter, schema: JSONSchemaProps, v: string, P: string, hint: string, indent: string): Lines {
  const out: Lines = [];
  if (schema.maxLength !== undefined) {
    w.runtime.add("longerThan");
    out.push(`${indent}if (longerThan(${v}, ${schema.maxLength})) c.tooLong(${P}, ${schema.maxLength});`);
  }
  if (schema.minLength !== undefined && schema.minLength > 0) {
    w.runtime.add("shorterThan");
    out.push(`${indent}if (shorterThan(${v}, ${schema.minLength})) c.tooShort(${P}, ${v}, ${schema.minLength});`);
  }
  if (schema.pattern !== undefined) {
    const note = isPortable(schema.pattern) ? "" : " // RE2 engine: syntax JavaScript reads differently";
    const test = w.pattern(schema.pattern, hint, note);
    out.push(`${indent}if (!${test}(${v})) c.pattern(${P}, ${v}, ${JSON.stringify(schema.pattern)});`);
  }
  if (schema.format !== undefined && VALIDATED_FORMATS.includes(schema.format)) {
    const test = w.format(schema.format);
    out.push(`${indent}if (!${test}(${v})) c.format(${P}, ${v}, ${JSON.stringify(schema.format)});`);
  }
  return out;
}

export function numberChecks(w: CodeWriter, schema: JSONSchemaProps, v: string, P: string, indent: string): Lines {
  const out: Lines = [];
  if (schema.minimum !== undefined) {
    const op = schema.exclusiveMinimum === true ? "<=" : "<";
    out.push(`${indent}if (${v} ${op} ${schema.minimum}) c.minimum(${P}, ${v}, ${schema.minimum}, ${schema.exclusiveMinimum === true});`);
  }
  if (schema.maximum !== undefined) {
    const op = schema.exclusiveMaximum === true ? ">=" : ">";
    out.push(`${indent}if (${v} ${op} ${schema.maximum}) c.maximum(${P}, ${v}, ${schema.maximum}, ${schema.exclusiveMaximum === true});`);
  }
  if (schema.multipleOf !== undefined) {
    w.runtime.add("isMultipleOf");
    out.push(`${indent}if (!isMultipleOf(${v}, ${schema.multipleOf})) c.multipleOf(${P}, ${v}, ${schema.multipleOf});`);
  }
  return out;
}
