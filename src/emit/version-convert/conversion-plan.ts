// The conversion plan of a multi-version CRD: for each version other than the storage version (the
// hub), which fields match the hub's, which only one side has, and which moved. Fields match when
// they come from proto fields with the same name and number and have the same shape; the JSON key
// may differ (json_name), which makes a move. Moves between unrelated fields come from the plugin
// option conversion_move.
import type { Diagnostic } from "../../schema/diagnostics.js";
import type { JSONSchemaProps } from "../../schema/kubernetes.js";
import type { ResourceModel } from "../../schema/model.js";
import type { ConversionPlan, FieldPath, SpokePlan } from "../../conversion/plan.js";
import type { GeneratorOptions } from "../../plugin/parameters.js";

export function conversionPlanFor(model: ResourceModel, options: GeneratorOptions): { plan: ConversionPlan; diagnostics: Diagnostic[] } {
  const versions = model.crd.spec.versions;
  const hub = versions.find((v) => v.storage) ?? versions[0];
  const spokes: Record<string, SpokePlan> = {};
  const diagnostics: Diagnostic[] = [];
  for (const version of versions) {
    if (version === hub) continue;
    const plan: MutableSpokePlan = { hubOnly: [], spokeOnly: [], moves: [] };
    matchNodes(model, hub.schema.openAPIV3Schema, version.schema.openAPIV3Schema, [], [], plan);
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

interface MutableSpokePlan {
  hubOnly: FieldPath[];
  spokeOnly: FieldPath[];
  moves: { spoke: FieldPath; hub: FieldPath }[];
}

function matchNodes(model: ResourceModel, hub: JSONSchemaProps, spoke: JSONSchemaProps, hubPath: string[], spokePath: string[], plan: MutableSpokePlan): void {
  const matchedSpoke = new Set<string>();
  for (const [hubName, hubChild] of Object.entries(hub.properties ?? {})) {
    const spokeName = Object.keys(spoke.properties ?? {}).find((name) => !matchedSpoke.has(name) && sameField(model, hubName, hubChild, name, spoke.properties![name]));
    if (spokeName === undefined) {
      plan.hubOnly.push([...hubPath, hubName]);
      continue;
    }
    matchedSpoke.add(spokeName);
    const h = [...hubPath, hubName];
    const s = [...spokePath, spokeName];
    if (hubName !== spokeName) plan.moves.push({ spoke: s, hub: h });
    matchChildren(model, hubChild, spoke.properties![spokeName], h, s, plan);
  }
  for (const name of Object.keys(spoke.properties ?? {})) if (!matchedSpoke.has(name)) plan.spokeOnly.push([...spokePath, name]);
}

function matchChildren(model: ResourceModel, hub: JSONSchemaProps, spoke: JSONSchemaProps, hubPath: string[], spokePath: string[], plan: MutableSpokePlan): void {
  if (hub.properties || spoke.properties) matchNodes(model, hub, spoke, hubPath, spokePath, plan);
  if (hub.items && spoke.items) matchChildren(model, hub.items, spoke.items, [...hubPath, "*"], [...spokePath, "*"], plan);
  if (typeof hub.additionalProperties === "object" && typeof spoke.additionalProperties === "object") {
    matchChildren(model, hub.additionalProperties, spoke.additionalProperties, [...hubPath, "*"], [...spokePath, "*"], plan);
  }
}

/** Same proto field (name and number; by property name for apiVersion, kind, metadata) and same shape. */
function sameField(model: ResourceModel, hubName: string, hub: JSONSchemaProps, spokeName: string, spoke: JSONSchemaProps): boolean {
  const a = model.annotations.fields.get(hub);
  const b = model.annotations.fields.get(spoke);
  const same = a && b ? a.name === b.name && a.number === b.number : !a && !b && hubName === spokeName;
  return same && shape(hub) === shape(spoke);
}

function shape(node: JSONSchemaProps): string {
  if (node["x-kubernetes-int-or-string"]) return "int-or-string";
  if (node.type === "array") return `array<${node.items ? shape(node.items) : "any"}>`;
  if (node.type === "object" && typeof node.additionalProperties === "object") return `map<${shape(node.additionalProperties)}>`;
  return node.type ?? "any";
}

function samePath(a: FieldPath, b: FieldPath): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function show(path: FieldPath): string {
  return path.map((s) => `.${s}`).join("");
}
