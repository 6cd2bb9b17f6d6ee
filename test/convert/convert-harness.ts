// Builds our TypeScript (types + converters) and protoc-gen-es's `_pb.ts` for .proto sources, writes them
// into a scratch folder inside the repository (tmp/, so that vitest can import them and Node resolves
// @bufbuild/protobuf from the repository's node_modules), and imports the converters modules.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { buildTypeScript, typeCheck, type TypeScriptBuild } from "../emit/types/ts-harness.js";
import { protoSources, ROOT } from "../harness/compile.js";

export interface ConvertBuild extends TypeScriptBuild {
  dir: string;
  cleanup(): void;
}

/** Inside the repository (so that Node finds node_modules), in its git-ignored tmp/ folder. */
export const SCRATCH = join(ROOT, "tmp/convert-scratch");

/** Generates and writes the files; `parameter` is the plugin parameter (import_extension=js is added). */
export function buildConverters(sources: Record<string, string>, parameter = "", target: "ts" | "js" = "ts"): ConvertBuild {
  const build = buildTypeScript(sources, ["import_extension=js", parameter].filter((p) => p !== "").join(","), target);
  mkdirSync(SCRATCH, { recursive: true });
  const dir = mkdtempSync(join(SCRATCH, "build-"));
  for (const [name, content] of build.files) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return { ...build, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** tsc --strict over the converters modules (and what they import). */
export function typeCheckConverters(build: ConvertBuild): string[] {
  const files = [...build.files.keys()].filter((f) => f.endsWith("_crd_convert.ts"));
  return typeCheck(build.dir, files);
}

/** The proto sources of the HealthEvent model, as `proto/` holds them. */
export function healthSources(): Record<string, string> {
  const all = protoSources(join(ROOT, "proto"));
  return Object.fromEntries(Object.entries(all).filter(([name]) => name.startsWith("nvsentinel/")));
}

export function fixtureSources(dir: string): Record<string, string> {
  return protoSources(join(ROOT, dir));
}
