// crd-ts validate as CI runs it over a rendered chart: line:column for every violation, built-in kinds
// skipped and counted (or errors with --strict-kinds), CRDs found from the project's buf.gen.yaml, the
// three output formats, and one clear line with exit code 2 for each input it cannot read.
// Runs dist/: `npm test` builds first (run `npm run -s build` before running this file alone).
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pathSegments, readManifestFile } from "../../src/cli/manifest-files.js";
import { parseValidateArgs, validateInputs, type ValidateArgs } from "../../src/cli/validate.js";
import { renderJson, renderJunit, renderText } from "../../src/cli/validate-report.js";
import { crdLookup, type ValidatorLookup } from "../../src/cli/validator-lookup.js";

const ROOT = join(import.meta.dirname, "../..");
const CRD = join(ROOT, "generated/crds/nvsentinel.dgxc.nvidia.com_healthevents.yaml");

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/crd-ts"), "validate", ...args], { cwd, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// A chart as `helm template` renders it: built-in kinds around two HealthEvents, one of them invalid.
const CHART = `---
# Source: gpu/templates/namespace.yaml
apiVersion: v1
kind: Namespace
metadata:
  name: gpu
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  a: b
---
apiVersion: nvsentinel.dgxc.nvidia.com/v1alpha1
kind: HealthEvent
metadata:
  name: ok
spec:
  nodeName: node-1
---
apiVersion: nvsentinel.dgxc.nvidia.com/v1alpha1
kind: HealthEvent
metadata:
  name: bad
spec:
  nodeName: node-2
  errorCode: [1, 2]
  surprise: true
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: controller
`;

let project: string;
let lookup: ValidatorLookup;

/** The command in this process (as the CLI does it, minus the process): paths relative to the project. */
function validateHere(argv: string[]) {
  const args = parseValidateArgs(argv) as ValidateArgs;
  const report = validateInputs({ ...args, inputs: args.inputs.map((i) => join(project, i)) }, lookup);
  const rel = (text: string) => text.replaceAll(`${project}/`, "");
  const text = renderText(report);
  return { text: { stdout: rel(text.stdout), stderr: rel(text.stderr) }, json: JSON.parse(rel(renderJson(report))), junit: rel(renderJunit(report)) };
}

beforeAll(async () => {
  // A project as crd-ts init sets it up, after buf generate: CRDs in charts/<name>/crds.
  project = mkdtempSync(join(tmpdir(), "crd-ts-validate-project-"));
  writeFileSync(
    join(project, "buf.gen.yaml"),
    "version: v2\nplugins:\n  - local: protoc-gen-es\n    out: src/gen\n  - local: protoc-gen-crd-ts\n    out: .\n    opt: [target=ts, ts_dir=src/gen, crd_dir=charts/gpu/crds]\n",
  );
  mkdirSync(join(project, "charts/gpu/crds"), { recursive: true });
  copyFileSync(CRD, join(project, "charts/gpu/crds/healthevents.yaml"));
  mkdirSync(join(project, "rendered/nested"), { recursive: true });
  writeFileSync(join(project, "rendered/chart.yaml"), CHART);
  writeFileSync(join(project, "rendered/nested/ok.json"), JSON.stringify({ apiVersion: "nvsentinel.dgxc.nvidia.com/v1alpha1", kind: "HealthEvent", metadata: { name: "j" }, spec: { nodeName: "n" } }));
  writeFileSync(join(project, "rendered/notes.txt"), "not a manifest, not read");
  mkdirSync(join(project, "empty-dir"));
  writeFileSync(join(project, "empty.yaml"), "# only a comment\n---\n");
  writeFileSync(join(project, "broken.yaml"), "apiVersion: v1\nkind: [Namespace\n");
  writeFileSync(join(project, "text.yaml"), "just some words\n");
  writeFileSync(join(project, "binary.yaml"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]));
  lookup = await crdLookup([join(project, "charts/gpu/crds")], "charts/gpu/crds");
});

afterAll(() => rmSync(project, { recursive: true, force: true }));

const CHART_VIOLATIONS =
  'rendered/chart.yaml:28:15: spec.errorCode[0]: Invalid value: "integer": spec.errorCode[0] in body must be of type string: "integer"\n' +
  'rendered/chart.yaml:28:18: spec.errorCode[1]: Invalid value: "integer": spec.errorCode[1] in body must be of type string: "integer"\n' +
  "rendered/chart.yaml:22:1: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation\n" +
  'rendered/chart.yaml:29:3: spec.surprise: unknown field "spec.surprise"\n';
const SKIPPED = "3 skipped (no schema: apps/v1/Deployment, v1/ConfigMap, v1/Namespace)";

describe("crd-ts validate as a process, in a project set up by crd-ts init", () => {
  it("finds the CRDs through buf.gen.yaml, reports violations at line:column, skips built-in kinds, exits 1", () => {
    const r = run(["rendered/chart.yaml"], project);
    expect(r.stdout).toBe(CHART_VIOLATIONS);
    expect(r.stderr).toBe(`crd-ts validate: 5 documents in 1 file: 1 valid, 1 invalid, ${SKIPPED}\n`);
    expect(r.status).toBe(1);
  });

  it("gives one line per unreadable input, still validates the others, and exits 2", () => {
    const r = run(["missing.yaml", "empty-dir", "empty.yaml", "broken.yaml", "text.yaml", "binary.yaml", "rendered/chart.yaml"], project);
    expect(r.stdout).toBe(CHART_VIOLATIONS);
    expect(r.stderr).toBe(
      [
        "crd-ts validate: missing.yaml: no such file or folder",
        "crd-ts validate: empty-dir: folder has no .yaml, .yml or .json files",
        "crd-ts validate: empty.yaml: empty: no YAML or JSON document in it",
        "crd-ts validate: broken.yaml:3:1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]",
        "crd-ts validate: text.yaml: not a manifest: expected YAML or JSON objects with apiVersion and kind",
        "crd-ts validate: binary.yaml: not a YAML or JSON file (binary content)",
        `crd-ts validate: 5 documents in 1 file: 1 valid, 1 invalid, ${SKIPPED}; 6 input errors`,
        "",
      ].join("\n"),
    );
    expect(r.status).toBe(2);
  });

  it("without buf.gen.yaml uses charts/*/crds; with no CRDs at all exits 2 with one line", () => {
    const dir = join(project, "no-project");
    mkdirSync(dir);
    writeFileSync(join(dir, "m.yaml"), CHART);
    const none = run(["m.yaml"], dir);
    expect(none.stderr).toBe("crd-ts validate: no CRDs to validate against: give --crd <file|dir> (looked in charts/*/crds; run buf generate first?)\n");
    expect(none.status).toBe(2);
    mkdirSync(join(dir, "charts/x/crds"), { recursive: true });
    copyFileSync(CRD, join(dir, "charts/x/crds/he.yaml"));
    const found = run(["m.yaml"], dir);
    expect(found.stdout).toBe(CHART_VIOLATIONS.replaceAll("rendered/chart.yaml", "m.yaml"));
    expect(found.status).toBe(1);
  });

  it("rejects an unknown output format", () => {
    const r = run(["--output", "xml", "rendered"], project);
    expect(r.stderr.split("\n")[0]).toBe('crd-ts validate: --output must be one of text, json, junit, got "xml"');
    expect(r.status).toBe(2);
  });
});

describe("a rendered chart with built-in kinds and custom resources", () => {
  it("--strict-kinds reports the documents without a schema where they start", () => {
    const { text } = validateHere(["--strict-kinds", "rendered/chart.yaml"]);
    expect(text.stdout.split("\n").filter((l) => l.includes("--strict-kinds"))).toEqual([
      'rendered/chart.yaml:3:1: no schema for apiVersion "v1", kind "Namespace" (--strict-kinds; give its CRD with --crd)',
      'rendered/chart.yaml:8:1: no schema for apiVersion "v1", kind "ConfigMap" (--strict-kinds; give its CRD with --crd)',
      'rendered/chart.yaml:31:1: no schema for apiVersion "apps/v1", kind "Deployment" (--strict-kinds; give its CRD with --crd)',
    ]);
    expect(text.stderr).toBe("crd-ts validate: 5 documents in 1 file: 1 valid, 4 invalid, 0 skipped\n");
  });

  it("validates every .yaml/.yml/.json file of a folder, recursively", () => {
    const { text } = validateHere(["rendered"]);
    expect(text.stderr).toBe(`crd-ts validate: 6 documents in 2 files: 2 valid, 1 invalid, ${SKIPPED}\n`);
  });

  it("--output json gives every document with its position, status and violations", () => {
    const { json } = validateHere(["--output", "json", "rendered/chart.yaml"]);
    expect(json.summary).toEqual({ files: 1, documents: 5, valid: 1, invalid: 1, skipped: 3, skippedKinds: { "apps/v1/Deployment": 1, "v1/ConfigMap": 1, "v1/Namespace": 1 }, inputErrors: 0 });
    expect(json.documents.map((d: { document: number; line: number; status: string }) => [d.document, d.line, d.status])).toEqual([
      [0, 3, "skipped"], [1, 8, "skipped"], [2, 15, "valid"], [3, 22, "invalid"], [4, 31, "skipped"],
    ]);
    expect(json.documents[3].violations[3]).toEqual({ path: "spec.surprise", message: 'unknown field "spec.surprise"', line: 29, column: 3 });
  });

  it("--output junit gives a test case per document, failures with their lines, skipped kinds, input errors", () => {
    const { junit } = validateHere(["--output=junit", "rendered/chart.yaml", "missing.yaml"]);
    expect(junit).toContain('<testsuites name="crd-ts validate" tests="6" failures="1" errors="1" skipped="3">');
    expect(junit).toContain('<testcase classname="rendered/chart.yaml" name="HealthEvent ok (document 2, line 15)"/>');
    expect(junit).toContain('<failure message="4 violations" type="invalid">rendered/chart.yaml:28:15: spec.errorCode[0]: Invalid value: &quot;integer&quot;');
    expect(junit).toContain('<skipped message="no schema for v1/Namespace"/>');
    expect(junit).toContain('<error message="missing.yaml: no such file or folder"/>');
  });

  it("a kind missing from a group whose CRDs were given is an error, not a built-in kind", () => {
    writeFileSync(join(project, "typo.yaml"), "apiVersion: nvsentinel.dgxc.nvidia.com/v2\nkind: HealthEvent\nmetadata: {name: x}\n");
    expect(validateHere(["typo.yaml"]).text.stdout).toBe(
      'typo.yaml:1:1: no schema for apiVersion "nvsentinel.dgxc.nvidia.com/v2", kind "HealthEvent" among the CRDs of group "nvsentinel.dgxc.nvidia.com"\n',
    );
  });
});

describe("field paths", () => {
  it("splits names, list indexes and map keys with dots", () => {
    expect(pathSegments("spec.items[0].labels[a.b/c].x")).toEqual(["spec", "items", "0", "labels", "a.b/c", "x"]);
    expect(pathSegments("")).toEqual([]);
  });

  it("a path that does not exist in the document points at its nearest existing parent", () => {
    writeFileSync(join(project, "required.yaml"), "apiVersion: nvsentinel.dgxc.nvidia.com/v1alpha1\nkind: HealthEvent\nmetadata:\n  name: r\nspec:\n  agent: a\n");
    expect(validateHere(["required.yaml"]).text.stdout.split("\n")[0]).toBe("required.yaml:5:1: spec.nodeName: Required value");
  });

  it("map keys with dots and list items are found", () => {
    writeFileSync(
      join(project, "labels.yaml"),
      "apiVersion: nvsentinel.dgxc.nvidia.com/v1alpha1\nkind: HealthEvent\nmetadata:\n  name: l\n  labels:\n    a.b/c: ok\n    bad key: x\nspec:\n  nodeName: n\n",
    );
    expect(validateHere(["labels.yaml"]).text.stdout.split("\n")[0]).toMatch(/^labels\.yaml:5:3: metadata\.labels: Invalid value: "bad key": /);
    const [doc] = readManifestFile(join(project, "labels.yaml"));
    expect(doc.locate("metadata.labels[a.b/c]")).toEqual({ line: 6, column: 5 });
    expect(doc.locate("metadata.labels[nope].x")).toEqual({ line: 5, column: 3 });
    expect(doc.locate("spec.nodeName[3]")).toEqual({ line: 9, column: 3 });
  });
});
