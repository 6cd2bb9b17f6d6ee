// Manifest files as crd-ts validate reads them: files and folders expanded, each file's YAML (or JSON)
// documents with the position of every node, and problems that make a file unusable as input.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseAllDocuments } from "yaml";

/** A 1-based line and column. */
export interface Position {
  line: number;
  column: number;
}

export interface ManifestDocument {
  file: string;
  /** 0-based index among the file's documents (empty documents count). */
  index: number;
  value: unknown;
  /** Where the document starts. */
  position: Position;
  /** The position of a field path (`spec.items[0].name`, `metadata.labels[a.b]`), or of its nearest existing parent. */
  locate(path: string): Position;
}

/** An input that cannot be validated at all: one line for the user, exit code 2. */
export class InputError extends Error {}

const MANIFEST_FILE = /\.(ya?ml|json)$/;

/** The files named by `inputs`: files as given, folders expanded to their .yaml/.yml/.json files (recursively, sorted). */
export function expandInputs(inputs: string[]): { files: string[]; errors: InputError[] } {
  const files: string[] = [];
  const errors: InputError[] = [];
  for (const input of inputs) {
    let stat;
    try {
      stat = statSync(input);
    } catch {
      errors.push(new InputError(`${input}: no such file or folder`));
      continue;
    }
    if (!stat.isDirectory()) {
      files.push(input);
      continue;
    }
    const found = listFiles(input, (name) => MANIFEST_FILE.test(name));
    if (found.length === 0) errors.push(new InputError(`${input}: folder has no .yaml, .yml or .json files`));
    files.push(...found);
  }
  return { files, errors };
}

/** The documents of a manifest file; throws InputError when the file is unreadable, empty, or not YAML/JSON manifests. */
export function readManifestFile(file: string): ManifestDocument[] {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new InputError(`${file}: cannot read: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  if (text.includes("\u0000")) throw new InputError(`${file}: not a YAML or JSON file (binary content)`);
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter });
  const list = Array.isArray(documents) ? documents : [];
  const at = (offset: number): Position => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  for (const doc of list) {
    if (doc.errors.length > 0) {
      const error = doc.errors[0];
      const { line, column } = at(error.pos[0]);
      throw new InputError(`${file}:${line}:${column}: not valid YAML: ${error.message.split("\n")[0].replace(/ at line \d+, column \d+:?$/, "").replace(/:$/, "")}`);
    }
  }
  const out: ManifestDocument[] = [];
  list.forEach((doc, index) => {
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) return;
    const start = doc.contents?.range?.[0] ?? doc.range[0];
    out.push({ file, index, value, position: at(start), locate: (path) => at(offsetOf(doc, path)) });
  });
  if (out.length === 0) throw new InputError(`${file}: empty: no YAML or JSON document in it`);
  if (out.every((d) => typeof d.value !== "object" || Array.isArray(d.value))) {
    throw new InputError(`${file}: not a manifest: expected YAML or JSON objects with apiVersion and kind`);
  }
  return out;
}

/**
 * The segments of a field path as Kubernetes prints them: names separated by dots, `[n]` list indexes,
 * `[key]` map keys (which may contain dots).
 */
export function pathSegments(path: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < path.length) {
    if (path[i] === "[") {
      const end = path.indexOf("]", i);
      if (end < 0) break;
      out.push(path.slice(i + 1, end));
      i = end + 1;
    } else if (path[i] === ".") {
      i++;
    } else {
      let end = i;
      while (end < path.length && path[end] !== "." && path[end] !== "[") end++;
      out.push(path.slice(i, end));
      i = end;
    }
  }
  return out;
}

/** The source offset of the node at `path` (the key of a map entry), or of its nearest existing parent. */
function offsetOf(doc: Document.Parsed, path: string): number {
  let node = doc.contents as Node | null;
  let offset = node?.range?.[0] ?? doc.range[0];
  for (const segment of pathSegments(path)) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && (isScalar(p.key) ? String(p.key.value) : String(p.key)) === segment);
      if (pair === undefined) break;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value as Node | null;
    } else if (isSeq(node) && /^\d+$/.test(segment) && Number(segment) < node.items.length) {
      node = node.items[Number(segment)] as Node | null;
      offset = node?.range?.[0] ?? offset;
    } else break;
  }
  return offset;
}

/** Files below `dir` (recursively) whose name passes `accept`, sorted. */
export function listFiles(dir: string, accept: (name: string) => boolean): string[] {
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
