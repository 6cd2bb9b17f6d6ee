// A failing `buf generate` exits non-zero, prints the located error, and writes no file at all.
import { spawnSync } from "node:child_process";
import { existsSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { BUF, ROOT } from "../harness/compile.js";
import { scratchProject } from "../harness/generate.js";

describe("failing generation", () => {
  it("writes nothing and names the .proto location", () => {
    const dir = scratchProject(
      ["version: v2", "plugins:", '  - local: ["node", "dist/src/plugin/main.js"]', "    out: out", "    strategy: all", ""].join("\n"),
    );
    try {
      writeFileSync(
        join(dir, "proto/nvsentinel/health/v1alpha1/broken.proto"),
        [
          'syntax = "proto3";',
          "package nvsentinel.health.v1alpha1;",
          'import "crd/v1/options.proto";',
          "message Broken {",
          '  option (crd.v1.resource) = {group: "example.com", version: "v1"};',
          "  BrokenSpec spec = 1;",
          "}",
          "message BrokenSpec {",
          '  repeated string names = 1 [(crd.v1.field) = {max_length: 3}];',
          "}",
          "",
        ].join("\n"),
      );
      const r = spawnSync(BUF, ["generate"], { cwd: dir, encoding: "utf8", env: { ...process.env, PATH: `${join(ROOT, "node_modules/.bin")}:${process.env.PATH}` } });
      expect(r.status).not.toBe(0);
      expect(r.stderr).toContain("nvsentinel/health/v1alpha1/broken.proto:9:");
      expect(r.stderr).toContain("[option/wrong-type] option max_length does not apply to names, which is a list");
      // The other, valid resources of the same run are not written either.
      expect(existsSync(join(dir, "out"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
