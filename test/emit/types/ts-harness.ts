// Builds the TypeScript artifacts for inline .proto sources in-process: our `_crd.ts` and `_crd_convert.ts`
// (from the schema model, as src/plugin/generate.ts groups it) plus protoc-gen-es's `_pb.ts`, writes them
// into a scratch folder that can see node_modules, and type-checks them with the TypeScript compiler.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { create, createFileRegistry, type DescFile, type FileRegistry } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema, FileDescriptorSetSchema, type CodeGeneratorRequest } from "@bufbuild/protobuf/wkt";
import { protocGenEs } from "@bufbuild/protoc-gen-es/dist/cjs/src/protoc-gen-es-plugin.js";
import ts from "typescript";
import { convertersFile } from "../../../src/emit/convert/converters-file.js";
import { typesFile } from "../../../src/emit/types/types-file.js";
import { printModule, type GeneratedModule } from "../../../src/emit/shared/printer.js";
import { moduleBase, type ResourceVersionInput, type TypeScriptFileInput } from "../../../src/emit/shared/typescript-input.js";
import { parseParameters } from "../../../src/plugin/parameters.js";
import { DiagnosticSink } from "../../../src/schema/diagnostics-sink.js";
import { formatDiagnostic } from "../../../src/schema/diagnostics.js";
import { resourceMessages, resourcesFor } from "../../../src/schema/resource.js";
import { compileRequest, ROOT } from "../../harness/compile.js";

export interface TypeScriptBuild {
  /** Generated files by path: `<proto>_crd.ts`, `<proto>_crd_convert.ts`, `<proto>_pb.ts`. */
  files: Map<string, string>;
  inputs: TypeScriptFileInput[];
  registry: FileRegistry;
  /** Our modules by their `.ts` path, to print for other targets. */
  modules: Map<string, GeneratedModule>;
  /** "ts", or "js": then `files` holds JavaScript (ours printed for target=js, protoc-gen-es's target=js). */
  target: "ts" | "js";
}

/** Our emitters over the model built from `sources`, grouped per .proto file as the plugin does. */
export function buildTypeScript(sources: Record<string, string>, parameter = "import_extension=js", target: "ts" | "js" = "ts"): TypeScriptBuild {
  const request = compileRequest(sources, parameter);
  const options = parseParameters(parameter);
  const registry = createFileRegistry(create(FileDescriptorSetSchema, { file: request.protoFile }));
  const files: DescFile[] = request.fileToGenerate.map((name) => registry.getFile(name)!);
  const sink = new DiagnosticSink();
  const resources = resourcesFor(resourceMessages(files), options, sink);
  const errors = sink.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) throw new Error(errors.map(formatDiagnostic).join("\n"));

  const byProtoFile = new Map<string, ResourceVersionInput[]>();
  for (const model of resources) {
    model.versions.forEach((version, i) => {
      const list = byProtoFile.get(version.protoFile) ?? [];
      list.push({ model, version, schema: model.crd.spec.versions[i].schema.openAPIV3Schema });
      byProtoFile.set(version.protoFile, list);
    });
  }
  const out = new Map<string, string>();
  const inputs: TypeScriptFileInput[] = [];
  const modules = new Map<string, GeneratedModule>();
  for (const protoFile of [...byProtoFile.keys()].sort()) {
    const input: TypeScriptFileInput = { protoFile, resources: byProtoFile.get(protoFile)!, options };
    inputs.push(input);
    for (const [suffix, emit] of [["_crd", typesFile], ["_crd_convert", convertersFile]] as const) {
      const module = emit(input)!;
      modules.set(`${moduleBase(protoFile, suffix)}.ts`, module);
      out.set(`${moduleBase(protoFile, suffix)}.${target}`, printModule(module, target));
    }
  }
  for (const [name, content] of protobufEs(request, options.importExtension, target)) out.set(name, content);
  return { files: out, inputs, registry, modules, target };
}

/** protoc-gen-es (target=ts) over every file but the well-known types of the request, as `buf generate` runs it next to us. */
function protobufEs(request: CodeGeneratorRequest, importExtension: string, target: "ts" | "js"): Map<string, string> {
  const esRequest = create(CodeGeneratorRequestSchema, {
    ...request,
    fileToGenerate: request.protoFile.map((f) => f.name).filter((name) => !name.startsWith("google/protobuf/")),
    parameter: `target=${target},import_extension=${importExtension}`,
  });
  const response = protocGenEs.run(esRequest);
  if (response.error) throw new Error(response.error);
  return new Map(response.file.map((f) => [f.name, f.content]));
}

/** Writes `files` into a new folder below the system temp dir, with node_modules linked in. */
export function writeScratch(files: Map<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "crd-ts-emit-"));
  symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ type: "module" }));
  for (const [name, content] of files) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

/** tsc --strict (plus the checks projects commonly add) over the given files; one line per diagnostic. */
export function typeCheck(dir: string, files: string[], extra: ts.CompilerOptions = {}): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    noImplicitOverride: true,
    noImplicitReturns: true,
    noFallthroughCasesInSwitch: true,
    noUnusedLocals: true,
    exactOptionalPropertyTypes: false,
    skipLibCheck: true,
    types: [],
    // Generated code imports its runtime as "protoc-gen-crd-ts": this repository's declarations (npm run build).
    paths: { "protoc-gen-crd-ts": [join(ROOT, "dist/src/index.d.ts")], "protoc-gen-crd-ts/version-conversion": [join(ROOT, "dist/src/version-conversion/index.d.ts")] },
    ...extra,
  };
  const program = ts.createProgram(files.map((f) => join(dir, f)), options);
  // The runtime's own source (mapped by `paths`) is checked by the project's build, with Node types.
  const runtimeSource = join(ROOT, "src") + "/";
  return ts.getPreEmitDiagnostics(program).filter((d) => !d.file?.fileName.startsWith(runtimeSource)).map((d) => {
    const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
    if (!d.file || d.start === undefined) return text;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return `${d.file.fileName.slice(dir.length + 1)}:${line + 1}:${character + 1}: ${text}`;
  });
}

export const HEALTH_PROTOS = ["nvsentinel/health/v1alpha1/health_event.proto", "nvsentinel/health/v1alpha1/external_remediation_request.proto"];
