// Which fields of two versions' schemas are the same field: the generator matches proto fields by name
// and number (src/emit/version-convert/conversion-plan.ts); a CRD alone (crd-ts serve with a CRD that
// has no generated converters) matches by property name. Either way the shapes must agree.
import type { JSONSchemaProps } from "../schema/kubernetes.js";
import type { ConversionPlan, FieldPath, SpokePlan } from "./plan.js";

/** Whether hub property `hubName` and spoke property `spokeName` hold the same field. */
export type SameField = (hubName: string, hub: JSONSchemaProps, spokeName: string, spoke: JSONSchemaProps) => boolean;

export interface MutableSpokePlan {
  hubOnly: FieldPath[];
  spokeOnly: FieldPath[];
  moves: { spoke: FieldPath; hub: FieldPath }[];
}

export function matchSchemas(hub: JSONSchemaProps, spoke: JSONSchemaProps, sameField: SameField): MutableSpokePlan {
  const plan: MutableSpokePlan = { hubOnly: [], spokeOnly: [], moves: [] };
  const same: SameField = (a, an, b, bn) => sameField(a, an, b, bn) && shape(an) === shape(bn);
  matchNodes(hub, spoke, [], [], plan, same);
  return plan;
}

function matchNodes(hub: JSONSchemaProps, spoke: JSONSchemaProps, hubPath: string[], spokePath: string[], plan: MutableSpokePlan, same: SameField): void {
  const matchedSpoke = new Set<string>();
  for (const [hubName, hubChild] of Object.entries(hub.properties ?? {})) {
    const spokeName = Object.keys(spoke.properties ?? {}).find((name) => !matchedSpoke.has(name) && same(hubName, hubChild, name, spoke.properties![name]));
    if (spokeName === undefined) {
      plan.hubOnly.push([...hubPath, hubName]);
      continue;
    }
    matchedSpoke.add(spokeName);
    const h = [...hubPath, hubName];
    const s = [...spokePath, spokeName];
    if (hubName !== spokeName) plan.moves.push({ spoke: s, hub: h });
    matchChildren(hubChild, spoke.properties![spokeName], h, s, plan, same);
  }
  for (const name of Object.keys(spoke.properties ?? {})) if (!matchedSpoke.has(name)) plan.spokeOnly.push([...spokePath, name]);
}

function matchChildren(hub: JSONSchemaProps, spoke: JSONSchemaProps, hubPath: string[], spokePath: string[], plan: MutableSpokePlan, same: SameField): void {
  if (hub.properties || spoke.properties) matchNodes(hub, spoke, hubPath, spokePath, plan, same);
  if (hub.items && spoke.items) matchChildren(hub.items, spoke.items, [...hubPath, "*"], [...spokePath, "*"], plan, same);
  if (typeof hub.additionalProperties === "object" && typeof spoke.additionalProperties === "object") {
    matchChildren(hub.additionalProperties, spoke.additionalProperties, [...hubPath, "*"], [...spokePath, "*"], plan, same);
  }
}

function shape(node: JSONSchemaProps): string {
  if (node["x-kubernetes-int-or-string"]) return "int-or-string";
  if (node.type === "array") return `array<${node.items ? shape(node.items) : "any"}>`;
  if (node.type === "object" && typeof node.additionalProperties === "object") return `map<${shape(node.additionalProperties)}>`;
  return node.type ?? "any";
}

/** A plan from a CRD alone: fields match by property name and shape. */
export function planFromCrd(crd: {
  spec: { group: string; names: { kind: string }; versions: { name: string; storage: boolean; schema?: { openAPIV3Schema: JSONSchemaProps } }[] };
}): ConversionPlan {
  const hub = crd.spec.versions.find((v) => v.storage) ?? crd.spec.versions[0];
  const spokes: Record<string, SpokePlan> = {};
  for (const version of crd.spec.versions) {
    if (version === hub) continue;
    spokes[version.name] = matchSchemas(hub.schema?.openAPIV3Schema ?? {}, version.schema?.openAPIV3Schema ?? {}, (a, _an, b) => a === b);
  }
  return { group: crd.spec.group, kind: crd.spec.names.kind, hub: hub.name, spokes };
}
