// Lists: label and field selectors, limit/continue over a consistent snapshot, 410 on expired tokens.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HE, HE_PATH, healthEvent, request, startTestServer, statusOf, type TestServer } from "./fixture.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  const nodes = ["node-a", "node-b", "node-c"];
  for (let i = 0; i < 12; i++) {
    const node = nodes[i % 3];
    const body = healthEvent(`ev-${String(i).padStart(2, "0")}`, { nodeName: node, checkName: i < 6 ? "GpuXidError" : "NvLinkDown" }, {
      node,
      ...(i % 2 === 0 ? { even: "true" } : {}),
    });
    await t.custom.createNamespacedCustomObject({ ...HE, namespace: "default", body });
  }
});
afterAll(async () => {
  await t.server.close();
});

type Item = { metadata: { name: string } };
const names = (list: { items: Item[] }) => list.items.map((i) => i.metadata.name);
const list = (params: Record<string, unknown>) =>
  t.custom.listNamespacedCustomObject({ ...HE, namespace: "default", ...params }) as Promise<{
    items: Item[];
    metadata: { continue?: string; resourceVersion: string };
  }>;

describe("label selectors", () => {
  it.each([
    ["node=node-a", ["ev-00", "ev-03", "ev-06", "ev-09"]],
    ["node==node-a,even=true", ["ev-00", "ev-06"]],
    ["node!=node-a,even", ["ev-02", "ev-04", "ev-08", "ev-10"]],
    ["node in (node-b, node-c),!even", ["ev-01", "ev-05", "ev-07", "ev-11"]],
    ["node notin (node-a,node-b)", ["ev-02", "ev-05", "ev-08", "ev-11"]],
  ])("%s", async (labelSelector, expected) => {
    expect(names(await list({ labelSelector }))).toEqual(expected);
  });
});

describe("field selectors", () => {
  it("selects by metadata.name and by the CRD's selectableFields", async () => {
    expect(names(await list({ fieldSelector: "metadata.name=ev-04" }))).toEqual(["ev-04"]);
    expect(names(await list({ fieldSelector: "spec.nodeName=node-b,spec.checkName=NvLinkDown" }))).toEqual(["ev-07", "ev-10"]);
    expect(names(await list({ fieldSelector: "spec.checkName!=GpuXidError", labelSelector: "node=node-c" }))).toEqual([
      "ev-08",
      "ev-11",
    ]);
  });

  it("rejects fields that are not selectable, naming the ones that are", async () => {
    const status = await statusOf(list({ fieldSelector: "spec.message=x" }));
    expect(status).toMatchObject({
      code: 400,
      reason: "BadRequest",
      message:
        '"spec.message" is not a known field selector: only "metadata.name", "metadata.namespace", "spec.nodeName", "spec.checkName", "spec.agent", "status.nodeQuarantined"',
    });
  });
});

describe("limit and continue", () => {
  it("pages in name order and returns every object once", async () => {
    const seen: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await list({ limit: 5, _continue: token });
      seen.push(...names(page));
      token = page.metadata.continue;
      pages++;
    } while (token);
    expect(pages).toBe(3);
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => `ev-${String(i).padStart(2, "0")}`));
  });

  it("continues from the snapshot of the first page, whatever changed in between", async () => {
    const first = await list({ limit: 4, labelSelector: "even=true" });
    expect(names(first)).toEqual(["ev-00", "ev-02", "ev-04", "ev-06"]);
    await t.custom.deleteNamespacedCustomObject({ ...HE, namespace: "default", name: "ev-08" });
    await t.custom.createNamespacedCustomObject({
      ...HE,
      namespace: "default",
      body: healthEvent("ev-09a", {}, { node: "node-a", even: "true" }),
    });
    const second = await list({ limit: 4, labelSelector: "even=true", _continue: first.metadata.continue });
    expect(names(second)).toEqual(["ev-08", "ev-10"]);
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    expect(second.metadata.continue).toBeUndefined();
    const now = await list({ labelSelector: "even=true" });
    expect(names(now)).toEqual(["ev-00", "ev-02", "ev-04", "ev-06", "ev-09a", "ev-10"]);
  });

  it("answers a continue token older than the retained history with 410 Expired", async () => {
    const first = await list({ limit: 2 });
    await t.custom.createNamespacedCustomObject({ ...HE, namespace: "default", body: healthEvent("ev-late") });
    t.server.compact();
    const status = await statusOf(list({ limit: 2, _continue: first.metadata.continue }));
    expect(status.code).toBe(410);
    expect(status.reason).toBe("Expired");
    expect(status.message).toMatch(/^The provided continue parameter is too old to display a consistent list result\./);
  });

  it("rejects a malformed continue token", async () => {
    const response = await request(t.server, "GET", `${HE_PATH}?limit=1&continue=garbage`);
    expect(response.status).toBe(400);
  });

  it("lists across namespaces at the cluster-wide path", async () => {
    const all = await t.custom.listClusterCustomObject({ ...HE, labelSelector: "node=node-a", limit: 2 });
    expect(names(all as { items: Item[] })).toEqual(["ev-00", "ev-03"]);
  });
});
