// Validators that enforce what the API server enforces for a CRD version.
import type { TypeScriptFileInput } from "./typescript-input.js";

/** The content of `<proto>_crd_validate.ts`, or "" when there is nothing to emit. */
export function validatorsFile(input: TypeScriptFileInput): string {
  void input;
  return "";
}
