// Runs a generated validators module printed for target=js (our own printer, no TypeScript compiler)
// outside generated/: written to a scratch folder whose node_modules links this package, so
// "protoc-gen-crd-ts" resolves to dist/ as it would for a user (run `npm run -s build` first).
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

export const ROOT = join(import.meta.dirname, "../../..");

export interface Violation {
  path: string;
  rule: string;
  message: string;
}

export type Validate = (obj: unknown, options?: { oldObject?: unknown; celRules?: boolean }) => Violation[];

let scratch: string | undefined;
let counter = 0;

/** Imports a generated `_crd_validate.js` module from its source text. */
export async function loadValidatorModule(js: string): Promise<Record<string, unknown>> {
  if (scratch === undefined) {
    scratch = mkdtempSync(join(tmpdir(), "crd-ts-validators-"));
    mkdirSync(join(scratch, "node_modules"));
    symlinkSync(ROOT, join(scratch, "node_modules/protoc-gen-crd-ts"));
    writeFileSync(join(scratch, "package.json"), JSON.stringify({ type: "module" }));
  }
  const file = join(scratch, `validators-${counter++}.js`);
  writeFileSync(file, js);
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}
