// Every rule name the self-check can report is asserted by at least one failing case in test/check.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { ROOT } from "../harness/compile.js";

const RULE = String.raw`(?:structural|schema|topology|crd|printer-column|selectable-field)/[a-z0-9-]+`;
/** A rule name anywhere in the source. */
const RULE_IN_SOURCE = new RegExp(`"(${RULE})"`, "g");
/** A rule name as the first argument of an expected problem, `error("…"` or `warning("…"`. */
const RULE_EXPECTED = new RegExp(`(?:error|warning)\\(\\s*"(${RULE})"`, "g");

function namesIn(dir: string, fileFilter: (name: string) => boolean, pattern: RegExp): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(dir).filter(fileFilter)) {
    for (const match of readFileSync(join(dir, file), "utf8").matchAll(pattern)) names.add(match[1]);
  }
  return names;
}

it("every rule has a test that expects it", () => {
  const rules = namesIn(join(ROOT, "src/check"), (f) => f.endsWith(".ts"), RULE_IN_SOURCE);
  const tested = namesIn(join(ROOT, "test/check"), (f) => f.endsWith(".test.ts"), RULE_EXPECTED);
  expect(rules.size).toBeGreaterThan(50);
  expect([...rules].filter((rule) => !tested.has(rule)).sort()).toEqual([]);
});
