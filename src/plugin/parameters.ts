// Plugin parameters (`opt:` in buf.gen.yaml, `--crd-ts_opt` with protoc), parsed once into a typed object.
import { DEFAULT_KUBERNETES_VERSION, KUBERNETES_VERSIONS, type KubernetesVersion } from "../cel/library/versions.js";

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
  oneof: "auto" | "cel" | "openapi" | "none";
  /** What to do with a message that contains itself. */
  recursion: "unroll" | "error";
  /**
   * How many times a message may appear on one path before it becomes an opaque object; `auto`: as many
   * as keep each version's schema within `sizeTarget`.
   */
  recursionDepth: number | "auto";
  /** recursion_depth=auto: the JSON size, in bytes, a version's schema may grow to by unrolling recursion. */
  sizeTarget: number;
  descriptions: "full" | "first_sentence" | "none";
  /** google.protobuf.Duration in the CRD: protojson's seconds ("1.5s") or Go/Kubernetes durations ("1h30m"). */
  durations: "protojson" | "go";
  /** Longest description kept, in characters; 0 = no limit. */
  maxDescLen: number;
  /** Which artifacts to write: CRD YAML, TypeScript (types, validators, converters), RBAC roles, a Helm chart, a kustomization. */
  emit: Artifact[];
  /** Folder, relative to the plugin's out, for CRD files. */
  crdDir: string;
  /** Folder, relative to the plugin's out, for TypeScript files (next to protoc-gen-es's `_pb` files). */
  tsDir: string;
  /** Options understood by @bufbuild/protoplugin, kept for the TypeScript artifacts. */
  targets: ("ts" | "js" | "dts")[];
  importExtension: "none" | "js" | "ts";
  /** Folder of templates for RBAC, chart and kustomization files; "" = the templates/ shipped with the plugin. */
  templateDir: string;
  /** Folder, relative to the plugin's out, for RBAC files (emit=rbac or kustomize). */
  rbacDir: string;
  /** With emit=chart: CRDs in the chart's crds/ (Helm installs them once) or in templates/ (upgraded, kept on uninstall). */
  crdPlacement: "crds" | "templates";
  /** With emit=chart: Chart.yaml name ("" = the first label of the first resource's group), version and appVersion ("" = version). */
  chartName: string;
  chartVersion: string;
  chartAppVersion: string;
  /** File, relative to the plugin's out, listing each vocabulary rule and where it is enforced ("" = none). */
  enforcementReport: string;
  /** The Kubernetes version whose CEL environment x-kubernetes-validations rules are checked against. */
  kubernetesVersion: KubernetesVersion;
  /** Conversion webhook Service (`namespace/name`) for CRDs whose versions differ; see src/emit/version-convert. */
  conversionService?: { namespace: string; name: string };
  conversionPath: string;
  conversionPort: number;
  /** cert-manager Certificate (`namespace/name`) whose CA is injected into the conversion webhook's caBundle. */
  certManagerCa?: string;
  /** Renames and moves for generated converters: `<crd>/<version>:<path in version>=<path in storage version>`. */
  conversionMoves: { crd: string; version: string; spoke: string[]; hub: string[] }[];
}

export type Artifact = "crd" | "ts" | "rbac" | "chart" | "kustomize";

export const DEFAULT_OPTIONS: GeneratorOptions = {
  fieldNames: "json",
  int64: "int_or_string",
  enums: "names",
  enumUnspecified: "include",
  oneof: "auto",
  recursion: "unroll",
  recursionDepth: "auto",
  sizeTarget: 256 * 1024,
  descriptions: "full",
  durations: "protojson",
  maxDescLen: 0,
  emit: ["crd", "ts"],
  crdDir: "crds",
  tsDir: "",
  targets: ["js", "dts"],
  importExtension: "none",
  templateDir: "",
  rbacDir: "rbac",
  crdPlacement: "crds",
  chartName: "",
  chartVersion: "0.1.0",
  chartAppVersion: "",
  enforcementReport: "",
  kubernetesVersion: DEFAULT_KUBERNETES_VERSION,
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
        options.oneof = oneOf(key, value, ["auto", "cel", "openapi", "none"]);
        break;
      case "kubernetes_version":
        options.kubernetesVersion = oneOf(key, value, [...KUBERNETES_VERSIONS]);
        break;
      case "recursion":
        options.recursion = oneOf(key, value, ["unroll", "error"]);
        break;
      case "recursion_depth":
        options.recursionDepth = value === "auto" ? "auto" : wholeNumber(key, value, 1, 16, "auto or ");
        break;
      case "size_target":
        options.sizeTarget = wholeNumber(key, value, 1024, 64 * 1024 * 1024);
        break;
      case "durations":
        options.durations = oneOf(key, value, ["protojson", "go"]);
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
      case "template_dir":
        if (value === "") throw new ParameterError("parameter/invalid-value", `invalid value "" for plugin option "template_dir": expected a folder of templates`);
        options.templateDir = value;
        break;
      case "rbac_dir":
        options.rbacDir = relativeFolder(key, value);
        break;
      case "crd_placement":
        options.crdPlacement = oneOf(key, value, ["crds", "templates"]);
        break;
      case "chart_name":
        options.chartName = matching(key, value, CHART_NAME, "a chart name: lowercase letters, digits and dashes");
        break;
      case "chart_version":
        options.chartVersion = matching(key, value, SEMVER, "a SemVer 2 version such as 1.2.3");
        break;
      case "chart_app_version":
        options.chartAppVersion = matching(key, value, /^\S+$/, "a version without spaces");
        break;
      case "enforcement_report":
        options.enforcementReport = relativeFile(key, value);
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
            `unknown plugin option "${key}" (known: field_names, int64, enums, enum_unspecified, oneof, recursion, recursion_depth, size_target, durations, descriptions, max_desc_len, emit, crd_dir, ts_dir, target, import_extension, kubernetes_version, enforcement_report, template_dir, rbac_dir, crd_placement, chart_name, chart_version, chart_app_version, conversion_service, conversion_path, conversion_port, conversion_move, cert_manager_ca, ${Object.keys(PROTOPLUGIN_KEYS).join(", ")})`,
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

function wholeNumber(key: string, value: string, min: number, max: number, or = ""): number {
  const n = /^[0-9]+$/.test(value) ? Number(value) : NaN;
  if (Number.isInteger(n) && n >= min && n <= max) return n;
  throw new ParameterError("parameter/invalid-value", `invalid value "${value}" for plugin option "${key}": expected ${or}a whole number from ${min} to ${max}`);
}

function relativeFolder(key: string, value: string): string {
  const clean = value.replace(/\/+$/, "");
  if (clean === "" || clean.startsWith("/") || clean.split("/").includes("..")) {
    throw new ParameterError("parameter/invalid-value", `invalid value "${value}" for plugin option "${key}": expected a relative folder inside the output directory`);
  }
  return clean;
}

function relativeFile(key: string, value: string): string {
  if (value === "" || value.endsWith("/") || value.startsWith("/") || value.split("/").includes("..")) {
    throw new ParameterError("parameter/invalid-value", `invalid value "${value}" for plugin option "${key}": expected a file name relative to the output directory, e.g. enforcement.md or enforcement.tsv`);
  }
  return value;
}

function targets(value: string): ("ts" | "js" | "dts")[] {
  const result: ("ts" | "js" | "dts")[] = [];
  for (const t of value.split("+")) {
    const target = oneOf("target", t, ["ts", "js", "dts"]);
    if (!result.includes(target)) result.push(target);
  }
  return result;
}

/** Helm's chart names (helm lint: lowercase letters, digits and dashes) and SemVer 2 versions (Chart.yaml `version`). */
const CHART_NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?(\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?$/;

function matching(key: string, value: string, pattern: RegExp, expected: string): string {
  if (pattern.test(value)) return value;
  throw new ParameterError("parameter/invalid-value", `invalid value "${value}" for plugin option "${key}": expected ${expected}`);
}

function artifacts(value: string): Artifact[] {
  const result: Artifact[] = [];
  for (const a of value.split("+")) {
    const artifact = oneOf("emit", a, ["crd", "ts", "rbac", "chart", "kustomize"]);
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
