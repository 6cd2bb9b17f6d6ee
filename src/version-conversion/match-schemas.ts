// Which fields of two versions' schemas are the same field: the generator matches proto fields by
// number (src/emit/version-convert/conversion-plan.ts); a CRD alone (crd-ts serve with a CRD that has
// no generated converters) matches by property name. The shapes must agree, except for scalars whose
// values map (value-map.ts): those get a ValueConversion.
import type { JSONSchemaProps } from "../schema/kubernetes.js";
import type { ConversionPlan, FieldPath, SpokePlan, ValueConversion } from "./plan.js";
import { scalarClass, valueConversion, type EnumNumber } from "./value-maps.js";

/** Whether hub property `hubName` and spoke property `spokeName` hold the same field. */
export type SameField = (hubName: string, hub: JSONSchemaProps, spokeName: string, spoke: JSONSchemaProps) => boolean;

export interface MutableSpokePlan {
  hubOnly: FieldPath[];
  spokeOnly: FieldPath[];
  moves: { spoke: FieldPath; hub: FieldPath }[];
  values: ValueConversion[];
}

/** `enumNumber` gives the proto number of an enum value of a node; without it, enum values match by name. */
export function matchSchemas(hub: JSONSchemaProps, spoke: JSONSchemaProps, sameField: SameField, enumNumber: EnumNumber = byName): MutableSpokePlan {
  const plan: MutableSpokePlan = { hubOnly: [], spokeOnly: [], moves: [], values: [] };
  const same: SameField = (a, an, b, bn) => sameField(a, an, b, bn) && compatible(an, bn);
  matchNodes(hub, spoke, [], [], plan, same, enumNumber);
  return plan;
}

function byName(_node: JSONSchemaProps, value: unknown): string | number | undefined {
  return typeof value === "string" || typeof value === "number" ? value : undefined;
}

function matchNodes(hub: JSONSchemaProps, spoke: JSONSchemaProps, hubPath: string[], spokePath: string[], plan: MutableSpokePlan, same: SameField, enumNumber: EnumNumber): void {
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
    matchChildren(hubChild, spoke.properties![spokeName], h, s, plan, same, enumNumber);
  }
  for (const name of Object.keys(spoke.properties ?? {})) if (!matchedSpoke.has(name)) plan.spokeOnly.push([...spokePath, name]);
}

function matchChildren(hub: JSONSchemaProps, spoke: JSONSchemaProps, hubPath: string[], spokePath: string[], plan: MutableSpokePlan, same: SameField, enumNumber: EnumNumber): void {
  if (hub.properties || spoke.properties) matchNodes(hub, spoke, hubPath, spokePath, plan, same, enumNumber);
  if (hub.items && spoke.items) matchChildren(hub.items, spoke.items, [...hubPath, "*"], [...spokePath, "*"], plan, same, enumNumber);
  if (typeof hub.additionalProperties === "object" && typeof spoke.additionalProperties === "object") {
    matchChildren(hub.additionalProperties, spoke.additionalProperties, [...hubPath, "*"], [...spokePath, "*"], plan, same, enumNumber);
  }
  if (scalarClass(hub) !== undefined) {
    const conversion = valueConversion(hub, spoke, enumNumber);
    if (conversion) plan.values.push({ spoke: spokePath, hub: hubPath, ...conversion });
  }
}

/** The same kind of value: objects, lists and maps of compatible values, or scalars whose values map. */
export function compatible(hub: JSONSchemaProps, spoke: JSONSchemaProps): boolean {
  const [a, b] = [shape(hub), shape(spoke)];
  if (a !== b) return false;
  if (a === "array") return compatible(hub.items ?? {}, spoke.items ?? {});
  if (a === "map") return compatible(hub.additionalProperties as JSONSchemaProps, spoke.additionalProperties as JSONSchemaProps);
  if (a === "scalar") return scalarClass(hub) === scalarClass(spoke);
  return true;
}

function shape(node: JSONSchemaProps): string {
  if (scalarClass(node) !== undefined) return "scalar";
  if (node.type === "array") return "array";
  if (node.type === "object" && typeof node.additionalProperties === "object") return "map";
  return node.type ?? "any";
}

/** A plan from a CRD alone: fields match by property name and shape, enum values by name. */
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
