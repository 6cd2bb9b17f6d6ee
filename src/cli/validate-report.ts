// The outcome of crd-ts validate and its three renderings: text (one line per violation, a summary on
// stderr), JSON, and JUnit XML for CI systems that show test reports.
import type { Position } from "./manifest-files.js";

export interface Violation extends Position {
  path: string;
  message: string;
}

export interface DocumentResult {
  file: string;
  /** 0-based index among the file's documents. */
  document: number;
  /** Where the document starts. */
  line: number;
  column: number;
  apiVersion?: string;
  kind?: string;
  name?: string;
  /** skipped: no schema for its kind (a built-in kind, or a CRD that was not given). */
  status: "valid" | "invalid" | "skipped";
  violations: Violation[];
}

export interface ValidationReport {
  documents: DocumentResult[];
  /** Inputs that could not be validated at all (one line each); they make the exit code 2. */
  inputErrors: string[];
}

export type OutputFormat = "text" | "json" | "junit";
export const OUTPUT_FORMATS: readonly OutputFormat[] = ["text", "json", "junit"];

export function summaryOf(report: ValidationReport) {
  const count = (status: DocumentResult["status"]) => report.documents.filter((d) => d.status === status).length;
  const skippedKinds = new Map<string, number>();
  for (const d of report.documents) {
    if (d.status !== "skipped") continue;
    const kind = `${d.apiVersion ?? "?"}/${d.kind ?? "?"}`;
    skippedKinds.set(kind, (skippedKinds.get(kind) ?? 0) + 1);
  }
  return {
    files: new Set(report.documents.map((d) => d.file)).size,
    documents: report.documents.length,
    valid: count("valid"),
    invalid: count("invalid"),
    skipped: count("skipped"),
    skippedKinds: Object.fromEntries([...skippedKinds].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    inputErrors: report.inputErrors.length,
  };
}

export function violationLine(d: DocumentResult, v: Violation): string {
  return `${d.file}:${v.line}:${v.column}: ${v.path === "" ? "" : `${v.path}: `}${v.message}`;
}

/** Text output: violations on stdout, input errors and the summary line on stderr. */
export function renderText(report: ValidationReport): { stdout: string; stderr: string } {
  const stdout = report.documents.flatMap((d) => d.violations.map((v) => `${violationLine(d, v)}\n`)).join("");
  const s = summaryOf(report);
  const kinds = Object.entries(s.skippedKinds).map(([kind, n]) => (n > 1 ? `${kind} ×${n}` : kind));
  const summary =
    `crd-ts validate: ${s.documents} document${s.documents === 1 ? "" : "s"} in ${s.files} file${s.files === 1 ? "" : "s"}: ` +
    `${s.valid} valid, ${s.invalid} invalid, ${s.skipped} skipped${kinds.length > 0 ? ` (no schema: ${kinds.join(", ")})` : ""}` +
    (s.inputErrors > 0 ? `; ${s.inputErrors} input error${s.inputErrors === 1 ? "" : "s"}` : "");
  return { stdout, stderr: `${report.inputErrors.map((e) => `crd-ts validate: ${e}\n`).join("")}${summary}\n` };
}

export function renderJson(report: ValidationReport): string {
  return `${JSON.stringify({ summary: summaryOf(report), documents: report.documents, inputErrors: report.inputErrors }, null, 2)}\n`;
}

const xmlEscape = (text: string) =>
  // XML 1.0 has no escape for most control characters: drop them.
  // eslint-disable-next-line no-control-regex
  text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "").replace(/[<>&"']/g, (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!);

/** JUnit XML: a test suite per file, a test case per document; input errors are suites with an error. */
export function renderJunit(report: ValidationReport): string {
  const s = summaryOf(report);
  const files = [...new Set(report.documents.map((d) => d.file))];
  const lines = [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="crd-ts validate" tests="${s.documents + s.inputErrors}" failures="${s.invalid}" errors="${s.inputErrors}" skipped="${s.skipped}">`,
  ];
  for (const file of files) {
    const docs = report.documents.filter((d) => d.file === file);
    const failures = docs.filter((d) => d.status === "invalid").length;
    const skipped = docs.filter((d) => d.status === "skipped").length;
    lines.push(`  <testsuite name="${xmlEscape(file)}" tests="${docs.length}" failures="${failures}" errors="0" skipped="${skipped}">`);
    for (const d of docs) {
      const what = `${d.kind ?? "document"}${d.name ? ` ${d.name}` : ""}`;
      const name = xmlEscape(`${what} (document ${d.document}, line ${d.line})`);
      if (d.status === "valid") {
        lines.push(`    <testcase classname="${xmlEscape(file)}" name="${name}"/>`);
        continue;
      }
      lines.push(`    <testcase classname="${xmlEscape(file)}" name="${name}">`);
      if (d.status === "skipped") lines.push(`      <skipped message="${xmlEscape(`no schema for ${d.apiVersion}/${d.kind}`)}"/>`);
      else {
        const n = d.violations.length;
        lines.push(`      <failure message="${n} violation${n === 1 ? "" : "s"}" type="invalid">${xmlEscape(d.violations.map((v) => violationLine(d, v)).join("\n"))}</failure>`);
      }
      lines.push(`    </testcase>`);
    }
    lines.push(`  </testsuite>`);
  }
  for (const error of report.inputErrors) {
    lines.push(`  <testsuite name="${xmlEscape(error.split(":")[0])}" tests="1" failures="0" errors="1" skipped="0">`);
    lines.push(`    <testcase classname="crd-ts validate" name="input"><error message="${xmlEscape(error)}"/></testcase>`);
    lines.push(`  </testsuite>`);
  }
  lines.push(`</testsuites>`);
  return `${lines.join("\n")}\n`;
}
