// fast-check arbitraries of protobuf-es messages that a CR can hold: every field kind, with the values the
// CRD accepts where the model restricts them (enum lists, status words, int64=integer's safe range,
// required fields). Built from the descriptors of protoc-gen-es's `_pb` module plus the shapes our
// emitters read, so a fixture needs no hand-written generator.
import { create, fromJson, ScalarType, type DescField, type DescMessage, type JsonValue, type Message } from "@bufbuild/protobuf";
import { anyPack, DurationSchema, EmptySchema, ListValueSchema, TimestampSchema, ValueSchema } from "@bufbuild/protobuf/wkt";
import fc from "fast-check";
import type { FileShapes, Int64Policy, PropertyShape, ValueShape } from "../../src/emit/shared/shapes.js";

export interface ArbitraryOptions {
  int64: Int64Policy;
  /** How deep messages nest (recursive messages stop here). */
  maxDepth: number;
}

type Init = Record<string, unknown>;

/** google.protobuf.FeatureSet.FieldPresence.IMPLICIT */
const IMPLICIT = 2;

/** Properties by message type name and field number. */
function propertiesByType(shapes: FileShapes): Map<string, Map<number, PropertyShape>> {
  const result = new Map<string, Map<number, PropertyShape>>();
  const add = (typeName: string, properties: PropertyShape[]) => {
    if (!result.has(typeName)) result.set(typeName, new Map(properties.map((p) => [p.field.number, p])));
  };
  for (const resource of shapes.resources) add(resource.root.desc.typeName, resource.root.properties);
  for (const message of shapes.messages.values()) add(message.desc.typeName, message.properties);
  return result;
}

export function messageArbitrary<T extends Message>(schema: DescMessage, shapes: FileShapes, options: ArbitraryOptions): fc.Arbitrary<T> {
  const properties = propertiesByType(shapes);
  const int64Safe = options.int64 === "integer";

  const built = new Map<string, fc.Arbitrary<Message>>();
  /** Built once per type and depth, when first generated (a recursive type refers to itself one level down). */
  const lazyMessage = (desc: DescMessage, depth: number): fc.Arbitrary<Message> =>
    fc.constant(null).chain(() => {
      const key = `${desc.typeName}@${depth}`;
      let arbitrary = built.get(key);
      if (!arbitrary) built.set(key, (arbitrary = message(desc, depth)));
      return arbitrary;
    });

  const message = (desc: DescMessage, depth: number): fc.Arbitrary<Message> => {
    const known = properties.get(desc.typeName);
    const record: Record<string, fc.Arbitrary<unknown>> = {};
    const requiredKeys: string[] = [];
    for (const oneof of desc.oneofs) {
      const members = oneof.fields.filter((f) => depth < options.maxDepth || f.fieldKind !== "message" || isWellKnown(f.message.typeName));
      const cases = members.map((f) => singular(f, known?.get(f.number), depth, true).map((value) => ({ case: f.localName, value })));
      record[oneof.localName] = fc.oneof(fc.constant({ case: undefined }), ...cases);
      requiredKeys.push(oneof.localName);
    }
    for (const field of desc.fields) {
      if (field.oneof) continue;
      const property = known?.get(field.number);
      const required = property?.required === true;
      const value = fieldValue(field, property, depth);
      if (value === undefined) continue;
      record[field.localName] = value;
      if (required) requiredKeys.push(field.localName);
    }
    return fc.record(record, { requiredKeys }).map((init) => create(desc, init as Init));
  };

  const fieldValue = (field: DescField, property: PropertyShape | undefined, depth: number): fc.Arbitrary<unknown> | undefined => {
    switch (field.fieldKind) {
      case "list": {
        if (depth >= options.maxDepth && field.listKind === "message") return fc.constant([]);
        const item = property?.value.kind === "list" ? property.value.item : undefined;
        return fc.array(element(field, item, depth), { maxLength: 3 });
      }
      case "map": {
        if (depth >= options.maxDepth && field.mapKind === "message") return fc.constant({});
        const value = property?.value.kind === "map" ? property.value.value : undefined;
        return fc.dictionary(mapKey(field.mapKey), element(field, value, depth), { maxKeys: 3 }).map((d) => ({ ...d }));
      }
      default:
        return singular(field, property, depth, false);
    }
  };

  /** A singular field's value (a oneof member's when `inOneof`); may be undefined when the field can be unset. */
  const singular = (field: DescField, property: PropertyShape | undefined, depth: number, inOneof: boolean): fc.Arbitrary<unknown> => {
    const required = property?.required === true;
    const shape = property?.value;
    switch (field.fieldKind) {
      case "scalar":
      case "enum": {
        const base = field.fieldKind === "scalar" ? scalar(field.scalar, shape, field.longAsString) : enumValue(field, shape, required || inOneof || field.presence !== IMPLICIT);
        return field.proto.proto3Optional && !required ? fc.option(base, { nil: undefined }) : base;
      }
      case "message": {
        const wrapped = wellKnownOrMessage(field.message, shape, depth, inOneof);
        if (required || inOneof) return wrapped;
        if (depth >= options.maxDepth && !isWellKnown(field.message.typeName)) return fc.constant(undefined);
        return fc.option(wrapped, { nil: undefined });
      }
      default:
        throw new Error(`unexpected ${field.fieldKind}`);
    }
  };

  const element = (field: DescField, shape: ValueShape | undefined, depth: number): fc.Arbitrary<unknown> => {
    if (field.fieldKind === "list" || field.fieldKind === "map") {
      const kind = field.fieldKind === "list" ? field.listKind : field.mapKind;
      if (kind === "scalar") return scalar(field.scalar!, shape, field.fieldKind === "list" && "longAsString" in field && field.longAsString === true);
      if (kind === "enum") return enumValue(field, shape, true);
      return wellKnownOrMessage(field.message!, shape, depth, true);
    }
    throw new Error("not a collection");
  };

  const wellKnownOrMessage = (desc: DescMessage, shape: ValueShape | undefined, depth: number, boxed: boolean): fc.Arbitrary<unknown> => {
    switch (desc.typeName) {
      case "google.protobuf.Timestamp":
        return fc.record({ seconds: fc.bigInt(-62135596800n, 253402300799n), nanos: fc.integer({ min: 0, max: 999999999 }) }).map((t) => create(TimestampSchema, t));
      case "google.protobuf.Duration": {
        // durations=go: Go's time.Duration holds int64 nanoseconds, about ±292 years.
        const limit = shape?.kind === "well_known" && shape.goDuration ? 9223372035n : 315576000000n;
        return fc
          .record({ seconds: fc.bigInt(-limit, limit), nanos: fc.integer({ min: 0, max: 999999999 }) })
          .map(({ seconds, nanos }) => create(DurationSchema, { seconds, nanos: seconds < 0n ? -nanos : seconds === 0n && nanos % 2 === 1 ? -nanos : nanos }));
      }
      case "google.protobuf.FieldMask":
        return fc.array(fieldPath(), { maxLength: 3 }).map((paths) => create(desc, { paths }));
      case "google.protobuf.Struct":
        return jsonObject();
      case "google.protobuf.Value":
        return jsonValue.map((v) => fromJson(ValueSchema, v as JsonValue));
      case "google.protobuf.ListValue":
        return fc.array(jsonValue, { maxLength: 3 }).map((v) => fromJson(ListValueSchema, v as JsonValue));
      case "google.protobuf.Any":
        return fc.oneof(
          fc.record({ seconds: fc.bigInt(0n, 253402300799n), nanos: fc.integer({ min: 0, max: 999999999 }) }).map((t) => anyPack(TimestampSchema, create(TimestampSchema, t))),
          fc.constant(anyPack(EmptySchema, create(EmptySchema))),
        );
      case "google.protobuf.Empty":
        return fc.constant(create(EmptySchema));
    }
    if (isWrapper(desc.typeName)) {
      const inner = desc.fields[0];
      const value = scalar(inner.scalar!, shape?.kind === "wrapper" ? ({ ...shape.inner, node: shape.node } as ValueShape) : undefined, false);
      return boxed ? value.map((v) => create(desc, { value: v })) : value;
    }
    return lazyMessage(desc, depth + 1);
  };

  const scalar = (type: ScalarType, shape: ValueShape | undefined, longAsString: boolean): fc.Arbitrary<unknown> => {
    if (shape?.kind === "scalar" && shape.allowed !== undefined) return fc.constantFrom(...(shape.allowed as unknown[]));
    switch (type) {
      case ScalarType.STRING:
        return fc.string({ unit: "binary", maxLength: 12 });
      case ScalarType.BOOL:
        return fc.boolean();
      case ScalarType.BYTES:
        return fc.uint8Array({ maxLength: 10 });
      case ScalarType.INT32:
      case ScalarType.SINT32:
      case ScalarType.SFIXED32:
        return fc.integer();
      case ScalarType.UINT32:
      case ScalarType.FIXED32:
        return fc.integer({ min: 0, max: 4294967295 });
      case ScalarType.FLOAT:
        return fc.float({ noNaN: true, noDefaultInfinity: true }).map(noNegativeZero);
      case ScalarType.DOUBLE:
        return fc.double({ noNaN: true, noDefaultInfinity: true }).map(noNegativeZero);
      case ScalarType.INT64:
      case ScalarType.SINT64:
      case ScalarType.SFIXED64: {
        const big = int64Safe ? fc.bigInt(-(2n ** 53n) + 1n, 2n ** 53n - 1n) : fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n);
        return longAsString ? big.map(String) : big;
      }
      case ScalarType.UINT64:
      case ScalarType.FIXED64: {
        const big = int64Safe ? fc.bigInt(0n, 2n ** 53n - 1n) : fc.bigInt(0n, 2n ** 64n - 1n);
        return longAsString ? big.map(String) : big;
      }
    }
  };

  /** An enum number the field's node lists; the zero value too when an implicit field may hold it (it is omitted). */
  const enumValue = (field: DescField, shape: ValueShape | undefined, mustBeListed: boolean): fc.Arbitrary<number> => {
    const desc = field.enum!;
    if (desc.typeName === "google.protobuf.NullValue") return fc.constant(0);
    const allowed = shape?.kind === "enum" ? shape.allowed : desc.values.map((v) => v.name);
    const numbers = desc.values.filter((v) => allowed.includes(v.name)).map((v) => v.number);
    if (!mustBeListed) numbers.push(desc.values[0].number);
    return fc.constantFrom(...new Set(numbers));
  };

  return message(schema, 0) as unknown as fc.Arbitrary<T>;
}

function mapKey(type: ScalarType): fc.Arbitrary<string> {
  switch (type) {
    case ScalarType.STRING:
      return fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom("__proto__", "constructor", "toString"));
    case ScalarType.BOOL:
      return fc.constantFrom("true", "false");
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return fc.integer({ min: 0, max: 4294967295 }).map(String);
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return fc.bigInt(0n, 2n ** 64n - 1n).map(String);
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return fc.bigInt(-(2n ** 63n), 2n ** 63n - 1n).map(String);
    default:
      return fc.integer().map(String);
  }
}

function fieldPath(): fc.Arbitrary<string> {
  const word = fc.constantFrom("a", "b2", "name", "spec", "x9y");
  const segment = fc.array(word, { minLength: 1, maxLength: 3 }).map((w) => w.join("_"));
  return fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => s.join("."));
}

/** Small JSON values (fc.jsonValue is much slower to generate, and size is not what these tests are about). */
const jsonKey = fc.oneof(fc.string({ maxLength: 4 }), fc.constantFrom("__proto__", "constructor"));
const jsonLeaf = fc.oneof(fc.constant(null), fc.boolean(), fc.double({ noNaN: true, noDefaultInfinity: true }).map(noNegativeZero), fc.string({ maxLength: 6 }));
const jsonInner = fc.oneof(jsonLeaf, fc.array(jsonLeaf, { maxLength: 3 }), fc.dictionary(jsonKey, jsonLeaf, { maxKeys: 3 }).map((d) => ({ ...d })));
const jsonValue = fc.oneof(jsonLeaf, fc.array(jsonInner, { maxLength: 3 }), fc.dictionary(jsonKey, jsonInner, { maxKeys: 3 }).map((d) => ({ ...d })));

function jsonObject(): fc.Arbitrary<Record<string, unknown>> {
  return fc.dictionary(jsonKey, jsonValue, { maxKeys: 3 }).map((d) => ({ ...d }));
}

const WRAPPERS = new Set([
  "google.protobuf.DoubleValue",
  "google.protobuf.FloatValue",
  "google.protobuf.Int64Value",
  "google.protobuf.UInt64Value",
  "google.protobuf.Int32Value",
  "google.protobuf.UInt32Value",
  "google.protobuf.BoolValue",
  "google.protobuf.StringValue",
  "google.protobuf.BytesValue",
]);

function isWrapper(typeName: string): boolean {
  return WRAPPERS.has(typeName);
}

function isWellKnown(typeName: string): boolean {
  return typeName.startsWith("google.protobuf.");
}

/** JSON.stringify writes -0 as 0: a CR that passes through JSON text cannot keep the sign of zero. */
function noNegativeZero(n: number): number {
  return n === 0 ? 0 : n;
}
