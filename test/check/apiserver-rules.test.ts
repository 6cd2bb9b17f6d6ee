// The one judgement `crd-ts serve`, `crd-ts validate --crd` and the generator share: rejections are what
// kube-apiserver rejects; our stricter findings are lint and never stop a CRD.
import { describe, expect, it } from "vitest";
import { apiserverRejections, judgeCustomResourceDefinition } from "../../src/check/apiserver-rules.js";
import { validateCrd } from "../../src/server/crd-objects.js";
import { crdWith } from "./crd-builder.js";

/** What Istio's, Gateway API's and Karpenter's published CRDs do, all accepted by kube-apiserver. */
const accepted = crdWith((crd) => {
  crd.spec.names.shortNames = [crd.spec.names.singular];
  Object.assign(crd.spec.versions[0].schema.openAPIV3Schema.properties!.spec.properties!, {
    hosts: { type: "array", items: { type: "string" } },
  });
  crd.spec.versions[0].additionalPrinterColumns = [
    { name: "Ready", type: "string", jsonPath: '.status.conditions[?(@.type=="Ready")].status' },
    { name: "Addresses", type: "string", jsonPath: ".status.addresses[*].value" },
    { name: "Team", type: "string", jsonPath: ".metadata.labels.team" },
    { name: "Hosts", type: "string", jsonPath: ".spec.hosts" },
  ];
});

describe("apiserver rules", () => {
  it("accept what kube-apiserver accepts, and lint the rest", () => {
    const { rejections, lint } = judgeCustomResourceDefinition(accepted);
    expect(rejections).toEqual([]);
    expect(lint.map((p) => p.rule)).toEqual(["crd/short-name-singular", "printer-column/type-mismatch"]);
  });

  it("are what crd-ts serve applies", () => {
    expect(validateCrd(accepted)).toEqual([]);
    const broken = crdWith((crd) => (crd.spec.versions[0].additionalPrinterColumns = [{ name: "X", type: "string", jsonPath: ".spec.hosts[abc]" }]));
    expect(apiserverRejections(broken).map((p) => p.rule)).toEqual(["printer-column/json-path-syntax"]);
    expect(validateCrd(broken)).toHaveLength(1);
  });
});
