// Every rule name the generator can report is exercised by a test that expects it:
// - a must-fail fixture whose expected.txt contains `[rule]` (test/fixtures/must-fail/*),
// - a golden fixture that expects it as a warning (test/fixtures/golden/*/expected/warnings.txt),
// - or, for a rule no .proto can trigger (the generator never emits such a CRD), a unit test that
//   expects the problem: `error("rule"` / `warning("rule"` (test/check) or `rule === "rule"` (any test).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT } from "../harness/compile.js";

const PREFIXES = [
  "structural",
  "schema",
  "topology",
  "crd",
  "printer-column",
  "selectable-field",
  "cel",
  "option",
  "resource",
  "recursion",
  "parameter",
  "size",
];
const RULE = String.raw`(?:${PREFIXES.join("|")})/[a-z0-9-]+`;
/** A rule name as a string literal in the source. */
const RULE_IN_SOURCE = new RegExp(`"(${RULE})"`, "g");
/** A rule name as the generator prints it: `error [rule]` or `warning [rule]`. */
const RULE_PRINTED = new RegExp(`\\[(${RULE})\\]`, "g");
/** A rule name as the first argument of an expected problem, `error("…"` or `warning("…"`. */
const RULE_EXPECTED = new RegExp(`(?:error|warning)\\(\\s*"(${RULE})"`, "g");
/** A rule name compared with a diagnostic's rule, `rule === "…"`. */
const RULE_COMPARED = new RegExp(`rule === "(${RULE})"`, "g");

/** Where the generator decides on problems: the schema builder, the plugin and the self-checks. */
const SOURCE_DIRS = ["src/schema", "src/plugin", "src/check", "src/cel", "src/emit/version-convert"];

function filesBelow(dir: string, keep: (file: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    return e.isDirectory() ? filesBelow(path, keep) : keep(path) ? [path] : [];
  });
}

/** Rule name → the files (relative to the repository) it occurs in. */
function rulesIn(files: string[], pattern: RegExp): Map<string, string[]> {
  const rules = new Map<string, string[]>();
  for (const file of files) {
    for (const match of readFileSync(file, "utf8").matchAll(pattern)) {
      const list = rules.get(match[1]) ?? [];
      if (!list.includes(relative(ROOT, file))) list.push(relative(ROOT, file));
      rules.set(match[1], list);
    }
  }
  return rules;
}

const sourceRules = rulesIn(
  SOURCE_DIRS.flatMap((dir) => filesBelow(join(ROOT, dir), (f) => f.endsWith(".ts"))),
  RULE_IN_SOURCE,
);
const mustFail = rulesIn(
  filesBelow(join(ROOT, "test/fixtures/must-fail"), (f) => f.endsWith("/expected.txt")),
  RULE_PRINTED,
);
const goldenWarnings = rulesIn(
  filesBelow(join(ROOT, "test/fixtures/golden"), (f) => f.endsWith("/expected/warnings.txt")),
  RULE_PRINTED,
);
const unitTests = new Map([
  ...rulesIn(filesBelow(join(ROOT, "test/check"), (f) => f.endsWith(".test.ts")), RULE_EXPECTED),
  ...rulesIn(filesBelow(join(ROOT, "test"), (f) => f.endsWith(".test.ts") && !f.endsWith("rule-coverage.test.ts")), RULE_COMPARED),
]);

describe("rule coverage", () => {
  it("finds the rules in the source", () => {
    // Guards the patterns above: if the source changed how rules are written, this test would pass vacuously.
    expect(sourceRules.size).toBeGreaterThan(100);
    for (const rule of ["option/wrong-type", "resource/status-field", "recursion/cycle", "parameter/invalid-value", "structural/type-required"]) {
      expect(sourceRules.has(rule), rule).toBe(true);
    }
  });

  it("every rule has a must-fail fixture, a golden warning or a unit test that expects it", () => {
    const untested = [...sourceRules.keys()].filter((rule) => !mustFail.has(rule) && !goldenWarnings.has(rule) && !unitTests.has(rule));
    expect(untested.sort().map((rule) => `${rule} (${sourceRules.get(rule)!.join(", ")})`)).toEqual([]);
  });

  it("every rule a fixture expects exists in the source", () => {
    // A fixture for a renamed or removed rule would otherwise go on passing for the wrong reason.
    const unknown = [...mustFail.keys(), ...goldenWarnings.keys()].filter((rule) => !sourceRules.has(rule));
    expect([...new Set(unknown)].sort()).toEqual([]);
  });

  it("every rule the generator can report from a .proto has a must-fail fixture or golden warning", () => {
    // The rules the schema builder and the plugin report come straight from the .proto and its options:
    // a unit test on a hand-made CRD is not enough for them.
    const fromProto = [...sourceRules.entries()]
      .filter(([, files]) => files.some((f) => f.startsWith("src/schema/") || f.startsWith("src/plugin/")))
      .map(([rule]) => rule);
    expect(fromProto.filter((rule) => !mustFail.has(rule) && !goldenWarnings.has(rule)).sort()).toEqual(["size/client-side-apply"]);
  });
});
