// Golden tests: every folder in test/fixtures/golden/ is a case: input/*.proto, an optional
// parameter.txt (the plugin parameter), and expected/ with every file the plugin writes, plus
// warnings.txt when it warns. UPDATE_GOLDEN=1 rewrites expected/.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, it } from "vitest";
import { formatDiagnostic } from "../../src/schema/diagnostics.js";
import { runPlugin } from "../../src/plugin/run.js";
import { protoSources, ROOT } from "../harness/compile.js";
import { compileRequestAsync } from "../harness/compile-async.js";
import { expectGoldenFiles } from "../harness/golden-files.js";

const FIXTURES = join(ROOT, "test/fixtures/golden");

// Concurrent: each case waits on its own `buf build`; see ../harness/compile-async.ts.
describe.concurrent("golden CRDs", () => {
  for (const name of readdirSync(FIXTURES).sort()) {
    it(name, async ({ expect }) => {
      const dir = join(FIXTURES, name);
      const parameterFile = join(dir, "parameter.txt");
      const parameter = existsSync(parameterFile) ? readFileSync(parameterFile, "utf8").trim() : "";
      const { response, diagnostics } = await runPlugin(await compileRequestAsync(protoSources(join(dir, "input")), parameter));
      expect(response.error ?? "").toBe("");
      const actual = new Map(response.file.map((f) => [f.name, f.content]));
      const warnings = diagnostics.filter((d) => d.severity !== "error").map(formatDiagnostic);
      if (warnings.length > 0) actual.set("warnings.txt", warnings.join("\n") + "\n");

      expectGoldenFiles(expect, actual, join(dir, "expected"));
    });
  }
});
