// generated/ must equal what `buf generate` produces now. In CI the comparison is against the
// committed tree (CI has just run the README's generate command over the working tree).
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../harness/compile.js";
import { bufGenerate, readTree, scratchProject } from "../harness/generate.js";

function committedGenerated(): Map<string, string> {
  const names = execFileSync("git", ["ls-tree", "-r", "--name-only", "HEAD", "generated/"], { cwd: ROOT, encoding: "utf8" })
    .split("\n")
    .filter((n) => n !== "");
  return new Map(
    names.sort().map((n) => [n.slice("generated/".length), execFileSync("git", ["show", `HEAD:${n}`], { cwd: ROOT, encoding: "utf8", maxBuffer: 1 << 28 })]),
  );
}

describe("generated/", () => {
  it("equals a fresh `buf generate`", () => {
    const dir = scratchProject();
    try {
      bufGenerate(dir);
      const fresh = readTree(join(dir, "generated"));
      const checkedIn = process.env.CI ? committedGenerated() : readTree(join(ROOT, "generated"));
      expect([...checkedIn.keys()]).toEqual([...fresh.keys()]);
      for (const [name, content] of fresh) expect(checkedIn.get(name), `generated/${name} is stale: run npm run generate`).toBe(content);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("src/gen/", () => {
  // The plugin reads its own options through protobuf-es code made from proto/crd/v1/options.proto;
  // buf.gen.yaml makes the same file into generated/ts with the same generator and options.
  it("holds the options code buf generate makes from proto/crd/v1/options.proto", () => {
    const dir = scratchProject();
    try {
      bufGenerate(dir);
      const fresh = readTree(join(dir, "generated"));
      const used = readTree(join(ROOT, "src/gen"));
      expect(used.get("crd/v1/options_pb.ts"), "src/gen is stale: copy generated/ts/crd/v1/options_pb.ts").toBe(fresh.get("ts/crd/v1/options_pb.ts"));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
