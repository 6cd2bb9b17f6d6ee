// Protobuf scalar types → schema nodes. The 64-bit policy is applied here and only here.
import { ScalarType } from "@bufbuild/protobuf";
import type { GeneratorOptions } from "../plugin/parameters.js";
import type { JSONSchemaProps } from "./kubernetes.js";
import type { ScalarKind, ValueEncoding } from "./model.js";

export interface MappedSchema {
  schema: JSONSchemaProps;
  encoding: ValueEncoding;
}

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const UINT32_MAX = 4294967295;

export function schemaForScalar(scalar: ScalarType, int64: GeneratorOptions["int64"]): MappedSchema {
  switch (scalar) {
    case ScalarType.STRING:
      return plain("string", { type: "string" });
    case ScalarType.BOOL:
      return plain("bool", { type: "boolean" });
    case ScalarType.BYTES:
      return plain("bytes", { type: "string", format: "byte" });
    case ScalarType.INT32:
    case ScalarType.SINT32:
    case ScalarType.SFIXED32:
      return plain("int32", { type: "integer", format: "int32", minimum: INT32_MIN, maximum: INT32_MAX });
    case ScalarType.UINT32:
    case ScalarType.FIXED32:
      return plain("uint32", { type: "integer", format: "int64", minimum: 0, maximum: UINT32_MAX });
    case ScalarType.FLOAT:
      return plain("float", { type: "number", format: "float" });
    case ScalarType.DOUBLE:
      return plain("double", { type: "number", format: "double" });
    case ScalarType.INT64:
    case ScalarType.SINT64:
    case ScalarType.SFIXED64:
      return schemaFor64Bit(false, int64);
    case ScalarType.UINT64:
    case ScalarType.FIXED64:
      return schemaFor64Bit(true, int64);
  }
}

/**
 * protojson writes 64-bit integers as decimal strings and reads both strings and numbers.
 * `int_or_string` accepts both (digits checked by `pattern`, which applies to the string branch only);
 * `integer` accepts numbers only; `string` accepts the protojson output only.
 */
export function schemaFor64Bit(unsigned: boolean, as: GeneratorOptions["int64"]): MappedSchema {
  const encoding: ValueEncoding = { kind: "int64", unsigned, as };
  const digits = unsigned ? "^[0-9]+$" : "^-?[0-9]+$";
  switch (as) {
    case "int_or_string":
      return {
        encoding,
        schema: {
          "x-kubernetes-int-or-string": true,
          anyOf: [{ type: "integer" }, { type: "string" }],
          pattern: digits,
          ...(unsigned ? { minimum: 0 } : {}),
        },
      };
    case "integer":
      return { encoding, schema: { type: "integer", format: "int64", ...(unsigned ? { minimum: 0 } : {}) } };
    case "string":
      return { encoding, schema: { type: "string", pattern: digits, maxLength: 20 } };
  }
}

function plain(scalar: ScalarKind, schema: JSONSchemaProps): MappedSchema {
  return { schema, encoding: { kind: "scalar", scalar } };
}
