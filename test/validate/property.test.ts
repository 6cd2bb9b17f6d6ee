// Property: documents generated from a CRD version's schema (respecting every keyword, and the CEL
// invariants our CRDs carry) always pass the generated validator, on create and as unchanged updates.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isExternalRemediationRequest } from "../../generated/ts/nvsentinel/health/v1alpha1/external_remediation_request_crd_validate.js";
import { isHealthEvent } from "../../generated/ts/nvsentinel/health/v1/health_event_crd_validate.js";
import { resourceArbitrary } from "./support/documents.mjs";
import { PROJECT_RESOURCES } from "./support/resources.js";

describe.each(PROJECT_RESOURCES.map((r) => [r.kind, r] as const))("%s", (_kind, r) => {
  it("accepts every valid generated document, also as an update to itself", () => {
    fc.assert(
      fc.property(resourceArbitrary(r.schema, r), (doc) => {
        expect(r.validate(doc)).toEqual([]);
        expect(r.validate(doc, { oldObject: structuredClone(doc) })).toEqual([]);
      }),
      { numRuns: 1000, seed: 3 },
    );
  });
});

it("is<Kind> guards agree with validate<Kind>", () => {
  const [he, err] = PROJECT_RESOURCES;
  const sample = fc.sample(resourceArbitrary(he.schema, he), { numRuns: 20, seed: 9 });
  for (const doc of sample) expect(isHealthEvent(doc)).toBe(true);
  expect(isHealthEvent({ ...sample[0], spec: {} })).toBe(false);
  expect(isExternalRemediationRequest(fc.sample(resourceArbitrary(err.schema, err), { numRuns: 1, seed: 9 })[0])).toBe(true);
  expect(isExternalRemediationRequest(sample[0])).toBe(false);
});
