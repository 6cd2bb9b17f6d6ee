import { describe, expect, it } from "vitest";
import type { CustomResourceDefinition, CustomResourceDefinitionVersion, JSONSchemaProps } from "../../src/schema/kubernetes.js";
import { check, specProperties } from "./crd-builder.js";

function richSchema(): JSONSchemaProps {
  return {
    type: "object",
    description: "A widget.",
    required: ["spec"],
    "x-kubernetes-validations": [{ rule: "self.metadata.name.size() <= 63", message: "name too long" }],
    properties: {
      apiVersion: { type: "string" },
      kind: { type: "string" },
      metadata: { type: "object", properties: { name: { type: "string", maxLength: 63 } } },
      spec: {
        type: "object",
        required: ["nodeName"],
        properties: {
          nodeName: { type: "string", pattern: "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", maxLength: 253 },
          phase: { type: "string", enum: ["Pending", "Running", "Done"], default: "Pending" },
          replicas: { type: "integer", format: "int32", minimum: 0, default: 1 },
          ratio: { type: "number", format: "double", nullable: true },
          fatal: { type: "boolean" },
          since: { type: "string", format: "date-time" },
          payload: { type: "string", format: "byte" },
          size: {
            "x-kubernetes-int-or-string": true,
            anyOf: [{ type: "integer" }, { type: "string" }],
            pattern: "^-?[0-9]+$",
          },
          labels: { type: "object", additionalProperties: { type: "string" }, maxProperties: 64, "x-kubernetes-map-type": "granular" },
          settings: { type: "object", additionalProperties: { type: "object", properties: { value: { type: "string" } } } },
          raw: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
          anything: { "x-kubernetes-preserve-unknown-fields": true },
          template: {
            type: "object",
            "x-kubernetes-embedded-resource": true,
            "x-kubernetes-preserve-unknown-fields": true,
            properties: { apiVersion: { type: "string" }, kind: { type: "string" }, metadata: { type: "object" } },
          },
          tags: { type: "array", items: { type: "string", maxLength: 63 }, maxItems: 16, "x-kubernetes-list-type": "set" },
          matrix: { type: "array", items: { type: "array", items: { type: "integer" } }, "x-kubernetes-list-type": "atomic" },
          ports: {
            type: "array",
            maxItems: 32,
            "x-kubernetes-list-type": "map",
            "x-kubernetes-list-map-keys": ["name", "protocol"],
            items: {
              type: "object",
              required: ["name"],
              properties: {
                name: { type: "string" },
                protocol: { type: "string", default: "TCP" },
                port: { type: "integer", format: "int32" },
              },
              "x-kubernetes-validations": [{ rule: "self.port == oldSelf.port", message: "port is immutable" }],
            },
          },
          mode: {
            type: "object",
            "x-kubernetes-map-type": "atomic",
            properties: { fast: { type: "boolean" }, safe: { type: "boolean" } },
            oneOf: [{ required: ["fast"] }, { required: ["safe"] }],
            allOf: [{ not: { properties: { fast: { enum: [false] } } } }],
          },
        },
        "x-kubernetes-validations": [
          { rule: "self.replicas <= 10", messageExpression: "'too many: ' + string(self.replicas)", reason: "FieldValueForbidden", fieldPath: ".replicas" },
          { rule: "!has(oldSelf.nodeName) || self.nodeName == oldSelf.nodeName", message: "nodeName is immutable", optionalOldSelf: true },
          { rule: "self.labels.all(k,\n  k.size() < 64)", message: "label keys are short", fieldPath: ".labels['example.com/x']" },
        ],
      },
      status: {
        type: "object",
        properties: {
          replicas: { type: "integer" },
          selector: { type: "string" },
          ready: { type: "boolean" },
          conditions: {
            type: "array",
            "x-kubernetes-list-type": "map",
            "x-kubernetes-list-map-keys": ["type"],
            items: {
              type: "object",
              required: ["type", "status"],
              properties: { type: { type: "string" }, status: { type: "string", enum: ["True", "False", "Unknown"] }, lastTransitionTime: { type: "string", format: "date-time" } },
            },
          },
        },
      },
    },
  };
}

function richVersion(name: string, storage: boolean): CustomResourceDefinitionVersion {
  return {
    name,
    served: true,
    storage,
    schema: { openAPIV3Schema: richSchema() },
    subresources: { status: {}, scale: { specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas", labelSelectorPath: ".status.selector" } },
    additionalPrinterColumns: [
      { name: "Node", type: "string", jsonPath: ".spec.nodeName" },
      { name: "Phase", type: "string", jsonPath: ".spec.phase" },
      { name: "Size", type: "string", jsonPath: ".spec.size" },
      { name: "Replicas", type: "integer", format: "int32", jsonPath: ".spec.replicas" },
      { name: "Ratio", type: "number", jsonPath: ".spec.ratio", priority: 1 },
      { name: "Fatal", type: "boolean", jsonPath: ".spec.fatal" },
      { name: "Ready", type: "string", jsonPath: ".status.conditions[0].status", description: "first condition" },
      { name: "Since", type: "date", jsonPath: ".spec.since" },
      { name: "Age", type: "date", jsonPath: ".metadata.creationTimestamp" },
    ],
    selectableFields: [{ jsonPath: ".spec.nodeName" }, { jsonPath: ".spec.phase" }, { jsonPath: ".spec.fatal" }, { jsonPath: ".spec.labels.team" }],
  };
}

function richCrd(): CustomResourceDefinition {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "widgets.things.example.com", labels: { app: "widgets" } },
    spec: {
      group: "things.example.com",
      names: { kind: "Widget", listKind: "WidgetList", plural: "widgets", singular: "widget", shortNames: ["wd"], categories: ["all", "things"] },
      scope: "Cluster",
      versions: [
        { ...richVersion("v1alpha1", false), deprecated: true, deprecationWarning: "things.example.com/v1alpha1 Widget is deprecated; use v1" },
        richVersion("v1", true),
      ],
    },
  };
}

describe("a rich, valid CRD", () => {
  it("has no problems", () => {
    expect(check(richCrd())).toEqual([]);
  });
});

describe("problem order", () => {
  it("is by path, whatever order the rules and the object's keys produce them in", () => {
    const crd = specProperties({ b: { type: "array" }, a: {} });
    crd.metadata.name = "wrong.example.com";
    const reordered = structuredClone(crd);
    const spec = reordered.spec.versions[0].schema.openAPIV3Schema.properties!.spec;
    spec.properties = Object.fromEntries(Object.entries(spec.properties!).reverse());
    const expected = [
      ["metadata", "name"],
      ["spec", "versions", 0, "schema", "openAPIV3Schema", "properties", "spec", "properties", "a", "type"],
      ["spec", "versions", 0, "schema", "openAPIV3Schema", "properties", "spec", "properties", "b", "items"],
    ];
    expect(check(crd).map((p) => p.path)).toEqual(expected);
    expect(check(reordered)).toEqual(check(crd));
  });
});
