// Prints findings as buf breaking does: one line per change, `file: location: message (RULE_ID)`.
import type { Finding } from "./finding.js";

export function formatText(findings: readonly Finding[]): string {
  return findings
    .map((f) => {
      const where = [f.crd, f.version, f.path].filter((p) => p !== undefined).join(" ");
      const prefix = f.severity === "warning" ? "warning: " : "";
      return `${f.file}: ${where}: ${prefix}${f.message} (${f.rule})\n`;
    })
    .join("");
}

export function formatJson(findings: readonly Finding[]): string {
  const errors = findings.filter((f) => f.severity === "error").length;
  return `${JSON.stringify({ breaking: errors > 0, errors, warnings: findings.length - errors, findings }, null, 2)}\n`;
}
