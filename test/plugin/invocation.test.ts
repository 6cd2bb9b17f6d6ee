// The same CRDs, byte for byte, however the plugin is run: twice in a row, under buf with
// strategy all or directory, under protoc, and with every protoplugin target.
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { bufGenerate, hasProtoc, protocGenerate, readTree, scratchProject } from "../harness/generate.js";

const PROTOS = [
  "nvsentinel/health/v1/health_event.proto",
  "nvsentinel/health/v1alpha1/health_event.proto",
  "nvsentinel/health/v1alpha1/external_remediation_request.proto",
];

function template(strategy: "all" | "directory", opt: string[] = []): string {
  return [
    "version: v2",
    "plugins:",
    '  - local: ["node", "dist/src/plugin/main.js"]',
    "    out: out",
    `    strategy: ${strategy}`,
    ...(opt.length ? ["    opt:", ...opt.map((o) => `      - ${o}`)] : []),
    "",
  ].join("\n");
}

function runBuf(strategy: "all" | "directory", opt: string[] = []): Map<string, string> {
  const dir = scratchProject(template(strategy, opt));
  try {
    bufGenerate(dir);
    return readTree(join(dir, "out"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let reference: Map<string, string>;
beforeAll(() => {
  reference = runBuf("all");
});

describe("plugin invocation", () => {
  it("writes one CRD per resource with controller-gen file names", () => {
    expect([...reference.keys()].filter((name) => name.endsWith(".yaml"))).toEqual([
      "crds/nvsentinel.dgxc.nvidia.com_healthevents.yaml",
      "crds/nvsentinel.nvidia.com_externalremediationrequests.yaml",
    ]);
  });

  it("is deterministic across runs", () => {
    expect(runBuf("all")).toEqual(reference);
  });

  // HealthEvent's versions live in two directories (v1 and v1alpha1): one plugin run per directory sees
  // one version each, so the run fails (the v1alpha1 half has no storage version) instead of writing half a CRD.
  it("fails with strategy: directory, which splits the two-version HealthEvent CRD", () => {
    expect(() => runBuf("directory")).toThrow("[resource/storage-version] healthevents.nvsentinel.dgxc.nvidia.com has versions v1alpha1 and none is the storage version");
  });

  for (const target of ["ts", "js", "dts", "js+dts", "ts+js+dts"]) {
    it(`keeps the CRD YAML with target=${target}`, () => {
      const files = runBuf("all", [`target=${target}`]);
      for (const [name, content] of reference) {
        if (name.endsWith(".yaml")) expect(files.get(name), name).toBe(content);
      }
      const extensions = target.split("+").map((t) => (t === "dts" ? ".d.ts" : `.${t}`));
      for (const extension of extensions) {
        expect([...files.keys()].some((name) => name.endsWith(`_crd${extension}`)), extension).toBe(true);
      }
    });
  }

  it.skipIf(!hasProtoc())("gives the same bytes under protoc", () => {
    const dir = scratchProject();
    try {
      const out = join(dir, "out");
      mkdirSync(out);
      protocGenerate(dir, out, PROTOS);
      expect(readTree(out)).toEqual(reference);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
