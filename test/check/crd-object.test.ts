import { describe, expect, it } from "vitest";
import { check, crdWith, error, minimalCrd, versionWith, warning } from "./crd-builder.js";

const DNS1035 =
  "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const DNS1123 =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe("crd/name-mismatch", () => {
  it("reports a name other than plural.group", () => {
    expect(check(crdWith((crd) => (crd.metadata.name = "widget.example.com")))).toEqual([
      error("crd/name-mismatch", ["metadata", "name"], 'metadata.name: Invalid value: "widget.example.com": must be spec.names.plural+"."+spec.group ("widgets.example.com")'),
    ]);
  });
});

describe("crd/group-invalid", () => {
  const withGroup = (group: string) =>
    crdWith((crd) => {
      crd.spec.group = group;
      crd.metadata.name = `widgets.${group}`;
    });

  it("reports a group that is not a DNS subdomain", () => {
    expect(check(withGroup("Example.com"))).toEqual([error("crd/group-invalid", ["spec", "group"], `spec.group: Invalid value: "Example.com": ${DNS1123}`)]);
  });

  it("reports a group without a dot", () => {
    expect(check(withGroup("example"))).toEqual([
      error("crd/group-invalid", ["spec", "group"], 'spec.group: Invalid value: "example": should be a domain with at least one dot'),
    ]);
  });

  it("reports a missing group", () => {
    expect(check(crdWith((crd) => (crd.spec.group = ""))).filter((p) => p.rule === "crd/group-invalid")).toEqual([
      error("crd/group-invalid", ["spec", "group"], "spec.group: Required value"),
    ]);
  });
});

describe("crd/scope-unsupported", () => {
  it("reports an unknown scope", () => {
    expect(check(crdWith((crd) => ((crd.spec as { scope: string }).scope = "Global")))).toEqual([
      error("crd/scope-unsupported", ["spec", "scope"], 'spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"'),
    ]);
  });
});

describe("crd/preserve-unknown-fields", () => {
  it("reports spec.preserveUnknownFields: true", () => {
    expect(check(crdWith((crd) => Object.assign(crd.spec, { preserveUnknownFields: true })))).toEqual([
      error("crd/preserve-unknown-fields", ["spec", "preserveUnknownFields"], "spec.preserveUnknownFields: Invalid value: true: must be false"),
    ]);
  });
});

describe("versions", () => {
  const secondVersion = () => structuredClone(minimalCrd().spec.versions[0]);

  it("crd/storage-version-count: reports no storage version", () => {
    expect(check(versionWith((version) => (version.storage = false)))).toEqual([
      error("crd/storage-version-count", ["spec", "versions"], 'spec.versions: Invalid value: ["v1"]: must have exactly one version marked as storage version (none is)'),
    ]);
  });

  it("crd/storage-version-count: reports two storage versions", () => {
    const crd = crdWith((crd) => crd.spec.versions.push({ ...secondVersion(), name: "v2" }));
    expect(check(crd)).toEqual([
      error("crd/storage-version-count", ["spec", "versions"], 'spec.versions: Invalid value: ["v1","v2"]: must have exactly one version marked as storage version (v1, v2 are)'),
    ]);
  });

  it("crd/version-name-invalid", () => {
    expect(check(versionWith((version) => (version.name = "V1")))).toEqual([
      error("crd/version-name-invalid", ["spec", "versions", 0, "name"], `name: Invalid value: "V1": ${DNS1035}`),
    ]);
  });

  it("crd/version-name-duplicate", () => {
    const crd = crdWith((crd) => crd.spec.versions.push({ ...secondVersion(), storage: false }));
    expect(check(crd)).toEqual([error("crd/version-name-duplicate", ["spec", "versions", 1, "name"], 'name: Duplicate value: "v1"')]);
  });

  it("crd/schema-required", () => {
    const crd = versionWith((version) => delete (version as { schema?: unknown }).schema);
    expect(check(crd)).toEqual([
      error("crd/schema-required", ["spec", "versions", 0, "schema", "openAPIV3Schema"], "schema.openAPIV3Schema: Required value: schemas are required"),
    ]);
  });

  it("crd/deprecation-warning-invalid: reports a warning on a version that isn't deprecated", () => {
    expect(check(versionWith((version) => (version.deprecationWarning = "use v2")))).toEqual([
      error("crd/deprecation-warning-invalid", ["spec", "versions", 0, "deprecationWarning"], 'deprecationWarning: Invalid value: "use v2": can only be set for deprecated versions'),
    ]);
  });

  it("crd/deprecation-warning-invalid: reports an empty or overlong warning", () => {
    const empty = versionWith((version) => Object.assign(version, { deprecated: true, deprecationWarning: "" }));
    expect(check(empty)).toEqual([
      error("crd/deprecation-warning-invalid", ["spec", "versions", 0, "deprecationWarning"], 'deprecationWarning: Invalid value: "": must not be an empty string'),
    ]);
    const long = versionWith((version) => Object.assign(version, { deprecated: true, deprecationWarning: "x".repeat(257) }));
    expect(check(long).map((p) => [p.rule, p.message.endsWith("must be <= 256 characters long")])).toEqual([["crd/deprecation-warning-invalid", true]]);
  });
});

describe("spec.names", () => {
  it("crd/names-required", () => {
    expect(check(crdWith((crd) => (crd.spec.names.singular = "")))).toEqual([
      error("crd/names-required", ["spec", "names", "singular"], "spec.names.singular: Required value"),
    ]);
  });

  it("crd/resource-name-invalid: reports plural, singular, short names and categories that aren't DNS labels", () => {
    const crd = crdWith((crd) => {
      crd.spec.names.singular = "Widget";
      crd.spec.names.shortNames = ["w_1"];
      crd.spec.names.categories = ["All"];
    });
    expect(check(crd)).toEqual([
      error("crd/resource-name-invalid", ["spec", "names", "categories", 0], `spec.names.categories[0]: Invalid value: "All": ${DNS1035}`),
      error("crd/resource-name-invalid", ["spec", "names", "shortNames", 0], `spec.names.shortNames[0]: Invalid value: "w_1": ${DNS1035}`),
      error("crd/resource-name-invalid", ["spec", "names", "singular"], `spec.names.singular: Invalid value: "Widget": ${DNS1035}`),
    ]);
  });

  it("crd/kind-invalid: reports a kind that isn't a DNS label in any case", () => {
    const crd = crdWith((crd) => Object.assign(crd.spec.names, { kind: "Wid_get", listKind: "Wid_getList" }));
    expect(check(crd)).toEqual([
      error("crd/kind-invalid", ["spec", "names", "kind"], `spec.names.kind: Invalid value: "Wid_get": may have mixed case, but should otherwise match: ${DNS1035}`),
      error("crd/kind-invalid", ["spec", "names", "listKind"], `spec.names.listKind: Invalid value: "Wid_getList": may have mixed case, but should otherwise match: ${DNS1035}`),
    ]);
  });

  it("crd/kind-not-camel-case: warns about a kind that isn't CamelCase (kube-apiserver accepts it)", () => {
    const crd = crdWith((crd) => Object.assign(crd.spec.names, { kind: "widget", listKind: "widgetList" }));
    const why = "should be CamelCase: an uppercase letter, then letters and digits (kube-apiserver accepts it; Kubernetes' conventions and client generators assume it)";
    expect(check(crd)).toEqual([
      warning("crd/kind-not-camel-case", ["spec", "names", "kind"], `spec.names.kind: Invalid value: "widget": ${why}`),
      warning("crd/kind-not-camel-case", ["spec", "names", "listKind"], `spec.names.listKind: Invalid value: "widgetList": ${why}`),
    ]);
  });

  it("crd/list-kind-same-as-kind", () => {
    expect(check(crdWith((crd) => (crd.spec.names.listKind = "Widget")))).toEqual([
      error("crd/list-kind-same-as-kind", ["spec", "names", "listKind"], 'spec.names.listKind: Invalid value: "Widget": kind and listKind may not be the same'),
    ]);
  });

  it("crd/list-kind-convention: warns about a listKind other than kind+List", () => {
    expect(check(crdWith((crd) => (crd.spec.names.listKind = "Widgets")))).toEqual([
      warning(
        "crd/list-kind-convention",
        ["spec", "names", "listKind"],
        'spec.names.listKind: Invalid value: "Widgets": should be kind+"List" ("WidgetList"), as kubectl and client libraries assume',
      ),
    ]);
  });

  it("short names equal to the singular or plural, or repeated, are warnings (kube-apiserver accepts them)", () => {
    const crd = crdWith((crd) => (crd.spec.names.shortNames = ["widget", "wd", "wd", "widgets"]));
    expect(check(crd)).toEqual([
      warning("crd/short-name-singular", ["spec", "names", "shortNames", 0], 'spec.names.shortNames[0]: Invalid value: "widget": is the same as spec.names.singular, so it adds nothing'),
      warning("crd/short-name-duplicate", ["spec", "names", "shortNames", 2], 'spec.names.shortNames[2]: Duplicate value: "wd"'),
      warning("crd/short-name-plural", ["spec", "names", "shortNames", 3], 'spec.names.shortNames[3]: Invalid value: "widgets": is the same as spec.names.plural, so it adds nothing'),
    ]);
  });
});
