// What a scalar or string rule is applied to: the schema node, how its value is encoded, and where to record it.
import type { DescEnum } from "@bufbuild/protobuf";
import type { GeneratorOptions } from "../../plugin/parameters.js";
import type { JSONSchemaProps, JsonValue } from "../kubernetes.js";
import type { ValueEncoding } from "../model.js";
import type { Enforcement } from "./enforcement.js";

export type Dialect = "protovalidate" | "protoc-gen-validate";

export interface ValueScope {
  node: JSONSchemaProps;
  encoding: ValueEncoding | undefined;
  /** The enum of the value, for enum rules. */
  enumDesc: DescEnum | undefined;
  options: GeneratorOptions;
  dialect: Dialect;
  /** Records one rule, e.g. record("min_len", 3, {how: "openapi", …}). */
  record(key: string, value: JsonValue, enforcement: Enforcement): void;
}
