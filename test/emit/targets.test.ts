// The TypeScript artifacts for every target, written by our printer (src/emit/shared/printer.ts) with no
// TypeScript compiler: goldens pin the .ts, .js and .d.ts of a few inputs (the version converters
// with them); every golden fixture's .js
// parses as an ES module; the plugin process never loads `typescript`; and a consumer program
// type-checks against the .d.ts (with protoc-gen-es's target=dts) exactly as against the .ts.
// (That the .js behaves like the .ts: test/validate/golden-fixtures.test.ts and defaults.test.ts run
// the validators' .js; test/convert/roundtrip-js.test.ts compares the converters' .js with the .ts.)
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { CodeGeneratorRequestSchema, CodeGeneratorResponseSchema, type CodeGeneratorRequest } from "@bufbuild/protobuf/wkt";
import { protocGenEs } from "@bufbuild/protoc-gen-es/dist/cjs/src/protoc-gen-es-plugin.js";
import { beforeAll, describe, expect, it } from "vitest";
import { runPlugin } from "../../src/plugin/run.js";
import { compileRequest, protoSources, ROOT } from "../harness/compile.js";
import { typeCheck, writeScratch } from "./types/ts-harness.js";
import { GADGET_PARAMETER, gadgetSources } from "../version-conversion/gadget-fixture.js";

const UPDATE = process.env.UPDATE_GOLDEN === "1";
const GOLDEN = join(ROOT, "test/fixtures/golden");
const TARGETS_GOLDEN = join(ROOT, "test/fixtures/targets");
const PLUGIN = join(ROOT, "dist/src/plugin/main.js");
const FORBID_TYPESCRIPT = join(import.meta.dirname, "support/forbid-typescript.mjs");

function healthSources(): Record<string, string> {
  return Object.fromEntries(Object.entries(protoSources(join(ROOT, "proto"))).filter(([name]) => name.startsWith("nvsentinel/")));
}

/** A golden fixture's parameter, with TypeScript output for every target. */
function fixtureParameter(fixture: string): string {
  const text = readFileSync(join(GOLDEN, fixture, "parameter.txt"), "utf8").trim();
  const kept = text.split(",").filter((p) => p !== "" && !/^(emit|crd_dir|ts_dir|target)=/.test(p));
  return [...kept, "emit=ts", "target=ts+js+dts", "import_extension=js"].join(",");
}

async function run(request: CodeGeneratorRequest): Promise<Map<string, string>> {
  const { response } = await runPlugin(request);
  expect(response.error ?? "").toBe("");
  return new Map(response.file.map((f) => [f.name, f.content ?? ""]));
}

const cases: { name: string; request: () => CodeGeneratorRequest }[] = [
  { name: "health", request: () => compileRequest(healthSources(), "emit=ts,target=ts+js+dts,import_extension=js") },
  ...["well-known-types", "repeated-and-maps", "oneof-cel"].map((fixture) => ({
    name: fixture,
    request: () => compileRequest(protoSources(join(GOLDEN, fixture, "input")), fixtureParameter(fixture)),
  })),
  { name: "version-conversion", request: () => compileRequest(gadgetSources(), `emit=ts,target=ts+js+dts,${GADGET_PARAMETER}`) },
];

describe.each(cases)("goldens: $name", ({ name, request }) => {
  it("writes the pinned .ts, .js and .d.ts", async () => {
    const files = await run(request());
    const dir = join(TARGETS_GOLDEN, name);
    if (UPDATE) {
      rmSync(dir, { recursive: true, force: true });
      for (const [file, content] of files) {
        mkdirSync(dirname(join(dir, file)), { recursive: true });
        writeFileSync(join(dir, file), content);
      }
    }
    const expected = new Map(listFiles(dir).map((f) => [f, readFileSync(join(dir, f), "utf8")]));
    expect([...files.keys()].sort()).toEqual([...expected.keys()].sort());
    for (const [file, content] of files) expect(content, file).toBe(expected.get(file));
    for (const ext of [".ts", ".js", ".d.ts"]) expect([...files.keys()].some((f) => f.endsWith(ext) && (ext !== ".ts" || !f.endsWith(".d.ts")))).toBe(true);
  }, 60_000);
});

function listFiles(dir: string, prefix = ""): string[] {
  return readdirSync(join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(dir, join(prefix, e.name)) : [join(prefix, e.name)],
  );
}

describe("target=js on every golden fixture", () => {
  let js: Map<string, string>;
  beforeAll(async () => {
    js = new Map();
    const fixtures = readdirSync(GOLDEN).filter((d) => readdirSync(join(GOLDEN, d)).includes("input")).sort();
    for (const fixture of fixtures) {
      const parameter = fixtureParameter(fixture).replace("target=ts+js+dts", "target=js");
      for (const [name, content] of await run(compileRequest(protoSources(join(GOLDEN, fixture, "input")), parameter))) {
        if (name.endsWith(".js")) js.set(`${fixture}/${name}`, content);
      }
    }
  }, 120_000);

  it("parses as ES modules, with no TypeScript syntax left", () => {
    expect(js.size).toBeGreaterThan(50);
    const dir = mkdtempSync(join(tmpdir(), "crd-ts-js-"));
    try {
      const list = [...js].map(([name, content], i) => {
        writeFileSync(join(dir, `${i}.js`), content);
        return { name, file: join(dir, `${i}.js`) };
      });
      // One process parses them all (vm.SourceTextModule parses without linking the imports).
      const script = `
        const vm = require("node:vm"), fs = require("node:fs");
        const bad = [];
        for (const { name, file } of JSON.parse(process.argv[1])) {
          try { new vm.SourceTextModule(fs.readFileSync(file, "utf8"), { identifier: name }); }
          catch (e) { bad.push(name + ": " + e.message); }
        }
        console.log(JSON.stringify(bad));`;
      const result = spawnSync(process.execPath, ["--experimental-vm-modules", "--no-warnings", "-e", script, JSON.stringify(list)], { encoding: "utf8" });
      expect(result.stderr).toBe("");
      expect(JSON.parse(result.stdout)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("holds no type annotations, casts or interfaces", () => {
    for (const [name, content] of js) {
      expect(content, name).not.toMatch(/\binterface\s+\w+\s*\{|\bas const\b|\bimport type\b|^export type\b|\): (void|string|boolean|unknown)\b/m);
    }
  });
});

describe("the plugin process never loads the TypeScript compiler", () => {
  const request = () => compileRequest(healthSources(), "");

  it("cannot load it under the guard (the guard works)", () => {
    const result = spawnSync(process.execPath, ["--import", FORBID_TYPESCRIPT, "--input-type=module", "-e", 'await import("typescript")'], { encoding: "utf8" });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain("the TypeScript compiler was loaded");
  });

  for (const target of ["js+dts", "js", "dts", "ts"]) {
    it(`target=${target}`, () => {
      const input = create(CodeGeneratorRequestSchema, { ...request(), parameter: `target=${target},import_extension=js,conversion_service=nvsentinel/crd-ts-webhook` });
      const result = spawnSync(process.execPath, ["--import", FORBID_TYPESCRIPT, PLUGIN], { input: toBinary(CodeGeneratorRequestSchema, input) });
      expect(result.stderr.toString()).toBe("");
      expect(result.status).toBe(0);
      const response = fromBinary(CodeGeneratorResponseSchema, new Uint8Array(result.stdout));
      expect(response.error ?? "").toBe("");
      const extensions = target.split("+").map((t) => (t === "js" ? ".js" : t === "dts" ? ".d.ts" : ".ts"));
      for (const ext of extensions) expect(response.file.some((f) => f.name.endsWith(`_crd_validate${ext}`))).toBe(true);
      for (const ext of extensions) expect(response.file.some((f) => f.name.endsWith(`_crd_conversion${ext}`))).toBe(true);
    });
  }
});

describe("a consumer program type-checks against target=dts as against target=ts", () => {
  const PROGRAM = `import { create } from "@bufbuild/protobuf";
import { HealthEventResourceSchema, type HealthEventResource } from "./nvsentinel/health/v1alpha1/health_event_pb.js";
import { HealthEventApiVersion, type HealthEvent, type ObjectMeta } from "./nvsentinel/health/v1alpha1/health_event_crd.js";
import { ConversionError, fromHealthEvent, toHealthEvent, type FromOptions } from "./nvsentinel/health/v1alpha1/health_event_crd_convert.js";
import { isHealthEvent, resourceValidators, validateHealthEvent, type Violation } from "./nvsentinel/health/v1alpha1/health_event_crd_validate.js";
import type { HealthEvent as HealthEventV1 } from "./nvsentinel/health/v1/health_event_crd.js";
import { conversionPlans, convertHealthEvent, healthEventConversion, type HealthEventAnyVersion } from "./nvsentinel/health/v1/health_event_crd_conversion.js";

const meta: ObjectMeta = { name: "e1", namespace: "default" };
const message: HealthEventResource = create(HealthEventResourceSchema, { spec: { nodeName: "node-1" } });
const cr: HealthEvent = toHealthEvent(message, meta);
export const apiVersion: "nvsentinel.dgxc.nvidia.com/v1alpha1" = cr.apiVersion;
export const sameApiVersion: typeof HealthEventApiVersion = cr.apiVersion;
export const nodeName: string = cr.spec.nodeName;
const violations: Violation[] = validateHealthEvent(cr, { oldObject: cr });
export const paths: string[] = violations.map((v) => v.path);
const options: FromOptions = { ignoreUnknownFields: true };
export const back: HealthEventResource = fromHealthEvent(JSON.parse(JSON.stringify(cr)), options);
const value: unknown = JSON.parse("{}");
export const kind: string = isHealthEvent(value) ? value.kind : "none";
export const error: Error = new ConversionError("spec", "bad");
export const kinds: string[] = resourceValidators.map((v) => v.kind);
// @ts-expect-error: not a RecommendedAction name
export const wrong: HealthEvent["spec"]["recommendedAction"] = "REBOOT";
// @ts-expect-error: spec is required
export const noSpec: HealthEvent = { apiVersion: HealthEventApiVersion, kind: "HealthEvent", metadata: {} };
const stable: HealthEventV1 = convertHealthEvent(cr, "v1");
export const conditions: number = stable.status?.conditions?.length ?? 0;
export const alpha: HealthEvent = convertHealthEvent(stable, "v1alpha1");
export const either: HealthEventAnyVersion = alpha;
export const hub: string = healthEventConversion.hub + conversionPlans.length;
// @ts-expect-error: not a version of HealthEvent
convertHealthEvent(cr, "v2");
// @ts-expect-error: a v1alpha1 object is not typed as v1
export const wrongVersion: HealthEventV1 = convertHealthEvent(cr, "v1alpha1");
`;

  for (const target of ["dts", "ts"] as const) {
    it(`target=${target}`, async () => {
      const request = compileRequest(healthSources(), `emit=ts,target=${target},import_extension=js`);
      const files = await run(request);
      const es = protocGenEs.run(
        create(CodeGeneratorRequestSchema, {
          ...request,
          fileToGenerate: request.protoFile.map((f) => f.name).filter((name) => !name.startsWith("google/")),
          parameter: `target=${target},import_extension=js`,
        }),
      );
      expect(es.error ?? "").toBe("");
      for (const f of es.file) files.set(f.name, f.content ?? "");
      files.set("consumer.ts", PROGRAM);
      const dir = writeScratch(files);
      try {
        expect(typeCheck(dir, ["consumer.ts"])).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }, 120_000);
  }
});
