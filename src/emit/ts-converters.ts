// Converters between protobuf-es messages and custom resource objects.
import type { TypeScriptFileInput } from "./typescript-input.js";

/** The content of `<proto>_crd_convert.ts`, or "" when there is nothing to emit. */
export function convertersFile(input: TypeScriptFileInput): string {
  void input;
  return "";
}
