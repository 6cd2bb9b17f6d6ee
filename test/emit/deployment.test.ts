// emit=rbac, chart and kustomize over the project's own protos (proto/): goldens in
// test/fixtures/deployment/<case>/ (parameter.txt, expected/; UPDATE_GOLDEN=1 rewrites them; emit=crd
// and emit=ts over proto/ are pinned by generated/ and its drift test). Chart files must be plain YAML once their
// whole-line Helm guards are removed, holding the objects Helm would install.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { beforeAll, describe, expect, it } from "vitest";
import type { CodeGeneratorRequest } from "@bufbuild/protobuf/wkt";
import { HELM_GUARD_LINE } from "../../src/emit/deployment-files.js";
import { fillTemplate, TemplateError } from "../../src/emit/shared/fill-template.js";
import { runPlugin } from "../../src/plugin/run.js";
import { BUF, protoSources, ROOT } from "../harness/compile.js";
import { readTree, scratchProject } from "../harness/generate.js";
import { expectGoldenFiles } from "../harness/golden-files.js";
import { compileRequestAsync } from "../harness/compile-async.js";

const FIXTURES = join(ROOT, "test/fixtures/deployment");

let protoFiles: Map<string, string>;
beforeAll(() => {
  protoFiles = protoSources(join(ROOT, "proto"));
});

async function generate(parameter: string): Promise<Map<string, string>> {
  const request: CodeGeneratorRequest = await compileRequestAsync(protoFiles, parameter);
  const { response } = await runPlugin(request);
  expect(response.error ?? "").toBe("");
  return new Map(response.file.map((f) => [f.name, f.content]));
}

/** The objects of a YAML file, with Helm's guard lines removed first. */
function objectsOf(content: string): { kind: string; metadata: { name: string; annotations?: Record<string, string> } }[] {
  const plain = content
    .split("\n")
    .filter((line) => !HELM_GUARD_LINE.test(line))
    .join("\n");
  const docs = parseAllDocuments(plain);
  for (const doc of docs) expect("errors" in doc ? doc.errors : []).toEqual([]);
  return docs.map((d) => d.toJS()).filter((o) => o !== null);
}

describe.concurrent("deployment artifacts of proto/", () => {
  for (const name of readdirSync(FIXTURES).sort()) {
    it(name, async ({ expect }) => {
      const dir = join(FIXTURES, name);
      const actual = await generate(readFileSync(join(dir, "parameter.txt"), "utf8").trim());
      expectGoldenFiles(expect, actual, join(dir, "expected"));
    });
  }
});

describe("the chart", () => {
  it("puts CRDs in crds/ by default, and roles behind the rbac.create guard in templates/", async () => {
    const files = await generate("emit=chart");
    expect([...files.keys()].sort()).toEqual([
      "Chart.yaml",
      "crds/nvsentinel.dgxc.nvidia.com_healthevents.yaml",
      "crds/nvsentinel.nvidia.com_externalremediationrequests.yaml",
      "templates/rbac/health-event-store.yaml",
      "templates/rbac/nvsentinel.dgxc.nvidia.com_healthevents.yaml",
      "templates/rbac/nvsentinel.nvidia.com_externalremediationrequests.yaml",
      "values.yaml",
    ]);
    expect(files.get("templates/rbac/health-event-store.yaml")!.split("\n")[0]).toBe("{{- if .Values.rbac.create }}");
    const chart = objectsOf(files.get("Chart.yaml")!)[0] as unknown as Record<string, string>;
    expect(chart).toMatchObject({ apiVersion: "v2", name: "nvsentinel", version: "0.1.0", appVersion: "0.1.0", type: "application" });
  });

  it("is plain YAML with the expected objects once the guards are removed, CRDs kept on uninstall", async () => {
    const files = await generate("emit=chart,crd_placement=templates");
    const objects = [...files].filter(([name]) => name.startsWith("templates/")).flatMap(([, content]) => objectsOf(content));
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      "ClusterRole/externalremediationrequests-admin",
      "ClusterRole/externalremediationrequests-editor",
      "ClusterRole/externalremediationrequests-viewer",
      "ClusterRole/health-event-store",
      "ClusterRole/healthevents-admin",
      "ClusterRole/healthevents-editor",
      "ClusterRole/healthevents-viewer",
      "CustomResourceDefinition/externalremediationrequests.nvsentinel.nvidia.com",
      "CustomResourceDefinition/healthevents.nvsentinel.dgxc.nvidia.com",
    ]);
    for (const crd of objects.filter((o) => o.kind === "CustomResourceDefinition")) {
      expect(crd.metadata.annotations?.["helm.sh/resource-policy"]).toBe("keep");
    }
    const values = objectsOf(files.get("values.yaml")!)[0];
    expect(values).toEqual({ crds: { install: true }, rbac: { create: true } });
  });
});

describe("templates", () => {
  it("fill inline placeholders and blocks indented like their placeholder", () => {
    const text = "name: ${plural}-viewer\nrules:\n  ${rules}\n";
    expect(fillTemplate("t", text, { plural: "things", rules: ["- a: 1", "  b: 2"] })).toBe("name: things-viewer\nrules:\n  - a: 1\n    b: 2\n");
  });

  it("refuse a placeholder they were not given, and a block in the middle of a line", () => {
    expect(() => fillTemplate("t", "a: ${nope}", {})).toThrow(TemplateError);
    expect(() => fillTemplate("t", "a: ${nope}", {})).toThrow("template t uses ${nope}, which it does not have (it has: )");
    expect(() => fillTemplate("t", "a: ${rules}", { rules: ["x"] })).toThrow("${rules} is a block of lines and must stand alone on its line");
  });

  it("escape Helm actions in CRD text placed under templates/", async () => {
    const { helmLiteral } = await import("../../src/emit/chart/chart-files.js");
    expect(helmLiteral("rule: self.x == '{{y}}'\n")).toBe(`rule: self.x == '{{ "{{" }}y}}'`);
  });
});

describe("the README's buf.gen.yaml of 'Helm charts and RBAC'", () => {
  it("generates a chart and a kustomization with buf", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("## Helm charts and RBAC"));
    const bufGenYaml = /```yaml\n([\s\S]*?)```/.exec(section)![1];
    const dir = scratchProject(bufGenYaml);
    try {
      execFileSync(BUF, ["generate"], { cwd: dir, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, PATH: `${join(ROOT, "bin")}:${process.env.PATH}` } });
      const chart = readTree(join(dir, "charts/widgets"));
      expect(chart.get("Chart.yaml")).toContain("name: widgets\n");
      expect([...chart.keys()].filter((f) => f.startsWith("templates/crds/"))).toHaveLength(2);
      const deploy = readTree(join(dir, "deploy"));
      expect(deploy.get("kustomization.yaml")).toContain("  - rbac/health-event-store.yaml\n");
      expect(deploy.has("crds/nvsentinel.dgxc.nvidia.com_healthevents.yaml")).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
