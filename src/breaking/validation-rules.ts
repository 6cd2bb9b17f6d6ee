// Value validation that got stricter: enum values, numeric/length/count bounds, multipleOf, pattern,
// format and schema combinators. Loosening (a wider bound, a removed pattern) is never reported.
import type { JSONSchemaProps } from "../schema/kubernetes.js";
import { type Finding, finding, type Place } from "./finding.js";
import type { NodePair } from "./schema-pairs.js";

type Bound = "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties" | "maxProperties";
const LOWER_COUNTS: Bound[] = ["minLength", "minItems", "minProperties"];
const UPPER_COUNTS: Bound[] = ["maxLength", "maxItems", "maxProperties"];

export function validationFindings(pair: NodePair, at: (path: string) => Place): Finding[] {
  const out: Finding[] = [];
  const { old, new: next } = pair;
  const here = at(pair.path);
  const narrowed = (message: string) => out.push(finding("BOUND_NARROWED", here, message));

  if (next.enum) {
    const allowed = new Set(next.enum.map((v) => JSON.stringify(v)));
    if (!old.enum) out.push(finding("ENUM_VALUE_REMOVED", here, `enum added; values other than ${[...allowed].join(", ")} are now rejected`));
    else {
      const removed = old.enum.map((v) => JSON.stringify(v)).filter((v) => !allowed.has(v));
      if (removed.length > 0) out.push(finding("ENUM_VALUE_REMOVED", here, `enum value${removed.length > 1 ? "s" : ""} ${removed.join(", ")} removed`));
    }
  }

  const low = lowerBound(old);
  const newLow = lowerBound(next);
  if (newLow && (!low || newLow.value > low.value || (newLow.value === low.value && newLow.exclusive && !low.exclusive))) {
    narrowed(`minimum ${low ? show(low, ">") : "none"} narrowed to ${show(newLow, ">")}`);
  }
  const high = upperBound(old);
  const newHigh = upperBound(next);
  if (newHigh && (!high || newHigh.value < high.value || (newHigh.value === high.value && newHigh.exclusive && !high.exclusive))) {
    narrowed(`maximum ${high ? show(high, "<") : "none"} narrowed to ${show(newHigh, "<")}`);
  }
  for (const key of LOWER_COUNTS) {
    const a = old[key];
    const b = next[key];
    if (b !== undefined && b > (a ?? 0)) narrowed(`${key} ${a ?? "none"} narrowed to ${b}`);
  }
  for (const key of UPPER_COUNTS) {
    const a = old[key];
    const b = next[key];
    if (b !== undefined && (a === undefined || b < a)) narrowed(`${key} ${a ?? "none"} narrowed to ${b}`);
  }
  // Every multiple of the old factor is a multiple of the new one only when the new one divides it.
  if (next.multipleOf !== undefined && (old.multipleOf === undefined || !divides(next.multipleOf, old.multipleOf))) {
    narrowed(`multipleOf ${old.multipleOf ?? "none"} changed to ${next.multipleOf}`);
  }

  if (next.pattern !== undefined && next.pattern !== old.pattern) {
    const message = old.pattern === undefined ? `pattern ${JSON.stringify(next.pattern)} added` : `pattern changed from ${JSON.stringify(old.pattern)} to ${JSON.stringify(next.pattern)}`;
    out.push(finding("PATTERN_CHANGED", here, message));
  }
  if (next.format !== undefined && next.format !== old.format) {
    out.push(finding("FORMAT_CHANGED", here, old.format === undefined ? `format "${next.format}" added` : `format changed from "${old.format}" to "${next.format}"`));
  }
  for (const key of ["allOf", "anyOf", "oneOf", "not"] as const) {
    if (next[key] !== undefined && JSON.stringify(next[key]) !== JSON.stringify(old[key])) {
      out.push(finding("COMBINATOR_CHANGED", here, `${key} ${old[key] === undefined ? "added" : "changed"}`));
    }
  }
  return out;
}

interface NumericBound {
  value: number;
  exclusive: boolean;
}

function lowerBound(node: JSONSchemaProps): NumericBound | undefined {
  return node.minimum === undefined ? undefined : { value: node.minimum, exclusive: node.exclusiveMinimum === true };
}

function upperBound(node: JSONSchemaProps): NumericBound | undefined {
  return node.maximum === undefined ? undefined : { value: node.maximum, exclusive: node.exclusiveMaximum === true };
}

function show(bound: NumericBound, strict: ">" | "<"): string {
  return bound.exclusive ? `${strict} ${bound.value}` : `${strict}= ${bound.value}`;
}

function divides(factor: number, multiple: number): boolean {
  const q = multiple / factor;
  return Math.abs(q - Math.round(q)) < 1e-9;
}
