// The generator core's golden fixtures (test/fixtures/golden/<case>/input, parameter.txt) as converter
// test cases: the same protos and parameters, with TypeScript emitted (their parameter says emit=crd).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../harness/compile.js";

export interface GoldenCase {
  name: string;
  inputDir: string;
  /** The case's plugin parameter without the options that only concern CRD files. */
  parameter: string;
}

const GOLDEN = join(ROOT, "test/fixtures/golden");

export function goldenCases(): GoldenCase[] {
  if (!existsSync(GOLDEN)) return [];
  return readdirSync(GOLDEN, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(GOLDEN, e.name, "input")))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const file = join(GOLDEN, name, "parameter.txt");
      const raw = existsSync(file) ? readFileSync(file, "utf8").trim() : "";
      const parameter = raw
        .split(",")
        .map((p) => p.trim())
        .filter((p) => p !== "" && !/^(emit|crd_dir|ts_dir)=/.test(p))
        .join(",");
      return { name, inputDir: `test/fixtures/golden/${name}/input`, parameter };
    });
}

/** Every `of`-th case starting at `shard`, so that several test files share the cases. */
export function goldenShard(shard: number, of: number): GoldenCase[] {
  return goldenCases().filter((_, i) => i % of === shard);
}
