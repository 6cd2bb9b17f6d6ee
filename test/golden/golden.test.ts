// Golden tests: every folder in test/fixtures/golden/ is a case: input/*.proto, an optional
// parameter.txt (the plugin parameter), and expected/ with every file the plugin writes, plus
// warnings.txt when it warns. UPDATE_GOLDEN=1 rewrites expected/.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, it } from "vitest";
import { formatDiagnostic } from "../../src/schema/diagnostics.js";
import { runPlugin } from "../../src/plugin/run.js";
import { protoSources, ROOT } from "../harness/compile.js";
import { compileRequestAsync } from "../harness/compile-async.js";

const FIXTURES = join(ROOT, "test/fixtures/golden");
const UPDATE = process.env.UPDATE_GOLDEN === "1";

function filesBelow(dir: string, prefix = ""): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesBelow(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

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

      const expectedDir = join(dir, "expected");
      if (UPDATE) {
        rmSync(expectedDir, { recursive: true, force: true });
        for (const [file, content] of actual) {
          mkdirSync(dirname(join(expectedDir, file)), { recursive: true });
          writeFileSync(join(expectedDir, file), content);
        }
      }
      const expectedFiles = filesBelow(expectedDir).sort();
      expect([...actual.keys()].sort()).toEqual(expectedFiles);
      for (const file of expectedFiles) {
        expect(actual.get(file), file).toBe(readFileSync(join(expectedDir, file), "utf8"));
      }
    });
  }
});
