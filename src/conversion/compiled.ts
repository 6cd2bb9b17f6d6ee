// A message's converters once its plan is compiled (converters.ts); to-json.ts and from-json.ts reach the
// messages a field holds through this interface, which a recursive message can use before it is complete.
import type { DescMessage } from "@bufbuild/protobuf";
import type { FromOptions, ToOptions } from "./errors.js";

/** A protobuf-es message or a JSON object, seen as its properties. */
export type Fields = { [key: string]: unknown };

export interface CompiledMessage {
  /** `message` → its JSON form in the CRD; `path` is where it is in the custom resource. */
  toJson(message: Fields, path: string, options: ToOptions): Fields;
  /** The message from its JSON form, refusing what the CRD does not define. */
  fromJson(value: unknown, path: string, options: FromOptions): Fields;
}

/** The compiled converters of a message in the module's tables. */
export type MessageResolver = (desc: DescMessage) => CompiledMessage;
