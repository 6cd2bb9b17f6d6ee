// Every validation rule found in a vocabulary ends up in one record: where it is enforced (an OpenAPI
// keyword, a CEL rule, a description) or why it is not. Rules that are not enforced are also warnings.
import { formatLocation, type SourceLocation } from "../diagnostics.js";

export type Vocabulary = "google.api.field_behavior" | "buf.validate" | "validate" | "kubebuilder";

/** The warning code of each vocabulary's rules that are not enforced. */
const WARNING_RULE: Record<Vocabulary, string> = {
  "google.api.field_behavior": "vocabulary/field-behavior",
  "buf.validate": "vocabulary/protovalidate",
  validate: "vocabulary/protoc-gen-validate",
  kubebuilder: "vocabulary/kubebuilder-marker",
};

export type Enforcement =
  | { how: "openapi"; detail: string }
  | { how: "cel"; detail: string }
  | { how: "description"; detail: string }
  | { how: "none"; reason: string };

export interface EnforcementRecord {
  vocabulary: Vocabulary;
  /** The rule as written, e.g. `string.min_len = 3` or `+kubebuilder:validation:Minimum=1`. */
  rule: string;
  /** The field or message it constrains, e.g. `example.v1.WidgetSpec.name`. */
  target: string;
  enforcement: Enforcement;
  location: SourceLocation;
}

/** Records rules once each, however often a message is expanded (recursion unrolls it several times). */
export class EnforcementLog {
  readonly records: EnforcementRecord[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly sink: { warning(rule: string, message: string, location?: SourceLocation): void }) {}

  /** Keeps the first record of a rule at a place, and warns once when it is not enforced. */
  record(entry: EnforcementRecord): void {
    const key = `${formatLocation(entry.location)}|${entry.target}|${entry.rule}|${entry.enforcement.how}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.records.push(entry);
    if (entry.enforcement.how === "none") {
      this.sink.warning(WARNING_RULE[entry.vocabulary], `${entry.vocabulary} rule ${entry.rule} on ${entry.target} is not enforced: ${entry.enforcement.reason}`, entry.location);
    }
  }
}

const COLUMNS = ["location", "vocabulary", "rule", "target", "enforced by", "detail"];

function rows(records: readonly EnforcementRecord[]): string[][] {
  return [...records]
    .sort((a, b) => compareLocations(a.location, b.location) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0))
    .map((r) => [
      formatLocation(r.location),
      r.vocabulary,
      r.rule,
      r.target,
      r.enforcement.how === "none" ? "not enforced" : r.enforcement.how === "openapi" ? "OpenAPI" : r.enforcement.how === "cel" ? "CEL" : "description",
      r.enforcement.how === "none" ? r.enforcement.reason : r.enforcement.detail,
    ]);
}

function compareLocations(a: SourceLocation, b: SourceLocation): number {
  return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column;
}

/** A markdown table, or tab-separated values when the file name ends in `.tsv`. */
export function enforcementReport(records: readonly EnforcementRecord[], fileName: string): string {
  const body = rows(records);
  if (fileName.endsWith(".tsv")) {
    const clean = (cell: string) => cell.replace(/[\t\n\r]/g, " ");
    return [COLUMNS, ...body].map((r) => r.map(clean).join("\t")).join("\n") + "\n";
  }
  const cell = (text: string) => text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\n/g, " ");
  const line = (r: string[]) => `| ${r.map(cell).join(" | ")} |`;
  return ["# Validation rules and where they are enforced", "", line(COLUMNS), `|${COLUMNS.map(() => " --- |").join("")}`, ...body.map(line)].join("\n") + "\n";
}
