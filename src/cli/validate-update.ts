// crd-ts validate --old <file> and --subresource <status|scale>: each document becomes an update of the
// object with the same kind, namespace and name in the --old file (so transition rules and ratcheting
// apply), or a write to that object's subresource. Documents without a stored counterpart stay creates.
import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

export type Subresource = "status" | "scale";

export interface UpdateContext {
  /** The admission options for one document: its stored object and the subresource written. */
  optionsFor(document: unknown): { oldObject?: unknown; subresource?: Subresource };
}

/** The identity kubectl matches objects by (apiVersion may differ between the stored and the new form). */
function identity(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const { kind, metadata } = value as { kind?: unknown; metadata?: { name?: unknown; namespace?: unknown } };
  if (typeof kind !== "string" || typeof metadata?.name !== "string") return undefined;
  const namespace = typeof metadata.namespace === "string" && metadata.namespace !== "" ? metadata.namespace : "default";
  return `${kind}\n${namespace}\n${metadata.name}`;
}

/** Reads the --old file (multi-document YAML or JSON); throws when it cannot be parsed. */
export function updateContext(oldFile: string | undefined, subresource: Subresource | undefined): UpdateContext {
  const stored = new Map<string, unknown>();
  if (oldFile !== undefined) {
    for (const doc of parseAllDocuments(readFileSync(oldFile, "utf8"))) {
      if (doc.errors.length > 0) throw new Error(`${oldFile}: cannot parse: ${doc.errors[0].message.split("\n")[0].replace(/:$/, "")}`);
      const value: unknown = doc.toJS({ maxAliasCount: 100 });
      const key = identity(value);
      if (key !== undefined) stored.set(key, value);
    }
  }
  return {
    optionsFor(document) {
      const key = identity(document);
      const oldObject = key === undefined ? undefined : stored.get(key);
      return { ...(oldObject !== undefined ? { oldObject } : {}), ...(subresource !== undefined ? { subresource } : {}) };
    },
  };
}

/** Checks the values of --subresource and the flags that go with it; an error text or undefined. */
export function checkUpdateFlags(oldFile: string | undefined, subresource: string | undefined, withCrd: boolean): string | undefined {
  if (subresource !== undefined && subresource !== "status" && subresource !== "scale") return `--subresource must be status or scale, not ${JSON.stringify(subresource)}`;
  if (subresource !== undefined && oldFile === undefined) return "--subresource needs --old (a subresource write updates a stored object)";
  if (subresource !== undefined && !withCrd) return "--subresource needs --crd (the generated validators do not model subresources)";
  return undefined;
}
