// What names a CRD's objects: scope and names. The group and plural are the CRD's own name, so a change
// there shows up as CRD_REMOVED.
import type { CustomResourceDefinition } from "../schema/kubernetes.js";
import { type Finding, finding, type Place } from "./finding.js";

export function identityFindings(old: CustomResourceDefinition, next: CustomResourceDefinition, place: Place): Finding[] {
  const out: Finding[] = [];
  if (old.spec.scope !== next.spec.scope) out.push(finding("SCOPE_CHANGED", place, `scope changed from ${old.spec.scope} to ${next.spec.scope}`));
  for (const key of ["kind", "listKind", "plural", "singular"] as const) {
    const a = old.spec.names[key];
    const b = next.spec.names[key];
    if ((a ?? "") !== (b ?? "")) out.push(finding("NAMES_CHANGED", place, `names.${key} changed from ${JSON.stringify(a ?? "")} to ${JSON.stringify(b ?? "")}`));
  }
  for (const key of ["shortNames", "categories"] as const) {
    const kept = new Set(next.spec.names[key] ?? []);
    for (const name of old.spec.names[key] ?? []) {
      if (!kept.has(name)) out.push(finding("NAMES_CHANGED", place, `names.${key} no longer has "${name}"`));
    }
  }
  return out;
}
