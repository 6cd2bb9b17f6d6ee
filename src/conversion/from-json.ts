// A message plan compiled into closures that read a message from its JSON form in the CRD, refusing what
// the CRD does not accept with the path of the first problem (properties in the CRD's order). JSON null
// means "not set", as protojson and the API server (which prunes nulls) read it, except where null is a value.
import { create, type DescMessage, type DescOneof } from "@bufbuild/protobuf";
import { AnySchema, ListValueSchema, NullValue, ValueSchema } from "@bufbuild/protobuf/wkt";
import type { CompiledMessage, Fields, MessageResolver } from "./compiled.js";
import { expected, fail, type FromOptions } from "./errors.js";
import { allowedValue, listFromJson, mapFromJson, objectFromJson, ownProperty } from "./json-shapes.js";
import { at, type Step } from "./paths.js";
import type { Int64Plan, MapKeyKind, MessagePlan, PropertyPlan, ScalarPlan, ValuePlan } from "./plan.js";
import { boolMapKey, bytesFromJson, floatFromJson, int32MapKey, int64FromJson, int64MapKey, INT64_ZERO, uint32MapKey, uint64FromJson, uint64MapKey } from "./scalars.js";
import {
  durationFromJson,
  emptyFromJson,
  fieldMaskFromJson,
  goDurationFromJson,
  jsonObjectCopy,
  protobufEsFromJson,
  timestampFromJson,
} from "./well-known.js";

/** One JSON value → the protobuf-es value; its path is `at(parent, step)`, computed only when needed. */
type FromJson = (value: unknown, parent: string, step: Step, options: FromOptions) => unknown;

/** Reads one property (or one oneof) of `json` into the message being built. */
type PropertyReader = (json: Fields, result: Fields, path: string, options: FromOptions) => void;

/** google.protobuf.Edition.EDITION_PROTO3 */
const EDITION_PROTO3 = 999;

/** Names that a plain object inherits: reading them needs an own-property check. */
const INHERITED = new Set([...Object.getOwnPropertyNames(Object.prototype), "__proto__"]);

const FLOAT_MAX = 3.4028234663852886e38;

/**
 * Reads a message from its JSON object. A proto3 message whose fields the CRD all has is written as the
 * object `create` would make (zero values for implicit fields, message fields only when set), which skips
 * `create`'s walk over the fields; other messages (defaults on a prototype, fields the CRD leaves out) are
 * made by `create`.
 */
export function messageReader(plan: MessagePlan, resolve: MessageResolver): (json: Fields, path: string, options: FromOptions) => Fields {
  const { desc, properties } = plan;
  const literal = desc.file.edition === EDITION_PROTO3 && desc.fields.every((f) => properties.some((p) => p.field === f));
  const readers: PropertyReader[] = [];
  const oneofsDone = new Set<DescOneof>();
  for (const property of properties) {
    if (property.oneof === undefined) {
      readers.push(propertyReader(property, resolve, literal));
    } else if (!oneofsDone.has(property.oneof)) {
      oneofsDone.add(property.oneof);
      readers.push(oneofReader(property.oneof, properties.filter((p) => p.oneof === property.oneof), resolve));
    }
  }
  const typeName = desc.typeName;
  if (literal) {
    return (json, path, options) => {
      const result: Fields = { $typeName: typeName };
      for (let i = 0; i < readers.length; i++) readers[i](json, result, path, options);
      return result;
    };
  }
  return (json, path, options) => {
    const init: Fields = {};
    for (let i = 0; i < readers.length; i++) readers[i](json, init, path, options);
    return create(desc as DescMessage, init) as Fields;
  };
}

interface Member {
  name: string;
  local: string;
  inherited: boolean;
  nullIsValue: boolean;
  convert: FromJson;
}

function member(property: PropertyPlan, resolve: MessageResolver): Member {
  const { name, value } = property;
  return {
    name,
    local: property.field.localName,
    inherited: INHERITED.has(name),
    // JSON null is a value of google.protobuf.NullValue and google.protobuf.Value; elsewhere it means "not set".
    nullIsValue: value.kind === "null_value" || (value.kind === "well_known" && value.typeName === "google.protobuf.Value"),
    convert: valueFromJson(value, resolve),
  };
}

function propertyReader(property: PropertyPlan, resolve: MessageResolver, literal: boolean): PropertyReader {
  const { name, local, inherited, nullIsValue, convert } = member(property, resolve);
  const required = property.required;
  const zero = literal ? zeroValue(property) : undefined;
  return (json, result, path, options) => {
    const value = inherited ? ownProperty(json, name) : json[name];
    if (!required && (value === undefined || (value === null && !nullIsValue))) {
      if (zero !== undefined) result[local] = zero();
      return;
    }
    result[local] = convert(value, path, name, options);
  };
}

/** A oneof: at most one of its members may be set. */
function oneofReader(oneof: DescOneof, properties: PropertyPlan[], resolve: MessageResolver): PropertyReader {
  const members = properties.map((p) => member(p, resolve));
  const names = `[${members.map((m) => m.name).join(", ")}]`;
  const local = oneof.localName;
  return (json, result, path, options) => {
    let group: { case: string | undefined; value?: unknown } = { case: undefined };
    for (const m of members) {
      const value = m.inherited ? ownProperty(json, m.name) : json[m.name];
      if (value === undefined || (value === null && !m.nullIsValue)) continue;
      if (group.case !== undefined) fail(at(path, m.name), `at most one of the fields in ${names} may be set`);
      group = { case: m.local, value: m.convert(value, path, m.name, options) };
    }
    result[local] = group;
  };
}

/** What protobuf-es holds for an unset proto3 field; undefined for fields that are absent when unset. */
function zeroValue(property: PropertyPlan): (() => unknown) | undefined {
  const { field, value } = property;
  switch (field.fieldKind) {
    case "message":
      return undefined;
    case "list":
      return () => [];
    case "map":
      return () => ({});
    case "enum": {
      if (field.proto.proto3Optional) return undefined;
      const zero = field.enum.values[0].number;
      return () => zero;
    }
    case "scalar": {
      if (field.proto.proto3Optional) return undefined;
      if (value.kind === "int64") return value.longAsString ? () => "0" : () => INT64_ZERO;
      if (value.kind !== "scalar") return undefined;
      switch (value.scalar) {
        case "string":
          return () => "";
        case "bool":
          return () => false;
        case "bytes":
          return () => new Uint8Array(0);
        default:
          return () => 0;
      }
    }
  }
}

function valueFromJson(plan: ValuePlan, resolve: MessageResolver): FromJson {
  switch (plan.kind) {
    case "scalar":
      return scalarFromJson(plan);
    case "int64":
      return int64FromJsonValue(plan);
    case "enum": {
      const numbers = new Map<unknown, number>();
      for (const v of plan.desc.values) if (plan.allowed.includes(v.name)) numbers.set(v.name, v.number);
      if (plan.as === "names_and_numbers") for (const v of plan.desc.values) if (plan.allowed.includes(v.number) && !numbers.has(v.number)) numbers.set(v.number, v.number);
      const what = `one of ${plan.allowed.map((v) => String(v)).join(", ")}`;
      return (value, parent, step) => numbers.get(value) ?? expected(what, value, at(parent, step));
    }
    case "null_value":
      return (value, parent, step) => (value === null ? NullValue.NULL_VALUE : expected("null", value, at(parent, step)));
    case "message": {
      const nested: CompiledMessage = resolve(plan.desc);
      return (value, parent, step, options) => nested.fromJson(value, at(parent, step), options);
    }
    case "opaque": {
      const desc = plan.desc;
      return (value, parent, step, options) => protobufEsFromJson(desc, value, at(parent, step), options);
    }
    case "wrapper": {
      const inner = plan.inner.kind === "int64" ? int64FromJsonValue(plan.inner) : scalarFromJson(plan.inner);
      if (!plan.boxed) return inner;
      const typeName = plan.typeName;
      return (value, parent, step, options) => ({ $typeName: typeName, value: inner(value, parent, step, options) });
    }
    case "well_known":
      return wellKnownFromJson(plan);
    case "list": {
      const item = valueFromJson(plan.item, resolve);
      return (value, parent, step, options) => {
        const path = at(parent, step);
        return listFromJson(value, path).map((v, i) => item(v, path, i, options));
      };
    }
    case "map": {
      const convert = valueFromJson(plan.value, resolve);
      const key = mapKey(plan.key);
      return (value, parent, step, options) => {
        const path = at(parent, step);
        return mapFromJson(value, path, (v, k) => convert(v, `${path}[${k}]`, null, options), key);
      };
    }
  }
}

function scalarFromJson(plan: ScalarPlan): FromJson {
  const { allowed } = plan;
  if (allowed !== undefined) return (value, parent, step) => (allowed.includes(value as string) ? value : allowedValue(value, allowed, at(parent, step)));
  switch (plan.scalar) {
    case "string":
      return (value, parent, step) => (typeof value === "string" ? value : expected("a string", value, at(parent, step)));
    case "bool":
      return (value, parent, step) => (typeof value === "boolean" ? value : expected("a boolean", value, at(parent, step)));
    case "int32":
      return (value, parent, step) =>
        typeof value === "number" && Number.isInteger(value) && value >= -2147483648 && value <= 2147483647 ? value : expected("a 32-bit integer", value, at(parent, step));
    case "uint32":
      return (value, parent, step) =>
        typeof value === "number" && Number.isInteger(value) && value >= 0 && value <= 4294967295 ? value : expected("an unsigned 32-bit integer", value, at(parent, step));
    case "double":
      return (value, parent, step) => (typeof value === "number" && Number.isFinite(value) ? value : expected("a number", value, at(parent, step)));
    case "float":
      return (value, parent, step) => (typeof value === "number" && Math.abs(value) <= FLOAT_MAX ? value : floatFromJson(value, at(parent, step)));
    case "bytes":
      return (value, parent, step) => bytesFromJson(value, at(parent, step));
  }
}

function int64FromJsonValue(plan: Int64Plan): FromJson {
  const read = plan.unsigned ? uint64FromJson : int64FromJson;
  const form = plan.as;
  if (plan.longAsString) return (value, parent, step) => String(read(value, at(parent, step), form));
  return (value, parent, step) => read(value, at(parent, step), form);
}

function wellKnownFromJson(plan: Extract<ValuePlan, { kind: "well_known" }>): FromJson {
  switch (plan.typeName) {
    case "google.protobuf.Timestamp":
      return (value, parent, step) => timestampFromJson(value, at(parent, step));
    case "google.protobuf.Duration":
      return plan.goDuration ? (value, parent, step) => goDurationFromJson(value, at(parent, step)) : (value, parent, step) => durationFromJson(value, at(parent, step));
    case "google.protobuf.FieldMask":
      return (value, parent, step) => fieldMaskFromJson(value, at(parent, step));
    case "google.protobuf.Struct":
      return (value, parent, step) => jsonObjectCopy(value, at(parent, step));
    case "google.protobuf.Value":
      return (value, parent, step, options) => protobufEsFromJson(ValueSchema, value, at(parent, step), options);
    case "google.protobuf.ListValue":
      return (value, parent, step, options) => {
        const path = at(parent, step);
        return protobufEsFromJson(ListValueSchema, listFromJson(value, path), path, options);
      };
    case "google.protobuf.Any":
      return (value, parent, step, options) => {
        const path = at(parent, step);
        return protobufEsFromJson(AnySchema, objectFromJson(value, path), path, options);
      };
    case "google.protobuf.Empty":
      return (value, parent, step, options) => emptyFromJson(value, at(parent, step), options);
  }
}

function mapKey(key: MapKeyKind): ((key: string, path: string) => string) | undefined {
  switch (key) {
    case "string":
      return undefined;
    case "bool":
      return boolMapKey;
    case "int32":
      return int32MapKey;
    case "uint32":
      return uint32MapKey;
    case "int64":
      return int64MapKey;
    case "uint64":
      return uint64MapKey;
  }
}
