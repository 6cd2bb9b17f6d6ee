// Collects diagnostics while the model is built, so all problems are reported together.
import type { Diagnostic, SourceLocation } from "./diagnostics.js";
import { EnforcementLog } from "./vocabularies/enforcement.js";

export class DiagnosticSink {
  readonly diagnostics: Diagnostic[] = [];
  /** Where each rule of a validation vocabulary (protovalidate, markers, …) is enforced. */
  readonly enforcement = new EnforcementLog(this);

  error(rule: string, message: string, location?: SourceLocation): void {
    this.diagnostics.push({ severity: "error", rule, message, location });
  }

  /** What the generator decided for the user, e.g. a oneof's OpenAPI form; never fails the run. */
  info(rule: string, message: string, location?: SourceLocation): void {
    this.diagnostics.push({ severity: "info", rule, message, location });
  }

  warning(rule: string, message: string, location?: SourceLocation): void {
    this.diagnostics.push({ severity: "warning", rule, message, location });
  }
}
