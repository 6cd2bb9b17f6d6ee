// The CRD object outside the names and the schemas (crd-rules §C 23–24): its own name, group,
// scope, and the version list with exactly one storage version.
import type { CustomResourceDefinition } from "../schema/kubernetes.js";
import { dns1035LabelError, dns1123SubdomainError } from "./dns-names.js";
import { duplicate, invalid, problemAt, required, unsupported } from "./field-error.js";
import type { Problem } from "./problem.js";

const SCOPES = ["Cluster", "Namespaced"];
const MAX_DEPRECATION_WARNING = 256;

export function checkCrdObject(crd: CustomResourceDefinition, out: Problem[]): void {
  const { group, names, scope } = crd.spec;
  const expectedName = `${names.plural}.${group}`;
  if (crd.metadata.name !== expectedName) {
    const detail = `must be spec.names.plural+"."+spec.group ("${expectedName}")`;
    out.push(problemAt("crd/name-mismatch", [], ["metadata", "name"], invalid(crd.metadata.name, detail)));
  }
  checkGroup(group, out);
  if (!SCOPES.includes(scope)) {
    out.push(problemAt("crd/scope-unsupported", [], ["spec", "scope"], scope ? unsupported(scope, SCOPES) : required()));
  }
  if ((crd.spec as { preserveUnknownFields?: unknown }).preserveUnknownFields === true) {
    out.push(problemAt("crd/preserve-unknown-fields", [], ["spec", "preserveUnknownFields"], invalid(true, "must be false")));
  }
  checkVersionList(crd, out);
}

function checkGroup(group: string, out: Problem[]): void {
  const field = ["spec", "group"];
  if (!group) {
    out.push(problemAt("crd/group-invalid", [], field, required()));
    return;
  }
  const error = dns1123SubdomainError(group);
  if (error) {
    out.push(problemAt("crd/group-invalid", [], field, invalid(group, error)));
  } else if (!group.includes(".")) {
    out.push(problemAt("crd/group-invalid", [], field, invalid(group, "should be a domain with at least one dot")));
  }
}

function checkVersionList(crd: CustomResourceDefinition, out: Problem[]): void {
  const versions = crd.spec.versions;
  const storage = versions.filter((v) => v.storage === true).map((v) => v.name);
  if (storage.length !== 1) {
    const detail = `must have exactly one version marked as storage version (${storage.length === 0 ? "none is" : `${storage.join(", ")} are`})`;
    out.push(problemAt("crd/storage-version-count", [], ["spec", "versions"], invalid(versions.map((v) => v.name), detail)));
  }
  const seen = new Set<string>();
  versions.forEach((version, i) => {
    const base = ["spec", "versions", i];
    const nameError = dns1035LabelError(version.name);
    if (nameError) out.push(problemAt("crd/version-name-invalid", base, ["name"], invalid(version.name, nameError)));
    if (seen.has(version.name)) out.push(problemAt("crd/version-name-duplicate", base, ["name"], duplicate(version.name)));
    seen.add(version.name);
    if (typeof version.schema?.openAPIV3Schema !== "object" || version.schema.openAPIV3Schema === null) {
      out.push(problemAt("crd/schema-required", base, ["schema", "openAPIV3Schema"], required("schemas are required")));
    }
    const warning = deprecationWarningError(version.deprecated === true, version.deprecationWarning);
    if (warning) out.push(problemAt("crd/deprecation-warning-invalid", base, ["deprecationWarning"], invalid(version.deprecationWarning, warning)));
  });
}

function deprecationWarningError(deprecated: boolean, warning: string | undefined): string | undefined {
  if (warning === undefined) return undefined;
  if (!deprecated) return "can only be set for deprecated versions";
  if (warning.length > MAX_DEPRECATION_WARNING) return `must be <= ${MAX_DEPRECATION_WARNING} characters long`;
  if (warning === "") return "must not be an empty string";
  if (/[\u0000-\u001f\u007f-\u009f]/.test(warning)) return "must only contain printable UTF-8 characters";
  return undefined;
}
