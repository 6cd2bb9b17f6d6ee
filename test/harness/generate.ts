// Runs `buf generate` or `protoc` with the built plugin (dist/) on a copy of the project's protos.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BUF, ROOT } from "./compile.js";

export const PLUGIN_BIN = join(ROOT, "bin/protoc-gen-crd-ts");

/** A scratch copy of the project (protos, buf files, and links to dist/ and node_modules/). */
export function scratchProject(bufGenYaml?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "crd-ts-gen-"));
  cpSync(join(ROOT, "proto"), join(dir, "proto"), { recursive: true });
  cpSync(join(ROOT, "buf.yaml"), join(dir, "buf.yaml"));
  writeFileSync(join(dir, "buf.gen.yaml"), bufGenYaml ?? readFileSync(join(ROOT, "buf.gen.yaml"), "utf8"));
  symlinkSync(join(ROOT, "dist"), join(dir, "dist"));
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  return dir;
}

export function bufGenerate(dir: string, extraArgs: string[] = []): void {
  execFileSync(BUF, ["generate", ...extraArgs], {
    cwd: dir,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, PATH: `${join(ROOT, "node_modules/.bin")}:${process.env.PATH}` },
  });
}

/** Every file below `dir` with its content, keyed by relative path. */
export function readTree(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (sub: string) => {
    if (!existsSync(join(dir, sub))) return;
    for (const e of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub === "" ? e.name : `${sub}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else files.set(rel, readFileSync(join(dir, rel), "utf8"));
    }
  };
  walk("");
  return new Map([...files.entries()].sort(([a], [b]) => (a < b ? -1 : 1)));
}

export function hasProtoc(): boolean {
  try {
    execFileSync("protoc", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** protoc with the plugin, over the given files (relative to proto/); Debian ships the WKTs in /usr/include. */
export function protocGenerate(dir: string, out: string, files: string[], parameter = ""): void {
  execFileSync(
    "protoc",
    [
      "-I", join(dir, "proto"),
      "-I", "/usr/include",
      `--plugin=protoc-gen-crd-ts=${PLUGIN_BIN}`,
      `--crd-ts_out=${out}`,
      ...(parameter ? [`--crd-ts_opt=${parameter}`] : []),
      ...files,
    ],
    { cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
  );
}
