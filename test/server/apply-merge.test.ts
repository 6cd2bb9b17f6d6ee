// Server-side apply units: the FieldsV1 encoding, merge by the schema's list and map types, removal
// of fields an applier stopped applying, conflicts with the API server's message, and force.
import { describe, expect, it } from "vitest";
import { FieldSet, fieldElement, keyElement, pathString, valueElement } from "../../src/server/apply/field-set.js";
import { decodeManagedFields, encodeManagedFields } from "../../src/server/apply/managed-fields.js";
import { resourceMergeType } from "../../src/server/apply/merge-type.js";
import { applyConfiguration, recordUpdate } from "../../src/server/apply/ownership.js";
import { merge, toFieldSet } from "../../src/server/apply/typed-value.js";
import { ApiError } from "../../src/server/status.js";
import type { JSONSchemaProps } from "../../src/schema/kubernetes.js";

const schema: JSONSchemaProps = {
  type: "object",
  properties: {
    spec: {
      type: "object",
      properties: {
        a: { type: "string" },
        b: { type: "integer" },
        ports: {
          type: "array",
          "x-kubernetes-list-type": "map",
          "x-kubernetes-list-map-keys": ["name", "protocol"],
          items: { type: "object", properties: { name: { type: "string" }, protocol: { type: "string" }, port: { type: "integer" } } },
        },
        tags: { type: "array", "x-kubernetes-list-type": "set", items: { type: "string" } },
        args: { type: "array", items: { type: "string" } },
        selector: { type: "object", "x-kubernetes-map-type": "atomic", additionalProperties: { type: "string" } },
        extra: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
      },
    },
    status: { type: "object", properties: { phase: { type: "string" } } },
  },
};
const type = resourceMergeType(schema);
const context = { type, apiVersion: "example.com/v1", resetFields: ["status"] };
const base = { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w", namespace: "default" } };

function config(spec: Record<string, unknown>, metadata: Record<string, unknown> = {}) {
  return { ...base, metadata: { ...base.metadata, ...metadata }, spec };
}

function apply(live: any, cfg: any, manager: string, force = false) {
  const managers = decodeManagedFields(live?.metadata?.managedFields) ?? new Map();
  const result = applyConfiguration(live, managers, cfg, manager, force, context);
  return { ...result.object, metadata: { ...(result.object.metadata as object), managedFields: result.managedFields } } as any;
}

function fieldsOf(object: any, manager: string) {
  return object.metadata.managedFields.find((e: any) => e.manager === manager)?.fieldsV1;
}

function conflictOf(run: () => unknown) {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error.status;
    throw error;
  }
  throw new Error("expected a conflict");
}

describe("FieldsV1", () => {
  it("spells path elements as the API server does and puts `.` on owned containers", () => {
    const set = FieldSet.of(
      [fieldElement("spec"), fieldElement("ports"), keyElement([["protocol", "TCP"], ["name", "a<b"]])],
      [fieldElement("spec"), fieldElement("ports"), keyElement([["protocol", "TCP"], ["name", "a<b"]]), fieldElement("port")],
      [fieldElement("spec"), fieldElement("tags"), valueElement("x")],
      [fieldElement("metadata"), fieldElement("labels"), fieldElement("app")],
    );
    expect(set.toFieldsV1()).toEqual({
      "f:metadata": { "f:labels": { "f:app": {} } },
      "f:spec": { "f:ports": { 'k:{"name":"a\\u003cb","protocol":"TCP"}': { ".": {}, "f:port": {} } }, "f:tags": { 'v:"x"': {} } },
    });
    expect(Object.keys((set.toFieldsV1()["f:spec"] as any)["f:ports"])).toEqual(['k:{"name":"a\\u003cb","protocol":"TCP"}']);
    expect(FieldSet.fromFieldsV1(set.toFieldsV1()).toFieldsV1()).toEqual(set.toFieldsV1());
    expect(pathString([fieldElement("spec"), fieldElement("ports"), keyElement([["name", "a"], ["protocol", "TCP"]])])).toBe('.spec.ports[name="a",protocol="TCP"]');
    expect(pathString([fieldElement("spec"), fieldElement("tags"), valueElement(3)])).toBe(".spec.tags[=3]");
  });

  it("owns leaves, list-map items with their keys, set values, atomic lists and maps whole", () => {
    const set = toFieldSet(config({ a: "x", ports: [{ name: "http", protocol: "TCP", port: 80 }], tags: ["t"], args: ["1"], selector: { k: "v" }, extra: { any: { deep: 1 } } }), type);
    expect(set.toFieldsV1()).toEqual({
      "f:apiVersion": {},
      "f:kind": {},
      "f:metadata": { "f:name": {}, "f:namespace": {} },
      "f:spec": {
        "f:a": {},
        "f:args": {},
        "f:extra": { "f:any": { ".": {}, "f:deep": {} } },
        "f:ports": { 'k:{"name":"http","protocol":"TCP"}': { ".": {}, "f:name": {}, "f:port": {}, "f:protocol": {} } },
        "f:selector": {},
        "f:tags": { 'v:"t"': {} },
      },
    });
  });
});

describe("merge", () => {
  it("merges list-map items by key, sets by value, and replaces atomic values", () => {
    const live = config({ ports: [{ name: "a", protocol: "TCP", port: 1 }, { name: "b", protocol: "TCP", port: 2 }], tags: ["x"], args: ["1", "2"], selector: { a: "1", b: "2" } });
    const cfg = config({ ports: [{ name: "b", protocol: "TCP", port: 20 }, { name: "c", protocol: "UDP", port: 3 }], tags: ["y"], args: ["3"], selector: { c: "3" } });
    expect((merge(live, cfg, type) as any).spec).toEqual({
      ports: [{ name: "a", protocol: "TCP", port: 1 }, { name: "b", protocol: "TCP", port: 20 }, { name: "c", protocol: "UDP", port: 3 }],
      tags: ["x", "y"],
      args: ["3"],
      selector: { c: "3" },
    });
  });
});

describe("apply and ownership", () => {
  it("creates with an Apply entry, re-applies without change, and removes what the applier dropped", () => {
    const created = apply(undefined, config({ a: "x", b: 1, ports: [{ name: "a", protocol: "TCP", port: 1 }] }), "alice");
    expect(created.spec).toEqual({ a: "x", b: 1, ports: [{ name: "a", protocol: "TCP", port: 1 }] });
    const entry = created.metadata.managedFields[0];
    expect(Object.keys(entry)).toEqual(["apiVersion", "fieldsType", "fieldsV1", "manager", "operation", "time"]);
    expect(entry).toMatchObject({ apiVersion: "example.com/v1", fieldsType: "FieldsV1", manager: "alice", operation: "Apply" });
    expect(entry.time).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(entry.fieldsV1).toEqual({
      "f:spec": { "f:a": {}, "f:b": {}, "f:ports": { 'k:{"name":"a","protocol":"TCP"}': { ".": {}, "f:name": {}, "f:port": {}, "f:protocol": {} } } },
    });
    const again = apply(created, config({ a: "x", b: 1, ports: [{ name: "a", protocol: "TCP", port: 1 }] }), "alice");
    expect(again).toEqual(created);
    const dropped = apply(created, config({ a: "x" }), "alice");
    expect(dropped.spec).toEqual({ a: "x" });
    expect(fieldsOf(dropped, "alice")).toEqual({ "f:spec": { "f:a": {} } });
  });

  it("keeps a dropped field another manager owns, and shares a field applied with the same value", () => {
    const created = apply(undefined, config({ a: "x", b: 1 }), "alice");
    const shared = apply(created, config({ b: 1 }), "bob");
    expect(fieldsOf(shared, "bob")).toEqual({ "f:spec": { "f:b": {} } });
    const dropped = apply(shared, config({ a: "x" }), "alice");
    expect(dropped.spec).toEqual({ a: "x", b: 1 });
  });

  it("refuses a change to a field another manager owns with the API server's 409, and force takes it", () => {
    const created = apply(undefined, config({ a: "x", b: 1, ports: [{ name: "a", protocol: "TCP", port: 1 }] }), "alice");
    expect(conflictOf(() => apply(created, config({ a: "y" }), "bob"))).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: 'Apply failed with 1 conflict: conflict with "alice": .spec.a',
      reason: "Conflict",
      details: { causes: [{ reason: "FieldManagerConflict", message: 'conflict with "alice"', field: ".spec.a" }] },
      code: 409,
    });
    const next = { ...created, spec: { ...created.spec, b: 2 } };
    const managers = recordUpdate(decodeManagedFields(created.metadata.managedFields)!, created, next, "kubectl-edit", context);
    const edited = { ...next, metadata: { ...created.metadata, managedFields: encodeManagedFields(managers) } };
    const status = conflictOf(() => apply(edited, config({ a: "z", b: 3, ports: [{ name: "a", protocol: "TCP", port: 9 }] }), "bob"));
    expect(status.message).toBe(
      'Apply failed with 3 conflicts: conflicts with "alice":\n- .spec.a\n- .spec.ports[name="a",protocol="TCP"].port\nconflicts with "kubectl-edit" using example.com/v1:\n- .spec.b',
    );
    expect(status.details?.causes?.map((c) => c.field)).toEqual([".spec.a", '.spec.ports[name="a",protocol="TCP"].port', ".spec.b"]);
    const forced = apply(edited, config({ a: "z", b: 3 }), "bob", true);
    expect(forced.spec).toMatchObject({ a: "z", b: 3 });
    expect(fieldsOf(forced, "bob")).toEqual({ "f:spec": { "f:a": {}, "f:b": {} } });
    expect(fieldsOf(forced, "alice")).toEqual({ "f:spec": { "f:ports": { 'k:{"name":"a","protocol":"TCP"}': { ".": {}, "f:name": {}, "f:port": {}, "f:protocol": {} } } } });
    expect(fieldsOf(forced, "kubectl-edit")).toBeUndefined();
  });

  it("records an ordinary update as operation Update with the containers it added", () => {
    const managers = recordUpdate(new Map(), { apiVersion: base.apiVersion, kind: base.kind }, config({ a: "x" }, { labels: { app: "w" } }), "kubectl-create", context);
    expect([...managers.values()].map((e) => [e.manager, e.operation, e.apiVersion, e.set.toFieldsV1()])).toEqual([
      ["kubectl-create", "Update", "example.com/v1", { "f:metadata": { "f:labels": { ".": {}, "f:app": {} } }, "f:spec": { ".": {}, "f:a": {} } }],
    ]);
  });
});

describe("reset fields", () => {
  it("neither conflicts on nor takes the status through the main resource", () => {
    const created = apply(undefined, config({ a: "x" }), "alice");
    const managers = recordUpdate(decodeManagedFields(created.metadata.managedFields)!, created, { ...created, status: { phase: "Ready" } }, "controller", {
      ...context,
      subresource: "status",
      resetFields: ["spec"],
    });
    const withStatus = { ...created, status: { phase: "Ready" }, metadata: { ...created.metadata, managedFields: encodeManagedFields(managers) } };
    expect(fieldsOf(withStatus, "controller")).toEqual({ "f:status": { ".": {}, "f:phase": {} } });
    const applied = apply(withStatus, { ...config({ a: "x" }), status: { phase: "Failed" } }, "bob");
    expect(fieldsOf(applied, "bob")).toEqual({ "f:spec": { "f:a": {} } });
    expect(fieldsOf(applied, "controller")).toEqual({ "f:status": { ".": {}, "f:phase": {} } });
  });
});

describe("update managers", () => {
  it("keeps at most 10, folding the oldest into ancient-changes", () => {
    let object: any = apply(undefined, config({ a: "x" }), "alice");
    let managers = decodeManagedFields(object.metadata.managedFields)!;
    for (let i = 0; i < 12; i++) {
      const next = { ...object, metadata: { ...object.metadata, labels: { ...(object.metadata.labels ?? {}), [`l${i}`]: "v" } } };
      managers = recordUpdate(managers, object, next, `writer-${String(i).padStart(2, "0")}`, context);
      object = next;
    }
    const names = encodeManagedFields(managers).map((e) => `${e.operation}:${e.manager}`);
    expect(names.filter((n) => n.startsWith("Update:"))).toHaveLength(10);
    expect(names).toContain("Apply:alice");
    expect(names).toContain("Update:ancient-changes");
    expect(names).not.toContain("Update:writer-00");
    expect(names).not.toContain("Update:writer-02");
    expect(names).toContain("Update:writer-03");
    const ancient = encodeManagedFields(managers).find((e) => e.manager === "ancient-changes")!;
    expect(Object.keys((ancient.fieldsV1 as any)["f:metadata"]["f:labels"]).sort()).toEqual([".", "f:l0", "f:l1", "f:l2"]);
  });
});
