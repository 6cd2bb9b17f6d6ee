// The string formats kube-apiserver validates, for code outside the engine (the CEL format library,
// tools that need the checks): the engine's own registry (src/crd-eval/formats.ts), not a second one.
import { formatCheck, normalizeFormat } from "../crd-eval/formats.js";

export type FormatTest = (value: string) => boolean;

/**
 * The checker for a format the apiserver validates ("date-time" and "datetime" alike), or undefined for
 * formats it ignores, "password" included (registered in strfmt, but it accepts every string).
 */
export function formatTest(format: string): FormatTest | undefined {
  return normalizeFormat(format) === "password" ? undefined : formatCheck(format);
}
