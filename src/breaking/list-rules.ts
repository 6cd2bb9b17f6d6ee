// Merge topology: list type, list map keys and map type decide how server-side apply merges and how
// ratcheting correlates items, so any change is breaking for appliers.
import { type Finding, finding, type Place } from "./finding.js";
import type { NodePair } from "./schema-pairs.js";

export function listFindings(pair: NodePair, at: (path: string) => Place): Finding[] {
  const out: Finding[] = [];
  const { old, new: next } = pair;
  const here = at(pair.path);
  if (old.type === "array" && next.type === "array") {
    const from = old["x-kubernetes-list-type"] ?? "atomic";
    const to = next["x-kubernetes-list-type"] ?? "atomic";
    if (from !== to) out.push(finding("LIST_TYPE_CHANGED", here, `x-kubernetes-list-type changed from ${from} to ${to}`));
    else if (from === "map") {
      const a = (old["x-kubernetes-list-map-keys"] ?? []).join(", ");
      const b = (next["x-kubernetes-list-map-keys"] ?? []).join(", ");
      if (a !== b) out.push(finding("LIST_MAP_KEYS_CHANGED", here, `x-kubernetes-list-map-keys changed from [${a}] to [${b}]`));
    }
  }
  if (old.type === "object" && next.type === "object") {
    const from = old["x-kubernetes-map-type"] ?? "granular";
    const to = next["x-kubernetes-map-type"] ?? "granular";
    if (from !== to) out.push(finding("MAP_TYPE_CHANGED", here, `x-kubernetes-map-type changed from ${from} to ${to}`));
  }
  return out;
}
