// The query of a list or watch: selectors, limit and continue tokens.
import { parseSimpleJsonPath } from "../check/simple-json-path.js";
import { isJsonObject, type JsonObject } from "./json-values.js";
import type { ServedVersion } from "./resource-types.js";
import {
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
} from "./selectors.js";
import { badRequest } from "./status.js";
import { valueAtPath } from "./table.js";

export function knownFieldSelectors(version: ServedVersion): string[] {
  const fields = ["metadata.name", "metadata.namespace"];
  for (const field of version.selectableFields) fields.push(field);
  return fields;
}

function fieldValue(object: JsonObject, field: string): string {
  const metadata = isJsonObject(object.metadata) ? object.metadata : {};
  if (field === "metadata.name") return String(metadata.name ?? "");
  if (field === "metadata.namespace") return String(metadata.namespace ?? "");
  const value = valueAtPath(object, parseSimpleJsonPath(`.${field}`));
  if (value === undefined || value === null) return "";
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/** The filter a labelSelector and fieldSelector make; undefined when there is none. */
export function selectorFilter(
  query: URLSearchParams,
  version: ServedVersion,
): ((object: JsonObject) => boolean) | undefined {
  const labels = parseLabelSelector(query.get("labelSelector"));
  const fields = parseFieldSelector(query.get("fieldSelector"), knownFieldSelectors(version));
  if (labels.length === 0 && fields.length === 0) return undefined;
  return (object) => {
    const metadata = isJsonObject(object.metadata) ? object.metadata : {};
    return (
      matchesLabels(labels, metadata.labels as Record<string, string> | undefined) &&
      matchesFields(fields, (field) => fieldValue(object, field))
    );
  };
}

interface ContinueToken {
  v: string;
  rv: number;
  start: string;
}

/** The apiserver's token shape: base64 of {"v":"meta.k8s.io/v1","rv":N,"start":"<key>"}. */
export function encodeContinue(rv: number, lastKey: string): string {
  const token: ContinueToken = { v: "meta.k8s.io/v1", rv, start: lastKey };
  return Buffer.from(JSON.stringify(token)).toString("base64url");
}

export function decodeContinue(text: string): ContinueToken {
  try {
    const token = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as ContinueToken;
    if (token.v !== "meta.k8s.io/v1" || typeof token.rv !== "number" || typeof token.start !== "string") {
      throw new Error("unknown token version");
    }
    return token;
  } catch {
    throw badRequest("continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
  }
}

export function parseLimit(query: URLSearchParams): number {
  const text = query.get("limit");
  if (!text) return 0;
  const limit = Number(text);
  if (!Number.isInteger(limit) || limit < 0) throw badRequest(`limit: Invalid value: ${JSON.stringify(text)}`);
  return limit;
}
