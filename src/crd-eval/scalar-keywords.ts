// The string and number keywords of kube-openapi's validators (stringValidator, numberValidator),
// compiled once per schema node with their bounds resolved.
import { invalid, tooLong, typeInvalid, withRule, type FieldError } from "./field-error.js";
import { goFloat, goQuote } from "./go-text.js";
import type { SchemaNode } from "./schema-node.js";
import { fieldOf, inBody, pathOf, type Walk } from "./schema-walk.js";

function codePoints(data: string): number {
  let length = 0;
  for (const _ of data) length++;
  return length;
}

export function compileString(node: SchemaNode): ((data: string, walk: Walk) => void) | undefined {
  const { maxLength, minLength } = node.schema;
  const max = typeof maxLength === "number" ? maxLength : undefined;
  const min = typeof minLength === "number" ? minLength : undefined;
  const pattern = node.pattern;
  const format = node.formatCheck;
  if (max === undefined && min === undefined && pattern === undefined && format === undefined) return undefined;
  const test = pattern?.test;
  const report = (walk: Walk, make: (path: string, field: string) => FieldError) => {
    const path = pathOf(walk);
    walk.out.push(make(path, fieldOf(path)));
  };
  return (data, walk) => {
    // maxLength, minLength and pattern report one problem at most; the format is checked besides.
    // A string of n UTF-16 units has between n/2 and n code points: count them only when that decides.
    if (max !== undefined && data.length > max && codePoints(data) > max) {
      report(walk, (_, field) => withRule(tooLong(field, max), "maxLength"));
    } else if (min !== undefined && data.length < 2 * min && codePoints(data) < min) {
      report(walk, (path, field) => withRule(invalid(field, data, `${inBody(path)} should be at least ${min} chars long`), "minLength"));
    } else if (pattern !== undefined) {
      if (test === undefined) {
        report(walk, (path, field) =>
          withRule(invalid(field, data, `${inBody(path)} should match '${pattern.source}, but pattern is invalid: ${pattern.error}'`), "pattern"),
        );
      } else if (!test(data)) {
        report(walk, (path, field) => withRule(invalid(field, data, `${inBody(path)} should match '${pattern.source}'`), "pattern"));
      }
    }
    if (format !== undefined && !format(data)) {
      report(walk, (path, field) => withRule(typeInvalid(field, data, `${inBody(path)} must be of type ${node.format}: ${goQuote(data)}`), "format"));
    }
  };
}

/** swag.IsFloat64AJSONInteger: integral (within a relative epsilon) and within ±2^53. */
function isJsonInteger(value: number): boolean {
  if (!Number.isFinite(value) || Math.abs(value) > 2 ** 53) return false;
  if (Number.isInteger(value)) return true;
  const nearest = Math.round(value);
  return nearest !== 0 && Math.abs(value - nearest) / Math.abs(value) < 1e-9;
}

export function compileNumber(node: SchemaNode): ((data: number, isInt: boolean, walk: Walk) => void) | undefined {
  const { multipleOf, maximum, minimum, exclusiveMaximum, exclusiveMinimum } = node.schema;
  if (multipleOf === undefined && maximum === undefined && minimum === undefined) return undefined;
  return (data, isInt, walk) => {
    const out = walk.out;
    let path: string | undefined;
    const at = () => (path ??= pathOf(walk));
    if (typeof multipleOf === "number") {
      if (isInt && Math.trunc(multipleOf) !== 0) {
        const factor = Math.trunc(multipleOf);
        if (data % factor !== 0) out.push(withRule(invalid(fieldOf(at()), data, `${inBody(at())} should be a multiple of ${factor}`), "multipleOf"));
      } else if (multipleOf < 0) {
        out.push(withRule(invalid(fieldOf(at()), multipleOf, `factor MultipleOf declared for ${at()} must be positive: ${goFloat(multipleOf)}`), "multipleOf"));
      } else {
        const ratio = multipleOf < 1 ? (1 / multipleOf) * data : data / multipleOf;
        if (!isJsonInteger(ratio)) out.push(withRule(invalid(fieldOf(at()), data, `${inBody(at())} should be a multiple of ${goFloat(multipleOf)}`), "multipleOf"));
      }
    }
    if (typeof minimum === "number") {
      const bound = isInt ? Math.trunc(minimum) : minimum;
      if (exclusiveMinimum === true ? data <= bound : data < bound) {
        const text = isInt ? String(bound) : goFloat(bound);
        out.push(withRule(invalid(fieldOf(at()), data, `${inBody(at())} should be greater than ${exclusiveMinimum === true ? "" : "or equal to "}${text}`), "minimum"));
      }
    }
    if (typeof maximum === "number") {
      const bound = isInt ? Math.trunc(maximum) : maximum;
      if (exclusiveMaximum === true ? data >= bound : data > bound) {
        const text = isInt ? String(bound) : goFloat(bound);
        out.push(withRule(invalid(fieldOf(at()), data, `${inBody(at())} should be less than ${exclusiveMaximum === true ? "" : "or equal to "}${text}`), "maximum"));
      }
    }
  };
}

