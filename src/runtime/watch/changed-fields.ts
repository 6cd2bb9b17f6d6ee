// Which spec/status paths differ between two versions of an object: leaf paths such as
// "status.nodeQuarantined", "status.userPodsEvictionStatus.status" or "status.spanIds.drain".
// Arrays compare as a whole ("spec.errorCode"). Metadata is not compared: a label-only change
// has no changed fields.
import { isDeepStrictEqual } from "node:util";

type Json = unknown;

export function changedFields(before: { spec?: Json; status?: Json } | undefined, after: { spec?: Json; status?: Json }): string[] {
  const paths: string[] = [];
  diff(before?.spec, after.spec, "spec", paths);
  diff(before?.status, after.status, "status", paths);
  return paths;
}

/** Every leaf path set in an object: the changed fields when the previous version is unknown. */
export function allFields(after: { spec?: Json; status?: Json }): string[] {
  return changedFields(undefined, after);
}

function isPlainObject(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function diff(a: Json, b: Json, path: string, out: string[]): void {
  if (isPlainObject(a) || isPlainObject(b)) {
    if (!isPlainObject(a) || !isPlainObject(b)) {
      if (a !== undefined && a !== null && !isPlainObject(a)) out.push(path);
      else if (b !== undefined && b !== null && !isPlainObject(b)) out.push(path);
      const object = isPlainObject(a) ? a : (b as Record<string, Json>);
      for (const key of Object.keys(object).sort()) diff(isPlainObject(a) ? a[key] : undefined, isPlainObject(b) ? b[key] : undefined, `${path}.${key}`, out);
      return;
    }
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const key of keys) diff(a[key], b[key], `${path}.${key}`, out);
    return;
  }
  if (a === undefined && b === undefined) return;
  if (!isDeepStrictEqual(a, b)) out.push(path);
}

/** Whether `path` or anything below it changed. */
export function fieldChanged(fields: readonly string[], path: string): boolean {
  return fields.some((f) => f === path || f.startsWith(`${path}.`));
}
