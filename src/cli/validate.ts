// crd-ts validate: checks custom resource manifests as the API server would, before they reach a cluster.
// Without --crd it uses the validators generated for this project's resources (each
// `dist/generated/ts/**/*_crd_validate.js` exports a `resourceValidators` table); with --crd it evaluates
// the given CRD files directly (src/crd-eval), so any CRD works.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { checkUpdateFlags, type Subresource, type UpdateContext, updateContext } from "./validate-update.js";

const USAGE = `Usage: crd-ts validate [--crd <file|dir>]... [--old <file>] [--subresource status|scale] <manifest.yaml|json>...

Checks custom resource manifests (multi-document YAML or JSON) as the API server would: the OpenAPI
schema, metadata, list-type uniqueness, unknown fields (which it would prune) and CEL rules.
Prints "file:document: path: message" per violation; exits 1 if any document is invalid.

Options:
  --crd <file|dir>   validate against these CustomResourceDefinitions (YAML/JSON files, or folders
                     of them) instead of the validators generated for this project's resources
  --old <file>       stored objects: a document with the same kind, namespace and name as one of
                     them is checked as an update of it (transition rules, ratcheting)
  --subresource s    with --old and --crd: each document is a write to the status (or scale) subresource
  -h, --help         show this text
`;

/** One problem with a document, already worded; `path` is "" for the document as a whole. */
interface Finding {
  path: string;
  message: string;
}

type DocumentValidator = (obj: unknown) => Finding[];

/** Finds the validator for a document's apiVersion and kind, or explains why there is none. */
type ValidatorLookup = (apiVersion: string, kind: string) => DocumentValidator | string;

export async function validateCommand(args: string[]): Promise<number> {
  const crdPaths: string[] = [];
  const files: string[] = [];
  let oldFile: string | undefined;
  let subresource: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "-h" || arg === "--help") {
      process.stdout.write(USAGE);
      return 0;
    }
    if (arg === "--crd" || arg.startsWith("--crd=")) {
      const value = arg === "--crd" ? args[++i] : arg.slice("--crd=".length);
      if (value === undefined || value === "") return usage("--crd needs a file or folder");
      crdPaths.push(value);
    } else if (arg === "--old" || arg === "--subresource") {
      const value = args[++i];
      if (value === undefined || value === "") return usage(`${arg} needs a value`);
      if (arg === "--old") oldFile = value;
      else subresource = value;
    } else if (arg.startsWith("-") && arg !== "-") {
      return usage(`unknown option ${arg}`);
    } else {
      files.push(arg);
    }
  }
  if (files.length === 0) return usage("no manifest files given");
  const flagProblem = checkUpdateFlags(oldFile, subresource, crdPaths.length > 0);
  if (flagProblem !== undefined) return usage(flagProblem);

  let lookup: ValidatorLookup;
  try {
    const update = updateContext(oldFile, subresource as Subresource | undefined);
    lookup = crdPaths.length > 0 ? await crdLookup(crdPaths, update) : await generatedLookup(update);
  } catch (e) {
    process.stderr.write(`crd-ts validate: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }

  let invalid = false;
  for (const file of files) {
    let documents: { index: number; value: unknown; error?: string }[];
    try {
      documents = readDocuments(file);
    } catch (e) {
      process.stderr.write(`crd-ts validate: ${file}: ${e instanceof Error ? e.message : String(e)}\n`);
      return 2;
    }
    for (const { index, value, error } of documents) {
      const findings = error !== undefined ? [{ path: "", message: error }] : validateDocument(value, lookup);
      if (findings.length > 0) invalid = true;
      for (const f of findings) process.stdout.write(`${file}:${index}: ${f.path === "" ? "" : `${f.path}: `}${f.message}\n`);
    }
  }
  return invalid ? 1 : 0;
}

function usage(problem: string): number {
  process.stderr.write(`crd-ts validate: ${problem}\n\n${USAGE}`);
  return 2;
}

function validateDocument(value: unknown, lookup: ValidatorLookup): Finding[] {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return [{ path: "", message: "not an object: a manifest must be a mapping with apiVersion and kind" }];
  }
  const { apiVersion, kind } = value as { apiVersion?: unknown; kind?: unknown };
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    return [{ path: "", message: "Object 'apiVersion' and 'Kind' must be strings set in the manifest" }];
  }
  const validator = lookup(apiVersion, kind);
  return typeof validator === "string" ? [{ path: "", message: validator }] : validator(value);
}

/** The documents of a YAML (multi-document) or JSON file, numbered from 0; empty documents are skipped. */
function readDocuments(file: string): { index: number; value: unknown; error?: string }[] {
  const text = readFileSync(file, "utf8");
  const out: { index: number; value: unknown; error?: string }[] = [];
  parseAllDocuments(text).forEach((doc, index) => {
    if (doc.errors.length > 0) {
      out.push({ index, value: undefined, error: `cannot parse: ${doc.errors[0].message.split("\n")[0].replace(/:$/, "")}` });
      return;
    }
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value !== null && value !== undefined) out.push({ index, value });
  });
  return out;
}

/** The generated validators, found next to this command in the build output. */
async function generatedLookup(update: UpdateContext): Promise<ValidatorLookup> {
  interface Table {
    resourceValidators?: readonly { apiVersion: string; kind: string; validate(obj: unknown, options?: { oldObject?: unknown }): { path: string; message: string }[] }[];
  }
  const root = fileURLToPath(new URL("../../generated/ts/", import.meta.url));
  const byKey = new Map<string, DocumentValidator>();
  for (const file of listFiles(root, (name) => name.endsWith("_crd_validate.js"))) {
    const module = (await import(new URL(`file://${file}`).href)) as Table;
    for (const r of module.resourceValidators ?? []) {
      byKey.set(`${r.apiVersion}\n${r.kind}`, (obj) => r.validate(obj, update.optionsFor(obj)).map(({ path, message }) => ({ path, message })));
    }
  }
  return (apiVersion, kind) =>
    byKey.get(`${apiVersion}\n${kind}`) ??
    `no generated validator for apiVersion "${apiVersion}", kind "${kind}" (use --crd to validate against a CRD file)`;
}

/** The shape of src/crd-eval, loaded only when --crd is given. */
interface CrdEvaluator {
  compileCrd(crd: unknown): {
    version(name: string): { admit(obj: unknown, options?: object): { errors: { field: string; message: string }[]; warnings: string[] } } | undefined;
  };
}

async function crdLookup(paths: string[], update: UpdateContext): Promise<ValidatorLookup> {
  const evaluatorModule = "../crd-eval/index.js";
  const { compileCrd } = (await import(evaluatorModule)) as CrdEvaluator;
  const byKey = new Map<string, DocumentValidator>();
  for (const path of paths) {
    const files = statSync(path).isDirectory() ? listFiles(path, (name) => /\.(ya?ml|json)$/.test(name)) : [path];
    for (const file of files) {
      for (const { value } of readDocuments(file)) {
        const crd = value as { kind?: unknown; spec?: { group?: string; names?: { kind?: string }; versions?: { name: string }[] } };
        if (crd?.kind !== "CustomResourceDefinition" || !crd.spec?.names?.kind) continue;
        const compiled = compileCrd(crd);
        for (const version of crd.spec.versions ?? []) {
          const validator = compiled.version(version.name);
          if (validator === undefined) continue;
          // admit: prune (reported like the generated validators report unknown fields), default, validate.
          byKey.set(`${crd.spec.group}/${version.name}\n${crd.spec.names.kind}`, (obj) => {
            const { errors, warnings } = validator.admit(obj, update.optionsFor(obj));
            const pruned = warnings.flatMap((w) => {
              const m = /^unknown field "(.*)"$/.exec(w);
              return m ? [{ path: m[1], message: w }] : [];
            });
            const invalid = errors.map((e) => {
              const prefix = `${e.field}: `;
              return { path: e.field === "<nil>" ? "" : e.field, message: e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message };
            });
            return [...invalid, ...pruned];
          });
        }
      }
    }
  }
  if (byKey.size === 0) throw new Error(`no CustomResourceDefinition found in ${paths.join(", ")}`);
  return (apiVersion, kind) => byKey.get(`${apiVersion}\n${kind}`) ?? `no CRD given for apiVersion "${apiVersion}", kind "${kind}"`;
}

/** Files below `dir` (recursively) whose name passes `accept`, sorted. */
function listFiles(dir: string, accept: (name: string) => boolean): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (accept(entry.name)) out.push(full);
    }
  };
  walk(dir);
  return out.sort();
}
