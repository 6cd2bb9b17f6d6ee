// Reading CRDs from YAML files (multi-document) or directories of them, as `--crd` names them.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import type { CustomResourceDefinition } from "../schema/kubernetes.js";

function yamlFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path)
    .filter((name) => /\.(ya?ml|json)$/.test(name))
    .sort()
    .map((name) => join(path, name));
}

export function readCrdFiles(paths: readonly string[]): CustomResourceDefinition[] {
  const crds: CustomResourceDefinition[] = [];
  for (const file of paths.flatMap(yamlFiles)) {
    for (const document of parseAllDocuments(readFileSync(file, "utf8"))) {
      if (document.errors.length > 0) throw new Error(`${file}: ${document.errors[0].message}`);
      const value = document.toJS() as { kind?: string } | null;
      if (value?.kind === "CustomResourceDefinition") crds.push(value as CustomResourceDefinition);
    }
  }
  return crds;
}
