// What a validator reports, worded like the apiserver's field errors
// (k8s.io/apimachinery/pkg/util/validation/field), without the path the caller prints in front.

/** One reason an object would be rejected (or pruned) by the apiserver. */
export interface Violation {
  /** Kubernetes-style field path: `spec.entitiesImpacted[2].entityType`, `spec.metadata[key]`. */
  path: string;
  /** The schema keyword or check that failed: "type", "required", "pattern", "cel", "unknown-field", … */
  rule: string;
  /** The apiserver's wording, e.g. `Required value`, `Unsupported value: "x": supported values: "A", "B"`. */
  message: string;
}

/** A value as the apiserver prints it in `Invalid value: …`. */
export function renderValue(value: unknown): string {
  if (value === undefined || value === null) return `"null"`;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  let text: string;
  try {
    text = JSON.stringify(value) ?? `"${typeof value}"`;
  } catch {
    text = `"${typeof value}"`;
  }
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

/** The JSON type name of a value, as kube-openapi names it in type errors. */
export function jsonType(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (Array.isArray(value)) return "array";
  switch (typeof value) {
    case "string":
      return "string";
    case "boolean":
      return "boolean";
    case "number":
      return Number.isInteger(value) ? "integer" : "number";
    case "object":
      return "object";
    default:
      return typeof value;
  }
}

export const messages = {
  required: (detail = ""): string => (detail === "" ? "Required value" : `Required value: ${detail}`),
  invalid: (value: unknown, detail: string): string => `Invalid value: ${renderValue(value)}: ${detail}`,
  forbidden: (detail: string): string => `Forbidden: ${detail}`,
  duplicate: (value: unknown): string => `Duplicate value: ${renderValue(value)}`,
  unsupported: (value: unknown, supported: readonly unknown[]): string =>
    `Unsupported value: ${renderValue(value)}: supported values: ${supported
      .map((s) => JSON.stringify(typeof s === "string" ? s : JSON.stringify(s)))
      .join(", ")}`,
  tooLong: (max: number): string => `Too long: may not be more than ${max} bytes`,
  tooMany: (actual: number, max: number): string => `Too many: ${actual}: must have at most ${max} items`,
  unknownField: (path: string): string => `unknown field ${JSON.stringify(path)}`,
};
