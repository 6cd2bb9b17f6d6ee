// compileRequest without blocking: the fixture suites start one `buf build` per distinct input, and
// running several at once (vitest's concurrent tests) keeps both cores busy while each buf process starts.
import { execFile } from "node:child_process";
import { cpSync, existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { create, fromBinary } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema, FileDescriptorSetSchema, type CodeGeneratorRequest, type FileDescriptorSet } from "@bufbuild/protobuf/wkt";
import { BUF, ROOT } from "./compile.js";
import { needsDescriptorSet, protocWithDescriptorSet } from "./descriptor-sets.js";

const run = promisify(execFile);

/** The native buf binary, when npm installed it: the node_modules/.bin/buf wrapper costs a Node start per build. */
const NATIVE_BUF = join(ROOT, "node_modules/@bufbuild", `buf-${process.platform}-${process.arch === "x64" ? "x64" : process.arch}`, "bin/buf");
const BUF_BINARY = existsSync(NATIVE_BUF) ? NATIVE_BUF : BUF;

/** Descriptor sets by their sources: fixtures that share an input (e.g. one per plugin option) compile once. */
const compiled = new Map<string, Promise<FileDescriptorSet>>();

/** Same request as compileRequest(sources, parameter). */
export async function compileRequestAsync(sources: Record<string, string>, parameter = ""): Promise<CodeGeneratorRequest> {
  const key = JSON.stringify(sources);
  let set = compiled.get(key);
  if (!set) {
    set = needsDescriptorSet(sources) ? protocWithDescriptorSet(sources) : build(sources);
    compiled.set(key, set);
  }
  return create(CodeGeneratorRequestSchema, {
    fileToGenerate: Object.keys(sources),
    parameter,
    protoFile: (await set).file,
    compilerVersion: { major: 0, minor: 0, patch: 0 },
  });
}

async function build(sources: Record<string, string>): Promise<FileDescriptorSet> {
  const dir = await mkdtemp(join(tmpdir(), "crd-ts-"));
  try {
    cpSync(join(ROOT, "proto/crd"), join(dir, "crd"), { recursive: true });
    for (const [name, text] of Object.entries(sources)) {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), text);
    }
    await writeFile(join(dir, "buf.yaml"), "version: v2\n");
    const image = join(dir, "image.binpb");
    await run(BUF_BINARY, ["build", "-o", image], { cwd: dir });
    return fromBinary(FileDescriptorSetSchema, await readFile(image));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
