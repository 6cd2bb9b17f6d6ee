// Reads the CRDs `crd-ts breaking` compares, from a file, a directory, or `<git ref>:<path>` (a file or
// a tree in that commit, read with `git cat-file` / `git ls-tree` / `git show`, like buf's `.git#ref`).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import type { CustomResourceDefinition } from "../schema/kubernetes.js";

export interface LoadedCrd {
  crd: CustomResourceDefinition;
  /** The file it came from, as the user would name it (`HEAD~1:generated/crds/x.yaml` for git). */
  file: string;
}

export class SourceError extends Error {}

const YAML_FILE = /\.(ya?ml|json)$/;

/** CRDs by metadata.name. A source that names the same CRD twice is an error. */
export function loadCrds(source: string, cwd = process.cwd()): Map<string, LoadedCrd> {
  const files = existsSync(join(cwd, source)) || existsSync(source) ? filesOnDisk(source, cwd) : filesInGit(source, cwd);
  const crds = new Map<string, LoadedCrd>();
  for (const { name, text } of files) {
    for (const crd of crdsIn(text, name)) {
      const key = crd.metadata?.name ?? `${crd.spec.names.plural}.${crd.spec.group}`;
      const other = crds.get(key);
      if (other) throw new SourceError(`${name}: CRD ${key} is also defined in ${other.file}`);
      crds.set(key, { crd, file: name });
    }
  }
  return crds;
}

function crdsIn(text: string, file: string): CustomResourceDefinition[] {
  const out: CustomResourceDefinition[] = [];
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) throw new SourceError(`${file}: ${document.errors[0].message}`);
    const value = document.toJS() as { kind?: string; spec?: unknown } | null;
    if (value?.kind !== "CustomResourceDefinition") continue;
    if (typeof value.spec !== "object" || value.spec === null) throw new SourceError(`${file}: CustomResourceDefinition without spec`);
    out.push(value as CustomResourceDefinition);
  }
  return out;
}

function filesOnDisk(source: string, cwd: string): { name: string; text: string }[] {
  const path = existsSync(join(cwd, source)) ? join(cwd, source) : source;
  if (!statSync(path).isDirectory()) return [{ name: source, text: readFileSync(path, "utf8") }];
  return readdirSync(path)
    .filter((name) => YAML_FILE.test(name))
    .sort()
    .map((name) => ({ name: join(source, name), text: readFileSync(join(path, name), "utf8") }));
}

function git(cwd: string, args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", maxBuffer: 256 * 1024 * 1024, stdio: ["ignore", "pipe", "pipe"] });
}

function filesInGit(source: string, cwd: string): { name: string; text: string }[] {
  const colon = source.indexOf(":");
  if (colon <= 0) throw new SourceError(`${source}: no such file or directory (for a git revision write <ref>:<path>)`);
  const ref = source.slice(0, colon);
  const path = source.slice(colon + 1).replace(/\/+$/, "");
  let type: string;
  try {
    type = git(cwd, ["cat-file", "-t", `${ref}:${path}`]).trim();
  } catch (e) {
    const reason = (e as { stderr?: string }).stderr?.trim().split("\n")[0] ?? String(e);
    throw new SourceError(`${source}: not found in git (${reason})`);
  }
  if (type === "blob") return [{ name: source, text: git(cwd, ["show", `${ref}:${path}`]) }];
  if (type !== "tree") throw new SourceError(`${source}: a git ${type}, not a file or directory`);
  return git(cwd, ["ls-tree", "--name-only", `${ref}:${path}`])
    .split("\n")
    .filter((name) => YAML_FILE.test(name))
    .sort()
    .map((name) => {
      const inRepo = path === "" ? name : `${path}/${name}`;
      return { name: `${ref}:${inRepo}`, text: git(cwd, ["show", `${ref}:${inRepo}`]) };
    });
}
