// The runtime of the generated converters (`<proto>_crd_convert.ts`): imported from "protoc-gen-crd-ts".
// A generated module describes its messages with tables; messageConverters walks them.
export { messageConverters, MessageConverters } from "./converters.js";
export type { AllowedValue, ConverterPolicies, FieldPolicy, FieldTable, MessageOptions, MessageTable } from "./tables.js";
export { ConversionError, describe, expected, fail, type FromOptions, type ToOptions } from "./errors.js";
export { allowedValue, checkProperties, hasKeys, hasOwn, listFromJson, mapFromJson, mapToJson, objectFromJson, ownProperty, setOwn } from "./json-shapes.js";
export {
  boolMapKey,
  bytesFromJson,
  floatFromJson,
  int32MapKey,
  int64FromJson,
  type Int64Form,
  int64MapKey,
  int64ToNumber,
  INT64_MAX,
  INT64_MIN,
  INT64_ZERO,
  uint32MapKey,
  uint64FromJson,
  uint64MapKey,
  UINT64_MAX,
} from "./scalars.js";
export {
  anyOf,
  durationFromJson,
  durationToJson,
  goDurationFromJson,
  goDurationToJson,
  emptyFromJson,
  fieldMaskFromJson,
  fieldMaskToJson,
  jsonObjectCopy,
  jsonObjectOf,
  jsonValueCopy,
  protobufEsFromJson,
  protobufEsToJson,
  timestampFromJson,
  timestampToJson,
} from "./well-known.js";
