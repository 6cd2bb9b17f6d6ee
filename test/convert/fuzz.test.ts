// Arbitrary JSON (valid CRs with one value replaced, "__proto__"/"constructor" keys, huge strings, deep
// nesting) into the from… converters: they return a message or throw a ConversionError, nothing else,
// and never change Object.prototype.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import * as errConvert from "../../generated/ts/nvsentinel/health/v1alpha1/external_remediation_request_crd_convert.js";
import * as heConvert from "../../generated/ts/nvsentinel/health/v1alpha1/health_event_crd_convert.js";
import { buildConverters, fixtureSources, type ConvertBuild } from "./convert-harness.js";
import { ANY_REGISTRY, convertedResources, type ConvertedResource } from "./roundtrip.js";
import { validExternalRemediationRequest, validHealthEventResource } from "./valid-health.js";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const nasty: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom("__proto__", "constructor", "prototype").map((k) => JSON.parse(`{"${k}": {"polluted": true}, "nodeName": "x"}`)),
  fc.constant(JSON.parse('{"__proto__": {"polluted": true}}')),
  fc.constant("x".repeat(1_000_000)),
  fc.constant(JSON.parse("[".repeat(5000) + "]".repeat(5000))),
  fc.constant(JSON.parse('{"a":'.repeat(3000) + "1" + "}".repeat(3000))),
  fc.constantFrom(-0, 1e308, -1e308, 2 ** 53, 1.5, "9223372036854775808", "", "2024-02-30T00:00:00Z", "1.5s", "true"),
);

/** Every path to a value inside `json`. */
function paths(json: Json, prefix: (string | number)[] = []): (string | number)[][] {
  const result = [prefix];
  if (Array.isArray(json)) json.forEach((v, i) => result.push(...paths(v, [...prefix, i])));
  else if (json !== null && typeof json === "object") for (const [k, v] of Object.entries(json)) result.push(...paths(v, [...prefix, k]));
  return result;
}

/** `json` with the value at the `pick`-th path replaced by `value` (or the key renamed to `__proto__`). */
function mutate(json: Json, pick: number, value: unknown, renameKey: boolean): unknown {
  const all = paths(json).filter((p) => p.length > 0);
  if (all.length === 0) return value;
  const path = all[pick % all.length];
  const copy = JSON.parse(JSON.stringify(json)) as Json;
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (renameKey && typeof last === "string") {
    const old = parent[last];
    delete parent[last];
    Object.defineProperty(parent, "__proto__", { value: old, enumerable: true, writable: true, configurable: true });
  } else {
    parent[last] = value;
  }
  return copy;
}

function onlyConversionErrors(from: (cr: unknown) => unknown, ConversionErrorClass: new (...args: never[]) => Error, input: unknown): void {
  try {
    from(input);
  } catch (e) {
    if (!(e instanceof ConversionErrorClass)) throw e;
  }
}

const prototypeKeys = Object.getOwnPropertyNames(Object.prototype).sort();
function expectCleanPrototype(): void {
  expect(Object.getOwnPropertyNames(Object.prototype).sort()).toEqual(prototypeKeys);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

describe("fuzz: HealthEvent and ExternalRemediationRequest", () => {
  const kinds = [
    { name: "HealthEvent", valid: validHealthEventResource.map((m) => heConvert.toHealthEvent(m, { name: "x" })), from: heConvert.fromHealthEvent, error: heConvert.ConversionError },
    {
      name: "ExternalRemediationRequest",
      valid: validExternalRemediationRequest.map((m) => errConvert.toExternalRemediationRequest(m, { name: "x" })),
      from: errConvert.fromExternalRemediationRequest,
      error: errConvert.ConversionError,
    },
  ];
  for (const kind of kinds) {
    test(`${kind.name}: 3,000 mutated CRs`, () => {
      fc.assert(
        fc.property(kind.valid, fc.nat(), nasty, fc.boolean(), (cr, pick, value, rename) => {
          onlyConversionErrors(kind.from, kind.error, mutate(JSON.parse(JSON.stringify(cr)) as Json, pick, value, rename));
        }),
        { numRuns: 3_000 },
      );
      expectCleanPrototype();
    });

    test(`${kind.name}: 2,000 arbitrary JSON values`, () => {
      fc.assert(fc.property(fc.oneof(nasty, fc.anything()), (value) => onlyConversionErrors(kind.from, kind.error, value)), { numRuns: 2_000 });
      expectCleanPrototype();
    });
  }
});

describe("fuzz: Struct, Value, Any and int-keyed maps (test/fixtures/convert/extras)", () => {
  let build: ConvertBuild;
  let extras: ConvertedResource;
  beforeAll(async () => {
    build = buildConverters(fixtureSources("test/fixtures/convert/extras"));
    extras = (await convertedResources(build)).find((r) => r.resource.kind === "Extras")!;
  });
  afterAll(() => build?.cleanup());

  test("3,000 mutated CRs", () => {
    const ConversionErrorClass = extras.module.ConversionError as new (...args: never[]) => Error;
    const from = (cr: unknown) => extras.from(cr, { registry: ANY_REGISTRY });
    fc.assert(
      fc.property(extras.arbitrary, fc.nat(), nasty, fc.boolean(), (message, pick, value, rename) => {
        const cr = JSON.parse(JSON.stringify(extras.to(message, { name: "x" }, { registry: ANY_REGISTRY }))) as Json;
        onlyConversionErrors(from, ConversionErrorClass, mutate(cr, pick, value, rename));
      }),
      { numRuns: 3_000 },
    );
    expectCleanPrototype();
  });
});
