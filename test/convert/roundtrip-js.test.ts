// The converters printed for target=js (our printer, no TypeScript compiler) behave exactly as the .ts:
// for the HealthEvent model and a few golden fixtures, the same messages give the same custom resources,
// the same resources give the same messages back, and the same broken resources fail with the same
// ConversionError (message and path). The .ts is what the other round-trip suites run.
import { equals } from "@bufbuild/protobuf";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildConverters, fixtureSources, healthSources, type ConvertBuild } from "./convert-harness.js";
import { ANY_REGISTRY, convertedResources, type ConvertedResource } from "./roundtrip.js";

const CASES: { name: string; sources: () => Record<string, string>; parameter: string }[] = [
  { name: "health", sources: healthSources, parameter: "" },
  { name: "well-known-types", sources: () => fixtureSources("test/fixtures/golden/well-known-types/input"), parameter: "" },
  { name: "int64-string", sources: () => fixtureSources("test/fixtures/golden/int64-string/input"), parameter: "int64=string" },
  { name: "oneof-cel", sources: () => fixtureSources("test/fixtures/golden/oneof-cel/input"), parameter: "" },
];

const builds: ConvertBuild[] = [];
const pairs = new Map<string, { ts: ConvertedResource; js: ConvertedResource }[]>();

beforeAll(async () => {
  for (const c of CASES) {
    const ts = buildConverters(c.sources(), c.parameter, "ts");
    const js = buildConverters(c.sources(), c.parameter, "js");
    builds.push(ts, js);
    const [tsResources, jsResources] = [await convertedResources(ts), await convertedResources(js)];
    pairs.set(c.name, tsResources.map((r, i) => ({ ts: r, js: jsResources[i] })));
  }
}, 120_000);
afterAll(() => {
  for (const b of builds) b.cleanup();
});

/** What a call returns, or the error it throws (name, message and path), for comparing two modules. */
function outcome(call: () => unknown): unknown {
  try {
    return { value: call() };
  } catch (e) {
    const error = e as { name?: string; message?: string; path?: string };
    return { error: [error.name, error.message, error.path] };
  }
}

const WRONG_VALUES = [null, 42, -1.5, "x", "", true, [], {}, [1, "a"], { a: 1 }];

/** `json` with the value at one of its paths (picked by `pick`) replaced by `value`. */
function mutate(json: unknown, pick: number, value: unknown): unknown {
  const copy = JSON.parse(JSON.stringify(json)) as Record<string, unknown>;
  const slots: [Record<string, unknown> | unknown[], string | number][] = [];
  const walk = (node: unknown) => {
    if (Array.isArray(node)) node.forEach((item, i) => (slots.push([node, i]), walk(item)));
    else if (node !== null && typeof node === "object") for (const [k, v] of Object.entries(node)) slots.push([node as Record<string, unknown>, k]), walk(v);
  };
  walk(copy);
  if (slots.length === 0) return copy;
  const [parent, key] = slots[pick % slots.length];
  (parent as Record<string | number, unknown>)[key] = value;
  return copy;
}

describe.each(CASES.map((c) => c.name))("%s", (name) => {
  test("to…: the same resource (or error) for the same message", () => {
    for (const { ts, js } of pairs.get(name)!) {
      fc.assert(
        fc.property(ts.arbitrary, (message) => {
          const meta = { name: "e1", namespace: "default" };
          expect(outcome(() => js.to(message, meta, { registry: ANY_REGISTRY }))).toEqual(outcome(() => ts.to(message, meta, { registry: ANY_REGISTRY })));
        }),
        { numRuns: 500, seed: 11 },
      );
    }
  });

  test("from…: the same message (or error) for the same resource, also when it is broken", () => {
    for (const { ts, js } of pairs.get(name)!) {
      fc.assert(
        fc.property(ts.arbitrary, fc.nat(), fc.constantFrom(...WRONG_VALUES), fc.boolean(), (message, pick, wrong, broken) => {
          const good = outcome(() => ts.to(message, { name: "e1" }, { registry: ANY_REGISTRY })) as { value?: unknown };
          if (good.value === undefined) return;
          const json = JSON.parse(JSON.stringify(good.value)) as unknown;
          const cr = broken ? mutate(json, pick, wrong) : json;
          const a = outcome(() => ts.from(cr, { registry: ANY_REGISTRY })) as { value?: never; error?: unknown };
          const b = outcome(() => js.from(cr, { registry: ANY_REGISTRY })) as { value?: never; error?: unknown };
          expect(b.error).toEqual(a.error);
          if (a.value !== undefined) expect(equals(ts.schema, a.value, b.value!)).toBe(true);
        }),
        { numRuns: 500, seed: 12 },
      );
    }
  });
});
