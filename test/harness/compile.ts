// Compiles .proto sources (inline in a test or from a fixture folder) into a real CodeGeneratorRequest,
// using the buf CLI from node_modules, so tests exercise exactly what buf hands the plugin.
import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { create, fromBinary } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema, FileDescriptorSetSchema, type CodeGeneratorRequest } from "@bufbuild/protobuf/wkt";
import { needsDescriptorSet, protocWithDescriptorSetSync } from "./descriptor-sets.js";

export const ROOT = resolve(import.meta.dirname, "../..");
export const BUF = join(ROOT, "node_modules/.bin/buf");

/** `sources` maps file names (e.g. "test/v1/a.proto") to their text; crd/v1/options.proto is always available. */
export function compileRequest(sources: Record<string, string>, parameter = ""): CodeGeneratorRequest {
  if (needsDescriptorSet(sources)) {
    const set = protocWithDescriptorSetSync(sources);
    return create(CodeGeneratorRequestSchema, { fileToGenerate: Object.keys(sources), parameter, protoFile: set.file, compilerVersion: { major: 0, minor: 0, patch: 0 } });
  }
  const dir = mkdtempSync(join(tmpdir(), "crd-ts-"));
  try {
    cpSync(join(ROOT, "proto/crd"), join(dir, "crd"), { recursive: true });
    for (const [name, text] of Object.entries(sources)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    writeFileSync(join(dir, "buf.yaml"), "version: v2\n");
    const image = join(dir, "image.binpb");
    execFileSync(BUF, ["build", "-o", image], { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
    const set = fromBinary(FileDescriptorSetSchema, readFileSync(image));
    return create(CodeGeneratorRequestSchema, {
      fileToGenerate: Object.keys(sources),
      parameter,
      protoFile: set.file,
      compilerVersion: { major: 0, minor: 0, patch: 0 },
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** All .proto files below `dir`, keyed by their path relative to it. */
export function protoSources(dir: string): Record<string, string> {
  const sources: Record<string, string> = {};
  const walk = (sub: string) => {
    for (const entry of readdirSync(join(dir, sub), { withFileTypes: true })) {
      const rel = sub === "" ? entry.name : `${sub}/${entry.name}`;
      if (entry.isDirectory()) walk(rel);
      else if (entry.name.endsWith(".proto")) sources[rel] = readFileSync(join(dir, rel), "utf8");
    }
  };
  walk("");
  return Object.fromEntries(Object.entries(sources).sort(([a], [b]) => (a < b ? -1 : 1)));
}
