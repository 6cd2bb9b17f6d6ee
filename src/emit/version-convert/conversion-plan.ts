// The conversion plan of a multi-version CRD: for each version other than the storage version (the
// hub), which fields match the hub's, which only one side has, which moved, and whose values are
// written differently. Fields match when they come from proto fields with the same number (a renamed
// field keeps its number: protobuf's own notion of the same field) and have compatible shapes; the JSON
// key may differ (a rename or json_name), which makes a move. Enum values match by number. Moves
// between unrelated fields come from the plugin option conversion_move.
import type { DescEnum } from "@bufbuild/protobuf";
import type { Diagnostic } from "../../schema/diagnostics.js";
import type { JSONSchemaProps } from "../../schema/kubernetes.js";
import type { ResourceModel } from "../../schema/model.js";
import { compatible, matchSchemas, type SameField } from "../../version-conversion/match-schemas.js";
import type { ConversionPlan, FieldPath, SpokePlan } from "../../version-conversion/plan.js";
import { scalarClass, valueConversion, type EnumNumber } from "../../version-conversion/value-maps.js";
import type { GeneratorOptions } from "../../plugin/parameters.js";

export function conversionPlanFor(model: ResourceModel, options: GeneratorOptions): { plan: ConversionPlan; diagnostics: Diagnostic[] } {
  const versions = model.crd.spec.versions;
  const hub = versions.find((v) => v.storage) ?? versions[0];
  const spokes: Record<string, SpokePlan> = {};
  const diagnostics: Diagnostic[] = [];
  for (const version of versions) {
    if (version === hub) continue;
    const enumNumber = enumNumberOf(model);
    const plan = matchSchemas(hub.schema.openAPIV3Schema, version.schema.openAPIV3Schema, sameField(model), enumNumber);
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
      const [hubNode, spokeNode] = [nodeAt(hub.schema.openAPIV3Schema, move.hub), nodeAt(version.schema.openAPIV3Schema, move.spoke)];
      if (hubNode && spokeNode && !compatible(hubNode, spokeNode)) {
        diagnostics.push({
          severity: "error",
          rule: "option/conversion-move",
          message: `conversion_move ${move.crd}/${move.version}:${show(move.spoke)}=${show(move.hub)}: the fields hold different kinds of values (${describe(spokeNode)} in ${move.version}, ${describe(hubNode)} in ${hub.name})`,
          location: model.location,
        });
        continue;
      }
      plan.hubOnly.splice(hubIndex, 1);
      plan.spokeOnly.splice(spokeIndex, 1);
      plan.moves.push({ spoke: move.spoke, hub: move.hub });
      if (hubNode && spokeNode && scalarClass(hubNode) !== undefined) {
        const conversion = valueConversion(hubNode, spokeNode, enumNumber);
        if (conversion) plan.values.push({ spoke: move.spoke, hub: move.hub, ...conversion });
      }
    }
    spokes[version.name] = plan;
  }
  return { plan: { group: model.group, kind: model.kind, hub: hub.name, spokes }, diagnostics };
}

/** Same proto field: the same number (apiVersion, kind and metadata, which have none, by property name). */
function sameField(model: ResourceModel): SameField {
  return (hubName, hub, spokeName, spoke) => {
    const a = model.annotations.fields.get(hub);
    const b = model.annotations.fields.get(spoke);
    return a && b ? a.number === b.number : !a && !b && hubName === spokeName;
  };
}

/** Enum values by their proto number, for nodes made from a proto enum; other values by themselves. */
function enumNumberOf(model: ResourceModel): EnumNumber {
  const enums = new Map<string, DescEnum>();
  for (const field of model.annotations.fields.values()) {
    const desc = (field as { enum?: DescEnum }).enum;
    if (desc) enums.set(desc.typeName, desc);
  }
  return (node, value) => {
    const encoding = model.annotations.encodings.get(node);
    if (encoding?.kind !== "enum" || typeof value === "number") return value;
    return enums.get(encoding.typeName)?.values.find((v) => v.name === value)?.number;
  };
}

function nodeAt(root: JSONSchemaProps, path: FieldPath): JSONSchemaProps | undefined {
  let node: JSONSchemaProps | undefined = root;
  for (const segment of path) {
    if (!node) return undefined;
    node = segment === "*" ? (node.items ?? (typeof node.additionalProperties === "object" ? node.additionalProperties : undefined)) : node.properties?.[segment];
  }
  return node;
}

function samePath(a: FieldPath, b: FieldPath): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function show(path: FieldPath): string {
  return path.map((s) => `.${s}`).join("");
}

function describe(node: JSONSchemaProps): string {
  const kind = scalarClass(node);
  if (kind !== undefined) return kind === "enum" ? "an enum" : `${kind === "integer" ? "an" : "a"} ${kind}`;
  if (node.type === "array") return "a list";
  return node.type === "object" ? (typeof node.additionalProperties === "object" ? "a map" : "an object") : "a free-form value";
}
