// Admission of real HealthEvent documents against the generated CRD, as kube-apiserver would answer.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { compileCrd } from "../../src/crd-eval/index.js";
import type { CustomResourceDefinition } from "../../src/schema/kubernetes.js";
import { ROOT } from "../harness/compile.js";

const crd = parseAllDocuments(readFileSync(join(ROOT, "generated/crds/nvsentinel.dgxc.nvidia.com_healthevents.yaml"), "utf8"))
  .map((d) => d.toJS())
  .find((d) => d !== null) as CustomResourceDefinition;
const version = compileCrd(crd).version("v1alpha1")!;

const NOT_CHECKED =
  "<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation";

function event(spec: Record<string, unknown>, status?: Record<string, unknown>): Record<string, unknown> {
  return {
    apiVersion: "nvsentinel.dgxc.nvidia.com/v1alpha1",
    kind: "HealthEvent",
    metadata: { name: "gpu-xid-79-node-1", namespace: "nvsentinel" },
    spec,
    ...(status === undefined ? {} : { status }),
  };
}

const SPEC = {
  version: 1,
  agent: "gpu-health-monitor",
  componentClass: "GPU",
  checkName: "GpuXidError",
  isFatal: true,
  isHealthy: false,
  message: "XID 79: GPU has fallen off the bus",
  recommendedAction: "RESTART_BM",
  errorCode: ["79"],
  entitiesImpacted: [{ entityType: "GPU", entityValue: "0" }, { entityType: "PCI", entityValue: "0000:17:00.0" }],
  metadata: { idempotencyKey: "abc-123" },
  generatedTimestamp: "2025-06-01T12:00:00Z",
  nodeName: "node-1.cluster.local",
  processingStrategy: "EXECUTE_REMEDIATION",
};

const errorsOf = (object: unknown, oldObject?: unknown) =>
  version.admit(object, oldObject === undefined ? {} : { oldObject }).errors.map((e) => e.message);

describe("HealthEvent admission", () => {
  it("admits a complete event unchanged, but for the status a create drops (status subresource)", () => {
    const result = version.admit(event(SPEC, { nodeQuarantined: "Quarantined", faultRemediated: null }));
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.object).toEqual(event(SPEC));
  });

  it("takes only the status from a /status write, and keeps the stored status on a main update", () => {
    const stored = event(SPEC, { nodeQuarantined: "Quarantined" });
    const statusWrite = version.admit(event({ ...SPEC, nodeName: "other" }, { nodeQuarantined: "UnQuarantined" }), { oldObject: stored, subresource: "status" });
    expect(statusWrite.errors).toEqual([]);
    expect(statusWrite.object).toEqual(event(SPEC, { nodeQuarantined: "UnQuarantined" }));
    const mainUpdate = version.admit(event(SPEC, { nodeQuarantined: "UnQuarantined" }), { oldObject: stored });
    expect(mainUpdate.object).toEqual(stored);
  });

  it("requires nodeName, and then skips the CEL rules", () => {
    const { nodeName: _, ...spec } = SPEC;
    expect(errorsOf(event(spec))).toEqual(["spec.nodeName: Required value", NOT_CHECKED]);
  });

  it("requires customRecommendedAction for CUSTOM", () => {
    expect(errorsOf(event({ ...SPEC, recommendedAction: "CUSTOM" }))).toEqual([
      "spec.customRecommendedAction: Required value: customRecommendedAction is required when recommendedAction is CUSTOM",
    ]);
    expect(errorsOf(event({ ...SPEC, recommendedAction: "CUSTOM", customRecommendedAction: "" }))).toEqual([
      "spec.customRecommendedAction: Required value: customRecommendedAction is required when recommendedAction is CUSTOM",
    ]);
    expect(errorsOf(event({ ...SPEC, recommendedAction: "CUSTOM", customRecommendedAction: "reseat the GPU" }))).toEqual([]);
  });

  it("rejects any change of the spec on update, but not of the status", () => {
    const stored = event(SPEC);
    expect(errorsOf(event({ ...SPEC, isFatal: false }), stored)).toEqual(['spec: Invalid value: "object": spec is immutable']);
    expect(errorsOf(event(SPEC, { nodeQuarantined: "Quarantined" }), stored)).toEqual([]);
  });

  it("prunes unknown fields with warnings", () => {
    const result = version.admit(event({ ...SPEC, severity: "high", entitiesImpacted: [{ entityType: "GPU", serial: "x" }] }, { extra: true }));
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      'unknown field "spec.entitiesImpacted[0].serial"',
      'unknown field "spec.severity"',
      'unknown field "status.extra"',
    ]);
    expect(result.object).toEqual(event({ ...SPEC, entitiesImpacted: [{ entityType: "GPU" }] }));
  });

  it("rejects values outside the schema with the apiserver's texts", () => {
    expect(
      errorsOf(event({ ...SPEC, recommendedAction: "REBOOT", nodeName: "Node_1", version: -1, generatedTimestamp: "yesterday" })),
    ).toEqual([
      'spec.generatedTimestamp: Invalid value: "yesterday": spec.generatedTimestamp in body must be of type date-time: "yesterday"',
      "spec.nodeName: Invalid value: \"Node_1\": spec.nodeName in body should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'",
      'spec.recommendedAction: Unsupported value: "REBOOT": supported values: "NONE", "COMPONENT_RESET", "CONTACT_SUPPORT", "RUN_FIELDDIAG", "RESTART_VM", "RESTART_BM", "REPLACE_VM", "RUN_DCGMEUD", "CUSTOM", "UNKNOWN"',
      "spec.version: Invalid value: -1: spec.version in body should be greater than or equal to 0",
      NOT_CHECKED,
    ]);
  });

  it("checks the metadata keys with CEL", () => {
    // The rule's message is the generator's wording; the rest is the apiserver's.
    const rule = crd.spec.versions[0].schema.openAPIV3Schema.properties!.spec.properties!.metadata["x-kubernetes-validations"]![0];
    expect(errorsOf(event({ ...SPEC, metadata: { ["k".repeat(254)]: "v" } }))).toEqual([`spec.metadata: Invalid value: "object": ${rule.message}`]);
  });

  it("accepts a nullable status field set to null but no other null", () => {
    expect(errorsOf(event(SPEC, { faultRemediated: null }))).toEqual([]);
    const result = version.admit(event({ ...SPEC, isFatal: null }));
    expect(result.errors).toEqual([]);
    expect((result.object as { spec: object }).spec).not.toHaveProperty("isFatal");
  });
});
