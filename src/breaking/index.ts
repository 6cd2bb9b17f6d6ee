export { breakingChanges, compareCrd } from "./compare.js";
export { type Finding, RULES, type RuleId, type Severity } from "./finding.js";
export { formatJson, formatText } from "./report.js";
export { loadCrds, type LoadedCrd, SourceError } from "./load-crds.js";
export { STORAGE_MIGRATION_ANNOTATION } from "./version-rules.js";
