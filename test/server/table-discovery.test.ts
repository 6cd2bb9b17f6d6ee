// Discovery documents, the Table format kubectl get asks for, and KubernetesObjectApi (which finds
// resources through discovery).
import { KubernetesObjectApi } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { humanDuration } from "../../src/server/table.js";
import { HE, HE_PATH, healthEvent, MERGE_PATCH, request, startTestServer, type TestServer } from "./fixture.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.server.close();
});

const TABLE = "application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json";

describe("discovery", () => {
  it("lists the CRD's group and its resources with verbs, short names, categories and the status subresource", async () => {
    const groups = await request(t.server, "GET", "/apis");
    expect(groups.json.groups).toContainEqual({
      name: "nvsentinel.dgxc.nvidia.com",
      versions: [
        { groupVersion: "nvsentinel.dgxc.nvidia.com/v1", version: "v1" },
        { groupVersion: "nvsentinel.dgxc.nvidia.com/v1alpha1", version: "v1alpha1" },
      ],
      preferredVersion: { groupVersion: "nvsentinel.dgxc.nvidia.com/v1", version: "v1" },
    });
    const resources = await request(t.server, "GET", "/apis/nvsentinel.dgxc.nvidia.com/v1");
    expect(resources.json).toEqual({
      kind: "APIResourceList",
      apiVersion: "v1",
      groupVersion: "nvsentinel.dgxc.nvidia.com/v1",
      resources: [
        {
          name: "healthevents",
          singularName: "healthevent",
          namespaced: true,
          kind: "HealthEvent",
          verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
          shortNames: ["he"],
          categories: ["nvidia", "gpu"],
        },
        { name: "healthevents/status", singularName: "", namespaced: true, kind: "HealthEvent", verbs: ["get", "patch", "update"] },
      ],
    });
    expect((await request(t.server, "GET", "/api")).json.versions).toEqual(["v1"]);
    expect((await request(t.server, "GET", "/version")).json.minor).toBe("32");
    expect((await request(t.server, "GET", "/apis/nope.example.com/v1")).status).toBe(404);
  });

  it("answers kubectl's aggregated discovery request (apidiscovery.k8s.io/v2)", async () => {
    const accept =
      "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json";
    const apis = await request(t.server, "GET", "/apis", undefined, { Accept: accept });
    expect(apis.headers.get("content-type")).toBe("application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList");
    expect(apis.json.kind).toBe("APIGroupDiscoveryList");
    const group = apis.json.items.find((i: { metadata: { name: string } }) => i.metadata.name === "nvsentinel.dgxc.nvidia.com");
    expect(group.versions.map((v: { version: string }) => v.version)).toEqual(["v1", "v1alpha1"]);
    expect(group.versions.slice(0, 1)).toEqual([
      {
        version: "v1",
        freshness: "Current",
        resources: [
          {
            resource: "healthevents",
            responseKind: { group: "nvsentinel.dgxc.nvidia.com", version: "v1", kind: "HealthEvent" },
            scope: "Namespaced",
            singularResource: "healthevent",
            verbs: ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
            shortNames: ["he"],
            categories: ["nvidia", "gpu"],
            subresources: [
              {
                subresource: "status",
                responseKind: { group: "nvsentinel.dgxc.nvidia.com", version: "v1", kind: "HealthEvent" },
                verbs: ["get", "patch", "update"],
              },
            ],
          },
        ],
      },
    ]);
    const core = await request(t.server, "GET", "/api", undefined, { Accept: accept });
    expect(core.json.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual([""]);
    expect(core.json.items[0].versions[0].resources.map((r: { resource: string }) => r.resource)).toEqual([
      "namespaces",
      "configmaps",
      "secrets",
      "events",
    ]);
  });

  it("serves KubernetesObjectApi, which resolves kinds through discovery", async () => {
    const objects = KubernetesObjectApi.makeApiClient(t.kc);
    const created = await objects.create(healthEvent("koa-1"));
    expect(created.metadata?.uid).toBeDefined();
    const read = await objects.read({ apiVersion: created.apiVersion, kind: "HealthEvent", metadata: { name: "koa-1", namespace: "default" } });
    expect(read.metadata?.resourceVersion).toBe(created.metadata?.resourceVersion);
  });
});

describe("Table", () => {
  it("has the printer columns after Name, and cells evaluated from their JSONPaths", async () => {
    await t.custom.createNamespacedCustomObject({ ...HE, namespace: "default", body: healthEvent("tbl-1") });
    await t.custom.patchNamespacedCustomObjectStatus(
      { ...HE, namespace: "default", name: "tbl-1", body: { status: { nodeQuarantined: "Quarantined", faultRemediated: false } } },
      MERGE_PATCH,
    );
    const table = await request(t.server, "GET", `${HE_PATH}?fieldSelector=metadata.name%3Dtbl-1`, undefined, { Accept: TABLE });
    expect(table.json.kind).toBe("Table");
    expect(table.json.apiVersion).toBe("meta.k8s.io/v1");
    expect(table.json.columnDefinitions.map((c: { name: string; type: string; format: string; priority: number }) => [c.name, c.type, c.format, c.priority])).toEqual([
      ["Name", "string", "name", 0],
      ["Node", "string", "", 0],
      ["Check", "string", "", 0],
      ["Component", "string", "", 0],
      ["Fatal", "boolean", "", 0],
      ["Healthy", "boolean", "", 0],
      ["Quarantined", "string", "", 0],
      ["Eviction", "string", "", 0],
      ["Remediated", "boolean", "", 0],
      ["Agent", "string", "", 1],
      ["Action", "string", "", 1],
      ["Strategy", "string", "", 1],
      ["Age", "date", "", 0],
    ]);
    expect(table.json.columnDefinitions[1].description).toBe("Node the event is about");
    expect(table.json.columnDefinitions[2].description).toBe("Custom resource definition column (in JSONPath format): .spec.checkName");
    const [row] = table.json.rows;
    expect(row.cells.slice(0, -1)).toEqual([
      "tbl-1",
      "node-1",
      "GpuXidError",
      "GPU",
      true,
      false,
      "Quarantined",
      null,
      false,
      "gpu-health-monitor",
      "RESTART_BM",
      "EXECUTE_REMEDIATION",
    ]);
    expect(row.cells.at(-1)).toMatch(/^\d+s$/);
    expect(row.object).toMatchObject({ kind: "PartialObjectMetadata", apiVersion: "meta.k8s.io/v1", metadata: { name: "tbl-1" } });
    expect(table.json.metadata.resourceVersion).toMatch(/^\d+$/);
  });

  it("sends Table objects on a watch that asks for them (kubectl get -w), column definitions only first", async () => {
    const from = t.server.resourceVersion();
    await t.custom.createNamespacedCustomObject({ ...HE, namespace: "default", body: healthEvent("tbl-w") });
    await t.custom.patchNamespacedCustomObjectStatus(
      { ...HE, namespace: "default", name: "tbl-w", body: { status: { nodeQuarantined: "Cancelled" } } },
      MERGE_PATCH,
    );
    const response = await fetch(`${t.server.url}${HE_PATH}?watch=1&resourceVersion=${from}&timeoutSeconds=1`, { headers: { Accept: TABLE, Authorization: `Bearer ${t.server.token}` } });
    const events = (await response.text()).trim().split("\n").map((line) => JSON.parse(line));
    expect(events.map((e) => [e.type, e.object.kind, e.object.columnDefinitions?.length, e.object.rows[0].cells[6]])).toEqual([
      ["ADDED", "Table", 13, null],
      ["MODIFIED", "Table", undefined, "Cancelled"],
    ]);
  });

  it("prints the default Name and Created At columns for built-in types", async () => {
    const table = await request(t.server, "GET", "/api/v1/namespaces/default", undefined, { Accept: TABLE });
    expect(table.json.columnDefinitions.map((c: { name: string }) => c.name)).toEqual(["Name", "Created At"]);
    expect(table.json.rows[0].cells[0]).toBe("default");
    expect(table.json.rows[0].cells[1]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it.each([
    [0, "0s"],
    [119_000, "119s"],
    [125_000, "2m5s"],
    [600_000, "10m"],
    [3 * 3600_000 + 60_000, "3h1m"],
    [30 * 3600_000, "30h"],
    [50 * 3600_000, "2d2h"],
    [400 * 86400_000, "400d"],
    [3 * 365 * 86400_000 + 86400_000, "3y1d"],
  ])("formats an age of %i ms as %s (HumanDuration)", (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});
