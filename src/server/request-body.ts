// Request bodies as kube-apiserver takes them: which media types each verb accepts (415 otherwise),
// how deep a body may nest, duplicate keys for fieldValidation, and the fieldValidation value.
import { parse as parseYaml } from "yaml";
import { scanJson } from "./json-scan.js";
import { ApiError, badRequest, invalid, unsupportedMediaType } from "./status.js";

/**
 * Media types a create, update or delete body may have. For an unknown one kube-apiserver answers
 * with every type its serializer has (negotiation.NegotiateInputSerializer →
 * NewUnsupportedMediaTypeError(MediaTypesForSerializer)); the Content-Type's parameters are ignored
 * (mime.ParseMediaType) and a missing one means the first type, JSON.
 */
const SERIALIZER_TYPES = ["application/json", "application/yaml", "application/vnd.kubernetes.protobuf"];
/** Types the API server knows but this server cannot decode. */
const UNDECODABLE_TYPES = ["application/vnd.kubernetes.protobuf", "application/cbor"];

/**
 * PATCH types (k8s.io/apiserver/pkg/endpoints/handlers/patch.go: anything else is
 * NewUnsupportedMediaTypeError(patchTypes)). Custom resources have no strategic merge patch
 * (apiextensions-apiserver crdHandler's supportedTypes).
 */
export const CR_PATCH_TYPES = ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"];
export const BUILT_IN_PATCH_TYPES = [
  "application/json-patch+json",
  "application/merge-patch+json",
  "application/strategic-merge-patch+json",
  "application/apply-patch+yaml",
];

/**
 * How deep a body may nest. kube-apiserver's JSON decoder stops at 10000 (encoding/json's
 * maxNestingDepth, kept by sigs.k8s.io/json: "exceeded max depth"); V8's JSON.stringify overflows
 * its stack near 4,500 levels, so this server refuses bodies deeper than 2000 with a 400 rather
 * than fail later with a 500.
 */
export const MAX_NESTING_DEPTH = 2000;

export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? "").split(";")[0].trim().toLowerCase();
}

/** Throws the 415 for a body type the verb does not take. */
export function checkBodyType(method: string, type: string, customResource: boolean): void {
  if (method === "PATCH") {
    const accepted = customResource ? CR_PATCH_TYPES : BUILT_IN_PATCH_TYPES;
    if (!accepted.includes(type)) throw unsupportedMediaType(accepted);
    return;
  }
  if (type === "" || type === "application/json" || type === "application/yaml") return;
  if (UNDECODABLE_TYPES.includes(type)) throw unsupportedMediaType(["application/json", "application/yaml"]);
  throw unsupportedMediaType(SERIALIZER_TYPES);
}

export interface DecodedBody {
  value: unknown;
  /** Field paths of duplicate keys (JSON bodies). */
  duplicates: string[];
}

export function tooDeep(): ApiError {
  return badRequest(`the request body nests more than ${MAX_NESTING_DEPTH} levels deep: exceeded max depth`);
}

/** Parses a JSON or YAML body; undefined for an empty one. */
export function decodeBody(text: string, type: string): DecodedBody | undefined {
  if (text.trim() === "") return undefined;
  let value: unknown;
  try {
    value = type.includes("yaml") ? parseYaml(text) : JSON.parse(text);
  } catch (error) {
    throw badRequest(`error decoding request body: ${(error as Error).message}`);
  }
  if (type.includes("yaml")) {
    if (depthOf(value) > MAX_NESTING_DEPTH) throw tooDeep();
    return { value, duplicates: [] };
  }
  const scan = scanJson(text);
  if (scan.depth > MAX_NESTING_DEPTH) throw tooDeep();
  return { value, duplicates: scan.duplicates };
}

/** Nesting depth of a parsed value, without recursion. */
export function depthOf(value: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (typeof node !== "object" || node === null) continue;
    if (depth + 1 > deepest) deepest = depth + 1;
    for (const child of Array.isArray(node) ? node : Object.values(node)) {
      if (typeof child === "object" && child !== null) pending.push([child, depth + 1]);
    }
  }
  return deepest;
}

export type FieldValidation = "Ignore" | "Warn" | "Strict";

/**
 * The fieldValidation query parameter (default Warn), validated as
 * k8s.io/apimachinery/pkg/apis/meta/v1/validation ValidateFieldValidation does: 422 on the
 * request's options kind (CreateOptions, UpdateOptions, PatchOptions).
 */
export function fieldValidationOf(query: URLSearchParams, optionsKind: string): FieldValidation {
  const value = query.get("fieldValidation") ?? "";
  if (value === "") return "Warn";
  if (value === "Ignore" || value === "Warn" || value === "Strict") return value;
  throw invalid(optionsKind, "meta.k8s.io", "", [
    {
      type: "FieldValueNotSupported",
      field: "fieldValidation",
      body: `Unsupported value: ${JSON.stringify(value)}: supported values: "", "Ignore", "Strict", "Warn"`,
    },
  ]);
}
