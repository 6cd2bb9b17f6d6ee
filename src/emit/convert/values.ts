// One value, both directions: an expression converting a protobuf-es value into its JSON form in the CRD
// (`valueToJson`), and one reading the JSON form back (`valueFromJson`). The value is given as a simple
// expression (a variable or property access) that may be evaluated more than once. Paths are built only
// where a failure is reported, except when handed down to a message's converter function.
import type { ConvertContext, PathExpr } from "./context.js";
import { enumFromJson, enumToJson, enumZero } from "./enums.js";
import { typeOnly } from "../shared/printer.js";
import type { Int64Shape, MapKeyKind, ScalarShape, ValueShape } from "../shared/shapes.js";

/** Whether a value's JSON form is the protobuf-es value itself (lists and maps of it can be copied as they are). */
export function isPlainToJson(shape: ValueShape): boolean {
  return shape.kind === "scalar" && shape.allowed === undefined && (shape.scalar === "string" || shape.scalar === "bool" || shape.scalar === "int32" || shape.scalar === "uint32");
}

export function valueToJson(shape: ValueShape, value: string, path: PathExpr, ctx: ConvertContext): string {
  switch (shape.kind) {
    case "scalar":
      return scalarToJson(shape, value, path, ctx);
    case "int64":
      return int64ToJson(shape, value, path, ctx);
    case "enum":
      return enumToJson(shape, value, path.toString(), ctx);
    case "null_value":
      return "null";
    case "message":
      return `${ctx.messages.toJson(ctx.messageShape(shape.desc), ctx)}(${value}, ${path}${ctx.toOptions ? ", options" : ""})`;
    case "opaque": {
      const known = ctx.shapes.messages.get(shape.desc.typeName);
      if (known) return `${ctx.messages.toJson(known, ctx)}(${value}, ${path}${ctx.toOptions ? ", options" : ""})`;
      return `${ctx.helper("jsonObjectOf")}(${protobufEsToJson(ctx.schema(shape.desc), value, path, ctx)}, ${path})`;
    }
    case "wrapper":
      return shape.boxed ? wrappedToJson(shape.inner, `${value}.value`, path, ctx) : wrappedToJson(shape.inner, value, path, ctx);
    case "well_known":
      switch (shape.typeName) {
        case "google.protobuf.Timestamp":
          return `${ctx.helper("timestampToJson")}(${value}, ${path})`;
        case "google.protobuf.Duration":
          return `${ctx.helper(shape.goDuration ? "goDurationToJson" : "durationToJson")}(${value}, ${path})`;
        case "google.protobuf.FieldMask":
          return `${ctx.helper("fieldMaskToJson")}(${value}, ${path})`;
        case "google.protobuf.Struct":
          // protobuf-es holds a Struct as a JsonObject; it is copied, and checked to hold finite numbers only.
          return `${ctx.helper("jsonObjectCopy")}(${value}, ${path})`;
        case "google.protobuf.Value":
          return protobufEsToJson(ctx.wkt("ValueSchema"), value, path, ctx);
        case "google.protobuf.ListValue":
          return `(${protobufEsToJson(ctx.wkt("ListValueSchema"), value, path, ctx)}${typeOnly(` as ${ctx.protobuf("JsonValue", true)}[]`)})`;
        case "google.protobuf.Any":
          return `${ctx.helper("anyOf")}(${protobufEsToJson(ctx.wkt("AnySchema"), value, path, ctx, "options.registry")}, ${path})`;
        case "google.protobuf.Empty":
          return "{}";
      }
      break;
    case "list": {
      if (isPlainToJson(shape.item)) return `${value}.slice()`;
      return `${value}.map((item, i) => ${valueToJson(shape.item, "item", path.index("i"), ctx)})`;
    }
    case "map": {
      if (isPlainToJson(shape.value)) return `{ ...${value} }`;
      return `${ctx.helper("mapToJson")}(${value}, (value, key) => ${valueToJson(shape.value, "value", path.index("key"), ctx)})`;
    }
  }
}

function scalarToJson(shape: ScalarShape, value: string, path: PathExpr, ctx: ConvertContext): string {
  if (shape.allowed !== undefined) {
    const allowed = ctx.allowedValues(shape.allowed, path.lastName);
    return `${ctx.helper("allowedValue")}(${value}, ${allowed}, ${path})`;
  }
  switch (shape.scalar) {
    case "string":
    case "bool":
    case "int32":
    case "uint32":
      return value;
    case "float":
    case "double":
      return `(Number.isFinite(${value}) ? ${value} : ${ctx.helper("fail")}(${path}, \`\${${value}} cannot be written as a JSON number\`))`;
    case "bytes":
      return `${ctx.wire("base64Encode")}(${value})`;
  }
}

function int64ToJson(shape: Int64Shape, value: string, path: PathExpr, ctx: ConvertContext): string {
  switch (shape.as) {
    case "int_or_string":
    case "string":
      return shape.longAsString ? value : `String(${value})`;
    case "integer":
      return `${ctx.helper("int64ToNumber")}(${value}, ${path})`;
  }
}

function wrappedToJson(inner: ScalarShape | Int64Shape, value: string, path: PathExpr, ctx: ConvertContext): string {
  return inner.kind === "int64" ? int64ToJson(inner, value, path, ctx) : scalarToJson(inner, value, path, ctx);
}

function protobufEsToJson(schema: string, value: string, path: PathExpr, ctx: ConvertContext, registry?: string): string {
  const options = ctx.input.options.fieldNames === "proto" ? ", true" : ", false";
  const reg = registry ?? (ctx.toOptions ? "options.registry" : undefined);
  return `${ctx.helper("protobufEsToJson")}(${schema}, ${value}, ${path}${options}${reg ? `, ${reg}` : ""})`;
}

export function valueFromJson(shape: ValueShape, value: string, path: PathExpr, ctx: ConvertContext): string {
  switch (shape.kind) {
    case "scalar":
      return scalarFromJson(shape, value, path, ctx);
    case "int64":
      return int64FromJson(shape, value, path, ctx);
    case "enum":
      return enumFromJson(shape, value, path.toString(), ctx);
    case "null_value":
      return `(${value} === null ? ${ctx.wkt("NullValue")}.NULL_VALUE : ${ctx.helper("expected")}("null", ${value}, ${path}))`;
    case "message":
      return `${ctx.messages.fromJson(ctx.messageShape(shape.desc), ctx)}(${value}, ${path}, options)`;
    case "opaque": {
      const known = ctx.shapes.messages.get(shape.desc.typeName);
      if (known) return `${ctx.messages.fromJson(known, ctx)}(${value}, ${path}, options)`;
      return protobufEsFromJson(ctx.schema(shape.desc), value, path, ctx);
    }
    case "wrapper": {
      const inner = shape.inner.kind === "int64" ? int64FromJson(shape.inner, value, path, ctx) : scalarFromJson(shape.inner, value, path, ctx);
      return shape.boxed ? `({ $typeName: ${JSON.stringify(shape.typeName)}, value: ${inner} })` : inner;
    }
    case "well_known":
      switch (shape.typeName) {
        case "google.protobuf.Timestamp":
          return `${ctx.helper("timestampFromJson")}(${value}, ${path})`;
        case "google.protobuf.Duration":
          return `${ctx.helper(shape.goDuration ? "goDurationFromJson" : "durationFromJson")}(${value}, ${path})`;
        case "google.protobuf.FieldMask":
          return `${ctx.helper("fieldMaskFromJson")}(${value}, ${path})`;
        case "google.protobuf.Struct":
          return `${ctx.helper("jsonObjectCopy")}(${value}, ${path})`;
        case "google.protobuf.Value":
          return protobufEsFromJson(ctx.wkt("ValueSchema"), value, path, ctx);
        case "google.protobuf.ListValue":
          return protobufEsFromJson(ctx.wkt("ListValueSchema"), `${ctx.helper("listFromJson")}(${value}, ${path})`, path, ctx);
        case "google.protobuf.Any":
          return protobufEsFromJson(ctx.wkt("AnySchema"), `${ctx.helper("objectFromJson")}(${value}, ${path})`, path, ctx);
        case "google.protobuf.Empty":
          return `${ctx.helper("emptyFromJson")}(${value}, ${path}, options)`;
      }
      break;
    case "list":
      return `${ctx.helper("listFromJson")}(${value}, ${path}).map((item, i) => ${valueFromJson(shape.item, "item", path.index("i"), ctx)})`;
    case "map": {
      const key = mapKeyHelper(shape.key, ctx);
      return `${ctx.helper("mapFromJson")}(${value}, ${path}, (value, key) => ${valueFromJson(shape.value, "value", path.index("key"), ctx)}${key ? `, ${key}` : ""})`;
    }
  }
}

function scalarFromJson(shape: ScalarShape, value: string, path: PathExpr, ctx: ConvertContext): string {
  if (shape.allowed !== undefined) return `${ctx.helper("allowedValue")}(${value}, ${ctx.allowedValues(shape.allowed, path.lastName)}, ${path})`;
  const expected = (what: string) => `${ctx.helper("expected")}(${JSON.stringify(what)}, ${value}, ${path})`;
  switch (shape.scalar) {
    case "string":
      return `(typeof ${value} === "string" ? ${value} : ${expected("a string")})`;
    case "bool":
      return `(typeof ${value} === "boolean" ? ${value} : ${expected("a boolean")})`;
    case "int32":
      return `(typeof ${value} === "number" && Number.isInteger(${value}) && ${value} >= -2147483648 && ${value} <= 2147483647 ? ${value} : ${expected("a 32-bit integer")})`;
    case "uint32":
      return `(typeof ${value} === "number" && Number.isInteger(${value}) && ${value} >= 0 && ${value} <= 4294967295 ? ${value} : ${expected("an unsigned 32-bit integer")})`;
    case "double":
      return `(typeof ${value} === "number" && Number.isFinite(${value}) ? ${value} : ${expected("a number")})`;
    case "float":
      return `${ctx.helper("floatFromJson")}(${value}, ${path})`;
    case "bytes":
      return `${ctx.helper("bytesFromJson")}(${value}, ${path})`;
  }
}

function int64FromJson(shape: Int64Shape, value: string, path: PathExpr, ctx: ConvertContext): string {
  const call = `${ctx.helper(shape.unsigned ? "uint64FromJson" : "int64FromJson")}(${value}, ${path}, ${JSON.stringify(shape.as)})`;
  return shape.longAsString ? `String(${call})` : call;
}

function protobufEsFromJson(schema: string, value: string, path: PathExpr, ctx: ConvertContext): string {
  return `${ctx.helper("protobufEsFromJson")}(${schema}, ${value}, ${path}, options)`;
}

function mapKeyHelper(key: MapKeyKind, ctx: ConvertContext): string | undefined {
  switch (key) {
    case "string":
      return undefined;
    case "bool":
      return ctx.helper("boolMapKey");
    case "int32":
      return ctx.helper("int32MapKey");
    case "uint32":
      return ctx.helper("uint32MapKey");
    case "int64":
      return ctx.helper("int64MapKey");
    case "uint64":
      return ctx.helper("uint64MapKey");
  }
}

/** The zero check of an implicit-presence field: protojson omits a field holding its zero value. */
export function isNotZero(shape: ValueShape, value: string, ctx: ConvertContext): string | undefined {
  switch (shape.kind) {
    case "scalar":
      switch (shape.scalar) {
        case "string":
          return `${value} !== ""`;
        case "bool":
          return value;
        case "bytes":
          return `${value}.length !== 0`;
        default:
          return `${value} !== 0`;
      }
    case "int64":
      if (shape.longAsString) return `${value} !== "0"`;
      return `${value} !== ${ctx.helper("INT64_ZERO")}`;
    case "enum":
    case "null_value":
      return `${value} !== ${enumZero(shape.desc, ctx)}`;
    case "list":
      return `${value}.length !== 0`;
    case "map":
      return `${ctx.helper("hasKeys")}(${value})`;
    default:
      return undefined;
  }
}
