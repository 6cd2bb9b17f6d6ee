// crd-ts init and proto-path: the files init writes, that it never overwrites a user's edit without
// --force, and that the buf.gen.yaml it writes is what validate and serve read back.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { initCommand, parseInitArgs, protoPathCommand } from "../../src/cli/init.js";
import { projectCrdDirs } from "../../src/cli/project.js";

/** Runs a command in this process and returns its exit code and what it printed. */
async function capture(run: () => number | Promise<number>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const out = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, "write").mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    return { code: await run(), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}

afterEach(() => vi.restoreAllMocks());

const projects: string[] = [];
afterAll(() => projects.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

function newProject(name = "@acme/gpu-operator"): string {
  const dir = mkdtempSync(join(tmpdir(), "crd-ts-init-"));
  projects.push(dir);
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name }));
  return dir;
}

describe("crd-ts init", () => {
  it("writes buf.yaml, buf.gen.yaml and an example proto, and prints the protoc command", async () => {
    const dir = newProject();
    const r = await capture(() => initCommand(["--dir", dir]));
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("written     buf.yaml\nwritten     buf.gen.yaml\nwritten     proto/example/v1/widget.proto\n");
    expect(r.stdout).toContain('protoc -I proto -I "$(npx crd-ts proto-path)"');
    expect(r.stdout).toContain("crd_dir=charts/gpu-operator/crds");
    expect(r.stderr).toContain("node_modules/protoc-gen-crd-ts/proto does not exist"); // not installed in this temp folder
    expect(readFileSync(join(dir, "buf.yaml"), "utf8")).toContain("modules:\n  - path: proto\n  - path: node_modules/protoc-gen-crd-ts/proto\n");
    const bufGen = readFileSync(join(dir, "buf.gen.yaml"), "utf8");
    expect(bufGen).toContain("  - local: protoc-gen-es\n    out: src/gen\n    opt:\n      - target=ts\n      - import_extension=js\n");
    expect(bufGen).toContain("      - ts_dir=src/gen\n      - crd_dir=charts/gpu-operator/crds\n");
    expect(readFileSync(join(dir, "proto/example/v1/widget.proto"), "utf8")).toContain('import "crd/v1/options.proto";');
  });

  it("keeps files the user changed unless --force, and leaves identical ones alone", async () => {
    const dir = newProject();
    await capture(() => initCommand(["--dir", dir]));
    writeFileSync(join(dir, "buf.gen.yaml"), "# mine\n");
    const again = await capture(() => initCommand(["--dir", dir]));
    expect(again.stdout).toContain("unchanged   buf.yaml\nkept        buf.gen.yaml (it differs from what init writes; --force replaces it)\n");
    expect(again.stdout).toContain("1 file(s) kept as they are");
    expect(readFileSync(join(dir, "buf.gen.yaml"), "utf8")).toBe("# mine\n");
    const forced = await capture(() => initCommand(["--dir", dir, "--force"]));
    expect(forced.stdout).toContain("overwritten buf.gen.yaml\n");
    expect(readFileSync(join(dir, "buf.gen.yaml"), "utf8")).toContain("protoc-gen-crd-ts");
  });

  it("writes no example when the proto folder has a .proto file; flags change folders and chart", async () => {
    const dir = newProject();
    mkdirSync(join(dir, "api/shop/v1"), { recursive: true });
    writeFileSync(join(dir, "api/shop/v1/x.proto"), 'syntax = "proto3";\n');
    const r = await capture(() => initCommand(["--dir", dir, "--proto", "api", "--out", "lib/gen", "--chart", "shop"]));
    expect(r.stdout).not.toContain("widget.proto");
    expect(existsSync(join(dir, "api/example"))).toBe(false);
    expect(readFileSync(join(dir, "buf.yaml"), "utf8")).toContain("  - path: api\n");
    expect(readFileSync(join(dir, "buf.gen.yaml"), "utf8")).toContain("      - ts_dir=lib/gen\n      - crd_dir=charts/shop/crds\n");
  });

  it("what it writes is where validate and serve look for CRDs", async () => {
    const dir = newProject("plain");
    await capture(() => initCommand(["--dir", dir, "--no-example"]));
    mkdirSync(join(dir, "charts/plain/crds"), { recursive: true });
    expect(projectCrdDirs(dir).dirs).toEqual(["charts/plain/crds"]);
  });

  it("rejects unknown flags and folders outside the project", () => {
    expect(() => parseInitArgs(["--nope"])).toThrow("unknown option --nope");
    expect(() => parseInitArgs(["--out", "../x"])).toThrow('--out must be a folder inside the project, got "../x"');
    expect(() => parseInitArgs(["--chart"])).toThrow("--chart needs a value");
  });
});

describe("crd-ts proto-path", () => {
  it("prints the folder that holds crd/v1/options.proto", async () => {
    const r = await capture(() => protoPathCommand([]));
    expect(r.code).toBe(0);
    expect(existsSync(join(r.stdout.trim(), "crd/v1/options.proto"))).toBe(true);
  });
});
