// Version conversion of our two-version fixture (gadget-fixture.ts) through the generated converters,
// printed for target=ts and target=js: fields renamed by number and moved by conversion_move, enum values
// mapped by number, integers widened and narrowed, 64-bit integers between strings and numbers, wrappers
// and plain scalars. 10,000 random objects of each version survive both round trips unchanged, and on
// the way the object holds only what its version's schema admits (the rest is in the annotation). The
// .js behaves as the .ts: the same objects (or errors) for the same input.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runPlugin } from "../../src/plugin/run.js";
import type { CustomResourceDefinition } from "../../src/schema/kubernetes.js";
import { type ConversionPlan, PRESERVED_ANNOTATION_PREFIX } from "../../src/version-conversion/index.js";
import { compileRequest, ROOT } from "../harness/compile.js";
import { GADGET_PARAMETER, gadgetSources } from "./gadget-fixture.js";
import { notAdmitted } from "./schema-admits.js";
import { objectArbitrary } from "./schema-arbitrary.js";

type Json = Record<string, unknown>;
interface ConversionModule {
  convertGadget(object: unknown, toVersion: string): Json;
  gadgetConversion: ConversionPlan;
}

const RUNS = 10_000;
// target=js runs fewer: it is the same code (the next describe compares the two on the same inputs).
const RUNS_BY_TARGET = { ts: RUNS, js: 2_000 };
const GROUP = "example.com";
const MODULE = "test/gadget/v1/gadget_crd_conversion";
const modules: Record<"ts" | "js", ConversionModule> = {} as never;
let crd: CustomResourceDefinition;
let dir: string;

beforeAll(async () => {
  const { response } = await runPlugin(compileRequest(gadgetSources(), `emit=crd+ts,target=ts+js,${GADGET_PARAMETER}`));
  expect(response.error ?? "").toBe("");
  // Inside the repository (its git-ignored tmp/), so the modules resolve protoc-gen-crd-ts/version-conversion.
  mkdirSync(join(ROOT, "tmp"), { recursive: true });
  dir = mkdtempSync(join(ROOT, "tmp/version-conversion-"));
  for (const file of response.file) {
    mkdirSync(dirname(join(dir, file.name)), { recursive: true });
    writeFileSync(join(dir, file.name), file.content ?? "");
  }
  crd = parse(response.file.find((f) => f.name === "crds/example.com_gadgets.yaml")!.content!.replace(/^#.*\n/, "")) as CustomResourceDefinition;
  modules.ts = (await import(join(dir, `${MODULE}.ts`))) as ConversionModule;
  modules.js = (await import(join(dir, `${MODULE}.js`))) as ConversionModule;
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const schema = (version: string) => crd.spec.versions.find((v) => v.name === version)!.schema.openAPIV3Schema;
const arbitrary = (version: string) => objectArbitrary(`${GROUP}/${version}`, "Gadget", schema(version));
/** What spec and status hold that `version`'s schema does not admit. */
const inadmissible = (version: string, object: Json) => ["spec", "status"].flatMap((p) => (object[p] === undefined ? [] : notAdmitted(schema(version).properties![p], object[p], p)));
const kept = (object: Json, version: string) => {
  const text = (object.metadata as { annotations?: Record<string, string> } | undefined)?.annotations?.[PRESERVED_ANNOTATION_PREFIX + version];
  return text === undefined ? undefined : (JSON.parse(text) as { fields: Record<string, unknown> }).fields;
};

describe("the generated plan", () => {
  it("renames by number and by conversion_move, maps values where it can, and keeps the rest", () => {
    const spoke = modules.ts.gadgetConversion.spokes.v1alpha1;
    expect(spoke.moves).toEqual([{ spoke: ["spec", "name"], hub: ["spec", "displayName"] }, { spoke: ["spec", "owner"], hub: ["spec", "ownerRef"] }]);
    expect(spoke.hubOnly).toEqual([["spec", "zone"], ["spec", "weight"]]);
    expect(spoke.spokeOnly).toEqual([["spec", "legacyNote"], ["spec", "weight"]]);
    expect(Object.fromEntries(spoke.values!.map((v) => [v.hub.join("."), [v.toSpoke, v.toHub]]))).toEqual({
      "spec.replicas": [{ int64: "number", minimum: -2147483648, maximum: 2147483647 }, { int64: "string" }],
      "spec.budget": [{ int64: "number", minimum: 0, maximum: 4294967295 }, { int64: "string" }],
      "spec.phase": [
        { enum: { PHASE_UNSPECIFIED: "PHASE_UNSPECIFIED", PHASE_RUNNING: "PHASE_UP", PHASE_FAILED: "PHASE_DOWN" } },
        { enum: { PHASE_UNSPECIFIED: "PHASE_UNSPECIFIED", PHASE_UP: "PHASE_RUNNING", PHASE_DOWN: "PHASE_FAILED" } },
      ],
      "spec.history.*": expect.any(Array),
      "spec.phases.*": expect.any(Array),
      "status.phase": expect.any(Array),
      "spec.priority": [{ nonNull: true }, {}],
      "spec.paused": [{}, { nonNull: true }],
      "spec.ports.*.number": [{ int64: "number", minimum: -2147483648, maximum: 2147483647 }, { int64: "string" }],
      "spec.generationHint": [{}, { int64: "string" }],
    });
  });
});

describe.each(["ts", "js"] as const)("target=%s", (target) => {
  const convert = (object: unknown, version: string) => modules[target].convertGadget(object, version);

  it("converts a v1alpha1 object to v1 and back, keeping what v1 cannot hold", () => {
    const alpha = {
      apiVersion: `${GROUP}/v1alpha1`, kind: "Gadget", metadata: { name: "g" },
      spec: {
        name: "gizmo", replicas: 3, budget: 4000000000, phase: "PHASE_UP", history: ["PHASE_DOWN", "PHASE_RETIRED"], priority: 5, paused: null,
        ports: [{ number: 80, protocol: "TCP" }], phases: { a: "PHASE_UP", b: "PHASE_RETIRED" }, owner: "team-a", generationHint: 7, legacyNote: "old", weight: "heavy",
      },
      status: { phase: "PHASE_DOWN", observed: "12" },
    };
    const v1 = convert(alpha, "v1");
    expect({ ...v1, metadata: { name: "g" } }).toEqual({
      apiVersion: `${GROUP}/v1`, kind: "Gadget", metadata: { name: "g" },
      spec: { displayName: "gizmo", replicas: "3", budget: "4000000000", phase: "PHASE_RUNNING", priority: 5, ports: [{ number: "80", protocol: "TCP" }], phases: { a: "PHASE_RUNNING" }, ownerRef: "team-a", generationHint: "7" },
      status: { phase: "PHASE_FAILED", observed: "12" },
    });
    expect(kept(v1, "v1alpha1")).toEqual({
      "/spec/legacyNote": "old", "/spec/weight": "heavy", "/spec/history": ["PHASE_DOWN", "PHASE_RETIRED"], "/spec/paused": null, "/spec/phases/b": "PHASE_RETIRED",
      // 7 became "7", which would come back as "7": the number is kept.
      "/spec/generationHint": 7,
    });
    expect(inadmissible("v1", v1)).toEqual([]);
    expect(convert(v1, "v1alpha1")).toEqual(alpha);
  });

  it("narrows a v1 object where values fit, and keeps those that do not", () => {
    const v1 = {
      apiVersion: `${GROUP}/v1`, kind: "Gadget", metadata: { name: "g", annotations: { note: "x" } },
      spec: { replicas: "3000000000", budget: "-1", phase: "PHASE_DRAINING", ports: [{ number: "443" }, { number: "007" }], priority: null, paused: true, zone: "z", weight: 2 },
    };
    const alpha = convert(v1, "v1alpha1");
    expect(alpha.spec).toEqual({ paused: true, ports: [{ number: 443 }, {}] });
    expect(kept(alpha, "v1")).toEqual({
      "/spec/zone": "z", "/spec/weight": 2, "/spec/replicas": "3000000000", "/spec/budget": "-1", "/spec/phase": "PHASE_DRAINING", "/spec/priority": null, "/spec/ports/1/number": "007",
    });
    expect(inadmissible("v1alpha1", alpha)).toEqual([]);
    expect(convert(alpha, "v1")).toEqual(v1);
  });

  // Plain checks inside the properties (isDeepStrictEqual): expect() per run would cost more than the conversions.
  const runs = RUNS_BY_TARGET[target];
  it(`${runs} random v1 objects survive v1 → v1alpha1 → v1 unchanged`, () => {
    let mappedPhase = 0;
    let keptValue = 0;
    fc.assert(
      fc.property(arbitrary("v1"), (v1) => {
        const original = structuredClone(v1);
        const alpha = convert(v1, "v1alpha1");
        if ((alpha.spec as Json).phase !== undefined && (alpha.spec as Json).phase !== "PHASE_UNSPECIFIED") mappedPhase++;
        if (Object.keys(kept(alpha, "v1") ?? {}).some((p) => !p.startsWith("/spec/zone") && !p.startsWith("/spec/weight"))) keptValue++;
        return isDeepStrictEqual(v1, original) && inadmissible("v1alpha1", alpha).length === 0 && isDeepStrictEqual(convert(alpha, "v1"), original);
      }),
      { numRuns: runs, seed: 21 },
    );
    expect(mappedPhase).toBeGreaterThan(runs / 10);
    expect(keptValue).toBeGreaterThan(runs / 10);
  });

  it(`${runs} random v1alpha1 objects survive v1alpha1 → v1 → v1alpha1 unchanged`, () => {
    fc.assert(
      fc.property(arbitrary("v1alpha1"), (alpha) => {
        const v1 = convert(alpha, "v1");
        return inadmissible("v1", v1).length === 0 && isDeepStrictEqual(convert(v1, "v1alpha1"), alpha);
      }),
      { numRuns: runs, seed: 22 },
    );
  });
});

describe("target=js behaves as target=ts", () => {
  const outcome = (module: ConversionModule, object: unknown, version: string) => {
    try {
      return { value: module.convertGadget(object, version) };
    } catch (e) {
      return { error: [(e as Error).name, (e as Error).message] };
    }
  };
  it("the same objects, or the same errors, for the same input", () => {
    const broken = fc.oneof(
      fc.constant({ apiVersion: `${GROUP}/v2`, kind: "Gadget" }),
      fc.constant({ apiVersion: "other.io/v1", kind: "Gadget" }),
      fc.constant({ apiVersion: `${GROUP}/v1alpha1`, kind: "Gadget", metadata: { annotations: { [`${PRESERVED_ANNOTATION_PREFIX}v1`]: "{" } } }),
    );
    fc.assert(
      fc.property(fc.oneof(arbitrary("v1"), arbitrary("v1alpha1"), broken), fc.constantFrom("v1", "v1alpha1", "v2"), (object, version) => {
        expect(outcome(modules.js, object, version)).toEqual(outcome(modules.ts, object, version));
      }),
      { numRuns: 1_000, seed: 23 },
    );
  });
});
