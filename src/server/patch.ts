// JSON merge patch (RFC 7386) and JSON patch (RFC 6902) on plain JSON values. Every key is data:
// `__proto__`, `constructor` and `prototype` are read only as own properties and written with
// defineProperty, so no patch can reach or change Object.prototype.
import { deepEqual } from "./json-values.js";
import { ApiError, badRequest, failure } from "./status.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(value: unknown): value is { [key: string]: Json } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The own property `key` of `node`, never an inherited one. */
function own(node: Json | undefined, key: string): Json | undefined {
  if (Array.isArray(node) || !isObject(node) || !Object.hasOwn(node, key)) return undefined;
  return node[key];
}

/** Sets `key` as an own data property (assignment would call the `__proto__` setter). */
function setOwn(node: { [key: string]: Json }, key: string, value: Json): void {
  Object.defineProperty(node, key, { value, writable: true, enumerable: true, configurable: true });
}

/** Array element at a JSON pointer token: digits only, as RFC 6901 requires. */
function elementAt(node: Json[], token: string): Json | undefined {
  if (!/^(0|[1-9][0-9]*)$/.test(token)) return undefined;
  return node[Number(token)];
}

function child(node: Json | undefined, token: string): Json | undefined {
  return Array.isArray(node) ? elementAt(node, token) : own(node, token);
}

export function applyMergePatch(target: unknown, patch: unknown): Json {
  if (!isObject(patch)) return patch as Json;
  const result: { [key: string]: Json } = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else setOwn(result, key, applyMergePatch(own(result, key), value));
  }
  return result;
}

interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: Json;
}

function unprocessable(message: string): ApiError {
  return new ApiError(failure(422, "Invalid", message));
}

function parsePointer(pointer: string): string[] {
  if (pointer === "") return [];
  if (!pointer.startsWith("/")) throw unprocessable(`invalid JSON pointer "${pointer}"`);
  return pointer
    .slice(1)
    .split("/")
    .map((t) => t.replace(/~1/g, "/").replace(/~0/g, "~"));
}

function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** The container holding the last token of `pointer`, and that token. */
function parentOf(doc: Json, tokens: string[], pointer: string): { parent: Json; key: string } {
  let node: Json = doc;
  for (const token of tokens.slice(0, -1)) {
    const next = child(node, token);
    if (next === undefined) throw unprocessable(`doc is missing path: "${pointer}": missing value`);
    node = next;
  }
  return { parent: node, key: tokens[tokens.length - 1] };
}

function getAt(doc: Json, pointer: string): Json {
  let node: Json | undefined = doc;
  for (const token of parsePointer(pointer)) {
    node = child(node, token);
    if (node === undefined) throw unprocessable(`doc is missing path: "${pointer}": missing value`);
  }
  return node;
}

function removeAt(doc: Json, pointer: string): Json {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) throw unprocessable("cannot remove the document root");
  const { parent, key } = parentOf(doc, tokens, pointer);
  if (Array.isArray(parent)) {
    const index = /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : NaN;
    if (!Number.isInteger(index) || index < 0 || index >= parent.length) {
      throw unprocessable(`Unable to remove nonexistent key: ${key}: missing value`);
    }
    return parent.splice(index, 1)[0];
  }
  if (!isObject(parent) || !Object.hasOwn(parent, key)) throw unprocessable(`Unable to remove nonexistent key: ${key}: missing value`);
  const removed = parent[key];
  delete parent[key];
  return removed;
}

function addAt(doc: Json, pointer: string, value: Json, replace: boolean): Json {
  const tokens = parsePointer(pointer);
  if (tokens.length === 0) return value;
  const { parent, key } = parentOf(doc, tokens, pointer);
  if (Array.isArray(parent)) {
    const index = key === "-" ? parent.length : /^(0|[1-9][0-9]*)$/.test(key) ? Number(key) : NaN;
    if (!Number.isInteger(index) || index < 0 || index > parent.length || (replace && index === parent.length)) {
      throw unprocessable(`unable to access invalid index: ${key}`);
    }
    if (replace) parent[index] = value;
    else parent.splice(index, 0, value);
  } else if (isObject(parent)) {
    if (replace && !Object.hasOwn(parent, key)) throw unprocessable(`replace operation does not apply: doc is missing key: ${pointer}: missing value`);
    setOwn(parent, key, value);
  } else {
    throw unprocessable(`doc is missing path: "${pointer}": missing value`);
  }
  return doc;
}

/** k8s.io/apiserver/pkg/endpoints/handlers/patch.go maxJSONPatchOperations. */
const MAX_JSON_PATCH_OPERATIONS = 10000;

export function applyJsonPatch(target: unknown, patch: unknown): Json {
  if (!Array.isArray(patch)) throw badRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  if (patch.length > MAX_JSON_PATCH_OPERATIONS) {
    throw new ApiError(
      failure(413, "RequestEntityTooLarge", `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${patch.length}`),
    );
  }
  let doc = clone(target) as Json;
  for (const operation of patch as Operation[]) {
    switch (operation.op) {
      case "add":
        doc = addAt(doc, operation.path, clone(operation.value) as Json, false);
        break;
      case "replace":
        doc = addAt(doc, operation.path, clone(operation.value) as Json, true);
        break;
      case "remove":
        removeAt(doc, operation.path);
        break;
      case "move": {
        const value = removeAt(doc, operation.from ?? "");
        doc = addAt(doc, operation.path, value, false);
        break;
      }
      case "copy":
        doc = addAt(doc, operation.path, clone(getAt(doc, operation.from ?? "")), false);
        break;
      case "test":
        if (!deepEqual(getAt(doc, operation.path), operation.value)) {
          throw unprocessable(`testing value ${operation.path} failed: test failed`);
        }
        break;
      default:
        throw unprocessable(`Unexpected kind: ${operation.op}`);
    }
  }
  return doc;
}
