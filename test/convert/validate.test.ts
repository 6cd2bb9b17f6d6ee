// A CR made by to<Kind> from a message that satisfies the proto's rules passes the generated validator.
// Uses the checked-in generated/ts modules (the validators import the package's dist/: build first).
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { toExternalRemediationRequest } from "../../generated/ts/nvsentinel/health/v1alpha1/external_remediation_request_crd_convert.js";
import { validateExternalRemediationRequest } from "../../generated/ts/nvsentinel/health/v1alpha1/external_remediation_request_crd_validate.js";
import { toHealthEvent } from "../../generated/ts/nvsentinel/health/v1alpha1/health_event_crd_convert.js";
import { validateHealthEvent } from "../../generated/ts/nvsentinel/health/v1alpha1/health_event_crd_validate.js";
import { validExternalRemediationRequest, validHealthEventResource } from "./valid-health.js";

describe("CRs made by the converters pass the validators", () => {
  test("HealthEvent: 10,000 valid messages", () => {
    fc.assert(
      fc.property(validHealthEventResource, (message) => {
        const violations = validateHealthEvent(toHealthEvent(message, { name: "he-1", namespace: "default" }));
        expect(violations).toEqual([]);
      }),
      { numRuns: 10_000 },
    );
  });

  test("ExternalRemediationRequest: 10,000 valid messages", () => {
    fc.assert(
      fc.property(validExternalRemediationRequest, (message) => {
        const violations = validateExternalRemediationRequest(toExternalRemediationRequest(message, { name: "extrr-1" }));
        expect(violations).toEqual([]);
      }),
      { numRuns: 10_000 },
    );
  });
});
