// compileRequest without blocking: the fixture suites start one `buf build` per fixture, and running
// several at once (vitest's concurrent tests) keeps both cores busy while each buf process starts.
import { execFile } from "node:child_process";
import { cpSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { create, fromBinary } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema, FileDescriptorSetSchema, type CodeGeneratorRequest } from "@bufbuild/protobuf/wkt";
import { BUF, ROOT } from "./compile.js";

const run = promisify(execFile);

/** Same request as compileRequest(sources, parameter). */
export async function compileRequestAsync(sources: Record<string, string>, parameter = ""): Promise<CodeGeneratorRequest> {
  const dir = await mkdtemp(join(tmpdir(), "crd-ts-"));
  try {
    cpSync(join(ROOT, "proto/crd"), join(dir, "crd"), { recursive: true });
    for (const [name, text] of Object.entries(sources)) {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), text);
    }
    await writeFile(join(dir, "buf.yaml"), "version: v2\n");
    const image = join(dir, "image.binpb");
    await run(BUF, ["build", "-o", image], { cwd: dir });
    const set = fromBinary(FileDescriptorSetSchema, await readFile(image));
    return create(CodeGeneratorRequestSchema, {
      fileToGenerate: Object.keys(sources),
      parameter,
      protoFile: set.file,
      compilerVersion: { major: 0, minor: 0, patch: 0 },
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
