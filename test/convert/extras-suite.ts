// The suite of round trips over test/fixtures/convert/extras (jstype=JS_STRING, boxed wrappers, Struct/Value/Any in
// oneofs, inherited property names, restricted enum lists, recursion through a oneof, editions 2023
// explicit presence), under parameter sets that change every policy the converters follow.
import { equals } from "@bufbuild/protobuf";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildConverters, fixtureSources, typeCheckConverters, type ConvertBuild } from "./convert-harness.js";
import { ANY_REGISTRY, convertedResources, type ConvertedResource } from "./roundtrip.js";

/** The parameter sets, one test file each (roundtrip-extras-<n>.test.ts). */
export const EXTRAS_PARAMETERS = ["", "int64=integer,enums=names_and_numbers,field_names=proto,enum_unspecified=exclude", "int64=string,recursion_depth=1,oneof=openapi"];

/** Specs read under each parameter set: "ok", or the ConversionError as "path | reason". */
const POLICY_CASES: Record<string, [Record<string, unknown>, string][]> = {
  "": [
    [{ bigAsString: 5 }, "ok"],
    [{ bigAsString: "-9223372036854775808" }, "ok"],
    [{ bigAsString: "9223372036854775808" }, 'spec.bigAsString | expected a 64-bit integer (a decimal string or a safe integer), got "9223372036854775808"'],
    [{ bigAsString: 2 ** 53 }, "spec.bigAsString | 9007199254740992 is beyond ±2^53 - 1 and may have lost digits; write it as a string"],
    [{ bigsAsStrings: ["1", "-1"] }, 'spec.bigsAsStrings[1] | expected an unsigned 64-bit integer (a decimal string or a safe integer), got "-1"'],
    [{ level: "HIGH" }, "ok"],
    [{ level: "CRITICAL" }, 'spec.level | expected one of LOW, HIGH, got "CRITICAL"'],
    [{ level: 2 }, "spec.level | expected one of LOW, HIGH, got 2"],
    [{ boxedText: "a", structChoice: {} }, "spec.structChoice | at most one of the fields in [boxedText, structChoice, valueChoice, anyChoice, expr] may be set"],
    [{ valueChoice: null }, "ok"],
    [{ values: { "-7": null, "007": 1 } }, "ok"],
    [{ values: { x: 1 } }, "spec.values[x] | map key must be a 32-bit integer"],
    [{ blobs: { yes: "" } }, "spec.blobs[yes] | map key must be true or false"],
    [{ chunks: ["AAE=", "@@"] }, 'spec.chunks[1] | expected base64-encoded bytes, got "@@"'],
    [{ constructor: "c", toString: "t" }, "ok"],
    [{ boxedInts: [null] }, "spec.boxedInts[0] | expected a 64-bit integer (a decimal string or a safe integer), got null"],
    [{ structs: [{ a: [1, { b: null }] }] }, "ok"],
    [{ structs: [JSON.parse('{"a":'.repeat(1200) + "1" + "}".repeat(1200))] }, `spec.structs[0]${".a".repeat(1001)} | nested more than 1000 levels deep`],
    [{ ratio: null, scale: 3.5e38 }, "spec.scale | expected a 32-bit float, got 3.5e+38"],
  ],
  "int64=integer,enums=names_and_numbers,field_names=proto,enum_unspecified=exclude": [
    [{ big_as_string: 5 }, "ok"],
    [{ big_as_string: "5" }, 'spec.big_as_string | expected a 64-bit integer (a safe integer), got "5"'],
    [{ level: 2 }, "ok"],
    [{ level: 3 }, "spec.level | expected one of LOW, HIGH, 1, 2, got 3"],
    [{ levels: ["LEVEL_UNSPECIFIED"] }, 'spec.levels[0] | expected one of LOW, HIGH, CRITICAL, 1, 2, 3, got "LEVEL_UNSPECIFIED"'],
    [{ bigAsString: 5 }, "spec.bigAsString | unknown field: the CRD does not define it"],
  ],
  "int64=string,recursion_depth=1,oneof=openapi": [
    [{ bigAsString: "5" }, "ok"],
    [{ bigAsString: 5 }, "spec.bigAsString | expected a 64-bit integer (a decimal string), got 5"],
    [{ expr: { sum: { left: { literal: 1 }, right: { sum: {} } } } }, "ok"],
    [{ expr: { sum: { left: { literal: "1" } } } }, 'spec.expr.sum.left.literal | expected a 32-bit integer, got "1"'],
  ],
};

export function extrasSuite(parameter: string): void {
  describe(`extras with "${parameter}"`, () => {
    let build: ConvertBuild;
    let resources: ConvertedResource[];
    beforeAll(async () => {
      build = buildConverters(fixtureSources("test/fixtures/convert/extras"), parameter);
      resources = await convertedResources(build);
    });
    afterAll(() => build?.cleanup());

    test("the converters type-check under tsc --strict", () => {
      expect(typeCheckConverters(build)).toEqual([]);
    });

    test("the 64-bit, enum, oneof, map-key and name policies on input", () => {
      const r = resources.find((x) => x.resource.kind === "Extras")!;
      const ConversionError = r.module.ConversionError as new (...args: never[]) => Error & { path: string; reason: string };
      const read = (spec: Record<string, unknown>): string => {
        try {
          r.from({ apiVersion: "example.com/v1", kind: "Extras", metadata: {}, spec }, { registry: ANY_REGISTRY });
          return "ok";
        } catch (e) {
          if (e instanceof ConversionError) return `${e.path} | ${e.reason}`;
          throw e;
        }
      };
      const cases = POLICY_CASES[parameter];
      expect(cases.length).toBeGreaterThan(0);
      expect(cases.map(([spec]) => read(spec))).toEqual(cases.map(([, expected]) => expected));
    });

    for (const kind of ["Extras", "Setting"]) {
      test(`${kind}: 10,000 round trips`, () => {
        const r = resources.find((x) => x.resource.kind === kind)!;
        fc.assert(
          fc.property(r.arbitrary, (message) => {
            const cr = r.to(message, { name: "x" }, { registry: ANY_REGISTRY });
            const back = r.from(JSON.parse(JSON.stringify(cr)), { registry: ANY_REGISTRY });
            return equals(r.schema, back, message);
          }),
          { numRuns: 10_000 },
        );
      });
    }
  });
}
