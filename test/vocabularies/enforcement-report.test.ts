// `enforcement_report=<file>`: one row per vocabulary rule with where it is enforced, as markdown or TSV.
import { describe, expect, it } from "vitest";
import { runPlugin } from "../../src/plugin/run.js";
import { compileRequestAsync } from "../harness/compile-async.js";

const SOURCES = {
  "rep/v1/thing.proto": `syntax = "proto3";
package rep.v1;
import "crd/v1/options.proto";
message Thing {
  option (crd.v1.resource) = {group: "example.com"};
  ThingSpec spec = 1;
}
message ThingSpec {
  // +kubebuilder:validation:MinLength=1
  // +kubebuilder:validation:XValidation:rule="self != 'x'",message="not x"
  string name = 1;
  // +kubebuilder:validation:MaxItems=2
  string note = 2;
}
`,
};

async function report(parameter: string): Promise<{ files: Map<string, string>; warnings: string[] }> {
  const { response, diagnostics } = await runPlugin(await compileRequestAsync(SOURCES, parameter));
  expect(response.error ?? "").toBe("");
  return {
    files: new Map(response.file.map((f) => [f.name, f.content])),
    warnings: diagnostics.filter((d) => d.severity === "warning").map((d) => `${d.rule}: ${d.message}`),
  };
}

describe.concurrent("enforcement_report", () => {
  it("writes a markdown table", async ({ expect }) => {
    const { files } = await report("emit=crd,enforcement_report=reports/rules.md");
    expect(files.get("reports/rules.md")).toBe(
      [
        "# Validation rules and where they are enforced",
        "",
        "| location | vocabulary | rule | target | enforced by | detail |",
        "| --- | --- | --- | --- | --- | --- |",
        "| rep/v1/thing.proto:11:3 | kubebuilder | +kubebuilder:validation:MinLength=1 | rep.v1.ThingSpec.name | OpenAPI | minLength: 1 |",
        "| rep/v1/thing.proto:11:3 | kubebuilder | +kubebuilder:validation:XValidation:rule=\"self != 'x'\",message=\"not x\" | rep.v1.ThingSpec.name | CEL | self != 'x' |",
        "| rep/v1/thing.proto:13:3 | kubebuilder | +kubebuilder:validation:MaxItems=2 | rep.v1.ThingSpec.note | not enforced | MaxItems does not apply to a string value |",
        "",
      ].join("\n"),
    );
  });

  it("writes tab-separated values for a .tsv name", async ({ expect }) => {
    const { files } = await report("emit=crd,enforcement_report=rules.tsv");
    expect(files.get("rules.tsv")!.split("\n")).toEqual([
      "location\tvocabulary\trule\ttarget\tenforced by\tdetail",
      "rep/v1/thing.proto:11:3\tkubebuilder\t+kubebuilder:validation:MinLength=1\trep.v1.ThingSpec.name\tOpenAPI\tminLength: 1",
      "rep/v1/thing.proto:11:3\tkubebuilder\t+kubebuilder:validation:XValidation:rule=\"self != 'x'\",message=\"not x\"\trep.v1.ThingSpec.name\tCEL\tself != 'x'",
      "rep/v1/thing.proto:13:3\tkubebuilder\t+kubebuilder:validation:MaxItems=2\trep.v1.ThingSpec.note\tnot enforced\tMaxItems does not apply to a string value",
      "",
    ]);
  });

  it("warns about each rule that is not enforced, and writes no report unless asked", async ({ expect }) => {
    const { files, warnings } = await report("emit=crd");
    expect([...files.keys()]).toEqual(["crds/example.com_things.yaml"]);
    expect(warnings).toEqual([
      "vocabulary/kubebuilder-marker: kubebuilder rule +kubebuilder:validation:MaxItems=2 on rep.v1.ThingSpec.note is not enforced: MaxItems does not apply to a string value",
    ]);
  });
});
