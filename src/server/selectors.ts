// Label and field selectors as the apiserver parses them (k8s.io/apimachinery/pkg/labels, pkg/fields).
import { badRequest } from "./status.js";

export type LabelRequirement =
  | { key: string; op: "=" | "!="; value: string }
  | { key: string; op: "in" | "notin"; values: string[] }
  | { key: string; op: "exists" | "!exists" };

export type LabelSelector = LabelRequirement[];

/** Splits at commas that are not inside `(...)`. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(") depth++;
    else if (c === ")") depth--;
    else if (c === "," && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p !== "");
}

const SET_REQUIREMENT = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/;
const EQUALITY_REQUIREMENT = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/;
const KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

export function parseLabelSelector(text: string | null | undefined): LabelSelector {
  if (!text) return [];
  const requirements: LabelSelector = [];
  for (const part of splitTopLevel(text)) {
    let match = SET_REQUIREMENT.exec(part);
    if (match) {
      const values = match[3].split(",").map((v) => v.trim());
      requirements.push({ key: checkKey(match[1], text), op: match[2] as "in" | "notin", values });
      continue;
    }
    match = EQUALITY_REQUIREMENT.exec(part);
    if (match) {
      requirements.push({ key: checkKey(match[1], text), op: match[2] === "!=" ? "!=" : "=", value: match[3] });
      continue;
    }
    if (part.startsWith("!")) {
      requirements.push({ key: checkKey(part.slice(1).trim(), text), op: "!exists" });
      continue;
    }
    requirements.push({ key: checkKey(part, text), op: "exists" });
  }
  return requirements;
}

function checkKey(key: string, selector: string): string {
  if (!KEY.test(key)) throw badRequest(`unable to parse requirement: invalid label key "${key}" in selector "${selector}"`);
  return key;
}

export function matchesLabels(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  for (const r of selector) {
    const value = labels?.[r.key];
    switch (r.op) {
      case "=":
        if (value !== r.value) return false;
        break;
      case "!=":
        if (value === r.value) return false;
        break;
      case "in":
        if (value === undefined || !r.values.includes(value)) return false;
        break;
      case "notin":
        if (value !== undefined && r.values.includes(value)) return false;
        break;
      case "exists":
        if (value === undefined) return false;
        break;
      case "!exists":
        if (value !== undefined) return false;
        break;
    }
  }
  return true;
}

export interface FieldRequirement {
  field: string;
  op: "=" | "!=";
  value: string;
}

export function parseFieldSelector(text: string | null | undefined, known: readonly string[]): FieldRequirement[] {
  if (!text) return [];
  const requirements: FieldRequirement[] = [];
  for (const part of splitTopLevel(text)) {
    const match = /^([^=!]+)(==|=|!=)(.*)$/.exec(part);
    if (!match) throw badRequest(`invalid selector: '${text}'; can't understand '${part}'`);
    const field = match[1].trim();
    if (!known.includes(field)) {
      throw badRequest(`"${field}" is not a known field selector: only ${known.map((k) => `"${k}"`).join(", ")}`);
    }
    requirements.push({ field, op: match[2] === "!=" ? "!=" : "=", value: match[3].trim() });
  }
  return requirements;
}

export function matchesFields(requirements: readonly FieldRequirement[], valueOf: (field: string) => string): boolean {
  for (const r of requirements) {
    const equal = valueOf(r.field) === r.value;
    if (r.op === "=" ? !equal : equal) return false;
  }
  return true;
}
