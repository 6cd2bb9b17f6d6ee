// Compares two sets of CRDs (by metadata.name) and lists every breaking change, old → new.
import type { CustomResourceDefinition } from "../schema/kubernetes.js";
import { celFindings } from "./cel-rules.js";
import { fieldFindings } from "./field-rules.js";
import { type Finding, finding, type Place } from "./finding.js";
import { identityFindings } from "./identity-rules.js";
import { listFindings } from "./list-rules.js";
import type { LoadedCrd } from "./load-crds.js";
import { schemaPairs, showPath } from "./schema-pairs.js";
import { validationFindings } from "./validation-rules.js";
import { versionFindings } from "./version-rules.js";

const SCHEMA_RULES = [fieldFindings, validationFindings, celFindings, listFindings];

export function breakingChanges(old: Map<string, LoadedCrd>, next: Map<string, LoadedCrd>): Finding[] {
  const out: Finding[] = [];
  for (const [name, before] of [...old].sort(([a], [b]) => a.localeCompare(b))) {
    const after = next.get(name);
    if (!after) {
      out.push(finding("CRD_REMOVED", { crd: name, file: before.file }, `CRD ${name} was removed`));
      continue;
    }
    out.push(...compareCrd(before.crd, after.crd, { crd: name, file: after.file }));
  }
  return out;
}

export function compareCrd(old: CustomResourceDefinition, next: CustomResourceDefinition, place: Place): Finding[] {
  const out = [...identityFindings(old, next, place), ...versionFindings(old, next, place)];
  for (const version of old.spec.versions) {
    const now = next.spec.versions.find((v) => v.name === version.name);
    const before = version.schema?.openAPIV3Schema;
    const after = now?.schema?.openAPIV3Schema;
    if (!before || !after) continue;
    const at = (path: string): Place => ({ ...place, version: version.name, path: showPath(path) });
    for (const pair of schemaPairs(before, after)) {
      for (const rules of SCHEMA_RULES) out.push(...rules(pair, at));
    }
  }
  return out;
}
