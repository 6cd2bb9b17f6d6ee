// A message plan compiled into closures that write a protobuf-es message as its JSON form in the CRD:
// unset fields omitted as protojson omits them, a field the CRD requires always written (or reported
// when the message does not set it), values the CRD cannot hold reported with their path.
import { base64Encode } from "@bufbuild/protobuf/wire";
import { AnySchema, ListValueSchema, ValueSchema } from "@bufbuild/protobuf/wkt";
import type { DescOneof } from "@bufbuild/protobuf";
import type { CompiledMessage, Fields, MessageResolver } from "./compiled.js";
import { fail, type ToOptions } from "./errors.js";
import { allowedValue, hasKeys, hasOwn, mapToJson, setOwn } from "./json-shapes.js";
import { at, type Step } from "./paths.js";
import { presence, type Int64Plan, type MessagePlan, type PropertyPlan, type ScalarPlan, type ValuePlan } from "./plan.js";
import { INT64_ZERO, int64ToNumber } from "./scalars.js";
import { anyOf, durationToJson, fieldMaskToJson, goDurationToJson, jsonObjectCopy, jsonObjectOf, protobufEsToJson, timestampToJson } from "./well-known.js";

/** One value → its JSON form; the value's path is `at(parent, step)`, computed only when needed. The value is
 * typed `any`: the plan, made from the message's descriptor, says what it holds. */
type ToJson = (value: any, parent: string, step: Step, options: ToOptions) => unknown;

/** Writes one property (or one oneof) of `message` into `json`. */
type PropertyWriter = (message: Fields, json: Fields, path: string, options: ToOptions) => void;

/** Writes every property of a message; `resolve` gives the converters of the messages its fields hold. */
export function messageWriter(plan: MessagePlan, resolve: MessageResolver, protoNames: boolean): PropertyWriter {
  const writers: PropertyWriter[] = [];
  const oneofsDone = new Set<DescOneof>();
  for (const property of plan.properties) {
    if (property.oneof === undefined) {
      writers.push(propertyWriter(property, resolve, protoNames));
    } else if (!oneofsDone.has(property.oneof)) {
      oneofsDone.add(property.oneof);
      writers.push(oneofWriter(property.oneof, plan.properties.filter((p) => p.oneof === property.oneof), resolve, protoNames));
    }
  }
  return (message, json, path, options) => {
    for (let i = 0; i < writers.length; i++) writers[i](message, json, path, options);
  };
}

function propertyWriter(property: PropertyPlan, resolve: MessageResolver, protoNames: boolean): PropertyWriter {
  const { name, required } = property;
  const local = property.field.localName;
  const convert = valueToJson(property.value, resolve, protoNames);
  const isSet = setCheck(property);
  const own = name === "__proto__";
  return (message, json, path, options) => {
    const value = message[local];
    if (isSet !== undefined && !isSet(value, message)) {
      if (required) fail(at(path, name), "required by the CRD, but not set in the message");
      return;
    }
    const out = convert === undefined ? value : convert(value, path, name, options);
    if (own) setOwn(json, name, out);
    else json[name] = out;
  };
}

/** The members of a oneof: the one set (if the CRD has it) is written. */
function oneofWriter(oneof: DescOneof, members: PropertyPlan[], resolve: MessageResolver, protoNames: boolean): PropertyWriter {
  const byCase = new Map(members.map((m) => [m.field.localName, { name: m.name, convert: valueToJson(m.value, resolve, protoNames) }]));
  return (message, json, path, options) => {
    const group = message[oneof.localName] as { case: string | undefined; value?: unknown };
    const member = group.case === undefined ? undefined : byCase.get(group.case);
    if (member === undefined) return;
    const out = member.convert === undefined ? group.value : member.convert(group.value, path, member.name, options);
    if (member.name === "__proto__") setOwn(json, member.name, out);
    else json[member.name] = out;
  };
}

/** When a field is written: undefined when always (implicit presence and required by the CRD). */
function setCheck(property: PropertyPlan): ((value: any, message: Fields) => boolean) | undefined {
  const local = property.field.localName;
  switch (presence(property.field)) {
    case "defined":
      return (value) => value !== undefined;
    case "own":
      return (_, message) => hasOwn(message, local);
    case "implicit":
      // protojson omits a field holding its zero value; a field the CRD requires is written anyway.
      return property.required ? undefined : notZero(property.value);
  }
}

function notZero(plan: ValuePlan): ((value: any) => boolean) | undefined {
  switch (plan.kind) {
    case "scalar":
      switch (plan.scalar) {
        case "string":
          return (value) => value !== "";
        case "bool":
          return (value) => value === true;
        case "bytes":
          return (value) => value.length !== 0;
        default:
          return (value) => value !== 0;
      }
    case "int64":
      return plan.longAsString ? (value) => value !== "0" : (value) => value !== INT64_ZERO;
    case "enum":
    case "null_value": {
      const zero = plan.desc.values[0].number;
      return (value) => value !== zero;
    }
    case "list":
      return (value) => value.length !== 0;
    case "map":
      return (value) => hasKeys(value);
    default:
      return undefined;
  }
}

/** The converter of one value; undefined when its JSON form is the protobuf-es value itself. */
function valueToJson(plan: ValuePlan, resolve: MessageResolver, protoNames: boolean): ToJson | undefined {
  switch (plan.kind) {
    case "scalar":
      return scalarToJson(plan);
    case "int64":
      return int64ToJson(plan);
    case "enum": {
      // protojson writes a number's first name; the CRD may list fewer names than the enum has.
      const names = new Map<number, string>();
      for (const v of plan.desc.values) if (plan.allowed.includes(v.name) && !names.has(v.number)) names.set(v.number, v.name);
      const typeName = plan.desc.typeName;
      const listed = plan.allowed.filter((v) => typeof v === "string").join(", ");
      return (value, parent, step) => names.get(value) ?? fail(at(parent, step), `${value} is not a value of ${typeName} that the CRD accepts (${listed})`);
    }
    case "null_value":
      return () => null;
    case "message": {
      const nested: CompiledMessage = resolve(plan.desc);
      return (value, parent, step, options) => nested.toJson(value, at(parent, step), options);
    }
    case "opaque": {
      const desc = plan.desc;
      return (value, parent, step, options) => {
        const path = at(parent, step);
        return jsonObjectOf(protobufEsToJson(desc, value, path, protoNames, options.registry), path);
      };
    }
    case "wrapper": {
      const inner = plan.inner.kind === "int64" ? int64ToJson(plan.inner) : scalarToJson(plan.inner);
      if (!plan.boxed) return inner;
      return inner === undefined ? (value) => value.value : (value, parent, step, options) => inner(value.value, parent, step, options);
    }
    case "well_known":
      return wellKnownToJson(plan, protoNames);
    case "list": {
      const item = valueToJson(plan.item, resolve, protoNames);
      if (item === undefined) return (value) => value.slice();
      return (value, parent, step, options) => {
        const path = at(parent, step);
        return value.map((v: unknown, i: number) => item(v, path, i, options));
      };
    }
    case "map": {
      const convert = valueToJson(plan.value, resolve, protoNames);
      if (convert === undefined) return (value) => ({ ...value });
      return (value, parent, step, options) => {
        const path = at(parent, step);
        return mapToJson(value, (v, key) => convert(v, `${path}[${key}]`, null, options));
      };
    }
  }
}

function scalarToJson(plan: ScalarPlan): ToJson | undefined {
  const { allowed } = plan;
  if (allowed !== undefined) return (value, parent, step) => (allowed.includes(value) ? value : allowedValue(value, allowed, at(parent, step)));
  switch (plan.scalar) {
    case "string":
    case "bool":
    case "int32":
    case "uint32":
      return undefined;
    case "float":
    case "double":
      return (value, parent, step) => (Number.isFinite(value) ? value : fail(at(parent, step), `${value} cannot be written as a JSON number`));
    case "bytes":
      return (value) => base64Encode(value);
  }
}

function int64ToJson(plan: Int64Plan): ToJson | undefined {
  switch (plan.as) {
    case "int_or_string":
    case "string":
      return plan.longAsString ? undefined : (value) => String(value);
    case "integer":
      return (value, parent, step) => {
        const n = Number(value);
        return Number.isSafeInteger(n) ? n : int64ToNumber(value, at(parent, step));
      };
  }
}

function wellKnownToJson(plan: Extract<ValuePlan, { kind: "well_known" }>, protoNames: boolean): ToJson {
  switch (plan.typeName) {
    case "google.protobuf.Timestamp":
      return (value, parent, step) => timestampToJson(value, at(parent, step));
    case "google.protobuf.Duration":
      return plan.goDuration ? (value, parent, step) => goDurationToJson(value, at(parent, step)) : (value, parent, step) => durationToJson(value, at(parent, step));
    case "google.protobuf.FieldMask":
      return (value, parent, step) => fieldMaskToJson(value, at(parent, step));
    case "google.protobuf.Struct":
      // protobuf-es holds a Struct as a JsonObject; it is copied, and checked to hold finite numbers only.
      return (value, parent, step) => jsonObjectCopy(value, at(parent, step));
    case "google.protobuf.Value":
      return (value, parent, step, options) => protobufEsToJson(ValueSchema, value, at(parent, step), protoNames, options.registry);
    case "google.protobuf.ListValue":
      return (value, parent, step, options) => protobufEsToJson(ListValueSchema, value, at(parent, step), protoNames, options.registry);
    case "google.protobuf.Any":
      return (value, parent, step, options) => {
        const path = at(parent, step);
        return anyOf(protobufEsToJson(AnySchema, value, path, protoNames, options.registry), path);
      };
    case "google.protobuf.Empty":
      return () => ({});
  }
}
