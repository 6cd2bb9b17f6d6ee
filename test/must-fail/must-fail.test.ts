// Must-fail fixtures: every folder in test/fixtures/must-fail/ holds input/*.proto, an optional
// parameter.txt, and expected.txt: the exact error text the plugin must answer with. Nothing may be
// written when generation fails. UPDATE_GOLDEN=1 rewrites expected.txt (review the diff!).
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "vitest";
import { runPlugin } from "../../src/plugin/run.js";
import { protoSources, ROOT } from "../harness/compile.js";
import { compileRequestAsync } from "../harness/compile-async.js";

const FIXTURES = join(ROOT, "test/fixtures/must-fail");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

// Concurrent: each case waits on its own `buf build`; see ../harness/compile-async.ts.
describe.concurrent("must-fail fixtures", () => {
  for (const name of readdirSync(FIXTURES).sort()) {
    it(name, async ({ expect }) => {
      const dir = join(FIXTURES, name);
      const parameterFile = join(dir, "parameter.txt");
      const parameter = existsSync(parameterFile) ? readFileSync(parameterFile, "utf8").trim() : "";
      const { response } = await runPlugin(await compileRequestAsync(protoSources(join(dir, "input")), parameter));
      expect(response.file).toEqual([]);
      const expectedFile = join(dir, "expected.txt");
      if (UPDATE) writeFileSync(expectedFile, (response.error ?? "") + "\n");
      expect(response.error ?? "").not.toBe("");
      expect(response.error + "\n").toBe(readFileSync(expectedFile, "utf8"));
    });
  }
});
