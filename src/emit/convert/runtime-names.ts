// The converter helpers generated modules import from the runtime (src/conversion/index.ts): their names
// are reserved in every converters module, so generated names never shadow them.
export const RUNTIME_HELPERS: readonly string[] = [
  "ConversionError", "fail", "expected", "describe",
  "allowedValue", "checkProperties", "hasKeys", "hasOwn", "listFromJson", "mapFromJson", "mapToJson", "objectFromJson", "ownProperty", "setOwn",
  "boolMapKey", "bytesFromJson", "floatFromJson", "int32MapKey", "int64FromJson", "int64MapKey", "int64ToNumber", "INT64_ZERO", "uint32MapKey", "uint64FromJson", "uint64MapKey",
  "anyOf", "durationFromJson", "durationToJson", "goDurationFromJson", "goDurationToJson", "emptyFromJson", "fieldMaskFromJson", "fieldMaskToJson", "jsonObjectCopy", "jsonObjectOf", "jsonValueCopy", "protobufEsFromJson", "protobufEsToJson", "timestampFromJson", "timestampToJson",
];
