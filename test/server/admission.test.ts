// Admission by the CRD through src/crd-eval: 422 with the apiserver's message and causes, pruning
// with Warning headers, fieldValidation=Strict, and the transition rule that makes spec immutable.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEvaluator } from "../../src/server/admission.js";
import { HE, HE_PATH, healthEvent, request, startTestServer, statusOf, type TestServer } from "./fixture.js";

const haveAdmission = (await loadEvaluator()) !== null;
if (!haveAdmission) console.warn("admission tests skipped: src/crd-eval is not available");

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.server.close();
});

describe.skipIf(!haveAdmission)("admission", () => {
  it("answers an invalid HealthEvent with 422, the aggregated message and one cause per error", async () => {
    const body = healthEvent("bad-1", { nodeName: undefined, recommendedAction: "CUSTOM", processingStrategy: "SOMETIMES" as never });
    const status = await statusOf(t.custom.createNamespacedCustomObject({ ...HE, namespace: "default", body }));
    expect(status).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message:
        'HealthEvent.nvsentinel.dgxc.nvidia.com "bad-1" is invalid: [spec.processingStrategy: Unsupported value: "SOMETIMES": supported values: "UNSPECIFIED", "EXECUTE_REMEDIATION", "STORE_ONLY", "STORE_AND_ANALYSE", spec.nodeName: Required value, <nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation]',
      reason: "Invalid",
      details: {
        name: "bad-1",
        group: "nvsentinel.dgxc.nvidia.com",
        kind: "HealthEvent",
        causes: [
          {
            reason: "FieldValueNotSupported",
            message: 'Unsupported value: "SOMETIMES": supported values: "UNSPECIFIED", "EXECUTE_REMEDIATION", "STORE_ONLY", "STORE_AND_ANALYSE"',
            field: "spec.processingStrategy",
          },
          { reason: "FieldValueRequired", message: "Required value", field: "spec.nodeName" },
          {
            reason: "FieldValueInvalid",
            message:
              'Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
            field: "<nil>",
          },
        ],
      },
      code: 422,
    });
  });

  it("runs CEL rules: customRecommendedAction is required for CUSTOM", async () => {
    const body = healthEvent("bad-2", { recommendedAction: "CUSTOM" });
    const status = await statusOf(t.custom.createNamespacedCustomObject({ ...HE, namespace: "default", body }));
    expect(status.message).toBe(
      'HealthEvent.nvsentinel.dgxc.nvidia.com "bad-2" is invalid: spec.customRecommendedAction: Required value: customRecommendedAction is required when recommendedAction is CUSTOM',
    );
  });

  it("rejects any spec change with the transition rule's message", async () => {
    const created = await t.custom.createNamespacedCustomObject({ ...HE, namespace: "default", body: healthEvent("imm-1") });
    const status = await statusOf(
      t.custom.replaceNamespacedCustomObject({
        ...HE,
        namespace: "default",
        name: "imm-1",
        body: { ...created, spec: { ...created.spec, isFatal: false } },
      }),
    );
    expect(status.message).toBe('HealthEvent.nvsentinel.dgxc.nvidia.com "imm-1" is invalid: spec: Invalid value: "object": spec is immutable');
  });

  it("prunes unknown fields and warns about each one", async () => {
    const body = { ...healthEvent("prune-1"), extra: 1, spec: { ...healthEvent("x").spec, colour: "red" } };
    const response = await request(t.server, "POST", HE_PATH, body);
    expect(response.status).toBe(201);
    expect(response.headers.get("warning")).toBe('299 - "unknown field \\"extra\\"", 299 - "unknown field \\"spec.colour\\""');
    expect(response.json.extra).toBeUndefined();
    expect(response.json.spec.colour).toBeUndefined();
  });

  it("turns unknown fields into a 400 with fieldValidation=Strict", async () => {
    const body = { ...healthEvent("strict-1"), spec: { ...healthEvent("x").spec, colour: "red" } };
    const response = await request(t.server, "POST", `${HE_PATH}?fieldValidation=Strict`, body);
    expect(response.status).toBe(400);
    expect(response.json.message).toBe(
      'HealthEvent in version "v1" cannot be handled as a HealthEvent: strict decoding error: unknown field "spec.colour"',
    );
  });

  it("validates status writes against the status schema", async () => {
    await t.custom.createNamespacedCustomObject({ ...HE, namespace: "default", body: healthEvent("st-bad") });
    const response = await request(
      t.server,
      "PATCH",
      `${HE_PATH}/st-bad/status`,
      { status: { nodeQuarantined: "Maybe" } },
      { "Content-Type": "application/merge-patch+json" },
    );
    expect(response.status).toBe(422);
    expect(response.json.message).toBe(
      'HealthEvent.nvsentinel.dgxc.nvidia.com "st-bad" is invalid: [status.nodeQuarantined: Unsupported value: "Maybe": supported values: "NotStarted", "Quarantined", "AlreadyQuarantined", "UnQuarantined", "Cancelled", <nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation]',
    );
  });
});
