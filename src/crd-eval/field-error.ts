// k8s.io/apimachinery field.Error, rendered as `<field>: <ErrorBody>` exactly like the apiserver.
import { goJson, goNumber, goQuote } from "./go-text.js";

export type FieldErrorType =
  | "FieldValueRequired"
  | "FieldValueInvalid"
  | "FieldValueNotSupported"
  | "FieldValueTypeInvalid"
  | "FieldValueTooLong"
  | "FieldValueTooMany"
  | "FieldValueDuplicate"
  | "FieldValueForbidden";

export interface FieldError {
  type: FieldErrorType;
  /** Kubernetes path, e.g. `spec.entitiesImpacted[2].entityType`; `<nil>` for the object itself. */
  field: string;
  detail: string;
  badValue?: unknown;
  /** The apiserver's text, e.g. `spec.nodeName: Required value`. */
  message: string;
  /**
   * The check that failed, for callers that sort errors (not part of the apiserver's answer): a schema
   * keyword ("pattern", "maxLength", "type", "enum", …), "metadata", "list-type", "embedded-resource", "cel".
   */
  rule?: string;
}

/** The error with the check that found it. */
export function withRule(error: FieldError, rule: string): FieldError {
  error.rule = rule;
  return error;
}

/** The path Go's `(*field.Path)(nil).String()` prints. */
export const ROOT_FIELD = "<nil>";

const TYPE_TEXT: Record<FieldErrorType, string> = {
  FieldValueRequired: "Required value",
  FieldValueInvalid: "Invalid value",
  FieldValueNotSupported: "Unsupported value",
  FieldValueTypeInvalid: "Invalid value",
  FieldValueTooLong: "Too long",
  FieldValueTooMany: "Too many",
  FieldValueDuplicate: "Duplicate value",
  FieldValueForbidden: "Forbidden",
};

/** A bad value as Go holds it: most values are JSON data, but some errors carry a Go `int`. */
export type GoValue = { goInt: number } | unknown;

function renderBadValue(value: GoValue): string {
  if (typeof value === "object" && value !== null && "goInt" in value && Object.keys(value).length === 1) {
    return String((value as { goInt: number }).goInt);
  }
  if (typeof value === "string") return goQuote(value);
  if (typeof value === "number") return goNumber(value);
  if (typeof value === "boolean") return String(value);
  return goJson(value);
}

function make(type: FieldErrorType, field: string, badValue: GoValue, detail: string, showValue: boolean): FieldError {
  let body = TYPE_TEXT[type];
  if (showValue) body += `: ${renderBadValue(badValue)}`;
  if (detail !== "") body += `: ${detail}`;
  const plain = typeof badValue === "object" && badValue !== null && "goInt" in badValue ? (badValue as { goInt: number }).goInt : badValue;
  return { type, field, detail, badValue: plain, message: `${field}: ${body}` };
}

export function required(field: string, detail = ""): FieldError {
  return make("FieldValueRequired", field, "", detail, false);
}

export function forbidden(field: string, detail: string): FieldError {
  return make("FieldValueForbidden", field, "", detail, false);
}

export function invalid(field: string, value: GoValue, detail: string): FieldError {
  return make("FieldValueInvalid", field, value, detail, true);
}

export function typeInvalid(field: string, value: GoValue, detail: string): FieldError {
  return make("FieldValueTypeInvalid", field, value, detail, true);
}

export function duplicate(field: string, value: GoValue): FieldError {
  return make("FieldValueDuplicate", field, value, "", true);
}

/** The detail of a NotSupported error, made once per list of supported values (an enum's list is reused). */
const supportedDetails = new WeakMap<readonly string[], string>();

export function notSupported(field: string, value: GoValue, supported: readonly string[]): FieldError {
  let detail = supportedDetails.get(supported);
  if (detail === undefined) {
    detail = supported.length > 0 ? `supported values: ${supported.map(goQuote).join(", ")}` : "";
    supportedDetails.set(supported, detail);
  }
  return make("FieldValueNotSupported", field, value, detail, true);
}

export function tooLong(field: string, maxLength: number): FieldError {
  const detail = maxLength >= 0 ? `may not be more than ${maxLength} ${maxLength === 1 ? "byte" : "bytes"}` : "value is too long";
  return make("FieldValueTooLong", field, "<value omitted>", detail, false);
}

export function tooMany(field: string, actual: number, max: number): FieldError {
  const detail = max >= 0 ? `must have at most ${max} ${max === 1 ? "item" : "items"}` : "too many items";
  return make("FieldValueTooMany", field, { goInt: actual }, detail, actual >= 0);
}
