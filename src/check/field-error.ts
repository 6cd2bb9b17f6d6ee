// Problems worded like the apiserver's field errors (`<field>: Required value: <detail>`), so a
// self-check failure reads the same as the rejection `kubectl apply` would print.
import type { PathElement, Problem } from "./problem.js";

type Severity = Problem["severity"];

/**
 * A problem at `[...base, ...field]`. The message starts with `field`, rendered the apiserver's way
 * (`properties[spec].type`), so it names the exact value that is wrong relative to `base`.
 */
export function problemAt(
  rule: string,
  base: readonly PathElement[],
  field: readonly PathElement[],
  text: string,
  severity: Severity = "error",
): Problem {
  const message = field.length > 0 ? `${renderFieldPath(field)}: ${text}` : text;
  return { severity, rule, message, path: [...base, ...field] };
}

export function required(detail = ""): string {
  return detail === "" ? "Required value" : `Required value: ${detail}`;
}

export function invalid(value: unknown, detail: string): string {
  return `Invalid value: ${renderValue(value)}: ${detail}`;
}

export function forbidden(detail: string): string {
  return `Forbidden: ${detail}`;
}

export function unsupported(value: unknown, supported: readonly string[]): string {
  return `Unsupported value: ${renderValue(value)}: supported values: ${supported.map((s) => JSON.stringify(s)).join(", ")}`;
}

export function duplicate(value: unknown): string {
  return `Duplicate value: ${renderValue(value)}`;
}

export function tooMany(actual: number, max: number): string {
  return `Too many: ${actual}: must have at most ${max} items`;
}

/** `spec.versions[0].schema.openAPIV3Schema.properties[spec].type`, as the apiserver prints paths. */
export function renderFieldPath(path: readonly PathElement[]): string {
  let out = "";
  for (let i = 0; i < path.length; i++) {
    const element = path[i];
    if (typeof element === "number") {
      out += `[${element}]`;
    } else if (element === "properties" && i + 1 < path.length) {
      out += `${out === "" ? "" : "."}properties[${path[++i]}]`;
    } else {
      out += `${out === "" ? "" : "."}${element}`;
    }
  }
  return out;
}

function renderValue(value: unknown): string {
  if (value === undefined) return `""`;
  const json = JSON.stringify(value);
  return json.length > 120 ? `${json.slice(0, 117)}...` : json;
}
