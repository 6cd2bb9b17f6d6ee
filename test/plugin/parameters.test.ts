import { describe, expect, it } from "vitest";
import { DEFAULT_OPTIONS, parseParameters } from "../../src/plugin/parameters.js";

describe("plugin parameters", () => {
  it("defaults when empty", () => {
    expect(parseParameters("")).toEqual(DEFAULT_OPTIONS);
  });

  it("parses every key", () => {
    expect(
      parseParameters(
        "field_names=proto,int64=string,enums=names_and_numbers,enum_unspecified=exclude,oneof=openapi,recursion=error,recursion_depth=5,descriptions=first_sentence,max_desc_len=80,emit=crd,crd_dir=charts/x/crds,ts_dir=src/gen,target=ts+dts,import_extension=js,keep_empty_files=true,enforcement_report=reports/rules.md,kubernetes_version=1.30",
      ),
    ).toEqual({
      fieldNames: "proto",
      int64: "string",
      enums: "names_and_numbers",
      enumUnspecified: "exclude",
      oneof: "openapi",
      recursion: "error",
      recursionDepth: 5,
      sizeTarget: 262144,
      descriptions: "first_sentence",
      durations: "protojson",
      maxDescLen: 80,
      emit: ["crd"],
      crdDir: "charts/x/crds",
      tsDir: "src/gen",
      targets: ["ts", "dts"],
      importExtension: "js",
      conversionPath: "/convert",
      conversionPort: 443,
      conversionMoves: [],
      kubernetesVersion: "1.30",
      enforcementReport: "reports/rules.md",
      templateDir: "",
      rbacDir: "rbac",
      crdPlacement: "crds",
      chartName: "",
      chartVersion: "0.1.0",
      chartAppVersion: "",
    });
  });

  it("parses the deployment artifact keys", () => {
    expect(
      parseParameters("emit=crd+rbac+chart+kustomize,template_dir=../my-templates,rbac_dir=deploy/rbac,crd_placement=templates,chart_name=my-crds,chart_version=1.2.3-rc.1,chart_app_version=v2"),
    ).toMatchObject({
      emit: ["crd", "rbac", "chart", "kustomize"],
      templateDir: "../my-templates",
      rbacDir: "deploy/rbac",
      crdPlacement: "templates",
      chartName: "my-crds",
      chartVersion: "1.2.3-rc.1",
      chartAppVersion: "v2",
    });
  });

  it.each([
    ["colour=blue", 'unknown plugin option "colour"'],
    ["kubernetes_version=1.27", 'invalid value "1.27" for plugin option "kubernetes_version"'],
    ["int64=bigint", 'invalid value "bigint" for plugin option "int64": expected one of int_or_string, integer, string'],
    ["enums=numbers", 'invalid value "numbers" for plugin option "enums": expected one of names, names_and_numbers'],
    ["oneof=maybe", 'invalid value "maybe" for plugin option "oneof"'],
    ["recursion_depth=0", 'invalid value "0" for plugin option "recursion_depth": expected auto or a whole number from 1 to 16'],
    ["recursion_depth=two", 'invalid value "two" for plugin option "recursion_depth"'],
    ["max_desc_len=-1", 'invalid value "-1" for plugin option "max_desc_len"'],
    ["descriptions=short", 'invalid value "short" for plugin option "descriptions"'],
    ["field_names=camel", 'invalid value "camel" for plugin option "field_names"'],
    ["crd_dir=../out", 'invalid value "../out" for plugin option "crd_dir"'],
    ["crd_dir=/abs", 'invalid value "/abs" for plugin option "crd_dir"'],
    ["target=go", 'invalid value "go" for plugin option "target"'],
    ["emit=go", 'invalid value "go" for plugin option "emit": expected one of crd, ts, rbac, chart, kustomize'],
    ["crd_placement=chart", 'invalid value "chart" for plugin option "crd_placement": expected one of crds, templates'],
    ["chart_name=My_Chart", 'invalid value "My_Chart" for plugin option "chart_name": expected a chart name: lowercase letters, digits and dashes'],
    ["chart_version=1.0", 'invalid value "1.0" for plugin option "chart_version": expected a SemVer 2 version such as 1.2.3'],
    ["rbac_dir=/etc", 'invalid value "/etc" for plugin option "rbac_dir"'],
    ["template_dir=", 'invalid value "" for plugin option "template_dir": expected a folder of templates'],
    ["ts_dir=../x", 'invalid value "../x" for plugin option "ts_dir"'],
    ["enum_unspecified=drop", 'invalid value "drop" for plugin option "enum_unspecified"'],
    ["enforcement_report=../r.md", 'invalid value "../r.md" for plugin option "enforcement_report": expected a file name relative to the output directory'],
  ])("rejects %s", (parameter, message) => {
    expect(() => parseParameters(parameter)).toThrow(message);
  });
});
