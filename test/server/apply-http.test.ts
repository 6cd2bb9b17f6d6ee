// Server-side apply against `crd-ts serve --tls` as a separate process: raw PATCH requests with
// application/apply-patch+yaml (the API server's exact messages for a missing fieldManager, force on
// other patches, conflicts, undeclared fields), managedFields of ordinary writes, /status, and
// `kubectl apply --server-side` with two field managers and --force-conflicts.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { kubectlFor, KUBECTL, haveKubectl } from "./kubectl-cli.js";
import { BUILT, HAVE_OPENSSL, raw, startServerProcess, type ServerProcess } from "./process-server.js";

const GADGETS = "/apis/example.com/v1/namespaces/default/gadgets";
const APPLY = { "Content-Type": "application/apply-patch+yaml" };

function gadgetCrd(): unknown {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "gadgets.example.com" },
    spec: {
      group: "example.com",
      scope: "Namespaced",
      names: { plural: "gadgets", singular: "gadget", kind: "Gadget", listKind: "GadgetList" },
      versions: [
        {
          name: "v1",
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              type: "object",
              properties: {
                spec: {
                  type: "object",
                  properties: {
                    size: { type: "integer", minimum: 0 },
                    color: { type: "string" },
                    ports: {
                      type: "array",
                      "x-kubernetes-list-type": "map",
                      "x-kubernetes-list-map-keys": ["name"],
                      items: { type: "object", required: ["name"], properties: { name: { type: "string" }, port: { type: "integer" } } },
                    },
                  },
                },
                status: { type: "object", properties: { phase: { type: "string" } } },
              },
            },
          },
        },
      ],
    },
  };
}

const ready = BUILT && HAVE_OPENSSL;
let server: ServerProcess;
let dir: string;
const kubectl = kubectlFor(() => server.kubeconfigPath, () => dir);

function gadget(name: string, spec: Record<string, unknown>): string {
  return stringify({ apiVersion: "example.com/v1", kind: "Gadget", metadata: { name }, spec });
}

function applyAs(manager: string, name: string, body: string, extra = "") {
  return raw(server, { method: "PATCH", path: `${GADGETS}/${name}?fieldManager=${manager}${extra}`, body, headers: APPLY });
}

describe.skipIf(!ready)("server-side apply (crd-ts serve --tls, separate process)", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "crd-ts-apply-"));
    writeFileSync(join(dir, "gadget.yaml"), stringify(gadgetCrd()));
    server = await startServerProcess(["--crd", join(dir, "gadget.yaml"), "--tls"]);
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("requires fieldManager, and refuses force on other patches, with the API server's 422", async () => {
    const missing = await raw(server, { method: "PATCH", path: `${GADGETS}/g0`, body: gadget("g0", { size: 1 }), headers: APPLY });
    expect(missing.status).toBe(422);
    expect(missing.json.message).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    expect(missing.json.details.causes).toEqual([{ reason: "FieldValueRequired", message: "Required value: is required for apply patch", field: "fieldManager" }]);
    const force = await raw(server, { method: "PATCH", path: `${GADGETS}/g0?force=true`, body: "{}", headers: { "Content-Type": "application/merge-patch+json" } });
    expect(force.status).toBe(422);
    expect(force.json.message).toBe('PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch');
  });

  it("creates on apply, re-applies as a no-op, takes conflicts to 409 and force to ownership, and removes dropped fields", async () => {
    const created = await applyAs("alice", "g1", gadget("g1", { size: 1, color: "red", ports: [{ name: "http", port: 80 }] }));
    expect(created.status).toBe(201);
    expect(created.json.metadata.managedFields).toEqual([
      {
        apiVersion: "example.com/v1",
        fieldsType: "FieldsV1",
        fieldsV1: { "f:spec": { "f:color": {}, "f:ports": { 'k:{"name":"http"}': { ".": {}, "f:name": {}, "f:port": {} } }, "f:size": {} } },
        manager: "alice",
        operation: "Apply",
        time: expect.stringMatching(/Z$/),
      },
    ]);
    const again = await applyAs("alice", "g1", JSON.stringify({ apiVersion: "example.com/v1", kind: "Gadget", metadata: { name: "g1" }, spec: { size: 1, color: "red", ports: [{ name: "http", port: 80 }] } }));
    expect(again.status).toBe(200);
    expect(again.json.metadata.resourceVersion).toBe(created.json.metadata.resourceVersion);

    const conflict = await applyAs("bob", "g1", gadget("g1", { size: 2, ports: [{ name: "http", port: 81 }] }));
    expect(conflict.status).toBe(409);
    expect(conflict.json).toEqual({
      kind: "Status",
      apiVersion: "v1",
      metadata: {},
      status: "Failure",
      message: 'Apply failed with 2 conflicts: conflicts with "alice":\n- .spec.size\n- .spec.ports[name="http"].port',
      reason: "Conflict",
      details: {
        causes: [
          { reason: "FieldManagerConflict", message: 'conflict with "alice"', field: ".spec.size" },
          { reason: "FieldManagerConflict", message: 'conflict with "alice"', field: '.spec.ports[name="http"].port' },
        ],
      },
      code: 409,
    });
    const forced = await applyAs("bob", "g1", gadget("g1", { size: 2 }), "&force=true");
    expect(forced.status).toBe(200);
    expect(forced.json.spec).toEqual({ size: 2, color: "red", ports: [{ name: "http", port: 80 }] });
    expect(forced.json.metadata.managedFields.map((e: any) => [e.manager, e.fieldsV1])).toEqual([
      ["alice", { "f:spec": { "f:color": {}, "f:ports": { 'k:{"name":"http"}': { ".": {}, "f:name": {}, "f:port": {} } } } }],
      ["bob", { "f:spec": { "f:size": {} } }],
    ]);
    // alice stops applying color and ports: nobody else owns them, so they go.
    const dropped = await applyAs("alice", "g1", stringify({ apiVersion: "example.com/v1", kind: "Gadget", metadata: { name: "g1" } }));
    expect(dropped.status).toBe(200);
    expect(dropped.json.spec).toEqual({ size: 2 });
    expect(dropped.json.metadata.managedFields.map((e: any) => e.manager)).toEqual(["bob"]);
    // Conflicting with an Update manager names its apiVersion.
    const edited = await raw(server, {
      method: "PATCH",
      path: `${GADGETS}/g1?fieldManager=kubectl-edit`,
      body: JSON.stringify({ spec: { color: "blue" } }),
      headers: { "Content-Type": "application/merge-patch+json" },
    });
    expect(edited.json.metadata.managedFields.find((e: any) => e.manager === "kubectl-edit")).toMatchObject({ operation: "Update", apiVersion: "example.com/v1", fieldsV1: { "f:spec": { "f:color": {} } } });
    const againConflict = await applyAs("alice", "g1", gadget("g1", { color: "green" }));
    expect(againConflict.json.message).toBe('Apply failed with 1 conflict: conflict with "kubectl-edit" using example.com/v1: .spec.color');
  });

  it("applies to /status, validates the result through admission, and refuses undeclared fields", async () => {
    const g2 = await applyAs("alice", "g2", gadget("g2", { size: 1 }));
    const status = await raw(server, {
      method: "PATCH",
      path: `${GADGETS}/g2/status?fieldManager=controller`,
      body: stringify({ apiVersion: "example.com/v1", kind: "Gadget", metadata: { name: "g2" }, status: { phase: "Ready" } }),
      headers: APPLY,
    });
    expect(status.status).toBe(200);
    expect(status.json.status).toEqual({ phase: "Ready" });
    expect(status.json.metadata.managedFields.find((e: any) => e.manager === "controller")).toMatchObject({
      operation: "Apply",
      subresource: "status",
      fieldsV1: { "f:status": { "f:phase": {} } },
    });
    const invalid = await applyAs("alice", "g2", gadget("g2", { size: -1 }));
    expect(invalid.status).toBe(422);
    expect(invalid.json.message).toBe('Gadget.example.com "g2" is invalid: spec.size: Invalid value: -1: spec.size in body should be greater than or equal to 0');
    const unknown = await applyAs("alice", "g2", gadget("g2", { size: 1, shape: "round" }));
    expect(unknown.status).toBe(500);
    expect(unknown.json.message).toBe("failed to create typed patch object (default/g2; example.com/v1, Kind=Gadget): .spec.shape: field not declared in schema");
    const missing = await raw(server, { method: "PATCH", path: `${GADGETS}/none/status?fieldManager=x`, body: gadget("none", {}), headers: APPLY });
    expect(missing.status).toBe(404);
    // Applies reach watches like other writes: the status apply is one MODIFIED event after the create.
    const watch = await raw(server, { path: `${GADGETS}?watch=1&resourceVersion=${g2.json.metadata.resourceVersion}&timeoutSeconds=1&fieldSelector=metadata.name%3Dg2` });
    const events = watch.text.trim().split("\n").map((line) => JSON.parse(line));
    expect(events.map((e) => [e.type, e.object.status?.phase, e.object.metadata.resourceVersion])).toEqual([["MODIFIED", "Ready", status.json.metadata.resourceVersion]]);
  });

  it("records ordinary creates as Update, the manager from the user agent", async () => {
    const created = await raw(server, {
      method: "POST",
      path: GADGETS,
      body: JSON.stringify({ apiVersion: "example.com/v1", kind: "Gadget", metadata: { name: "g3", labels: { a: "b" } }, spec: { size: 3 } }),
      headers: { "User-Agent": "my-controller/1.2 (linux)" },
    });
    expect(created.status).toBe(201);
    expect(created.json.metadata.managedFields).toEqual([
      {
        apiVersion: "example.com/v1",
        fieldsType: "FieldsV1",
        fieldsV1: { "f:metadata": { "f:labels": { ".": {}, "f:a": {} } }, "f:spec": { ".": {}, "f:size": {} } },
        manager: "my-controller",
        operation: "Update",
        time: expect.stringMatching(/Z$/),
      },
    ]);
  });

  it("applies to built-in types as untyped content", async () => {
    const path = "/api/v1/namespaces/default/configmaps/settings?fieldManager=tool";
    const cm = (data: Record<string, string>) => stringify({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "settings" }, data });
    expect((await raw(server, { method: "PATCH", path, body: cm({ a: "1", b: "2" }), headers: APPLY })).status).toBe(201);
    const dropped = await raw(server, { method: "PATCH", path, body: cm({ a: "1" }), headers: APPLY });
    expect(dropped.json.data).toEqual({ a: "1" });
    expect(dropped.json.metadata.managedFields[0]).toMatchObject({ manager: "tool", operation: "Apply", apiVersion: "v1", fieldsV1: { "f:data": { "f:a": {} } } });
  });

  it.skipIf(!haveKubectl)("kubectl apply --server-side: a conflict between two field managers, then --force-conflicts", async () => {
    const file = join(dir, "g4.yaml");
    writeFileSync(file, gadget("g4", { size: 1, color: "red" }));
    const first = await kubectl("apply", "--server-side", "-f", file);
    expect(first.stderr).toBe("");
    expect(first.stdout).toBe("gadget.example.com/g4 serverside-applied\n");
    writeFileSync(file, gadget("g4", { size: 5 }));
    const other = await kubectl("apply", "--server-side", "--field-manager=ops", "-f", file);
    expect(other.code).not.toBe(0);
    expect(other.stderr).toContain('Apply failed with 1 conflict: conflict with "kubectl": .spec.size');
    const forced = await kubectl("apply", "--server-side", "--field-manager=ops", "--force-conflicts", "-f", file);
    expect(forced.stderr).toBe("");
    expect(forced.stdout).toBe("gadget.example.com/g4 serverside-applied\n");
    const got = await kubectl("get", "gadget", "g4", "-o", "json", "--show-managed-fields");
    const object = JSON.parse(got.stdout);
    expect(object.spec).toEqual({ size: 5, color: "red" });
    expect(object.metadata.managedFields.map((e: any) => [e.manager, e.operation, e.fieldsV1])).toEqual([
      ["kubectl", "Apply", { "f:spec": { "f:color": {} } }],
      ["ops", "Apply", { "f:spec": { "f:size": {} } }],
    ]);
  });
});

if (!ready) console.warn(`server-side apply tests skipped: dist/ not built or openssl missing (${KUBECTL})`);
