// crd-ts validate: checks manifests (a rendered chart, CRs in a repository) as the API server would,
// before they reach a cluster. Schemas come from CRD files (--crd, evaluated by src/crd-eval), from
// compiled generated validators (--validators), or by default from the CRD folder of the project's
// buf.gen.yaml (see project.ts). Documents of kinds without a schema (built-in kinds, CRDs not given) are
// skipped and counted, or with --strict-kinds reported.
import { type DocumentResult, OUTPUT_FORMATS, type OutputFormat, renderJson, renderJunit, renderText, type ValidationReport } from "./validate-report.js";
import { expandInputs, InputError, type ManifestDocument, readManifestFile } from "./manifest-files.js";
import { projectCrdDirs } from "./project.js";
import { combinedLookup, compiledValidatorsLookup, crdLookup, type DocumentContext, type ValidatorLookup } from "./validator-lookup.js";
import { checkUpdateFlags, type Subresource, updateContext } from "./validate-update.js";
import { KUBERNETES_VERSIONS } from "../cel/library/versions.js";

const USAGE = `Usage: crd-ts validate [options] <file|dir>...

Checks manifests (multi-document YAML or JSON; folders: every .yaml, .yml and .json file in them) as the
API server would: the OpenAPI schema, metadata, list-type uniqueness, unknown fields (which it would
prune) and CEL rules. Prints "file:line:column: path: message" per violation and a summary line; exits 1
if a document is invalid, 2 if an input cannot be read (missing, empty, not YAML or JSON).

Options:
  --crd <file|dir>       validate against these CustomResourceDefinitions (repeatable). Default: the CRD
                         folder(s) where buf.gen.yaml has protoc-gen-crd-ts write them (crd-ts init sets
                         this up), else charts/*/crds
  --validators <dir>     use compiled generated validators (*_crd_validate.js) below this folder (repeatable)
  --strict-kinds         report documents of kinds without a schema (built-in kinds, CRDs not given)
                         as invalid instead of skipping them
  --output <format>      text (default), json, or junit (JUnit XML for CI test reports)
  --old <file>           stored objects: a document with the same kind, namespace and name as one of
                         them is checked as an update of it (transition rules, ratcheting)
  --subresource <s>      with --old and --crd: each document is a write to the status (or scale) subresource
  --kubernetes-version <v>
                         with --crd: the CEL environment of that API server (1.28–1.34; default: the newest),
                         so rules using functions a version lacks fail as they would there
  -h, --help             show this text
`;

export interface ValidateArgs {
  crdPaths: string[];
  validatorDirs: string[];
  inputs: string[];
  output: OutputFormat;
  strictKinds: boolean;
  oldFile?: string;
  subresource?: string;
  kubernetesVersion?: string;
}

/** The command's flags: each takes a value or not, and records itself in the arguments. */
const FLAGS: Record<string, { value: true; apply(args: ValidateArgs, value: string): void } | { value: false; apply(args: ValidateArgs): void }> = {
  "--crd": { value: true, apply: (a, v) => a.crdPaths.push(v) },
  "--validators": { value: true, apply: (a, v) => a.validatorDirs.push(v) },
  "--strict-kinds": { value: false, apply: (a) => (a.strictKinds = true) },
  "--old": { value: true, apply: (a, v) => (a.oldFile = v) },
  "--subresource": { value: true, apply: (a, v) => (a.subresource = v) },
  "--kubernetes-version": {
    value: true,
    apply: (a, v) => {
      if (!(KUBERNETES_VERSIONS as readonly string[]).includes(v)) throw new Error(`--kubernetes-version must be one of ${KUBERNETES_VERSIONS.join(", ")}, got "${v}"`);
      a.kubernetesVersion = v;
    },
  },
  "--output": {
    value: true,
    apply: (a, v) => {
      if (!(OUTPUT_FORMATS as readonly string[]).includes(v)) throw new Error(`--output must be one of ${OUTPUT_FORMATS.join(", ")}, got "${v}"`);
      a.output = v as OutputFormat;
    },
  },
};

export function parseValidateArgs(argv: string[]): ValidateArgs | "help" {
  const args: ValidateArgs = { crdPaths: [], validatorDirs: [], inputs: [], output: "text", strictKinds: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "-h" || arg === "--help") return "help";
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const flag = FLAGS[name];
    if (flag === undefined) {
      if (arg.startsWith("-") && arg !== "-") throw new Error(`unknown option ${arg}`);
      args.inputs.push(arg);
    } else if (flag.value) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || value === "") throw new Error(`${name} needs a value`);
      flag.apply(args, value);
    } else {
      if (eq > 0) throw new Error(`${name} takes no value`);
      flag.apply(args);
    }
  }
  if (args.inputs.length === 0) throw new Error("no manifest files given");
  const updateProblem = checkUpdateFlags(args.oldFile, args.subresource, args.crdPaths.length > 0);
  if (updateProblem !== undefined) throw new Error(updateProblem);
  return args;
}

export async function validateCommand(argv: string[]): Promise<number> {
  let args: ValidateArgs | "help";
  try {
    args = parseValidateArgs(argv);
  } catch (e) {
    process.stderr.write(`crd-ts validate: ${(e as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (args === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  let lookup: ValidatorLookup;
  let contextFor: (document: unknown) => DocumentContext;
  try {
    lookup = await schemaLookup(args);
    const update = updateContext(args.oldFile, args.subresource as Subresource | undefined);
    contextFor = (document) => update.optionsFor(document);
  } catch (e) {
    process.stderr.write(`crd-ts validate: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  const report = validateInputs(args, lookup, contextFor);
  if (args.output === "json") process.stdout.write(renderJson(report));
  else if (args.output === "junit") process.stdout.write(renderJunit(report));
  else {
    const { stdout, stderr } = renderText(report);
    process.stdout.write(stdout);
    process.stderr.write(stderr);
  }
  if (report.inputErrors.length > 0) return 2;
  return report.documents.some((d) => d.status === "invalid") ? 1 : 0;
}

async function schemaLookup(args: ValidateArgs): Promise<ValidatorLookup> {
  const lookups: ValidatorLookup[] = [];
  if (args.crdPaths.length > 0) lookups.push(await crdLookup(args.crdPaths, args.crdPaths.join(", "), args.kubernetesVersion));
  if (args.validatorDirs.length > 0) lookups.push(await compiledValidatorsLookup(args.validatorDirs));
  if (lookups.length > 0) return combinedLookup(lookups);
  const { dirs, source } = projectCrdDirs(process.cwd());
  if (dirs.length === 0) {
    throw new InputError(`no CRDs to validate against: give --crd <file|dir> (looked in ${source}; run buf generate first?)`);
  }
  return crdLookup(dirs, dirs.join(", "), args.kubernetesVersion);
}

/** Validates every document of every input; unreadable inputs are recorded, not thrown. */
/** `contextFor` gives each document its stored object and subresource (--old, --subresource). */
export function validateInputs(args: ValidateArgs, lookup: ValidatorLookup, contextFor: (document: unknown) => DocumentContext = () => ({})): ValidationReport {
  const { files, errors } = expandInputs(args.inputs);
  const report: ValidationReport = { documents: [], inputErrors: errors.map((e) => e.message) };
  for (const file of files) {
    let documents: ManifestDocument[];
    try {
      documents = readManifestFile(file);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      report.inputErrors.push(e.message);
      continue;
    }
    for (const doc of documents) report.documents.push(validateDocument(doc, lookup, args.strictKinds, contextFor(doc.value)));
  }
  return report;
}

export function validateDocument(doc: ManifestDocument, lookup: ValidatorLookup, strictKinds: boolean, context: DocumentContext): DocumentResult {
  const result: DocumentResult = { file: doc.file, document: doc.index, ...doc.position, status: "valid", violations: [] };
  const fail = (path: string, message: string) => {
    result.status = "invalid";
    result.violations.push({ path, message, ...doc.locate(path) });
  };
  const value = doc.value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail("", "not an object: a manifest must be a mapping with apiVersion and kind");
    return result;
  }
  const { apiVersion, kind, metadata } = value as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown } };
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    fail("", "Object 'apiVersion' and 'Kind' must be strings set in the manifest");
    return result;
  }
  Object.assign(result, { apiVersion, kind });
  if (typeof metadata?.name === "string") result.name = metadata.name;
  const validator = lookup.find(apiVersion, kind);
  if (validator === undefined) {
    const group = apiVersion.includes("/") ? apiVersion.slice(0, apiVersion.lastIndexOf("/")) : "";
    // A kind of a group whose CRDs were given is a typo or a missing version, not a built-in kind.
    if (lookup.groups.has(group)) fail("", `no schema for apiVersion "${apiVersion}", kind "${kind}" among the CRDs of group "${group}"`);
    else if (strictKinds) fail("", `no schema for apiVersion "${apiVersion}", kind "${kind}" (--strict-kinds; give its CRD with --crd)`);
    else result.status = "skipped";
    return result;
  }
  for (const f of validator(value, context)) fail(f.path, f.message);
  return result;
}
