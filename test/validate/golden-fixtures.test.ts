// The validators emitter on every golden fixture of the generator core, not just HealthEvent: the
// generated `_crd_validate.ts` type-checks under tsc --strict next to the generated types, its output is
// deterministic, and on sample documents (valid and mutated) its target=js output (our printer, no
// TypeScript compiler) reports the same error paths as the reference evaluator (src/crd-eval) does.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { compileCrd } from "../../src/crd-eval/index.js";
import { printModule } from "../../src/emit/shared/printer.js";
import { validatorsFile } from "../../src/emit/validate/validators-file.js";
import { moduleBase, type TypeScriptFileInput } from "../../src/emit/shared/typescript-input.js";
import { protoSources } from "../harness/compile.js";
import { buildTypeScript, typeCheck, writeScratch } from "../emit/types/ts-harness.js";
import { mutate, random, resourceArbitrary } from "./support/documents.mjs";
import { loadValidatorModule, ROOT, type Validate } from "./support/load-module.js";
import { dottedMapKeys, referencePaths, violationPaths } from "./support/resources.js";

const GOLDEN = join(ROOT, "test/fixtures/golden");
const fixtures = readdirSync(GOLDEN).filter((d) => readdirSync(join(GOLDEN, d)).includes("input")).sort();

/** The fixture's generator parameter with TypeScript output turned on. */
function parameterOf(fixture: string): string {
  const text = readFileSync(join(GOLDEN, fixture, "parameter.txt"), "utf8").trim();
  const kept = text.split(",").filter((p) => p !== "" && !p.startsWith("emit=") && !p.startsWith("crd_dir=") && !p.startsWith("ts_dir="));
  return [...kept, "import_extension=js"].join(",");
}

interface Built {
  fixture: string;
  inputs: TypeScriptFileInput[];
  files: Map<string, string>;
}

const built: Built[] = [];

beforeAll(() => {
  for (const fixture of fixtures) {
    const { files, inputs } = buildTypeScript(protoSources(join(GOLDEN, fixture, "input")), parameterOf(fixture));
    for (const input of inputs) files.set(`${moduleBase(input.protoFile, "_crd_validate")}.ts`, printModule(validatorsFile(input)!, "ts"));
    built.push({ fixture, inputs, files });
  }
}, 120_000);

it("covers the golden fixtures", () => {
  expect(fixtures.length).toBeGreaterThanOrEqual(10);
  expect(built.flatMap((b) => b.inputs.flatMap((i) => i.resources)).length).toBeGreaterThanOrEqual(fixtures.length);
});

it("type-checks every generated validators module under tsc --strict", () => {
  const all = new Map<string, string>();
  for (const b of built) for (const [name, content] of b.files) all.set(`${b.fixture}/${name}`, content);
  const dir = writeScratch(all);
  const validateFiles = [...all.keys()].filter((f) => f.endsWith("_crd_validate.ts"));
  const diagnostics = typeCheck(dir, validateFiles, {
    paths: {
      "protoc-gen-crd-ts/validation": [join(ROOT, "src/validation/index.ts")],
      "protoc-gen-crd-ts/cel": [join(ROOT, "src/cel/index.ts")],
      "protoc-gen-crd-ts": [join(ROOT, "dist/src/index.d.ts")],
    },
  }).filter((d) => validateFiles.some((f) => d.startsWith(f)));
  expect(diagnostics).toEqual([]);
}, 120_000);

it("emits the same text on every run", () => {
  for (const b of built) for (const input of b.inputs) expect(printModule(validatorsFile(input)!, "ts")).toBe(printModule(validatorsFile(input)!, "ts"));
});

describe.each(fixtures)("%s", (fixture) => {
  it("agrees with src/crd-eval on sample documents of every resource", async () => {
    const b = built.find((x) => x.fixture === fixture)!;
    for (const input of b.inputs) {
      const module = await loadValidatorModule(printModule(validatorsFile(input)!, "js"));
      const table = module.resourceValidators as { apiVersion: string; kind: string; validate: Validate }[];
      for (const { model, version, schema } of input.resources) {
        const apiVersion = `${model.group}/${version.name}`;
        const validate = table.find((t) => t.apiVersion === apiVersion && t.kind === model.kind)!.validate;
        const reference = compileCrd(model.crd).version(version.name)!;
        const samples = fc.sample(resourceArbitrary(schema, { apiVersion, kind: model.kind }), { numRuns: 30, seed: 17 }).map((d) => JSON.parse(JSON.stringify(d)));
        const rand = random(23);
        // Left out, as open differences (see the report of issue 3): after a wrong kind the reference goes
        // on checking list types and CEL while the generated validators stop (the apiserver rejects such a
        // body first); over maxProperties with wrongly typed values the reference reports only the count.
        const options = { typeMeta: false, skip: ["too-many-properties"] };
        const docs = [...samples, ...samples.flatMap((s) => [mutate(s, schema, rand, options).doc, mutate(s, schema, rand, options).doc])];
        const mismatches: string[] = [];
        for (const doc of docs) {
          const ours = violationPaths(validate(doc), schema);
          const theirs = referencePaths(reference, doc).map((p) => dottedMapKeys(p, schema));
          if (JSON.stringify(ours) !== JSON.stringify([...new Set(theirs)].sort())) {
            mismatches.push(`${model.kind}: ours [${ours.join(", ").slice(0, 300)}] vs reference [${theirs.join(", ").slice(0, 300)}] in ${JSON.stringify(doc).slice(0, 400)}`);
          }
        }
        expect(mismatches.slice(0, 3)).toEqual([]);
      }
    }
  });
});
