// crd-ts breaking as users run it: exit codes, --output json, and in CI against the previous commit.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ROOT } from "../harness/compile.js";

const BIN = fileURLToPath(new URL("../../bin/crd-ts", import.meta.url));
const BUILT = existsSync(join(ROOT, "dist/src/cli/breaking.js"));
const CORPUS = join(ROOT, "test/fixtures/breaking");

function run(args: string[], cwd = ROOT) {
  const result = spawnSync(process.execPath, [BIN, "breaking", ...args], { cwd, encoding: "utf8" });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe.skipIf(!BUILT)("crd-ts breaking", () => {
  it("exits 1 and prints the rule for a breaking change", () => {
    const r = run(["old.yaml", "new.yaml"], join(CORPUS, "report-FIELD_REMOVED"));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(".spec.note: field \"note\" was removed");
    expect(r.stdout).toContain("(FIELD_REMOVED)");
  });

  it("exits 0 for a warning only, and for compatible changes", () => {
    expect(run(["old.yaml", "new.yaml"], join(CORPUS, "report-PRINTER_COLUMN_REMOVED")).code).toBe(0);
    expect(run(["old.yaml", "new.yaml"], join(CORPUS, "pass-optional-field-added"))).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("--output json lists findings with rule, severity, crd, version, path, message and file", () => {
    const r = run(["--output", "json", "old.yaml", "new.yaml"], join(CORPUS, "report-BOUND_NARROWED-maximum"));
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toEqual({
      breaking: true,
      errors: 1,
      warnings: 0,
      findings: [{
        rule: "BOUND_NARROWED", severity: "error", crd: "widgets.example.com", version: "v1", path: ".spec.size",
        message: "maximum <= 10 narrowed to <= 5", file: "new.yaml",
      }],
    });
  });

  it("reports bad arguments and unreadable sources with exit 2", () => {
    expect(run(["only-one"]).code).toBe(2);
    expect(run(["--output", "xml", "a", "b"]).stderr).toContain("--output must be text or json");
    const missing = run(["no-such-dir", "generated/crds"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("no-such-dir: no such file or directory");
    const badRef = run(["no-such-ref:generated/crds", "generated/crds"]);
    expect(badRef.code).toBe(2);
    expect(badRef.stderr).toContain("no-such-ref:generated/crds: not found in git");
  });

  // The CI step of the README: generated/crds must not break against the previous commit. A shallow
  // clone (depth 1) has no HEAD~1; that is the only reason to skip.
  it("generated/crds has no breaking change against the previous commit (HEAD~1)", (ctx) => {
    const previous = spawnSync("git", ["rev-parse", "--verify", "--quiet", "HEAD~1^{commit}"], { cwd: ROOT, encoding: "utf8" });
    if (previous.status !== 0) {
      console.log("skipped: no previous commit in this clone (shallow clone or first commit); fetch with --depth 2 or more");
      ctx.skip();
    }
    const r = run(["HEAD~1:generated/crds", "generated/crds"]);
    expect(r.stderr).toBe("");
    expect(r.stdout.split("\n").filter((line) => line !== "" && !line.includes(": warning: "))).toEqual([]);
    expect(r.code).toBe(0);
  });

  it("reads a single file and a tree from a git revision", () => {
    const head = execFileSync("git", ["ls-tree", "--name-only", "HEAD:generated/crds"], { cwd: ROOT, encoding: "utf8" }).split("\n")[0];
    expect(run([`HEAD:generated/crds/${head}`, `HEAD:generated/crds/${head}`])).toEqual({ code: 0, stdout: "", stderr: "" });
    expect(run(["HEAD:generated/crds", "HEAD:generated/crds"]).code).toBe(0);
  });
});
