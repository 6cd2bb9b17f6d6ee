// Runs generated validator source outside generated/: transpiled to JavaScript in a scratch folder whose
// node_modules links this package, so "protoc-gen-crd-ts/validation" and "/cel" resolve to dist/ as they
// would for a user (run `npm run -s build` first).
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";

export const ROOT = join(import.meta.dirname, "../../..");

export interface Violation {
  path: string;
  rule: string;
  message: string;
}

export type Validate = (obj: unknown, options?: { oldObject?: unknown; celRules?: boolean }) => Violation[];

let scratch: string | undefined;
let counter = 0;

/** Imports a generated `_crd_validate.ts` module from its source text. */
export async function loadValidatorModule(source: string): Promise<Record<string, unknown>> {
  if (scratch === undefined) {
    scratch = mkdtempSync(join(tmpdir(), "crd-ts-validators-"));
    mkdirSync(join(scratch, "node_modules"));
    symlinkSync(ROOT, join(scratch, "node_modules/protoc-gen-crd-ts"));
    writeFileSync(join(scratch, "package.json"), JSON.stringify({ type: "module" }));
  }
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const file = join(scratch, `validators-${counter++}.js`);
  writeFileSync(file, js);
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}
