// TypeScript types for custom resources: the CR object, spec, status and list types.
import type { TypeScriptFileInput } from "./typescript-input.js";

/** The content of `<proto>_crd.ts`, or "" when there is nothing to emit. */
export function typesFile(input: TypeScriptFileInput): string {
  void input;
  return "";
}
