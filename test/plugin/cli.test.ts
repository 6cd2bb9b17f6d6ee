import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../harness/compile.js";

const CLI = join(ROOT, "bin/crd-ts");
const PLUGIN = join(ROOT, "bin/protoc-gen-crd-ts");

describe("executables", () => {
  it("crd-ts --help lists the commands", () => {
    const out = execFileSync(CLI, ["--help"], { encoding: "utf8" });
    expect(out).toMatch(/^crd-ts \d+\.\d+\.\d+: /);
    expect(out).toContain("Commands:");
  });

  it("crd-ts rejects an unknown command with exit code 2", () => {
    const r = spawnSync(CLI, ["frobnicate"], { encoding: "utf8" });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown command "frobnicate"');
  });

  it("protoc-gen-crd-ts --version prints its name and version", () => {
    expect(execFileSync(PLUGIN, ["--version"], { encoding: "utf8" })).toMatch(/^protoc-gen-crd-ts \d+\.\d+\.\d+\n$/);
  });

  it("protoc-gen-crd-ts refers a user who runs it by hand to buf or protoc", () => {
    const r = spawnSync(PLUGIN, ["foo.proto"], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("reads a CodeGeneratorRequest on stdin");
  });
});
