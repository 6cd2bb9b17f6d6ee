// Our two-version fixture (test/fixtures/version-conversion/gadget): test.gadget.v1 (storage) and
// v1alpha1 with a field renamed by number, one moved by conversion_move, renamed enum values, int32 and
// uint32 widened to int64 (written as strings: int64=string), int_or_string ↔ string, wrapper ↔ scalar,
// a field on each side only, and one whose type changed without a lossless mapping (int32 ↔ string).
import { join } from "node:path";
import { protoSources, ROOT } from "../harness/compile.js";

export const GADGET_PARAMETER = "int64=string,import_extension=js,conversion_service=ns/gadget-webhook,conversion_move=gadgets.example.com/v1alpha1:.spec.owner=.spec.ownerRef";

export function gadgetSources(): Record<string, string> {
  return protoSources(join(ROOT, "test/fixtures/version-conversion/gadget"));
}
