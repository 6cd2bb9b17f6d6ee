// `pattern` must compile as a Go regexp (RE2 syntax): lookarounds and backreferences that
// JavaScript accepts make the apiserver reject the whole CRD (crd-rules §A 10).
import { RE2JS } from "@bufbuild/re2";
import { invalid, problemAt } from "./field-error.js";
import type { Problem } from "./problem.js";
import type { SchemaNode } from "./schema-walk.js";

export function checkPattern({ schema, path }: SchemaNode, out: Problem[]): void {
  const pattern = schema.pattern;
  if (typeof pattern !== "string" || pattern === "") return;
  const error = re2CompileError(pattern);
  if (error !== undefined) {
    out.push(problemAt("structural/pattern-invalid", path, ["pattern"], invalid(pattern, `must be a valid regular expression, but isn't: ${error}`)));
  }
}

/** The RE2 parser's complaint about `pattern` (worded like Go's regexp package), or undefined if it compiles. */
export function re2CompileError(pattern: string): string | undefined {
  try {
    RE2JS.compile(pattern);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
