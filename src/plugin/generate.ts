// The pipeline, visible in one place: descriptors → schema model → checks → emitted files.
import type { DescFile } from "@bufbuild/protobuf";
import { checkResource } from "../check/check-resource.js";
import { crdYaml, generatedHeader } from "../emit/crd-yaml.js";
import { convertersFile } from "../emit/ts-converters.js";
import { typesFile } from "../emit/ts-types.js";
import { validatorsFile } from "../emit/ts-validators.js";
import { moduleBase, type ResourceVersionInput, type TypeScriptFileInput } from "../emit/typescript-input.js";
import { type Diagnostic } from "../schema/diagnostics.js";
import { DiagnosticSink } from "../schema/diagnostics-sink.js";
import type { ResourceModel } from "../schema/model.js";
import { resourceMessages, resourcesFor } from "../schema/resource.js";
import { applyConversion, versionsDiffer } from "../emit/version-convert/crd-conversion.js";
import { conversionModule } from "../emit/version-convert/conversion-module.js";
import { conversionPlanFor } from "../emit/version-convert/conversion-plan.js";
import type { GeneratorOptions } from "./parameters.js";
import { PLUGIN_NAME, PLUGIN_VERSION } from "./version.js";

export interface GeneratedFile {
  name: string;
  content: string;
}

export interface GenerationResult {
  /** Empty when any diagnostic is an error: nothing is written then. */
  files: GeneratedFile[];
  diagnostics: Diagnostic[];
  resources: ResourceModel[];
}

/** Client-side `kubectl apply` keeps the whole object in a 262,144-byte annotation. */
const CRD_SIZE_WARNING_BYTES = 200 * 1024;

export function generate(files: readonly DescFile[], options: GeneratorOptions): GenerationResult {
  const sink = new DiagnosticSink();
  const resources = resourcesFor(resourceMessages(files), options, sink);
  const diagnostics = [...sink.diagnostics];
  for (const model of resources) diagnostics.push(...checkResource(model));
  for (const model of resources) diagnostics.push(...applyConversion(model, options));

  const output: GeneratedFile[] = [];
  for (const model of options.emit.includes("crd") ? resources : []) {
    const protoFiles = [...new Set(model.versions.map((v) => v.protoFile))].sort();
    const content = crdYaml(model.crd, generatedHeader(PLUGIN_NAME, PLUGIN_VERSION, protoFiles));
    const jsonSize = Buffer.byteLength(JSON.stringify(model.crd));
    if (jsonSize > CRD_SIZE_WARNING_BYTES) {
      diagnostics.push({
        severity: "warning",
        rule: "size/client-side-apply",
        message: `${model.crd.metadata.name} is ${jsonSize} bytes as JSON; client-side kubectl apply fails above 262144 bytes (use server-side apply, descriptions=first_sentence or max_desc_len)`,
        location: model.location,
      });
    }
    output.push({ name: `${options.crdDir}/${model.group}_${model.plural}.yaml`, content });
  }
  if (options.emit.includes("ts")) output.push(...typeScriptFiles(resources, options));
  for (const model of options.emit.includes("ts") ? resources.filter((m) => m.versions.length > 1 && versionsDiffer(m.crd)) : []) {
    const { plan, diagnostics: planDiagnostics } = conversionPlanFor(model, options);
    diagnostics.push(...planDiagnostics);
    const storage = model.versions[model.crd.spec.versions.findIndex((v) => v.storage)] ?? model.versions[0];
    const header = generatedHeader(PLUGIN_NAME, PLUGIN_VERSION, [...new Set(model.versions.map((v) => v.protoFile))].sort()).replace(/^#/, "//");
    const name = `${options.tsDir === "" ? "" : `${options.tsDir}/`}${moduleBase(storage.protoFile, "_crd_conversion")}.ts`;
    output.push({ name, content: conversionModule(model, plan, options, header) });
  }
  const failed = diagnostics.some((d) => d.severity === "error");
  return { files: failed ? [] : output, diagnostics: sortDiagnostics(diagnostics), resources };
}

function sortDiagnostics(diagnostics: Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic) => [d.location?.file ?? "", d.location?.line ?? 0, d.location?.column ?? 0] as const;
  return diagnostics
    .map((d, i) => ({ d, i }))
    .sort((a, b) => {
      const [fa, la, ca] = key(a.d);
      const [fb, lb, cb] = key(b.d);
      return fa < fb ? -1 : fa > fb ? 1 : la - lb || ca - cb || a.i - b.i;
    })
    .map(({ d }) => d);
}

/** Per .proto file with resources: `_crd.ts` (types), `_crd_validate.ts`, `_crd_convert.ts`. */
function typeScriptFiles(resources: ResourceModel[], options: GeneratorOptions): GeneratedFile[] {
  const byProtoFile = new Map<string, ResourceVersionInput[]>();
  for (const model of resources) {
    model.versions.forEach((version, i) => {
      const list = byProtoFile.get(version.protoFile) ?? [];
      list.push({ model, version, schema: model.crd.spec.versions[i].schema.openAPIV3Schema });
      byProtoFile.set(version.protoFile, list);
    });
  }
  const files: GeneratedFile[] = [];
  const prefix = options.tsDir === "" ? "" : `${options.tsDir}/`;
  for (const protoFile of [...byProtoFile.keys()].sort()) {
    const input: TypeScriptFileInput = { protoFile, resources: byProtoFile.get(protoFile)!, options };
    const emitters = [
      ["_crd", typesFile],
      ["_crd_validate", validatorsFile],
      ["_crd_convert", convertersFile],
    ] as const;
    for (const [suffix, emit] of emitters) {
      const content = emit(input);
      if (content !== "") files.push({ name: `${prefix}${moduleBase(protoFile, suffix)}.ts`, content });
    }
  }
  return files;
}
