// Create, read, update, patch and delete of HealthEvents through @kubernetes/client-node.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HE, HE_PATH, healthEvent, MERGE_PATCH, request, startTestServer, statusOf, type TestServer } from "./fixture.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.server.close();
});

const create = (name: string, labels: Record<string, string> = {}) =>
  t.custom.createNamespacedCustomObject({ ...HE, namespace: "default", body: healthEvent(name, {}, labels) });
const get = (name: string) => t.custom.getNamespacedCustomObject({ ...HE, namespace: "default", name });

describe("create and get", () => {
  it("assigns uid, creationTimestamp, generation 1 and a resourceVersion, and drops status on create", async () => {
    const body = { ...healthEvent("create-1"), status: { nodeQuarantined: "Quarantined" } };
    const created = await t.custom.createNamespacedCustomObject({ ...HE, namespace: "default", body });
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(created.metadata.generation).toBe(1);
    expect(created.metadata.resourceVersion).toMatch(/^\d+$/);
    expect(created.status).toBeUndefined();
    const fetched = await get("create-1");
    expect(fetched).toEqual(created);
  });

  it("answers a second create of the same name with 409 AlreadyExists", async () => {
    await create("dup-1");
    const status = await statusOf(create("dup-1"));
    expect(status).toMatchObject({
      code: 409,
      reason: "AlreadyExists",
      message: 'healthevents.nvsentinel.dgxc.nvidia.com "dup-1" already exists',
      details: { name: "dup-1", group: "nvsentinel.dgxc.nvidia.com", kind: "healthevents" },
    });
  });

  it("answers a missing object with 404 NotFound", async () => {
    const status = await statusOf(get("nope"));
    expect(status).toMatchObject({ code: 404, reason: "NotFound", message: 'healthevents.nvsentinel.dgxc.nvidia.com "nope" not found' });
  });

  it("rejects a create in a namespace that does not exist", async () => {
    const status = await statusOf(
      t.custom.createNamespacedCustomObject({ ...HE, namespace: "ghost", body: healthEvent("x", {}, {}, "ghost") }),
    );
    expect(status).toMatchObject({ code: 404, message: 'namespaces "ghost" not found' });
  });

  it("names objects from generateName", async () => {
    const body = healthEvent("");
    body.metadata = { generateName: "he-node-1-", namespace: "default" };
    const created = await t.custom.createNamespacedCustomObject({ ...HE, namespace: "default", body });
    expect(created.metadata.name).toMatch(/^he-node-1-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it("rejects invalid metadata like the apiserver", async () => {
    const status = await statusOf(create("Bad_Name", { "nvsentinel/node": "x".repeat(64) }));
    expect(status.code).toBe(422);
    expect(status.message).toBe(
      'HealthEvent.nvsentinel.dgxc.nvidia.com "Bad_Name" is invalid: [metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\'), metadata.labels: Invalid value: "' +
        "x".repeat(64) +
        '": must be no more than 63 characters]',
    );
  });
});

describe("update and optimistic concurrency", () => {
  it("updates with the current resourceVersion and answers a stale one with 409 Conflict", async () => {
    const created = await create("upd-1");
    const changed = { ...created, metadata: { ...created.metadata, labels: { team: "a" } } };
    const updated = await t.custom.replaceNamespacedCustomObject({ ...HE, namespace: "default", name: "upd-1", body: changed });
    expect(Number(updated.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
    expect(updated.metadata.generation).toBe(1); // metadata only
    const status = await statusOf(
      t.custom.replaceNamespacedCustomObject({ ...HE, namespace: "default", name: "upd-1", body: changed }),
    );
    expect(status).toMatchObject({
      code: 409,
      reason: "Conflict",
      message:
        'Operation cannot be fulfilled on healthevents.nvsentinel.dgxc.nvidia.com "upd-1": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it("bumps generation on a spec change and ignores status written to the main resource (cluster-scoped CRD)", async () => {
    const ERR = { group: "nvsentinel.nvidia.com", version: "v1alpha1", plural: "externalremediationrequests" };
    const body = {
      apiVersion: "nvsentinel.nvidia.com/v1alpha1",
      kind: "ExternalRemediationRequest",
      metadata: { name: "err-1" },
      spec: { healthEvent: { nodeName: "node-1", checkName: "GpuXidError" } },
    };
    const created = await t.custom.createClusterCustomObject({ ...ERR, body });
    expect(created.metadata.namespace).toBeUndefined();
    const changed = {
      ...created,
      spec: { healthEvent: { nodeName: "node-1", checkName: "NvLinkDown" } },
      status: { conditions: [{ type: "Done", status: "True", reason: "Remediated", lastTransitionTime: "2026-11-25T10:00:00Z" }] },
    };
    const updated = await t.custom.replaceClusterCustomObject({ ...ERR, name: "err-1", body: changed });
    expect(updated.metadata.generation).toBe(2);
    expect(updated.status).toBeUndefined();
    const viaStatus = await t.custom.replaceClusterCustomObjectStatus({ ...ERR, name: "err-1", body: { ...changed, metadata: updated.metadata } });
    expect(viaStatus.metadata.generation).toBe(2);
    expect(viaStatus.status.conditions[0].reason).toBe("Remediated");
  });

  it("skips a write that changes nothing: same resourceVersion", async () => {
    const created = await create("noop-1");
    const again = await t.custom.replaceNamespacedCustomObject({ ...HE, namespace: "default", name: "noop-1", body: created });
    expect(again.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
  });

  it("checks a uid given in the update", async () => {
    const created = await create("uid-1");
    const body = { ...created, metadata: { ...created.metadata, uid: "00000000-0000-0000-0000-000000000000" } };
    const status = await statusOf(t.custom.replaceNamespacedCustomObject({ ...HE, namespace: "default", name: "uid-1", body }));
    expect(status.message).toBe(
      `Operation cannot be fulfilled on healthevents.nvsentinel.dgxc.nvidia.com "uid-1": Precondition failed: UID in precondition: 00000000-0000-0000-0000-000000000000, UID in object meta: ${created.metadata.uid}`,
    );
  });

  it("only reads namespaced resources across namespaces", async () => {
    const response = await request(t.server, "POST", "/apis/nvsentinel.dgxc.nvidia.com/v1alpha1/healthevents", healthEvent("x"));
    expect(response.status).toBe(405);
    expect(response.json.reason).toBe("MethodNotAllowed");
  });

  it("answers an update of a missing object with 404", async () => {
    const status = await statusOf(
      t.custom.replaceNamespacedCustomObject({ ...HE, namespace: "default", name: "ghost", body: healthEvent("ghost") }),
    );
    expect(status.code).toBe(404);
  });
});

describe("status subresource", () => {
  it("writes only the status through /status; metadata and spec changes there are ignored", async () => {
    const created = await create("st-1");
    const body = {
      ...created,
      metadata: { ...created.metadata, labels: { sneaky: "yes" } },
      spec: { ...created.spec, nodeName: "other" },
      status: { nodeQuarantined: "Quarantined", quarantineFinishTimestamp: "2026-11-25T10:01:00Z" },
    };
    const updated = await t.custom.replaceNamespacedCustomObjectStatus({ ...HE, namespace: "default", name: "st-1", body });
    expect(updated.status).toEqual({ nodeQuarantined: "Quarantined", quarantineFinishTimestamp: "2026-11-25T10:01:00Z" });
    expect(updated.spec.nodeName).toBe("node-1");
    expect(updated.metadata.labels).toEqual({});
    expect(updated.metadata.generation).toBe(1);
  });

  it("merge-patches the status and keeps other status fields", async () => {
    await create("st-2");
    await t.custom.patchNamespacedCustomObjectStatus(
      { ...HE, namespace: "default", name: "st-2", body: { status: { nodeQuarantined: "Quarantined" } } },
      MERGE_PATCH,
    );
    const patched = await t.custom.patchNamespacedCustomObjectStatus(
      { ...HE, namespace: "default", name: "st-2", body: { status: { spanIds: { quarantine: "abc" } } } },
      MERGE_PATCH,
    );
    expect(patched.status).toEqual({ nodeQuarantined: "Quarantined", spanIds: { quarantine: "abc" } });
  });

  it("checks a resourceVersion given in a patch", async () => {
    const created = await create("st-3");
    await t.custom.patchNamespacedCustomObjectStatus(
      { ...HE, namespace: "default", name: "st-3", body: { status: { faultRemediated: true } } },
      MERGE_PATCH,
    );
    const status = await statusOf(
      t.custom.patchNamespacedCustomObjectStatus(
        {
          ...HE,
          namespace: "default",
          name: "st-3",
          body: { metadata: { resourceVersion: created.metadata.resourceVersion }, status: { faultRemediated: false } },
        },
        MERGE_PATCH,
      ),
    );
    expect(status).toMatchObject({ code: 409, reason: "Conflict" });
  });
});

describe("patch", () => {
  it("applies JSON patches (the client's default patch type)", async () => {
    await create("jp-1", { a: "1" });
    const patched = await t.custom.patchNamespacedCustomObject({
      ...HE,
      namespace: "default",
      name: "jp-1",
      body: [
        { op: "add", path: "/metadata/labels/b", value: "2" },
        { op: "remove", path: "/metadata/labels/a" },
      ],
    });
    expect(patched.metadata.labels).toEqual({ b: "2" });
  });

  it("answers a failed JSON patch test with 422", async () => {
    await create("jp-2");
    const response = await request(t.server, "PATCH", `${HE_PATH}/jp-2`, [{ op: "test", path: "/spec/nodeName", value: "x" }], {
      "Content-Type": "application/json-patch+json",
    });
    expect(response.status).toBe(422);
    expect(response.json.message).toBe("testing value /spec/nodeName failed: test failed");
  });

  it("rejects strategic merge patches of custom resources with 415, as the apiserver does", async () => {
    await create("smp-1");
    const response = await request(t.server, "PATCH", `${HE_PATH}/smp-1`, { metadata: { labels: { a: "b" } } }, {
      "Content-Type": "application/strategic-merge-patch+json",
    });
    expect(response.status).toBe(415);
    expect(response.json).toMatchObject({
      reason: "UnsupportedMediaType",
      message:
        "the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml",
    });
  });
});

describe("delete", () => {
  it("returns the deleted object and then 404", async () => {
    await create("del-1");
    const deleted = await t.custom.deleteNamespacedCustomObject({ ...HE, namespace: "default", name: "del-1" });
    expect(deleted.metadata.name).toBe("del-1");
    expect((await statusOf(get("del-1"))).code).toBe(404);
  });

  it("checks a resourceVersion precondition", async () => {
    await create("del-2");
    const status = await statusOf(
      t.custom.deleteNamespacedCustomObject({ ...HE, namespace: "default", name: "del-2", body: { preconditions: { resourceVersion: "1" } } }),
    );
    expect(status.code).toBe(409);
    expect(status.message).toMatch(/Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: \d+/);
  });

  it("keeps an object with finalizers until the last finalizer is removed", async () => {
    const body = healthEvent("fin-1");
    body.metadata.finalizers = ["example.com/hold"];
    await t.custom.createNamespacedCustomObject({ ...HE, namespace: "default", body });
    const marked = await t.custom.deleteNamespacedCustomObject({ ...HE, namespace: "default", name: "fin-1" });
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    await t.custom.patchNamespacedCustomObject(
      { ...HE, namespace: "default", name: "fin-1", body: { metadata: { finalizers: null } } },
      MERGE_PATCH,
    );
    expect((await statusOf(get("fin-1"))).code).toBe(404);
  });

  it("deletes a label-selected collection and returns what it deleted", async () => {
    await create("dc-1", { sweep: "yes" });
    await create("dc-2", { sweep: "yes" });
    await create("dc-3", { sweep: "no" });
    const deleted = await t.custom.deleteCollectionNamespacedCustomObject({ ...HE, namespace: "default", labelSelector: "sweep=yes" });
    expect(deleted.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(["dc-1", "dc-2"]);
    expect((await get("dc-3")).metadata.name).toBe("dc-3");
  });
});

describe("plain stored types", () => {
  it("keeps ConfigMaps and Leases without schema, with 409 on a stale update", async () => {
    const cm = await t.core.createNamespacedConfigMap({
      namespace: "default",
      body: { metadata: { name: "positions" }, data: { consumer: "42" } },
    });
    const updated = await t.core.replaceNamespacedConfigMap({
      namespace: "default",
      name: "positions",
      body: { ...cm, data: { consumer: "43" } },
    });
    expect(updated.data).toEqual({ consumer: "43" });
    const status = await statusOf(
      t.core.replaceNamespacedConfigMap({ namespace: "default", name: "positions", body: { ...cm, data: { consumer: "44" } } }),
    );
    expect(status.message).toBe(
      'Operation cannot be fulfilled on configmaps "positions": the object has been modified; please apply your changes to the latest version and try again',
    );
    const lease = await request(t.server, "POST", "/apis/coordination.k8s.io/v1/namespaces/default/leases", {
      apiVersion: "coordination.k8s.io/v1",
      kind: "Lease",
      metadata: { name: "consumer-a" },
      spec: { holderIdentity: "a" },
    });
    expect(lease.status).toBe(201);
    const deleted = await request(t.server, "DELETE", "/api/v1/namespaces/default/configmaps/positions");
    expect(deleted.json).toMatchObject({ kind: "Status", status: "Success", details: { name: "positions", kind: "configmaps" } });
  });

  it("has the default namespace and creates others", async () => {
    expect((await t.core.readNamespace({ name: "default" })).status?.phase).toBe("Active");
    await t.core.createNamespace({ body: { metadata: { name: "team-a" } } });
    const created = await t.custom.createNamespacedCustomObject({
      ...HE,
      namespace: "team-a",
      body: healthEvent("in-team-a", {}, {}, "team-a"),
    });
    expect(created.metadata.namespace).toBe("team-a");
  });
});
