// Hub-and-spoke conversion of one custom resource object, lossless: what the target version cannot
// hold goes into an annotation named after the source version, and comes back from it on the way back
// (the pattern of Kubernetes' own API types, e.g. the conditions kept by autoscaling/v1).
import { fromPointer, getAt, matches, rebind, removeAt, setAt, toPointer } from "./field-paths.js";
import { mapValue } from "./map-value.js";
import { type ConversionPlan, ConversionError, type FieldPath, PRESERVED_ANNOTATION_PREFIX, type SpokePlan, type ValueMap } from "./plan.js";

type JsonObject = Record<string, unknown>;

/** What a preserved-fields annotation holds. */
interface Preserved {
  /** JSON Pointer → value, in the source version's field layout. */
  fields: Record<string, unknown>;
  /** The annotation map did not exist before: remove it when it becomes empty again. */
  createdAnnotations?: true;
}

/** The object converted to `toVersion` (a new object; the input is not changed). */
export function convertObject(plan: ConversionPlan, object: unknown, toVersion: string): JsonObject {
  if (typeof object !== "object" || object === null || Array.isArray(object)) throw new ConversionError("the object to convert is not a JSON object");
  const apiVersion = (object as JsonObject).apiVersion;
  const prefix = `${plan.group}/`;
  if (typeof apiVersion !== "string" || !apiVersion.startsWith(prefix)) {
    throw new ConversionError(`apiVersion ${JSON.stringify(apiVersion)} is not a version of group ${plan.group}`);
  }
  if ((object as JsonObject).kind !== plan.kind) throw new ConversionError(`kind ${JSON.stringify((object as JsonObject).kind)} is not ${plan.kind}`);
  const fromVersion = apiVersion.slice(prefix.length);
  checkVersion(plan, fromVersion);
  checkVersion(plan, toVersion);
  let result = cloneJson(object) as JsonObject;
  if (fromVersion === toVersion) return result;
  if (fromVersion !== plan.hub) result = spokeToHub(plan.spokes[fromVersion], fromVersion, plan.hub, result);
  if (toVersion !== plan.hub) result = hubToSpoke(plan.spokes[toVersion], plan.hub, toVersion, result);
  result.apiVersion = `${prefix}${toVersion}`;
  return result;
}

function checkVersion(plan: ConversionPlan, version: string): void {
  if (version !== plan.hub && !Object.hasOwn(plan.spokes, version)) {
    throw new ConversionError(`${plan.group}/${version} is not a version of ${plan.kind} (versions: ${[plan.hub, ...Object.keys(plan.spokes)].join(", ")})`);
  }
}

function spokeToHub(spoke: SpokePlan, spokeVersion: string, hubVersion: string, object: JsonObject): JsonObject {
  const kept = take(object, spoke.spokeOnly);
  Object.assign(kept, mapValues(object, (spoke.values ?? []).map((v) => ({ from: v.spoke, forward: v.toHub, back: v.toSpoke }))));
  move(object, spoke.moves.map((m) => ({ from: m.spoke, to: m.hub })));
  restore(object, hubVersion);
  keep(object, spokeVersion, kept);
  return object;
}

function hubToSpoke(spoke: SpokePlan, hubVersion: string, spokeVersion: string, object: JsonObject): JsonObject {
  const kept = take(object, spoke.hubOnly);
  Object.assign(kept, mapValues(object, (spoke.values ?? []).map((v) => ({ from: v.hub, forward: v.toSpoke, back: v.toHub }))));
  move(object, spoke.moves.map((m) => ({ from: m.hub, to: m.spoke })));
  restore(object, spokeVersion);
  keep(object, hubVersion, kept);
  return object;
}

/** Removes every value matching `patterns` and returns them by JSON Pointer (deepest last removed first). */
function take(object: JsonObject, patterns: readonly FieldPath[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const pattern of patterns) {
    for (const path of matches(object, pattern)) fields[toPointer(path)] = getAt(object, path);
  }
  for (const pointer of Object.keys(fields).reverse()) removeAt(object, fromPointer(pointer));
  return fields;
}

/**
 * Maps the values of fields written differently in the target version, in place (before the moves, at
 * the source's paths). A value the target cannot hold takes its field out of the object, and a value
 * that would not map back to itself leaves the target's value in place: either way the original field
 * is returned, by JSON Pointer, to be kept in the annotation. What is kept is a property or a map entry:
 * for a list item the whole list, since an item cannot be left out.
 */
function mapValues(object: JsonObject, conversions: { from: FieldPath; forward: ValueMap; back: ValueMap }[]): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  for (const { from, forward, back } of conversions) {
    const fields = new Map<string, { path: string[]; changes: { path: string[]; value: unknown }[]; lost: boolean; keep: boolean }>();
    for (const path of matches(object, from)) {
      let fieldPath = path;
      while (fieldPath.length > 1 && Array.isArray(getAt(object, fieldPath.slice(0, -1)))) fieldPath = fieldPath.slice(0, -1);
      const pointer = toPointer(fieldPath);
      let field = fields.get(pointer);
      if (!field) fields.set(pointer, (field = { path: fieldPath, changes: [], lost: false, keep: false }));
      const value = getAt(object, path);
      const mapped = mapValue(forward, value);
      if (!mapped) {
        field.lost = true;
        continue;
      }
      if (mapValue(back, mapped.value)?.value !== value) field.keep = true;
      field.changes.push({ path, value: mapped.value });
    }
    for (const [pointer, field] of fields) {
      if (field.lost || field.keep) kept[pointer] = cloneJson(getAt(object, field.path));
      if (field.lost) removeAt(object, field.path);
      else for (const change of field.changes) setAt(object, change.path, change.value);
    }
  }
  return kept;
}

function move(object: JsonObject, moves: { from: FieldPath; to: FieldPath }[]): void {
  const found = moves.flatMap((m) => matches(object, m.from).map((path) => ({ path, to: rebind(m.from, path, m.to), value: getAt(object, path) })));
  for (const f of found) removeAt(object, f.path);
  for (const f of found) setAt(object, f.to, f.value);
}

function annotationsOf(object: JsonObject): Record<string, string> | undefined {
  const metadata = object.metadata as JsonObject | undefined;
  return metadata?.annotations as Record<string, string> | undefined;
}

/** Puts back the fields of `version` kept when the object left it, and removes their annotation. */
function restore(object: JsonObject, version: string): void {
  const annotations = annotationsOf(object);
  const key = PRESERVED_ANNOTATION_PREFIX + version;
  if (!annotations || !Object.hasOwn(annotations, key)) return;
  let preserved: Preserved;
  try {
    preserved = JSON.parse(annotations[key]) as Preserved;
  } catch {
    throw new ConversionError(`metadata.annotations["${key}"] is not valid JSON`);
  }
  delete annotations[key];
  if (preserved.createdAnnotations && Object.keys(annotations).length === 0) delete (object.metadata as JsonObject).annotations;
  for (const [pointer, value] of Object.entries(preserved.fields ?? {})) setAt(object, fromPointer(pointer), value);
}

/** Keeps `fields` (of `version`) in the object's annotation for that version. */
function keep(object: JsonObject, version: string, fields: Record<string, unknown>): void {
  if (Object.keys(fields).length === 0) return;
  if (typeof object.metadata !== "object" || object.metadata === null) object.metadata = {};
  const metadata = object.metadata as JsonObject;
  const preserved: Preserved = { fields };
  if (metadata.annotations === undefined) {
    metadata.annotations = {};
    preserved.createdAnnotations = true;
  }
  (metadata.annotations as Record<string, string>)[PRESERVED_ANNOTATION_PREFIX + version] = JSON.stringify(preserved);
}

/** A deep copy of JSON data (objects, arrays, scalars): several times faster than structuredClone. */
function cloneJson(value: unknown): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (Array.isArray(value)) return value.map(cloneJson);
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = cloneJson((value as Record<string, unknown>)[key]);
  return copy;
}
