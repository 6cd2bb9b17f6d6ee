// Field shape: removed properties, changed types, newly required properties, nullability, pruning.
import { type Finding, finding, type Place } from "./finding.js";
import { type NodePair, typeOf, typeWidens } from "./schema-pairs.js";

export function fieldFindings(pair: NodePair, at: (path: string) => Place): Finding[] {
  const out: Finding[] = [];
  const { old, new: next, path } = pair;
  const here = at(path);
  for (const name of Object.keys(old.properties ?? {})) {
    if (!next.properties?.[name] && !next["x-kubernetes-preserve-unknown-fields"]) {
      out.push(finding("FIELD_REMOVED", at(`${path}.${name}`), `field "${name}" was removed; its stored values are pruned and clients that send it get unknown-field errors or warnings`));
    } else if (!next.properties?.[name]) {
      out.push(finding("FIELD_REMOVED", at(`${path}.${name}`), `field "${name}" was removed from the schema (kept only as an unknown field)`));
    }
  }
  const from = typeOf(old);
  const to = typeOf(next);
  if (!typeWidens(from, to)) out.push(finding("FIELD_TYPE_CHANGED", here, `type changed from ${from} to ${to}`));
  const oldRequired = new Set(old.required ?? []);
  for (const name of next.required ?? []) {
    if (!oldRequired.has(name)) {
      const existed = old.properties?.[name] !== undefined || old["x-kubernetes-preserve-unknown-fields"] === true;
      const what = existed ? `field "${name}" became required` : `new field "${name}" is required`;
      out.push(finding("FIELD_BECAME_REQUIRED", at(`${path}.${name}`), `${what}; objects without it are rejected`));
    }
  }
  if (old.nullable && !next.nullable) out.push(finding("NULLABLE_REMOVED", here, "no longer nullable; null values are rejected"));
  if (old["x-kubernetes-preserve-unknown-fields"] && !next["x-kubernetes-preserve-unknown-fields"]) {
    out.push(finding("UNKNOWN_FIELDS_PRUNED", here, "x-kubernetes-preserve-unknown-fields removed; unknown fields are now pruned"));
  }
  return out;
}
