// What a converters module imports, and under which local names. protoc-gen-es's exports (message
// shapes, `…Schema` descriptors, enums) are named as protoc-gen-es names them; where such a name is
// already taken in the module (the CR type `HealthEvent` vs the message `HealthEvent`), the import is
// aliased with a `Message` suffix.
import { relative, dirname } from "node:path/posix";
import type { DescEnum, DescFile, DescMessage } from "@bufbuild/protobuf";
import { wktPublicImportPaths } from "@bufbuild/protobuf/codegenv2";
import { nestedTypes } from "@bufbuild/protobuf/reflect";
import type { ImportDeclaration } from "../shared/printer.js";
import { safeIdentifier } from "../shared/safe-identifier.js";
import type { GeneratorOptions } from "../../plugin/parameters.js";
import { protobufEsIdentifier } from "../shared/names.js";

interface Imported {
  local: string;
  typeOnly: boolean;
}

export class Imports {
  /** module specifier → export name → how it is imported. */
  private readonly modules = new Map<string, Map<string, Imported>>();

  constructor(private readonly taken: Set<string>) {}

  /**
   * The local name of `name` exported by `from`; a value import wins over a type-only one.
   * `reserved`: the name was reserved for this very import (our `_crd` module's exports) and is used as it is.
   */
  use(from: string, name: string, typeOnly = false, alias = `${name}Message`, reserved = false): string {
    const exports = this.modules.get(from) ?? new Map<string, Imported>();
    this.modules.set(from, exports);
    const known = exports.get(name);
    if (known) {
      if (!typeOnly) known.typeOnly = false;
      return known.local;
    }
    let local = name;
    for (let i = 0; !reserved && this.taken.has(local); i++) local = i === 0 ? alias : `${alias}$${i}`;
    this.taken.add(local);
    exports.set(name, { local, typeOnly });
    return local;
  }

  /** The import declarations, modules in a stable order: packages first, then relative paths. */
  declarations(): ImportDeclaration[] {
    const order = [...this.modules.keys()].sort((a, b) => {
      const ra = a.startsWith(".") ? 1 : 0;
      const rb = b.startsWith(".") ? 1 : 0;
      return ra - rb || (a < b ? -1 : a > b ? 1 : 0);
    });
    return order.map((from) => ({
      from,
      names: [...this.modules.get(from)!.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, { local, typeOnly }]) => ({ name, local, typeOnly })),
    }));
  }
}

/** Names protoc-gen-es gives a message's or enum's shape and descriptor exports. */
export interface ProtobufEsNames {
  shape: string;
  schema: string;
}

const namesByFile = new WeakMap<DescFile, Map<DescMessage | DescEnum, ProtobufEsNames>>();

/** protoc-gen-es's export names for `desc`, resolving clashes within its file as protoc-gen-es does. */
export function protobufEsNames(desc: DescMessage | DescEnum): ProtobufEsNames {
  let names = namesByFile.get(desc.file);
  if (!names) {
    names = allNames(desc.file);
    namesByFile.set(desc.file, names);
  }
  const found = names.get(desc);
  if (!found) throw new Error(`internal: no protoc-gen-es name for ${desc.typeName}`);
  return found;
}

function allNames(file: DescFile): Map<DescMessage | DescEnum, ProtobufEsNames> {
  const salt = (i: number) => (i === 0 ? "" : i === 1 ? "$" : `$${i - 1}`);
  const taken = new Set<string>();
  const claim = (ideal: (i: number) => string) => {
    for (let i = 0; ; i++) {
      const name = ideal(i);
      if (!taken.has(name)) {
        taken.add(name);
        return name;
      }
    }
  };
  const types = [...nestedTypes(file)].filter((d): d is DescMessage | DescEnum => d.kind === "message" || d.kind === "enum");
  const shapes = new Map(types.map((d) => [d, claim((i) => safeIdentifier(protobufEsIdentifier(d) + salt(i)))]));
  // protoc-gen-es names the file descriptor next (file_…), then every descriptor export.
  claim((i) => safeIdentifier("file_" + file.name.replace(/[^a-zA-Z0-9_]+/g, "_") + salt(i)));
  const result = new Map<DescMessage | DescEnum, ProtobufEsNames>();
  for (const desc of nestedTypes(file)) {
    if (desc.kind !== "message" && desc.kind !== "enum") {
      claim((i) => safeIdentifier(protobufEsIdentifier(desc) + salt(i)));
      continue;
    }
    result.set(desc, { shape: shapes.get(desc)!, schema: claim((i) => safeIdentifier(protobufEsIdentifier(desc) + "Schema" + salt(i))) });
  }
  return result;
}

/** Where protoc-gen-es's module for `file` is, seen from the module generated for `fromProtoFile`. */
export function protobufEsModule(file: DescFile, fromProtoFile: string, options: GeneratorOptions): string {
  const wkt = (wktPublicImportPaths as Record<string, string | undefined>)[file.proto.name];
  if (wkt !== undefined) return wkt;
  const ext = options.importExtension === "none" ? "" : `.${options.importExtension}`;
  const path = relative(dirname(fromProtoFile), `${file.name}_pb${ext}`);
  return path.startsWith(".") ? path : `./${path}`;
}
