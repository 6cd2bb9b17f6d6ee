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
