// Imports that are not on disk, given to the compiler as descriptors: buf/validate/validate.proto ships
// inside @bufbuild/protovalidate as a descriptor, and protoc reads imports from `--descriptor_set_in`.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { create, fromBinary, toBinary, type DescFile } from "@bufbuild/protobuf";
import {
  FileDescriptorSetSchema,
  file_google_protobuf_any,
  file_google_protobuf_duration,
  file_google_protobuf_empty,
  file_google_protobuf_field_mask,
  file_google_protobuf_struct,
  file_google_protobuf_timestamp,
  file_google_protobuf_wrappers,
  type FileDescriptorSet,
} from "@bufbuild/protobuf/wkt";
import { file_buf_validate_validate } from "@bufbuild/protovalidate/gen/buf/validate/validate_pb.js";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";

const ROOT = join(import.meta.dirname, "../..");

const run = promisify(execFile);

/** Sources that import a file only available as a descriptor. */
export function needsDescriptorSet(sources: Record<string, string>): boolean {
  return Object.values(sources).some((text) => text.includes('import "buf/validate/validate.proto"'));
}

/** protovalidate's validate.proto and the well-known types, dependencies first. */
export function descriptorSetBytes(): Uint8Array {
  const files: DescFile[] = [];
  const add = (file: DescFile) => {
    if (files.includes(file)) return;
    file.dependencies.forEach(add);
    files.push(file);
  };
  [
    file_google_protobuf_any,
    file_google_protobuf_duration,
    file_google_protobuf_empty,
    file_google_protobuf_field_mask,
    file_google_protobuf_struct,
    file_google_protobuf_timestamp,
    file_google_protobuf_wrappers,
    file_buf_validate_validate,
  ].forEach(add);
  return toBinary(FileDescriptorSetSchema, create(FileDescriptorSetSchema, { file: files.map((f) => f.proto) }));
}

function protocArgs(dir: string, sources: Record<string, string>): string[] {
  return ["-I", dir, `--descriptor_set_in=${join(dir, "deps.binpb")}`, "--include_imports", "--include_source_info", "-o", join(dir, "image.binpb"), ...Object.keys(sources)];
}

/** `protoc --descriptor_set_in` over the sources (and crd/v1/options.proto), with source info. */
export async function protocWithDescriptorSet(sources: Record<string, string>): Promise<FileDescriptorSet> {
  const dir = await mkdtemp(join(tmpdir(), "crd-ts-pv-"));
  try {
    cpSync(join(ROOT, "proto/crd"), join(dir, "crd"), { recursive: true });
    for (const [name, text] of Object.entries(sources)) {
      await mkdir(dirname(join(dir, name)), { recursive: true });
      await writeFile(join(dir, name), text);
    }
    await writeFile(join(dir, "deps.binpb"), descriptorSetBytes());
    await run("protoc", protocArgs(dir, sources), { cwd: dir });
    return fromBinary(FileDescriptorSetSchema, await readFile(join(dir, "image.binpb")));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function protocWithDescriptorSetSync(sources: Record<string, string>): FileDescriptorSet {
  const dir = mkdtempSync(join(tmpdir(), "crd-ts-pv-"));
  try {
    cpSync(join(ROOT, "proto/crd"), join(dir, "crd"), { recursive: true });
    for (const [name, text] of Object.entries(sources)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    writeFileSync(join(dir, "deps.binpb"), descriptorSetBytes());
    execFileSync("protoc", protocArgs(dir, sources), { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
    return fromBinary(FileDescriptorSetSchema, readFileSync(join(dir, "image.binpb")));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
