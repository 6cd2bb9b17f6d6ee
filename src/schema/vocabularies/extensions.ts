// Reads options of vocabularies we have no generated code for (buf.validate, validate, google.api) from
// the descriptors in the request: the extension is looked up by name among the files a file imports,
// and its value is decoded from the option's unknown fields and turned into protojson with proto names.
import { getExtension, hasExtension, toJson, type DescExtension, type DescFile } from "@bufbuild/protobuf";
import type { DescEnum, DescEnumValue, DescField, DescMessage, DescOneof } from "@bufbuild/protobuf";
import type { JsonValue } from "../kubernetes.js";

const byFile = new WeakMap<DescFile, Map<string, DescExtension>>();

/** Extensions declared in `file` or in anything it imports, by full name (e.g. `buf.validate.field`). */
function extensionsVisibleFrom(file: DescFile): Map<string, DescExtension> {
  let found = byFile.get(file);
  if (found) return found;
  found = new Map();
  const seen = new Set<DescFile>();
  const visit = (f: DescFile) => {
    if (seen.has(f)) return;
    seen.add(f);
    for (const ext of f.extensions) found!.set(ext.typeName, ext);
    for (const m of f.messages) collectNested(m, found!);
    f.dependencies.forEach(visit);
  };
  visit(file);
  byFile.set(file, found);
  return found;
}

function collectNested(message: DescFile["messages"][number], into: Map<string, DescExtension>): void {
  for (const ext of message.nestedExtensions) into.set(ext.typeName, ext);
  for (const nested of message.nestedMessages) collectNested(nested, into);
}

type OptionHolder = DescMessage | DescField | DescOneof | DescEnum | DescEnumValue;

function fileOf(desc: OptionHolder): DescFile {
  switch (desc.kind) {
    case "field":
    case "oneof":
    case "enum_value":
      return desc.parent.file;
    default:
      return desc.file;
  }
}

/**
 * The value of extension `name` on `desc`'s options as protojson (proto field names, unset fields left
 * out), or undefined when the extension is unknown to the file or not set.
 */
export function extensionValue(desc: OptionHolder, name: string): { value: JsonValue; extension: DescExtension } | undefined {
  // Recursion unrolls a message several times: decode each option once.
  let cached = values.get(desc);
  if (!cached) values.set(desc, (cached = new Map()));
  if (!cached.has(name)) cached.set(name, decode(desc, name));
  return cached.get(name);
}

const values = new WeakMap<OptionHolder, Map<string, { value: JsonValue; extension: DescExtension } | undefined>>();

function decode(desc: OptionHolder, name: string): { value: JsonValue; extension: DescExtension } | undefined {
  const extension = extensionsVisibleFrom(fileOf(desc)).get(name);
  const options = desc.proto.options as Parameters<typeof hasExtension>[0] | undefined;
  if (!extension || !options || !hasExtension(options, extension)) return undefined;
  const raw: unknown = getExtension(options, extension);
  return { value: toJsonValue(extension, raw), extension };
}

function toJsonValue(extension: DescExtension, raw: unknown): JsonValue {
  switch (extension.fieldKind) {
    case "message":
      return toJson(extension.message, raw as never, { useProtoFieldName: true }) as JsonValue;
    case "enum":
      return enumName(extension.enum, raw as number);
    case "list":
      if (extension.listKind === "enum") return (raw as number[]).map((n) => enumName(extension.enum, n));
      if (extension.listKind === "message") return (raw as never[]).map((m) => toJson(extension.message, m, { useProtoFieldName: true }) as JsonValue);
      return (raw as unknown[]).map((v) => (typeof v === "bigint" ? v.toString() : (v as JsonValue)));
    default:
      return typeof raw === "bigint" ? raw.toString() : (raw as JsonValue);
  }
}

function enumName(desc: { values: readonly { number: number; name: string }[] }, n: number): string {
  return desc.values.find((v) => v.number === n)?.name ?? String(n);
}
