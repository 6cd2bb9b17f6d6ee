// State shared while one converters module is written: its imports, module-level constants, and the local
// names of everything it refers to. The walking lives in the runtime (src/conversion); the module holds tables.
import type { DescMessage } from "@bufbuild/protobuf";
import { Imports, protobufEsModule, protobufEsNames } from "./imports.js";
import { RUNTIME_MODULE } from "../shared/header.js";
import type { FileNames } from "../shared/names.js";
import type { FileShapes } from "../shared/shapes.js";
import { siblingImport, type TypeScriptFileInput } from "../shared/typescript-input.js";

/** Names a converters module defines or uses as parameters, reserved before anything is imported. */
const RESERVED = ["ConversionError", "FromOptions", "ToOptions", "ObjectMeta", "messageConverters", "converters", "cr", "meta", "message", "options"];

export class ConvertContext {
  readonly taken: Set<string>;
  readonly imports: Imports;
  /** Module-level constants, by name, in creation order. */
  readonly declarations = new Map<string, string>();
  private readonly keys = new Map<string, string>();
  readonly crdModule: string;
  /** Whether to… functions take ToOptions (only when a google.protobuf.Any needs a registry). */
  readonly toOptions: boolean;

  constructor(
    readonly input: TypeScriptFileInput,
    readonly shapes: FileShapes,
    readonly names: FileNames,
  ) {
    this.taken = new Set(RESERVED);
    this.imports = new Imports(this.taken);
    this.crdModule = siblingImport(input.protoFile, "_crd", input.options);
    this.toOptions = shapes.uses.has("google.protobuf.Any");
    // Names from our own `_crd` module keep their names; protoc-gen-es imports that clash get aliases.
    for (const resource of names.resources.values()) {
      for (const name of [resource.object, resource.apiVersionConst, resource.kindConst, resource.to, resource.from]) this.taken.add(name);
    }
  }

  /** A runtime export (src/conversion), imported under its own name. */
  runtime(name: string, typeOnly = false): string {
    return this.imports.use(RUNTIME_MODULE, name, typeOnly, name, true);
  }

  /** A type or const from our `_crd` module. */
  crd(name: string, typeOnly = true): string {
    return this.imports.use(this.crdModule, name, typeOnly, name, true);
  }

  /** protoc-gen-es's message type. */
  shape(desc: DescMessage): string {
    return this.imports.use(protobufEsModule(desc.file, this.input.protoFile, this.input.options), protobufEsNames(desc).shape, true);
  }

  /** protoc-gen-es's `…Schema` descriptor. */
  schema(desc: DescMessage): string {
    return this.imports.use(protobufEsModule(desc.file, this.input.protoFile, this.input.options), protobufEsNames(desc).schema);
  }

  /** Adds a module-level declaration once, under `key`; returns its name. */
  declare(key: string, ideal: string, code: (name: string) => string): string {
    let name = this.keys.get(key);
    if (name === undefined) {
      name = ideal;
      for (let i = 1; this.taken.has(name); i++) name = `${ideal}${i + 1}`;
      this.taken.add(name);
      this.keys.set(key, name);
      this.declarations.set(name, code(name));
    }
    return name;
  }
}
