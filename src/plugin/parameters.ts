// Plugin parameters (`opt:` in buf.gen.yaml, `--crd-ts_opt` with protoc), parsed once into a typed object.

export interface GeneratorOptions {
  /** Property names: protobuf JSON names (default) or proto field names. */
  fieldNames: "json" | "proto";
  /** How int64, uint64, sint64, fixed64, sfixed64 and their wrappers appear in the CRD. */
  int64: "int_or_string" | "integer" | "string";
  /** Enum values as names only (protojson output), or names and numbers (protojson input). */
  enums: "names" | "names_and_numbers";
  /** Whether a zero value named *_UNSPECIFIED is listed among the allowed enum values. */
  enumUnspecified: "include" | "exclude";
  /** How a oneof's "at most one member" is enforced. */
  oneof: "cel" | "openapi" | "none";
  /** What to do with a message that contains itself. */
  recursion: "unroll" | "error";
  /** How many times a message may appear on one path before it becomes an opaque object. */
  recursionDepth: number;
  descriptions: "full" | "first_sentence" | "none";
  /** Longest description kept, in characters; 0 = no limit. */
  maxDescLen: number;
  /** Which artifacts to write: CRD YAML, TypeScript (types, validators, converters), or both. */
  emit: ("crd" | "ts")[];
  /** Folder, relative to the plugin's out, for CRD files. */
  crdDir: string;
  /** Folder, relative to the plugin's out, for TypeScript files (next to protoc-gen-es's `_pb` files). */
  tsDir: string;
  /** Options understood by @bufbuild/protoplugin, kept for the TypeScript artifacts. */
  targets: ("ts" | "js" | "dts")[];
  importExtension: "none" | "js" | "ts";
  /** Conversion webhook Service (`namespace/name`) for CRDs whose versions differ; see src/emit/version-convert. */
  conversionService?: { namespace: string; name: string };
  conversionPath: string;
  conversionPort: number;
  /** cert-manager Certificate (`namespace/name`) whose CA is injected into the conversion webhook's caBundle. */
  certManagerCa?: string;
  /** Renames and moves for generated converters: `<crd>/<version>:<path in version>=<path in storage version>`. */
  conversionMoves: { crd: string; version: string; spoke: string[]; hub: string[] }[];
}

export const DEFAULT_OPTIONS: GeneratorOptions = {
  fieldNames: "json",
  int64: "int_or_string",
  enums: "names",
  enumUnspecified: "include",
  oneof: "cel",
  recursion: "unroll",
  recursionDepth: 3,
  descriptions: "full",
  maxDescLen: 0,
  emit: ["crd", "ts"],
  crdDir: "crds",
  tsDir: "",
  targets: ["js", "dts"],
  importExtension: "none",
  conversionPath: "/convert",
  conversionPort: 443,
  conversionMoves: [],
};

export class ParameterError extends Error {
  /** The message carries the rule name, like a diagnostic: `[parameter/invalid-value] invalid value …`. */
  constructor(
    readonly rule: "parameter/unknown-key" | "parameter/invalid-value",
    detail: string,
  ) {
    super(`[${rule}] ${detail}`);
    this.name = "ParameterError";
  }
}

/**
 * Keys that @bufbuild/protoplugin handles, with the values it accepts; checked here so that a bad value
 * fails the same way whatever the target (protoplugin sees them only when it transpiles).
 */
const PROTOPLUGIN_KEYS: Record<string, { expected: string; accepts: (value: string) => boolean }> = {
  js_import_style: { expected: "one of module, legacy_commonjs", accepts: (v) => v === "module" || v === "legacy_commonjs" },
  keep_empty_files: { expected: "true or false", accepts: isFlag },
  ts_nocheck: { expected: "true or false", accepts: isFlag },
  bootstrap_wkt: { expected: "true or false", accepts: isFlag },
  elide_plugin_version: { expected: "true or false", accepts: isFlag },
  rewrite_imports: { expected: "<pattern>:<target>", accepts: (v) => v.includes(":") },
  map_imports: { expected: "<pattern>:<target>", accepts: (v) => v.indexOf(":") >= 1 && !v.endsWith(":") },
};

function isFlag(value: string): boolean {
  return ["true", "1", "false", "0"].includes(value);
}

export function parseParameters(parameter: string): GeneratorOptions {
  const options: GeneratorOptions = { ...DEFAULT_OPTIONS, emit: [...DEFAULT_OPTIONS.emit], targets: [...DEFAULT_OPTIONS.targets], conversionMoves: [] };
  for (const raw of parameter.split(",")) {
    if (raw.trim() === "") continue;
    const eq = raw.indexOf("=");
    const key = (eq < 0 ? raw : raw.slice(0, eq)).trim();
    const value = (eq < 0 ? "" : raw.slice(eq + 1)).trim();
    switch (key) {
      case "field_names":
        options.fieldNames = oneOf(key, value, ["json", "proto"]);
        break;
      case "int64":
        options.int64 = oneOf(key, value, ["int_or_string", "integer", "string"]);
        break;
      case "enums":
        options.enums = oneOf(key, value, ["names", "names_and_numbers"]);
        break;
      case "enum_unspecified":
        options.enumUnspecified = oneOf(key, value, ["include", "exclude"]);
        break;
      case "oneof":
        options.oneof = oneOf(key, value, ["cel", "openapi", "none"]);
        break;
      case "recursion":
        options.recursion = oneOf(key, value, ["unroll", "error"]);
        break;
      case "recursion_depth":
        options.recursionDepth = wholeNumber(key, value, 1, 16);
        break;
      case "descriptions":
        options.descriptions = oneOf(key, value, ["full", "first_sentence", "none"]);
        break;
      case "max_desc_len":
        options.maxDescLen = wholeNumber(key, value, 0, 1_000_000);
        break;
      case "emit":
        options.emit = artifacts(value);
        break;
      case "crd_dir":
        options.crdDir = relativeFolder(key, value);
        break;
      case "ts_dir":
        options.tsDir = value === "" ? "" : relativeFolder(key, value);
        break;
      case "target":
        options.targets = targets(value);
        break;
      case "import_extension":
        // protoplugin's spellings: "" and ".js" / ".ts" too.
        options.importExtension = importExtension(value);
        break;
      case "conversion_service":
        options.conversionService = namespacedName(key, value);
        break;
      case "conversion_path":
        if (!/^\/[A-Za-z0-9._~/-]*$/.test(value)) throw new ParameterError("parameter/invalid-value", `invalid value "${value}" for plugin option "${key}": expected a URL path starting with /`);
        options.conversionPath = value;
        break;
      case "conversion_port":
        options.conversionPort = wholeNumber(key, value, 1, 65535);
        break;
      case "conversion_move":
        options.conversionMoves.push(conversionMove(key, value));
        break;
      case "cert_manager_ca": {
        const { namespace, name } = namespacedName(key, value);
        options.certManagerCa = `${namespace}/${name}`;
        break;
      }
      default: {
        const protoplugin = Object.hasOwn(PROTOPLUGIN_KEYS, key) ? PROTOPLUGIN_KEYS[key] : undefined;
        if (!protoplugin) {
          throw new ParameterError(
            "parameter/unknown-key",
            `unknown plugin option "${key}" (known: field_names, int64, enums, enum_unspecified, oneof, recursion, recursion_depth, descriptions, max_desc_len, emit, crd_dir, ts_dir, target, import_extension, conversion_service, conversion_path, conversion_port, conversion_move, cert_manager_ca, ${Object.keys(PROTOPLUGIN_KEYS).join(", ")})`,
          );
        }
        if (!protoplugin.accepts(value)) {
          throw new ParameterError("parameter/invalid-value", `invalid value "${value}" for plugin option "${key}": expected ${protoplugin.expected}`);
        }
      }
    }
  }
  return options;
}

function oneOf<const T extends string>(key: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ParameterError("parameter/invalid-value", `invalid value "${value}" for plugin option "${key}": expected one of ${allowed.join(", ")}`);
}

function importExtension(value: string): GeneratorOptions["importExtension"] {
  const normalized = value === "" ? "none" : value.replace(/^\./, "");
  return normalized === "none" || normalized === "js" || normalized === "ts" ? normalized : oneOf("import_extension", value, ["none", "js", "ts"]);
}

function wholeNumber(key: string, value: string, min: number, max: number): number {
  const n = /^[0-9]+$/.test(value) ? Number(value) : NaN;
  if (Number.isInteger(n) && n >= min && n <= max) return n;
  throw new ParameterError("parameter/invalid-value", `invalid value "${value}" for plugin option "${key}": expected a whole number from ${min} to ${max}`);
}

function relativeFolder(key: string, value: string): string {
  const clean = value.replace(/\/+$/, "");
  if (clean === "" || clean.startsWith("/") || clean.split("/").includes("..")) {
    throw new ParameterError("parameter/invalid-value", `invalid value "${value}" for plugin option "${key}": expected a relative folder inside the output directory`);
  }
  return clean;
}

function targets(value: string): ("ts" | "js" | "dts")[] {
  const result: ("ts" | "js" | "dts")[] = [];
  for (const t of value.split("+")) {
    const target = oneOf("target", t, ["ts", "js", "dts"]);
    if (!result.includes(target)) result.push(target);
  }
  return result;
}

function artifacts(value: string): ("crd" | "ts")[] {
  const result: ("crd" | "ts")[] = [];
  for (const a of value.split("+")) {
    const artifact = oneOf("emit", a, ["crd", "ts"]);
    if (!result.includes(artifact)) result.push(artifact);
  }
  return result;
}

function namespacedName(key: string, value: string): { namespace: string; name: string } {
  const label = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
  const match = new RegExp(`^(${label})/(${label})$`).exec(value);
  if (!match || match[1].length > 63 || match[3].length > 63) {
    throw new ParameterError("parameter/invalid-value", `invalid value "${value}" for plugin option "${key}": expected <namespace>/<name> (DNS labels)`);
  }
  return { namespace: match[1], name: match[3] };
}

/** `healthevents.example.com/v1alpha1:.spec.old.name=.spec.name` (paths as `.a.b`, `*` for items and map values). */
function conversionMove(key: string, value: string): GeneratorOptions["conversionMoves"][number] {
  const match = /^([a-z0-9.-]+)\/([a-z0-9]+):((?:\.[^.=]+)+)=((?:\.[^.=]+)+)$/.exec(value);
  if (!match) {
    throw new ParameterError("parameter/invalid-value", `invalid value "${value}" for plugin option "${key}": expected <crd name>/<version>:<.path.in.version>=<.path.in.storage.version>`);
  }
  const path = (text: string) => text.slice(1).split(".");
  return { crd: match[1], version: match[2], spoke: path(match[3]), hub: path(match[4]) };
}
