// State shared while one converters module is written: its imports, module-level constants and generated
// functions, and the local names of everything it refers to. Helpers (fail, objectFromJson, the
// well-known types…) are imported from the runtime (src/conversion), not written into the module.
import type { DescEnum, DescMessage } from "@bufbuild/protobuf";
import { Imports, protobufEsModule, protobufEsNames } from "./imports.js";
import { RUNTIME_HELPERS } from "./runtime-names.js";
import { RUNTIME_MODULE } from "../shared/header.js";
import type { FileNames } from "../shared/names.js";
import { typeOnly } from "../shared/printer.js";
import type { FileShapes, MessageShape, ValueShape } from "../shared/shapes.js";
import type { JsonValue } from "../../schema/kubernetes.js";
import { siblingImport, type TypeScriptFileInput } from "../shared/typescript-input.js";

/** Names a converters module defines besides generated functions, reserved before anything is imported. */
const RESERVED = ["ConversionError", "FromOptions", "ToOptions", "json", "cr", "path", "options", "value", "item", "key", "i", "message", "result"];

const PROTOBUF = "@bufbuild/protobuf";
const WKT = "@bufbuild/protobuf/wkt";
const WIRE = "@bufbuild/protobuf/wire";

/**
 * The message converters (messages.ts) and value converters (values.ts) call each other through these
 * tables, set by converters-file.ts, so that neither file imports the other.
 */
export interface MessageConverters {
  /** The name of the function writing `message` as JSON (declared on first use). */
  toJson(message: MessageShape, ctx: ConvertContext): string;
  fromJson(message: MessageShape, ctx: ConvertContext): string;
}

export interface ValueConverters {
  toJson(shape: ValueShape, value: string, path: PathExpr, ctx: ConvertContext): string;
  fromJson(shape: ValueShape, value: string, path: PathExpr, ctx: ConvertContext): string;
  isNotZero(shape: ValueShape, value: string, ctx: ConvertContext): string | undefined;
}

export class ConvertContext {
  readonly taken: Set<string>;
  readonly imports: Imports;
  /** Module-level constants and generated functions, by name, in creation order. */
  readonly declarations = new Map<string, string>();
  private readonly functionNames = new Map<string, string>();
  readonly crdModule: string;
  /** Whether to… functions take ToOptions (only when a google.protobuf.Any needs a registry). */
  readonly toOptions: boolean;

  constructor(
    readonly input: TypeScriptFileInput,
    readonly shapes: FileShapes,
    readonly names: FileNames,
    readonly messages: MessageConverters,
    readonly values: ValueConverters,
  ) {
    this.taken = new Set([...RESERVED, ...RUNTIME_HELPERS]);
    this.imports = new Imports(this.taken);
    this.crdModule = siblingImport(input.protoFile, "_crd", input.options);
    this.toOptions = shapes.uses.has("google.protobuf.Any");
    // Names from our own `_crd` module keep their names; protoc-gen-es imports that clash get aliases.
    for (const resource of names.resources.values()) {
      for (const name of [resource.object, resource.apiVersionConst, resource.kindConst, resource.to, resource.from]) this.taken.add(name);
    }
    for (const name of names.json.values()) this.taken.add(name);
  }

  /** A runtime helper (src/conversion), imported under its own name. */
  helper(name: string): string {
    if (!RUNTIME_HELPERS.includes(name)) throw new Error(`internal: unknown converter helper ${name}`);
    return this.imports.use(RUNTIME_MODULE, name, false, name, true);
  }

  /** A runtime type (FromOptions, ToOptions, ObjectMeta). */
  runtimeType(name: string): string {
    return this.imports.use(RUNTIME_MODULE, name, true, name, true);
  }

  protobuf(name: string, typeOnly = false): string {
    return this.imports.use(PROTOBUF, name, typeOnly);
  }

  wkt(name: string, typeOnly = false): string {
    return this.imports.use(WKT, name, typeOnly);
  }

  wire(name: string): string {
    return this.imports.use(WIRE, name);
  }

  /** A type or const from our `_crd` module. */
  crd(name: string, typeOnly = true): string {
    return this.imports.use(this.crdModule, name, typeOnly, name, true);
  }

  /** protoc-gen-es's message or enum type (for an enum also its value object). */
  shape(desc: DescMessage | DescEnum, typeOnly = desc.kind === "message"): string {
    return this.imports.use(protobufEsModule(desc.file, this.input.protoFile, this.input.options), protobufEsNames(desc).shape, typeOnly);
  }

  /** protoc-gen-es's `…Schema` descriptor. */
  schema(desc: DescMessage): string {
    return this.imports.use(protobufEsModule(desc.file, this.input.protoFile, this.input.options), protobufEsNames(desc).schema);
  }

  messageShape(desc: DescMessage): MessageShape {
    const shape = this.shapes.messages.get(desc.typeName);
    if (!shape) throw new Error(`internal: no message shape for ${desc.typeName}`);
    return shape;
  }

  /** A module-level list of the values a node accepts, e.g. the status words of a string field. */
  allowedValues(allowed: readonly JsonValue[], hint: string): string {
    return this.declare(`allowed:${JSON.stringify(allowed)}`, `${/^[A-Za-z_][A-Za-z0-9_]*$/.test(hint) ? hint : "allowed"}Values`, (name) => `const ${name} = [${allowed.map((v) => JSON.stringify(v)).join(", ")}]${typeOnly(" as const")};\n`);
  }

  jsonType(desc: DescMessage | DescEnum): string {
    const name = this.names.json.get(desc.typeName);
    if (!name) throw new Error(`internal: no JSON type name for ${desc.typeName}`);
    return this.crd(name);
  }

  /** A function name for `key` (e.g. a message and a direction), claimed once. */
  functionName(key: string, ideal: string): string {
    let name = this.functionNames.get(key);
    if (name === undefined) {
      name = this.claim(ideal);
      this.functionNames.set(key, name);
    }
    return name;
  }

  claim(ideal: string): string {
    let name = ideal;
    for (let i = 1; this.taken.has(name); i++) name = `${ideal}${i + 1}`;
    this.taken.add(name);
    return name;
  }

  /** Adds a module-level declaration once, under `key`; returns its name. */
  declare(key: string, ideal: string, code: (name: string) => string): string {
    const name = this.functionName(`declaration:${key}`, ideal);
    if (!this.declarations.has(name)) {
      this.declarations.set(name, ""); // reserve the slot first: `code` may declare others it needs
      this.declarations.set(name, code(name));
    }
    return name;
  }
}

/** A path in the custom resource as a TypeScript expression, built from literal parts and code. */
export class PathExpr {
  private constructor(
    private readonly parts: readonly (string | { code: string })[],
    /** The last property name on the path, for naming module-level constants. */
    readonly lastName: string,
  ) {}

  static root(): PathExpr {
    return new PathExpr([], "");
  }

  static variable(name: string): PathExpr {
    return new PathExpr([{ code: name }], "");
  }

  field(name: string): PathExpr {
    return new PathExpr([...this.parts, this.parts.length === 0 ? name : `.${name}`], name);
  }

  /** `[<code>]`, for list indexes and map keys held in a variable. */
  index(code: string): PathExpr {
    return new PathExpr([...this.parts, "[", { code }, "]"], this.lastName);
  }

  toString(): string {
    const merged: (string | { code: string })[] = [];
    for (const part of this.parts) {
      const last = merged[merged.length - 1];
      if (typeof part === "string" && typeof last === "string") merged[merged.length - 1] = last + part;
      else merged.push(part);
    }
    if (merged.length === 0) return '""';
    return merged.map((p) => (typeof p === "string" ? JSON.stringify(p) : p.code)).join(" + ");
  }
}
