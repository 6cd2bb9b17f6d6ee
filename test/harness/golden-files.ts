// Compares generated files with a folder of expected files; UPDATE_GOLDEN=1 rewrites the folder first.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ExpectStatic } from "vitest";

const UPDATE = process.env.UPDATE_GOLDEN === "1";

export function filesBelow(dir: string, prefix = ""): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesBelow(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`],
  );
}

/** The same file names and, for each, the same content as `expectedDir` holds. */
export function expectGoldenFiles(expect: ExpectStatic, actual: Map<string, string>, expectedDir: string): void {
  if (UPDATE) {
    rmSync(expectedDir, { recursive: true, force: true });
    for (const [file, content] of actual) {
      mkdirSync(dirname(join(expectedDir, file)), { recursive: true });
      writeFileSync(join(expectedDir, file), content);
    }
  }
  const expectedFiles = filesBelow(expectedDir).sort();
  expect([...actual.keys()].sort()).toEqual(expectedFiles);
  for (const file of expectedFiles) expect(actual.get(file), file).toBe(readFileSync(join(expectedDir, file), "utf8"));
}
