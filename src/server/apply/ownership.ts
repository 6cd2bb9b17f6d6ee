// Who owns which field after a write, after structured-merge-diff v4 merge/update.go (Updater.Apply,
// Updater.Update, prune) and kube-apiserver's managers around it (managedfieldsupdater.go: times;
// skipnonapplied.go: "before-first-apply"; stripmeta.go; conflict.go for the 409).
import { deepEqual, isJsonObject, type JsonObject } from "../json-values.js";
import { ApiError, type Status } from "../status.js";
import { FieldSet, pathString } from "./field-set.js";
import {
  capUpdateManagers,
  encodeManagedFields,
  managerIdentity,
  nowSeconds,
  stripServerFields,
  withoutResetFields,
  type ManagerEntry,
  type Managers,
} from "./managed-fields.js";
import type { MergeType } from "./merge-type.js";
import { compare, ensureNamedFieldsAreMembers, merge, removeItems, toFieldSet } from "./typed-value.js";

export interface WriteContext {
  type: MergeType;
  /** group/version of the request. */
  apiVersion: string;
  subresource?: string;
  /** Top-level fields this endpoint resets (status or spec). */
  resetFields: readonly string[];
}

function withoutManagedFields(object: JsonObject): JsonObject {
  const metadata = isJsonObject(object.metadata) ? { ...object.metadata } : undefined;
  if (metadata) delete metadata.managedFields;
  return metadata ? { ...object, metadata } : { ...object };
}

function copyManagers(managers: Managers): Managers {
  return new Map([...managers].map(([id, e]) => [id, { ...e }]));
}

/**
 * An Update by `manager` from `live` to `next` (Updater.Update through managedFieldsUpdater): other
 * managers lose what changed, everyone loses what was removed, and the manager gains what it
 * changed (its time set only then).
 */
export function recordUpdate(managers: Managers, live: JsonObject, next: JsonObject, manager: string, context: WriteContext): Managers {
  const out = copyManagers(managers);
  const diff = filteredCompare(withoutManagedFields(live), withoutManagedFields(next), context);
  const changed = diff.modified.union(diff.added);
  for (const [id, entry] of out) {
    entry.set = entry.set.difference(changed).difference(diff.removed);
    if (entry.set.isEmpty()) out.delete(id);
  }
  const own = stripServerFields(withoutResetFields(changed, context.resetFields));
  if (own.isEmpty()) return out;
  const key = { manager, operation: "Update" as const, apiVersion: context.apiVersion, subresource: context.subresource };
  const id = managerIdentity(key);
  const previous = out.get(id);
  out.set(id, { ...key, set: previous ? previous.set.union(own) : own, time: nowSeconds() });
  return capUpdateManagers(out);
}

/** The comparison without the fields the endpoint resets (update.go filters it with the IgnoreFilter). */
function filteredCompare(live: JsonObject, next: JsonObject, context: WriteContext) {
  const diff = compare(live, next, context.type);
  return {
    added: withoutResetFields(diff.added, context.resetFields),
    removed: withoutResetFields(diff.removed, context.resetFields),
    modified: withoutResetFields(diff.modified, context.resetFields),
  };
}

export interface ApplyResult {
  object: JsonObject;
  managedFields: JsonObject[];
}

/**
 * Server-side apply of `config` by `manager` onto `live` (undefined: the object is created).
 * Throws the API server's 409 when the change takes fields other managers own, unless `force`.
 */
export function applyConfiguration(
  live: JsonObject | undefined,
  liveManagers: Managers,
  config: JsonObject,
  manager: string,
  force: boolean,
  context: WriteContext,
): ApplyResult {
  const base = live ? withoutManagedFields(live) : { apiVersion: config.apiVersion, kind: config.kind };
  let managers = copyManagers(liveManagers);
  // skipnonapplied.go: the fields of an object nobody manages yet belong to "before-first-apply".
  if (managers.size === 0 && live) managers = recordUpdate(managers, { apiVersion: base.apiVersion, kind: base.kind }, base, "before-first-apply", context);
  const key = { manager, operation: "Apply" as const, apiVersion: context.apiVersion, subresource: context.subresource };
  const id = managerIdentity(key);
  const lastSet = managers.get(id)?.set;
  const merged = merge(base, config, context.type) as JsonObject;
  const configSet = withoutResetFields(toFieldSet(config, context.type), context.resetFields);
  managers.set(id, { ...key, set: configSet, time: managers.get(id)?.time });
  const next = lastSet && !lastSet.isEmpty() ? prune(merged, managers, lastSet, context.type) : merged;

  const diff = filteredCompare(base, next, context);
  const changed = diff.modified.union(diff.added);
  const conflicts = new Map<string, FieldSet>();
  for (const [otherId, entry] of managers) {
    if (otherId === id) continue;
    const taken = entry.set.intersection(changed);
    if (!taken.isEmpty()) conflicts.set(otherId, taken);
  }
  if (conflicts.size > 0 && !force) throw conflictError(conflicts);
  for (const [otherId, taken] of conflicts) managers.get(otherId)!.set = managers.get(otherId)!.set.difference(taken);
  for (const [otherId, entry] of managers) {
    entry.set = entry.set.difference(diff.removed);
    if (otherId === id) entry.set = stripServerFields(entry.set);
    if (entry.set.isEmpty()) managers.delete(otherId);
  }
  const applier = managers.get(id);
  if (applier && (!deepEqual(base, next) || applier.time === undefined)) applier.time = nowSeconds();
  return { object: next, managedFields: encodeManagedFields(capUpdateManagers(managers)) };
}

/**
 * Removes what the applier owned last time and no longer applies, unless another manager (or its
 * new configuration) owns it (update.go prune, addBackOwnedItems, addBackDanglingItems).
 */
function prune(merged: JsonObject, managers: Managers, lastSet: FieldSet, type: MergeType): JsonObject {
  const named = (set: FieldSet) => ensureNamedFieldsAreMembers(set, type);
  const candidate = removeItems(merged, named(lastSet), type);
  let owned = new FieldSet();
  for (const entry of managers.values()) owned = owned.union(entry.set);
  const mergedSet = named(toFieldSet(merged, type));
  const keptBack = removeItems(merged, mergedSet.difference(named(toFieldSet(candidate, type)).union(named(owned))), type);
  const dropped = mergedSet.difference(named(toFieldSet(keptBack, type))).intersection(named(lastSet));
  return removeItems(merged, dropped, type) as JsonObject;
}

/** What printManager prints for a manager identity. */
function describeManager(id: string): string {
  const entry = JSON.parse(id) as Partial<ManagerEntry>;
  let text = JSON.stringify(entry.manager ?? "");
  if (entry.subresource) text += ` with subresource ${JSON.stringify(entry.subresource)}`;
  if (entry.operation === "Update") text += ` using ${entry.apiVersion ?? ""}`;
  return text;
}

/** internal/conflict.go NewConflictError: 409 Conflict, one cause per field, managers sorted in the message. */
export function conflictError(conflicts: Map<string, FieldSet>): ApiError {
  const ids = [...conflicts.keys()].sort();
  const all = ids.flatMap((id) => conflicts.get(id)!.paths().map((path) => ({ id, path: pathString(path) })));
  let message: string;
  if (all.length === 1) {
    message = `Apply failed with 1 conflict: conflict with ${describeManager(all[0].id)}: ${all[0].path}`;
  } else {
    const lines: string[] = [];
    for (const id of ids) {
      lines.push(`conflicts with ${describeManager(id)}:`);
      for (const c of all.filter((c) => c.id === id)) lines.push(`- ${c.path}`);
    }
    message = `Apply failed with ${all.length} conflicts: ${lines.join("\n")}`;
  }
  const status: Status = {
    kind: "Status",
    apiVersion: "v1",
    metadata: {},
    status: "Failure",
    message,
    reason: "Conflict",
    details: { causes: all.map((c) => ({ reason: "FieldManagerConflict", message: `conflict with ${describeManager(c.id)}`, field: c.path })) },
    code: 409,
  };
  return new ApiError(status);
}
