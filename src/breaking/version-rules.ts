// Versions: removed or unserved versions, the storage version, and what each version offers besides
// its schema (subresources, selectable fields, printer columns).
import type { CustomResourceDefinition, CustomResourceDefinitionVersion } from "../schema/kubernetes.js";
import { type Finding, finding, type Place } from "./finding.js";

/**
 * The annotation that records how stored objects move to a new storage version. Its value starts with
 * `<old> -> <new>` (the two storage versions) followed by `:` and a note, e.g.
 * `v1alpha1 -> v1: served versions convert through the webhook; run the storage version migrator`.
 */
export const STORAGE_MIGRATION_ANNOTATION = "protoc-gen-crd-ts/storage-migration";

export function versionFindings(old: CustomResourceDefinition, next: CustomResourceDefinition, place: Place): Finding[] {
  const out: Finding[] = [];
  const nextVersions = new Map(next.spec.versions.map((v) => [v.name, v]));
  for (const version of old.spec.versions) {
    const at = { ...place, version: version.name };
    const now = nextVersions.get(version.name);
    if (!now) {
      if (version.served || version.storage) out.push(finding("VERSION_REMOVED", at, `version ${version.name} was removed`));
      continue;
    }
    if (version.served && !now.served) out.push(finding("VERSION_NOT_SERVED", at, `version ${version.name} is no longer served`));
    out.push(...subresourceFindings(version, now, at));
    const selectable = new Set((now.selectableFields ?? []).map((f) => f.jsonPath));
    for (const field of version.selectableFields ?? []) {
      if (!selectable.has(field.jsonPath)) out.push(finding("SELECTABLE_FIELD_REMOVED", { ...at, path: field.jsonPath }, `selectable field ${field.jsonPath} was removed`));
    }
    const columns = new Set((now.additionalPrinterColumns ?? []).map((c) => c.name));
    for (const column of version.additionalPrinterColumns ?? []) {
      if (!columns.has(column.name)) out.push(finding("PRINTER_COLUMN_REMOVED", { ...at, path: column.jsonPath }, `printer column "${column.name}" was removed`));
    }
  }
  const from = old.spec.versions.find((v) => v.storage)?.name;
  const to = next.spec.versions.find((v) => v.storage)?.name;
  if (from && to && from !== to && !migrationNoted(next, from, to)) {
    out.push(finding("STORAGE_VERSION_CHANGED", { ...place, version: to },
      `storage version changed from ${from} to ${to} without a migration note (annotation ${STORAGE_MIGRATION_ANNOTATION}: "${from} -> ${to}: <how stored objects are migrated>")`));
  }
  return out;
}

function subresourceFindings(old: CustomResourceDefinitionVersion, next: CustomResourceDefinitionVersion, at: Place): Finding[] {
  const out: Finding[] = [];
  for (const name of ["status", "scale"] as const) {
    if (old.subresources?.[name] && !next.subresources?.[name]) out.push(finding("SUBRESOURCE_REMOVED", at, `the /${name} subresource was removed`));
  }
  return out;
}

export function migrationNoted(crd: CustomResourceDefinition, from: string, to: string): boolean {
  const note = crd.metadata.annotations?.[STORAGE_MIGRATION_ANNOTATION];
  if (note === undefined) return false;
  const match = /^\s*([a-z0-9]+)\s*->\s*([a-z0-9]+)\s*:\s*\S/.exec(note);
  return match !== null && match[1] === from && match[2] === to;
}
