// Extension and field numbers of proto/crd/v1/options.proto, used to locate options in source info.
import { FieldSchemaSchema, field, message, oneof, resource, enum_value } from "../gen/crd/v1/options_pb.js";

export const RESOURCE_EXTENSION = resource.number;
export const MESSAGE_EXTENSION = message.number;
export const FIELD_EXTENSION = field.number;
export const ONEOF_EXTENSION = oneof.number;
export const ENUM_VALUE_EXTENSION = enum_value.number;

/** The field number of a FieldSchema option keyword, e.g. "maxLength" → 9. */
export function fieldSchemaNumber(localName: string): number {
  const f = FieldSchemaSchema.fields.find((x) => x.localName === localName);
  if (!f) throw new Error(`no FieldSchema field ${localName}`);
  return f.number;
}
