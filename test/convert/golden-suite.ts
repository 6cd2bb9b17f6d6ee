// The converter suite for a share of the golden fixtures: every case's converters type-check under
// tsc --strict, and every resource version survives 10,000 round trips message → CR → JSON → message.
import { relative } from "node:path";
import { equals } from "@bufbuild/protobuf";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { typeCheck } from "../emit/types/ts-harness.js";
import { buildConverters, fixtureSources, SCRATCH, type ConvertBuild } from "./convert-harness.js";
import { goldenShard } from "./golden-cases.js";
import { ANY_REGISTRY, convertedResources, type ConvertedResource } from "./roundtrip.js";

export function goldenSuite(shard: number, of: number): void {
  const cases = goldenShard(shard, of);
  const builds = new Map<string, ConvertBuild>();
  const resources = new Map<string, ConvertedResource[]>();

  beforeAll(async () => {
    for (const c of cases) {
      const build = buildConverters(fixtureSources(c.inputDir), c.parameter);
      builds.set(c.name, build);
      resources.set(c.name, await convertedResources(build));
    }
  });
  afterAll(() => {
    for (const build of builds.values()) build.cleanup();
  });

  test("the converters type-check under tsc --strict", () => {
    const files = [...builds.values()].flatMap((b) => [...b.files.keys()].filter((f) => f.endsWith("_crd_convert.ts")).map((f) => relative(SCRATCH, `${b.dir}/${f}`)));
    expect(files.length).toBeGreaterThan(0);
    expect(typeCheck(SCRATCH, files)).toEqual([]);
  });

  for (const c of cases) {
    describe(c.name, () => {
      test("every resource version survives 10,000 round trips", () => {
        const list = resources.get(c.name)!;
        expect(list.length).toBeGreaterThan(0);
        for (const r of list) {
          fc.assert(
            fc.property(r.arbitrary, (message) => {
              const cr = r.to(message, { name: "x" }, { registry: ANY_REGISTRY });
              const back = r.from(JSON.parse(JSON.stringify(cr)), { registry: ANY_REGISTRY });
              return equals(r.schema, back, message);
            }),
            { numRuns: 10_000 },
          );
        }
      });
    });
  }
}
