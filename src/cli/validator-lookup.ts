// What crd-ts validate checks a document against: CRD files evaluated by src/crd-eval, or compiled
// generated validators (`*_crd_validate.js` modules, each exporting a `resourceValidators` table).
import { statSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { InputError, listFiles, readManifestFile } from "./manifest-files.js";

/** One problem with a document, already worded; `path` is "" for the document as a whole. */
export interface Finding {
  path: string;
  message: string;
}

/** What a validator may be told besides the object (room for more, e.g. the old object of an update). */
export interface DocumentContext {
  oldObject?: unknown;
  /** A write to this subresource of oldObject (crd-eval only; the generated validators do not model subresources). */
  subresource?: "status" | "scale";
}

export type DocumentValidator = (obj: unknown, context: DocumentContext) => Finding[];

/** The validators by apiVersion and kind, and where they came from (for messages). */
export interface ValidatorLookup {
  find(apiVersion: string, kind: string): DocumentValidator | undefined;
  readonly kinds: number;
  /** The API groups it has kinds of ("" for the core group). */
  readonly groups: ReadonlySet<string>;
  readonly source: string;
}

const groupsOf = (keys: Iterable<string>) => new Set([...keys].map((k) => k.slice(0, k.indexOf("\n")).replace(/\/?[^/]*$/, "")));

const key = (apiVersion: string, kind: string) => `${apiVersion}\n${kind}`;

/** The shape of src/crd-eval, loaded only when CRDs are evaluated. */
interface CrdEvaluator {
  compileCrd(crd: unknown, options?: { kubernetesVersion?: string }): {
    version(name: string):
      | { admit(obj: unknown, options?: { oldObject?: unknown }): { errors: { field: string; message: string }[]; warnings: string[] } }
      | undefined;
  };
}

/** Validators from the CustomResourceDefinitions in `paths` (files or folders of .yaml/.yml/.json). */
export async function crdLookup(paths: string[], source: string, kubernetesVersion?: string): Promise<ValidatorLookup> {
  const evaluatorModule = "../crd-eval/index.js";
  const { compileCrd } = (await import(evaluatorModule)) as CrdEvaluator;
  const { apiserverRejections } = await import("../check/apiserver-rules.js");
  const byKey = new Map<string, DocumentValidator>();
  for (const path of paths) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch {
      throw new InputError(`${path}: no such file or folder`);
    }
    const files = isDirectory ? listFiles(path, (name) => /\.(ya?ml|json)$/.test(name)) : [path];
    for (const file of files) {
      for (const { value } of readManifestFile(file)) {
        const crd = value as { kind?: unknown; spec?: { group?: string; names?: { kind?: string }; versions?: { name: string }[] } };
        if (crd?.kind !== "CustomResourceDefinition" || !crd.spec?.names?.kind) continue;
        // Accept exactly the CRDs kube-apiserver would create.
        const rejected = apiserverRejections(crd as Parameters<typeof apiserverRejections>[0], kubernetesVersion as Parameters<typeof apiserverRejections>[1]);
        if (rejected.length > 0) throw new InputError(`${file}: kube-apiserver would reject this CustomResourceDefinition: ${rejected.map((p) => `[${p.rule}] ${p.message}`).join("; ")}`);
        const compiled = compileCrd(crd, { kubernetesVersion });
        for (const version of crd.spec.versions ?? []) {
          const validator = compiled.version(version.name);
          if (validator === undefined) continue;
          // admit: prune (reported like the generated validators report unknown fields), default, validate.
          byKey.set(key(`${crd.spec.group}/${version.name}`, crd.spec.names.kind), (obj, context) => {
            const { errors, warnings } = validator.admit(obj, context);
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
  if (byKey.size === 0) throw new InputError(`no CustomResourceDefinition found in ${paths.join(", ")}`);
  return { find: (apiVersion, kind) => byKey.get(key(apiVersion, kind)), kinds: byKey.size, groups: groupsOf(byKey.keys()), source };
}

interface ValidatorTable {
  resourceValidators?: readonly {
    apiVersion: string;
    kind: string;
    validate(obj: unknown, options?: { oldObject?: unknown }): { path: string; message: string }[];
  }[];
}

/** Validators from compiled `*_crd_validate.js` modules below the folders `dirs`. */
export async function compiledValidatorsLookup(dirs: string[]): Promise<ValidatorLookup> {
  const byKey = new Map<string, DocumentValidator>();
  for (const dir of dirs) {
    let files: string[];
    try {
      files = listFiles(dir, (name) => name.endsWith("_crd_validate.js"));
    } catch {
      throw new InputError(`${dir}: no such folder`);
    }
    for (const file of files) {
      const module = (await import(pathToFileURL(file).href)) as ValidatorTable;
      for (const r of module.resourceValidators ?? []) {
        byKey.set(key(r.apiVersion, r.kind), (obj, context) =>
          r.validate(obj, context.oldObject === undefined ? undefined : { oldObject: context.oldObject }).map(({ path, message }) => ({ path, message })),
        );
      }
    }
  }
  if (byKey.size === 0) throw new InputError(`no compiled validators (*_crd_validate.js with resourceValidators) found in ${dirs.join(", ")}`);
  return { find: (apiVersion, kind) => byKey.get(key(apiVersion, kind)), kinds: byKey.size, groups: groupsOf(byKey.keys()), source: dirs.join(", ") };
}

/** Both kinds of lookup at once: the first that knows a kind answers. */
export function combinedLookup(lookups: ValidatorLookup[]): ValidatorLookup {
  return {
    find: (apiVersion, kind) => lookups.map((l) => l.find(apiVersion, kind)).find((v) => v !== undefined),
    kinds: lookups.reduce((n, l) => n + l.kinds, 0),
    groups: new Set(lookups.flatMap((l) => [...l.groups])),
    source: lookups.map((l) => l.source).join("; "),
  };
}
