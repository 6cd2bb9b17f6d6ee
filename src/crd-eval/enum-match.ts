// kube-openapi's enum check (basicCommonValidator): a value matches an entry when it is equal after
// conversion to the entry's Go type. Compiled once per schema node: string values look up a Set.
import { goJson } from "./go-text.js";
import { hasOwn, isObject, kindOf } from "./json-value.js";
import type { JsonValue } from "../schema/kubernetes.js";

export interface CompiledEnum {
  readonly matches: (data: unknown) => boolean;
  /** The supported values as the error message lists them. */
  readonly supported: readonly string[];
}

export function compileEnum(values: readonly JsonValue[]): CompiledEnum {
  const strings = new Set<unknown>();
  for (const v of values) if (typeof v === "string") strings.add(v);
  // A string matches only a string entry equal to it (number, boolean, null and compound entries never).
  const matches = (data: unknown) => (typeof data === "string" ? strings.has(data) : data !== null && values.some((v) => enumMatches(data, v)));
  return { matches, supported: values.map((v) => (typeof v === "string" ? v : goJson(v))) };
}

/** basicCommonValidator: equal after converting the value to the enum entry's Go type. */
function enumMatches(data: unknown, entry: unknown): boolean {
  if (entry === null) return false;
  const kind = kindOf(data);
  switch (typeof entry) {
    case "string":
      if (kind === "string") return data === entry;
      // Go converts an int64 to string as a rune.
      if (kind === "integer") {
        const cp = data as number;
        const valid = cp >= 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
        return String.fromCodePoint(valid ? cp : 0xfffd) === entry;
      }
      return false;
    case "number":
      return (kind === "integer" || kind === "number") && data === entry;
    case "boolean":
      return data === entry;
    default:
      return compoundEquals(data, entry);
  }
}

/** reflect.DeepEqual of decoded data with an enum entry, whose numbers are all float64. */
function compoundEquals(data: unknown, entry: unknown): boolean {
  if (Array.isArray(entry)) {
    return Array.isArray(data) && data.length === entry.length && entry.every((e, i) => compoundEquals(data[i], e));
  }
  if (isObject(entry)) {
    if (!isObject(data)) return false;
    const keys = Object.keys(entry);
    return keys.length === Object.keys(data).length && keys.every((k) => hasOwn(data, k) && compoundEquals(data[k], entry[k]));
  }
  if (typeof entry === "number") return kindOf(data) === "number" && data === entry;
  return data === entry;
}
