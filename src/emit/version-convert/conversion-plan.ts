// The conversion plan of a multi-version CRD: for each version other than the storage version (the
// hub), which fields match the hub's, which only one side has, and which moved. Fields match when
// they come from proto fields with the same name and number and have the same shape; the JSON key
// may differ (json_name), which makes a move. Moves between unrelated fields come from the plugin
// option conversion_move.
import type { Diagnostic } from "../../schema/diagnostics.js";
import type { ResourceModel } from "../../schema/model.js";
import { matchSchemas, type SameField } from "../../version-conversion/match-schemas.js";
import type { ConversionPlan, FieldPath, SpokePlan } from "../../version-conversion/plan.js";
import type { GeneratorOptions } from "../../plugin/parameters.js";

export function conversionPlanFor(model: ResourceModel, options: GeneratorOptions): { plan: ConversionPlan; diagnostics: Diagnostic[] } {
  const versions = model.crd.spec.versions;
  const hub = versions.find((v) => v.storage) ?? versions[0];
  const spokes: Record<string, SpokePlan> = {};
  const diagnostics: Diagnostic[] = [];
  for (const version of versions) {
    if (version === hub) continue;
    const plan = matchSchemas(hub.schema.openAPIV3Schema, version.schema.openAPIV3Schema, sameField(model));
    for (const move of options.conversionMoves.filter((m) => m.crd === model.crd.metadata.name && m.version === version.name)) {
      const hubIndex = plan.hubOnly.findIndex((p) => samePath(p, move.hub));
      const spokeIndex = plan.spokeOnly.findIndex((p) => samePath(p, move.spoke));
      if (hubIndex < 0 || spokeIndex < 0) {
        diagnostics.push({
          severity: "error",
          rule: "option/conversion-move",
          message: `conversion_move ${move.crd}/${move.version}:${show(move.spoke)}=${show(move.hub)}: ${spokeIndex < 0 ? `${show(move.spoke)} is not a field only ${move.version} has` : `${show(move.hub)} is not a field only ${hub.name} has`}`,
          location: model.location,
        });
        continue;
      }
      plan.hubOnly.splice(hubIndex, 1);
      plan.spokeOnly.splice(spokeIndex, 1);
      plan.moves.push({ spoke: move.spoke, hub: move.hub });
    }
    spokes[version.name] = plan;
  }
  return { plan: { group: model.group, kind: model.kind, hub: hub.name, spokes }, diagnostics };
}

/** Same proto field: name and number (apiVersion, kind and metadata, which have none, by property name). */
function sameField(model: ResourceModel): SameField {
  return (hubName, hub, spokeName, spoke) => {
    const a = model.annotations.fields.get(hub);
    const b = model.annotations.fields.get(spoke);
    return a && b ? a.name === b.name && a.number === b.number : !a && !b && hubName === spokeName;
  };
}

function samePath(a: FieldPath, b: FieldPath): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function show(path: FieldPath): string {
  return path.map((s) => `.${s}`).join("");
}
