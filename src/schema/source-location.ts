// Where a descriptor (or one of its options) was declared, from the request's source code info.
import type { DescEnum, DescEnumValue, DescField, DescFile, DescMessage, DescOneof } from "@bufbuild/protobuf";
import type { SourceLocation } from "./diagnostics.js";

export type LocatedDesc = DescMessage | DescField | DescEnum | DescEnumValue | DescOneof;

// Field numbers in descriptor.proto that make up source paths.
const FILE_MESSAGE_TYPE = 4;
const FILE_ENUM_TYPE = 5;
const MESSAGE_FIELD = 2;
const MESSAGE_NESTED_TYPE = 3;
const MESSAGE_ENUM_TYPE = 4;
const MESSAGE_OPTIONS = 7;
const MESSAGE_ONEOF_DECL = 8;
const FIELD_OPTIONS = 8;
const ENUM_VALUE = 2;
const ENUM_VALUE_OPTIONS = 3;
const ONEOF_OPTIONS = 2;

export function sourcePath(desc: LocatedDesc): number[] {
  switch (desc.kind) {
    case "message":
      return desc.parent
        ? [...sourcePath(desc.parent), MESSAGE_NESTED_TYPE, desc.parent.proto.nestedType.indexOf(desc.proto)]
        : [FILE_MESSAGE_TYPE, desc.file.proto.messageType.indexOf(desc.proto)];
    case "enum":
      return desc.parent
        ? [...sourcePath(desc.parent), MESSAGE_ENUM_TYPE, desc.parent.proto.enumType.indexOf(desc.proto)]
        : [FILE_ENUM_TYPE, desc.file.proto.enumType.indexOf(desc.proto)];
    case "field":
      return [...sourcePath(desc.parent), MESSAGE_FIELD, desc.parent.proto.field.indexOf(desc.proto)];
    case "oneof":
      return [...sourcePath(desc.parent), MESSAGE_ONEOF_DECL, desc.parent.proto.oneofDecl.indexOf(desc.proto)];
    case "enum_value":
      return [...sourcePath(desc.parent), ENUM_VALUE, desc.parent.proto.value.indexOf(desc.proto)];
  }
}

/** The source path of an extension option set on `desc`, e.g. `[(crd.v1.field) = {...}]`. */
export function optionPath(desc: LocatedDesc, extensionNumber: number, ...within: number[]): number[] {
  const optionsField =
    desc.kind === "field" ? FIELD_OPTIONS
    : desc.kind === "message" ? MESSAGE_OPTIONS
    : desc.kind === "enum_value" ? ENUM_VALUE_OPTIONS
    : desc.kind === "oneof" ? ONEOF_OPTIONS
    : 3; // EnumDescriptorProto.options
  return [...sourcePath(desc), optionsField, extensionNumber, ...within];
}

function fileOf(desc: LocatedDesc): DescFile {
  switch (desc.kind) {
    case "field":
    case "oneof":
      return desc.parent.file;
    case "enum_value":
      return desc.parent.file;
    default:
      return desc.file;
  }
}

type Span = { line: number; column: number; comment: string | undefined };
const spansByFile = new WeakMap<DescFile, Map<string, Span>>();

function spans(file: DescFile): Map<string, Span> {
  let map = spansByFile.get(file);
  if (!map) {
    map = new Map();
    for (const loc of file.proto.sourceCodeInfo?.location ?? []) {
      const key = loc.path.join(",");
      if (!map.has(key) && loc.span.length >= 3) {
        const comment = loc.leadingComments || loc.trailingComments || undefined;
        map.set(key, { line: loc.span[0] + 1, column: loc.span[1] + 1, comment });
      }
    }
    spansByFile.set(file, map);
  }
  return map;
}

/**
 * The location of `path` in the file of `desc`, or of the nearest enclosing element that has one.
 * protoc and buf record option locations to different depths, so we fall back outward.
 */
export function locate(desc: LocatedDesc, path: number[] = sourcePath(desc)): SourceLocation {
  const file = fileOf(desc);
  const map = spans(file);
  for (let n = path.length; n > 0; n--) {
    const span = map.get(path.slice(0, n).join(","));
    if (span) return { file: file.name + ".proto", line: span.line, column: span.column };
  }
  return { file: file.name + ".proto", line: 1, column: 1 };
}

export function locateOption(desc: LocatedDesc, extensionNumber: number, ...within: number[]): SourceLocation {
  return locate(desc, optionPath(desc, extensionNumber, ...within));
}

/** Leading comment of `desc`, or its trailing comment when there is no leading one. */
export function commentOf(desc: LocatedDesc): string | undefined {
  return spans(fileOf(desc)).get(sourcePath(desc).join(","))?.comment;
}
