// `(buf.validate.oneof).required` and protoc-gen-validate's `(validate.required)` mean what
// `(crd.v1.oneof).required` means: exactly one member is set. The walk asks here when it builds a oneof.
import type { DescOneof } from "@bufbuild/protobuf";
import { pgvRequiresOneof } from "./protoc-gen-validate.js";
import { protovalidateRequiresOneof } from "./protovalidate.js";

export function oneofRequiredByVocabulary(oneof: DescOneof): boolean {
  return protovalidateRequiresOneof(oneof) || pgvRequiresOneof(oneof);
}
