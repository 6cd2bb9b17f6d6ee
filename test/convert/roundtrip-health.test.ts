// message → CR → JSON text → CR → message is the identity for HealthEvent and ExternalRemediationRequest.
import { equals } from "@bufbuild/protobuf";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { buildConverters, healthSources, type ConvertBuild } from "./convert-harness.js";
import { ANY_REGISTRY, convertedResources, type ConvertedResource } from "./roundtrip.js";

let build: ConvertBuild;
let resources: ConvertedResource[];

beforeAll(async () => {
  build = buildConverters(healthSources());
  resources = await convertedResources(build);
});
afterAll(() => build?.cleanup());

describe("round trip", () => {
  for (const kind of ["HealthEvent", "ExternalRemediationRequest"]) {
    test(`${kind}: 10,000 messages survive to${kind} and from${kind}`, () => {
      const r = resources.find((x) => x.resource.kind === kind)!;
      expect(r).toBeDefined();
      fc.assert(
        fc.property(r.arbitrary, (message) => {
          const cr = r.to(message, { name: "e1", namespace: "default" }, { registry: ANY_REGISTRY });
          const back = r.from(JSON.parse(JSON.stringify(cr)), { registry: ANY_REGISTRY });
          return equals(r.schema, back, message);
        }),
        { numRuns: 10_000 },
      );
    });
  }
});
