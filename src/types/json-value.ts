// JSON values as the generated types name them (google.protobuf.Value, Struct, preserved unknown fields).

/** Any JSON value: what google.protobuf.Value and preserved unknown fields hold. */
export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;

/** A JSON object: what google.protobuf.Struct holds. */
export type JsonObject = { [key: string]: JsonValue };
