// kubebuilder-style markers in proto comments (what controller-gen reads in Go comments, and what Istio
// writes in its protos): validation keywords, XValidation rules, Required/Optional, listType/listMapKey.
// They are read from the raw leading comment; descriptions drop them separately.
import type { JSONSchemaProps, JsonValue } from "../kubernetes.js";
import { commentOf } from "../source-location.js";
import type { Enforcement } from "./enforcement.js";
import { markersIn, type Marker } from "./marker-syntax.js";
import type { FieldTarget, MessageTarget, VocabularyRules } from "./targets.js";
import { requireProperty } from "./schema-edits.js";

const VALIDATION = "kubebuilder:validation:";

export const kubebuilderMarkers: VocabularyRules = {
  vocabulary: "kubebuilder",
  field(target) {
    for (const marker of markersIn(commentOf(target.field))) {
      const e = fieldMarker(marker, target);
      if (e) target.record(marker.text, e);
    }
  },
  message(target) {
    for (const marker of markersIn(commentOf(target.message))) {
      const e = messageMarker(marker, target);
      if (e) target.record(marker.text, e);
    }
  },
};

function fieldMarker(marker: Marker, target: FieldTarget): Enforcement | undefined {
  switch (marker.name) {
    case "required":
    case `${VALIDATION}Required`:
      requireProperty(target.parent, target.property);
      return { how: "openapi", detail: "required" };
    case "optional":
    case `${VALIDATION}Optional`:
      return { how: "openapi", detail: "not listed in required" };
    case "listType":
      if (target.node.type !== "array") return { how: "none", reason: "listType applies to lists" };
      if (!["atomic", "set", "map"].includes(marker.value ?? "")) return { how: "none", reason: "listType must be atomic, set or map" };
      target.node["x-kubernetes-list-type"] = marker.value as "atomic" | "set" | "map";
      return { how: "openapi", detail: `x-kubernetes-list-type: ${marker.value}` };
    case "listMapKey":
      if (target.node.type !== "array") return { how: "none", reason: "listMapKey applies to lists" };
      (target.node["x-kubernetes-list-map-keys"] ??= []).push(marker.value ?? "");
      return { how: "openapi", detail: `x-kubernetes-list-map-keys: [${marker.value}]` };
  }
  if (!marker.name.startsWith(VALIDATION)) return marker.name.startsWith("kubebuilder:") ? { how: "none", reason: "not a validation marker this generator knows" } : undefined;
  let keyword = marker.name.slice(VALIDATION.length);
  let node = target.node;
  if (keyword.startsWith("items:")) {
    keyword = keyword.slice("items:".length);
    if (!node.items) return { how: "none", reason: "items: markers apply to lists" };
    node = node.items;
  }
  return keywordMarker(keyword, marker, node, false);
}

function messageMarker(marker: Marker, target: MessageTarget): Enforcement | undefined {
  if (!marker.name.startsWith(VALIDATION)) return marker.name.startsWith("kubebuilder:") ? { how: "none", reason: "not a validation marker this generator knows" } : undefined;
  return keywordMarker(marker.name.slice(VALIDATION.length), marker, target.node, true);
}

const NUMERIC = ["integer", "number"];

function keywordMarker(keyword: string, marker: Marker, node: JSONSchemaProps, onMessage: boolean): Enforcement {
  const value = marker.value ?? "";
  const kind = node["x-kubernetes-int-or-string"] ? "int-or-string" : (node.type ?? "untyped");
  const needs = (kinds: string[]): string | undefined => (kinds.includes(kind) ? undefined : `${keyword} does not apply to a ${kind} value`);
  const number = (): number | undefined => (value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : undefined);
  const count = (): number | undefined => (/^[0-9]+$/.test(value) ? Number(value) : undefined);
  const set = (apply: () => void, detail: string): Enforcement => {
    apply();
    return { how: "openapi", detail };
  };
  const invalid = (what: string): Enforcement => ({ how: "none", reason: `${keyword} needs ${what}, not "${value}"` });
  const wrong = (kinds: string[]) => needs(kinds);
  switch (keyword) {
    case "XValidation": {
      const rule = marker.args.get("rule");
      if (!rule) return { how: "none", reason: "XValidation needs rule=…" };
      const entry: Record<string, string | boolean> = { rule };
      for (const key of ["message", "messageExpression", "reason", "fieldPath"]) if (marker.args.has(key)) entry[key] = marker.args.get(key)!;
      if (marker.args.get("optionalOldSelf") === "true") entry.optionalOldSelf = true;
      (node["x-kubernetes-validations"] ??= []).push(entry as never);
      return { how: "cel", detail: rule };
    }
    case "Minimum":
    case "Maximum":
    case "MultipleOf": {
      const reason = wrong([...NUMERIC, "int-or-string"]);
      if (reason) return { how: "none", reason };
      const n = number();
      if (n === undefined) return invalid("a number");
      const key = keyword === "Minimum" ? "minimum" : keyword === "Maximum" ? "maximum" : "multipleOf";
      return set(() => (node[key] = n), `${key}: ${n}`);
    }
    case "ExclusiveMinimum":
    case "ExclusiveMaximum": {
      const reason = wrong([...NUMERIC, "int-or-string"]);
      if (reason) return { how: "none", reason };
      const key = keyword === "ExclusiveMinimum" ? "exclusiveMinimum" : "exclusiveMaximum";
      return set(() => (node[key] = value !== "false"), `${key}: ${value !== "false"}`);
    }
    case "MinLength":
    case "MaxLength":
    case "MinItems":
    case "MaxItems":
    case "MinProperties":
    case "MaxProperties": {
      const key = (keyword[0].toLowerCase() + keyword.slice(1)) as "minLength" | "maxLength" | "minItems" | "maxItems" | "minProperties" | "maxProperties";
      const reason = wrong(key.endsWith("Length") ? ["string", "int-or-string"] : key.endsWith("Items") ? ["array"] : ["object"]);
      if (reason) return { how: "none", reason };
      const n = count();
      if (n === undefined) return invalid("a whole number");
      return set(() => (node[key] = n), `${key}: ${n}`);
    }
    case "Pattern": {
      const reason = wrong(["string", "int-or-string"]);
      if (reason) return { how: "none", reason };
      return set(() => (node.pattern = value), `pattern: ${value}`);
    }
    case "Format": {
      const reason = wrong(["string", "integer", "number", "int-or-string"]);
      if (reason) return { how: "none", reason };
      return set(() => (node.format = value), `format: ${value}`);
    }
    case "Enum": {
      const reason = wrong(["string", "integer", "number", "boolean", "int-or-string"]);
      if (reason) return { how: "none", reason };
      const values: JsonValue[] = [];
      for (const item of value.split(";").map((s) => s.trim().replace(/^"(.*)"$/, "$1"))) {
        const parsed = kind === "string" ? item : kind === "boolean" ? (item === "true" ? true : item === "false" ? false : undefined) : Number.isFinite(Number(item)) ? Number(item) : kind === "int-or-string" ? item : undefined;
        if (parsed === undefined) return invalid(`values of a ${kind}`);
        values.push(parsed);
      }
      return set(() => (node.enum = values), `enum: ${JSON.stringify(values)}`);
    }
    case "Required":
    case "Optional":
      return { how: "none", reason: onMessage ? `${keyword} on a message: put it on the fields` : "handled above" };
    default:
      return { how: "none", reason: `not a validation marker this generator knows${keyword === "UniqueItems" ? " (Kubernetes forbids uniqueItems; use +listType=set)" : ""}` };
  }
}
