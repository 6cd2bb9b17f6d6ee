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
import { generate } from "./generate.js";
import { ParameterError, parseParameters } from "./parameters.js";
import { PLUGIN_NAME } from "./version.js";

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
  return {
    response: create(CodeGeneratorResponseSchema, {
      supportedFeatures,
      file: result.files.map((f) => ({ name: f.name, content: f.content })),
    }),
    diagnostics: result.diagnostics,
  };
}
