// The ValueMaps of one scalar field whose two versions write it differently, from the two schema
// nodes. What maps without loss: enum values of the same number (renamed values; by name for a CRD
// alone), integers into a range that holds them (int32, uint32 and int64 widening, and back when the
// value fits), 64-bit integers between decimal strings and JSON numbers (int64=string, int_or_string,
// integer), and null into a plain scalar from a wrapper (never: null is kept in the annotation).
import type { JSONSchemaProps } from "../schema/kubernetes.js";
import type { ValueMap } from "./plan.js";

/** The proto number of an enum value of `node` (names by their number, numbers as they are), or the value itself. */
export type EnumNumber = (node: JSONSchemaProps, value: string | number) => string | number | undefined;

export type ScalarClass = "enum" | "integer" | "number" | "string" | "boolean";

const INT64_STRING = /^\^(-\?)?\[0-9\]\+\$$/;

/** What kind of scalar a node holds; undefined for objects, lists, maps and free-form values. */
export function scalarClass(node: JSONSchemaProps): ScalarClass | undefined {
  if (Array.isArray(node.enum) && node.enum.length > 0) return "enum";
  if (node["x-kubernetes-int-or-string"] || node.type === "integer" || (node.type === "string" && isInt64String(node))) return "integer";
  if (node.type === "number" || node.type === "string" || node.type === "boolean") return node.type;
  return undefined;
}

function isInt64String(node: JSONSchemaProps): boolean {
  return typeof node.pattern === "string" && INT64_STRING.test(node.pattern);
}

/** Both ways' maps, or undefined when every value of each side is the other's value as it is. */
export function valueConversion(hub: JSONSchemaProps, spoke: JSONSchemaProps, enumNumber: EnumNumber): { toHub: ValueMap; toSpoke: ValueMap } | undefined {
  const toHub = valueMap(spoke, hub, enumNumber);
  const toSpoke = valueMap(hub, spoke, enumNumber);
  if (toHub.enum && toSpoke.enum) keepInvertible(toHub.enum, toSpoke.enum);
  const trivial = (map: ValueMap, source: JSONSchemaProps) =>
    Object.keys(map).length === 0 || (Object.keys(map).length === 1 && map.enum !== undefined && isIdentityOver(map.enum, source));
  if (trivial(toHub, spoke) && trivial(toSpoke, hub)) return undefined;
  return { toHub, toSpoke };
}

function valueMap(source: JSONSchemaProps, target: JSONSchemaProps, enumNumber: EnumNumber): ValueMap {
  const map: ValueMap = {};
  if (scalarClass(source) === "enum") map.enum = enumMap(source, target, enumNumber);
  if (scalarClass(source) === "integer") {
    const [from, to] = [representations(source), representations(target)];
    if (to === "string" && from !== "string") map.int64 = "string";
    if (to === "number" && from !== "number") map.int64 = "number";
    const [fromRange, toRange] = [range(source), range(target)];
    if (toRange.minimum !== undefined && (fromRange.minimum === undefined || fromRange.minimum < toRange.minimum)) map.minimum = toRange.minimum;
    if (toRange.maximum !== undefined && (fromRange.maximum === undefined || fromRange.maximum > toRange.maximum)) map.maximum = toRange.maximum;
  }
  if (source.nullable && !target.nullable) map.nonNull = true;
  return map;
}

/** Each source value → the target's value of the same number, a value of the same JSON type first. */
function enumMap(source: JSONSchemaProps, target: JSONSchemaProps, enumNumber: EnumNumber): Record<string, string | number> {
  const map: Record<string, string | number> = {};
  const targetValues = (target.enum ?? []).filter((v): v is string | number => typeof v === "string" || typeof v === "number");
  for (const value of source.enum ?? []) {
    if (typeof value !== "string" && typeof value !== "number") continue;
    const number = enumNumber(source, value);
    if (number === undefined) continue;
    const same = targetValues.filter((t) => enumNumber(target, t) === number);
    const chosen = same.find((t) => typeof t === typeof value) ?? same[0];
    if (chosen !== undefined) map[String(value)] = chosen;
  }
  return map;
}

/** Drops the entries that would not come back as they were (aliases: several names of one number). */
function keepInvertible(a: Record<string, string | number>, b: Record<string, string | number>): void {
  const back = (map: Record<string, string | number>, other: Record<string, string | number>) => {
    for (const key of Object.keys(map)) if (!Object.hasOwn(other, String(map[key])) || String(other[String(map[key])]) !== key) delete map[key];
  };
  back(a, b);
  back(b, a);
}

function isIdentityOver(map: Record<string, string | number>, source: JSONSchemaProps): boolean {
  const values = (source.enum ?? []).filter((v) => typeof v === "string" || typeof v === "number");
  return values.every((v) => Object.hasOwn(map, String(v)) && map[String(v)] === v);
}

function representations(node: JSONSchemaProps): "string" | "number" | "both" {
  if (node["x-kubernetes-int-or-string"]) return "both";
  return node.type === "string" ? "string" : "number";
}

function range(node: JSONSchemaProps): { minimum?: number; maximum?: number } {
  const minimum = typeof node.minimum === "number" ? node.minimum : node.type === "string" && node.pattern === "^[0-9]+$" ? 0 : undefined;
  return { minimum, maximum: typeof node.maximum === "number" ? node.maximum : undefined };
}
