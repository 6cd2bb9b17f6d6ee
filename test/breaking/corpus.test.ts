// The crd-ts breaking corpus: test/fixtures/breaking/<case>/{old,new}.yaml with expected.txt (the exact
// report). `report-<RULE_ID>[-variant]` must report that rule; `pass-*` must report nothing.
// UPDATE_GOLDEN=1 rewrites expected.txt.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { breakingChanges, formatText, loadCrds, RULES } from "../../src/breaking/index.js";
import { ROOT } from "../harness/compile.js";

const CORPUS = join(ROOT, "test/fixtures/breaking");
const CASES = readdirSync(CORPUS).sort();

function report(name: string) {
  const dir = join(CORPUS, name);
  return breakingChanges(loadCrds("old.yaml", dir), loadCrds("new.yaml", dir));
}

describe("crd-ts breaking corpus", () => {
  it.each(CASES)("%s", (name) => {
    const findings = report(name);
    const text = formatText(findings);
    const expectedFile = join(CORPUS, name, "expected.txt");
    if (process.env.UPDATE_GOLDEN || !existsSync(expectedFile)) writeFileSync(expectedFile, text);
    expect(text).toBe(readFileSync(expectedFile, "utf8"));
    if (name.startsWith("pass-")) {
      expect(findings).toEqual([]);
    } else {
      const rule = /^report-([A-Z_]+)/.exec(name)?.[1];
      expect(Object.keys(RULES)).toContain(rule);
      expect(findings.map((f) => f.rule)).toContain(rule);
      // One change, one finding: a fixture changes one thing, so no other rule may fire.
      expect(new Set(findings.map((f) => f.rule))).toEqual(new Set([rule]));
    }
  });

  it("has a must-report fixture for every rule", () => {
    const covered = new Set(CASES.map((name) => /^report-([A-Z_]+)/.exec(name)?.[1]));
    expect(Object.keys(RULES).filter((rule) => !covered.has(rule))).toEqual([]);
  });
});
