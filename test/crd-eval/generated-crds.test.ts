// Every CRD the generator checks in compiles in the evaluator: all patterns are RE2, all CEL rules
// compile, and a resource with nothing but its identity is admitted or rejected without a crash.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { compileCrd } from "../../src/crd-eval/index.js";
import type { CustomResourceDefinition } from "../../src/schema/kubernetes.js";
import { ROOT } from "../harness/compile.js";

const dir = join(ROOT, "generated/crds");
const crds = readdirSync(dir)
  .filter((f) => f.endsWith(".yaml"))
  .flatMap((f) => parseAllDocuments(readFileSync(join(dir, f), "utf8")).map((d) => d.toJS() as CustomResourceDefinition | null))
  .filter((d): d is CustomResourceDefinition => d !== null && d.kind === "CustomResourceDefinition");

describe("generated CRDs", () => {
  it("are present", () => expect(crds.length).toBeGreaterThanOrEqual(2));
  for (const crd of crds) {
    for (const version of crd.spec.versions) {
      it(`${crd.metadata.name} ${version.name} compiles, with every rule`, () => {
        const compiled = compileCrd(crd).version(version.name)!;
        expect(compiled.compileProblems).toEqual([]);
        const object = { apiVersion: `${crd.spec.group}/${version.name}`, kind: crd.spec.names.kind, metadata: { name: "x" }, spec: {}, status: {} };
        const result = compiled.admit(object);
        expect(result.errors.filter((e) => e.detail.includes("rule compile error") || e.detail.includes("pattern is invalid"))).toEqual([]);
        expect(result.warnings).toEqual([]);
      });
    }
  }
});
