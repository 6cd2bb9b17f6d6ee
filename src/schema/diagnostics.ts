// Errors and warnings are values with a rule name and a place in a .proto file.

export interface SourceLocation {
  file: string;
  /** 1-based */
  line: number;
  /** 1-based */
  column: number;
}

export interface Diagnostic {
  severity: "error" | "warning" | "info";
  /** Short rule name, e.g. `structural/type-required` or `option/unknown-scope`. */
  rule: string;
  message: string;
  location?: SourceLocation;
}

export function formatLocation(location: SourceLocation | undefined): string {
  return location ? `${location.file}:${location.line}:${location.column}` : "<unknown>";
}

export function formatDiagnostic(d: Diagnostic): string {
  return `${formatLocation(d.location)}: ${d.severity} [${d.rule}] ${d.message}`;
}

export function errorsIn(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.severity === "error");
}
