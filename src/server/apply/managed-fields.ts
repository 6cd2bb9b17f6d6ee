// metadata.managedFields as kube-apiserver reads and writes it (k8s.io/apimachinery/pkg/util/managedfields/
// internal: managedfields.go DecodeManagedFields/encodeManagedFields, BuildManagerIdentifier,
// stripmeta.go). Managers are keyed by the identity the API server uses: the entry without time and
// fields, and without apiVersion for appliers, so one applier keeps one entry across versions.
import { isJsonObject, type JsonObject } from "../json-values.js";
import { FieldSet, fieldElement, goJson } from "./field-set.js";

export type Operation = "Apply" | "Update";

export interface ManagerEntry {
  manager: string;
  operation: Operation;
  apiVersion: string;
  /** RFC 3339 seconds, when the manager last changed the object. */
  time?: string;
  subresource?: string;
  set: FieldSet;
}

export type Managers = Map<string, ManagerEntry>;

/** BuildManagerIdentifier: the JSON of {manager, operation, apiVersion (not for Apply), subresource}, omitting empty ones. */
export function managerIdentity(entry: Pick<ManagerEntry, "manager" | "operation" | "apiVersion" | "subresource">): string {
  const parts = [`"manager":${goJson(entry.manager)}`, `"operation":${goJson(entry.operation)}`];
  if (entry.operation !== "Apply" && entry.apiVersion !== "") parts.push(`"apiVersion":${goJson(entry.apiVersion)}`);
  if (entry.subresource) parts.push(`"subresource":${goJson(entry.subresource)}`);
  return `{${parts.join(",")}}`;
}

/** The managers recorded in an object; undefined when the list is absent or an entry is not valid. */
export function decodeManagedFields(value: unknown): Managers | undefined {
  if (!Array.isArray(value)) return undefined;
  const managers: Managers = new Map();
  for (const item of value) {
    if (!isJsonObject(item)) return undefined;
    const { manager, operation, apiVersion, time, subresource, fieldsType, fieldsV1 } = item;
    if (operation !== "Apply" && operation !== "Update") return undefined;
    if (fieldsType !== "FieldsV1" || (fieldsV1 !== undefined && !isJsonObject(fieldsV1))) return undefined;
    const entry: ManagerEntry = {
      manager: typeof manager === "string" ? manager : "",
      operation,
      apiVersion: typeof apiVersion === "string" ? apiVersion : "",
      set: FieldSet.fromFieldsV1(fieldsV1),
    };
    if (typeof time === "string") entry.time = time;
    if (typeof subresource === "string" && subresource !== "") entry.subresource = subresource;
    const id = managerIdentity(entry);
    // Two entries for one manager are refused by the API server's decoder.
    if (managers.has(id)) return undefined;
    managers.set(id, entry);
  }
  return managers;
}

function seconds(time: string | undefined): number {
  return time ? Math.floor(Date.parse(time) / 1000) : 0;
}

/** The managedFields list: Apply entries first, then by time, manager, apiVersion, subresource (sortEncodedManagedFields). */
export function encodeManagedFields(managers: Managers): JsonObject[] {
  const entries = [...managers.values()].filter((e) => !e.set.isEmpty());
  entries.sort(
    (p, q) =>
      cmp(p.operation, q.operation) ||
      seconds(p.time) - seconds(q.time) ||
      cmp(p.manager, q.manager) ||
      cmp(p.apiVersion, q.apiVersion) ||
      cmp(p.subresource ?? "", q.subresource ?? ""),
  );
  // Keys in byte order: custom resources are unstructured maps, which the API server's JSON writes sorted.
  return entries.map((e) => {
    const out: JsonObject = { apiVersion: e.apiVersion, fieldsType: "FieldsV1", fieldsV1: e.set.toFieldsV1(), manager: e.manager, operation: e.operation };
    if (e.subresource) out.subresource = e.subresource;
    if (e.time) out.time = e.time;
    return out;
  });
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Fields no manager owns (stripmeta.go): type meta and the metadata the server sets. */
const STRIPPED_METADATA = ["name", "namespace", "creationTimestamp", "selfLink", "uid", "clusterName", "generation", "managedFields", "resourceVersion"];

export function stripServerFields(set: FieldSet): FieldSet {
  const strip = new FieldSet();
  strip.members.add(fieldElement("apiVersion"));
  strip.members.add(fieldElement("kind"));
  strip.members.add(fieldElement("metadata"));
  for (const name of STRIPPED_METADATA) strip.insert([fieldElement("metadata"), fieldElement(name)]);
  return set.difference(strip);
}

/**
 * The set without the top-level fields a write to this endpoint resets (the strategies'
 * GetResetFields as a fieldpath exclude filter): `status` for the main resource of a type with a
 * status subresource, `spec` for /status.
 */
export function withoutResetFields(set: FieldSet, resetFields: readonly string[]): FieldSet {
  const out = set.union(new FieldSet());
  for (const name of resetFields) {
    out.members.delete(fieldElement(name));
    out.children.delete(fieldElement(name));
  }
  return out;
}

/**
 * The default manager of a write without fieldManager: the user agent up to its first `/`, printable
 * characters only, at most 128 bytes (handlers/rest.go prefixFromUserAgent).
 */
export function managerFromUserAgent(userAgent: string | undefined): string {
  const head = (userAgent ?? "").split("/")[0];
  let out = "";
  for (const ch of head) {
    if (!/^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u.test(ch)) continue;
    if (Buffer.byteLength(out + ch) > 128) break;
    out += ch;
  }
  return out;
}

export function nowSeconds(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The API server keeps at most 10 Update managers (capmanagers.go DefaultMaxUpdateManagers). */
export const MAX_UPDATE_MANAGERS = 10;

/**
 * Folds the oldest Update managers into one "ancient-changes" entry per apiVersion until at most
 * MAX_UPDATE_MANAGERS are left (capmanagers.go capUpdateManagers): oldest by time, then identity.
 */
export function capUpdateManagers(managers: Managers): Managers {
  const updaters = [...managers].filter(([, e]) => e.operation === "Update").map(([id]) => id);
  if (updaters.length <= MAX_UPDATE_MANAGERS) return managers;
  updaters.sort((a, b) => seconds(managers.get(a)!.time) - seconds(managers.get(b)!.time) || (a < b ? -1 : a > b ? 1 : 0));
  const firstOfVersion = new Map<string, string>();
  let count = updaters.length;
  for (let i = 0; i < updaters.length && count > MAX_UPDATE_MANAGERS; i++) {
    const entry = managers.get(updaters[i])!;
    const first = firstOfVersion.get(entry.apiVersion);
    if (first === undefined) {
      firstOfVersion.set(entry.apiVersion, updaters[i]);
      continue;
    }
    const bucketKey = { manager: "ancient-changes", operation: "Update" as const, apiVersion: entry.apiVersion };
    const bucketId = managerIdentity(bucketKey);
    if (!managers.has(bucketId)) {
      const firstEntry = managers.get(first)!;
      managers.delete(first);
      managers.set(bucketId, { ...firstEntry, ...bucketKey, subresource: undefined });
    }
    const bucket = managers.get(bucketId)!;
    managers.set(bucketId, { ...bucket, set: entry.set.union(bucket.set), time: entry.time });
    managers.delete(updaters[i]);
    count--;
  }
  return managers;
}
