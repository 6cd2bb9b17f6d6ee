// CodeGeneratorRequest → CodeGeneratorResponse. Errors become the response's `error`, with no files,
// so protoc and buf report them and write nothing.
import { create, createFileRegistry, type DescFile } from "@bufbuild/protobuf";
import {
  CodeGeneratorResponse_Feature,
  CodeGeneratorResponseSchema,
  FileDescriptorSetSchema,
  type CodeGeneratorRequest,
  type CodeGeneratorResponse,
} from "@bufbuild/protobuf/wkt";
import { formatDiagnostic, type Diagnostic } from "../schema/diagnostics.js";
import { generate, type GeneratedFile } from "./generate.js";
import { ParameterError, parseParameters } from "./parameters.js";
import { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

export interface PluginRun {
  response: CodeGeneratorResponse;
  /** Warnings (and errors) to print on stderr. */
  diagnostics: Diagnostic[];
}

export async function runPlugin(request: CodeGeneratorRequest): Promise<PluginRun> {
  const supportedFeatures = BigInt(CodeGeneratorResponse_Feature.PROTO3_OPTIONAL);
  let options;
  try {
    options = parseParameters(request.parameter);
  } catch (e) {
    if (e instanceof ParameterError) {
      return { response: create(CodeGeneratorResponseSchema, { error: `${PLUGIN_NAME}: ${e.message}`, supportedFeatures }), diagnostics: [] };
    }
    throw e;
  }
  const registry = createFileRegistry(create(FileDescriptorSetSchema, { file: request.protoFile }));
  const files: DescFile[] = request.fileToGenerate.map((name) => {
    const file = registry.getFile(name);
    if (!file) throw new Error(`file to generate ${name} is missing from the request`);
    return file;
  });
  const result = generate(files, options);
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0) {
    const text = [`${errors.length} error(s):`, ...errors.map(formatDiagnostic)].join("\n");
    return { response: create(CodeGeneratorResponseSchema, { error: text, supportedFeatures }), diagnostics: result.diagnostics };
  }
  const yaml = result.files.filter((f) => !f.name.endsWith(".ts"));
  const typescript = result.files.filter((f) => f.name.endsWith(".ts"));
  const emitted = options.targets.length === 1 && options.targets[0] === "ts" ? typescript : await transpiled(request, typescript);
  return {
    response: create(CodeGeneratorResponseSchema, {
      supportedFeatures,
      file: [...yaml, ...emitted].map((f) => ({ name: f.name, content: f.content })),
    }),
    diagnostics: result.diagnostics,
  };
}

/**
 * For `target=js` / `dts` (protoplugin's default is js+dts) our TypeScript goes through protoplugin,
 * which transpiles exactly as it does for protoc-gen-es. It loads the TypeScript compiler, so it is
 * imported only when needed.
 */
async function transpiled(request: CodeGeneratorRequest, files: GeneratedFile[]): Promise<GeneratedFile[]> {
  if (files.length === 0) return [];
  const { createEcmaScriptPlugin } = await import("@bufbuild/protoplugin");
  const plugin = createEcmaScriptPlugin({
    name: PLUGIN_NAME,
    version: PLUGIN_VERSION,
    // Our options were parsed and validated already; protoplugin keeps its own (target, …).
    parseOptions: () => ({}),
    generateTs(schema) {
      for (const file of files) schema.generateFile(file.name).print(file.content.replace(/\n$/, ""));
    },
  });
  const response = plugin.run(request);
  if (response.error) throw new Error(response.error);
  return response.file.map((f) => ({ name: f.name, content: f.content }));
}
