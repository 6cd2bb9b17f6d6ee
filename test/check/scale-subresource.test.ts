import { describe, expect, it } from "vitest";
import { check, error, VERSION, versionWith } from "./crd-builder.js";

type Scale = { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };

/** The minimal CRD with replicas fields and a scale subresource with these paths. */
function withScale(paths: Partial<Scale>) {
  return versionWith((version) => {
    const root = version.schema.openAPIV3Schema;
    root.properties!.spec.properties!.replicas = { type: "integer" };
    root.properties!.status.properties = { replicas: { type: "integer" }, selector: { type: "string" } };
    version.subresources = {
      status: {},
      scale: { specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas", labelSelectorPath: ".status.selector", ...paths },
    };
  });
}

const at = (key: keyof Scale) => [...VERSION, "subresources", "scale", key];

describe("a well-formed scale subresource", () => {
  it("has no problems", () => {
    expect(check(withScale({}))).toEqual([]);
  });
});

describe("crd/scale-path-invalid", () => {
  it("reports a missing specReplicasPath", () => {
    expect(check(withScale({ specReplicasPath: "" }))).toEqual([
      error("crd/scale-path-invalid", at("specReplicasPath"), "subresources.scale.specReplicasPath: Required value"),
    ]);
  });

  it("reports a path that doesn't start with a dot", () => {
    expect(check(withScale({ statusReplicasPath: "status.replicas" }))).toEqual([
      error("crd/scale-path-invalid", at("statusReplicasPath"), 'subresources.scale.statusReplicasPath: Invalid value: "status.replicas": must be a simple json path starting with .'),
    ]);
  });

  it("reports a spec path outside .spec", () => {
    expect(check(withScale({ specReplicasPath: ".status.replicas" }))).toEqual([
      error("crd/scale-path-invalid", at("specReplicasPath"), 'subresources.scale.specReplicasPath: Invalid value: ".status.replicas": should be a json path under .spec'),
    ]);
  });

  it("reports a label selector path outside .spec and .status", () => {
    expect(check(withScale({ labelSelectorPath: ".metadata.labels" }))).toEqual([
      error(
        "crd/scale-path-invalid",
        at("labelSelectorPath"),
        'subresources.scale.labelSelectorPath: Invalid value: ".metadata.labels": should be a json path under .spec or .status',
      ),
    ]);
  });

  it("reports a path not in dot notation", () => {
    expect(check(withScale({ specReplicasPath: ".spec.replicas[0]" }))).toEqual([
      error("crd/scale-path-invalid", at("specReplicasPath"), `subresources.scale.specReplicasPath: Invalid value: ".spec.replicas[0]": must be a json path in the dot notation`),
    ]);
  });
});

describe("crd/scale-path-target", () => {
  it("reports a path to a field the schema doesn't have", () => {
    expect(check(withScale({ specReplicasPath: ".spec.count" }))).toEqual([
      error(
        "crd/scale-path-target",
        at("specReplicasPath"),
        'subresources.scale.specReplicasPath: Invalid value: ".spec.count": does not refer to a field of the schema: .spec has no field "count"',
      ),
    ]);
  });

  it("reports replicas that are not an integer", () => {
    expect(check(withScale({ specReplicasPath: ".spec.name" }))).toEqual([
      error("crd/scale-path-target", at("specReplicasPath"), 'subresources.scale.specReplicasPath: Invalid value: ".spec.name": must refer to a field of type integer, not string'),
    ]);
  });
});
