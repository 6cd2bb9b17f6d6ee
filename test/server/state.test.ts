// --state: a restart loses nothing (objects, resourceVersions, CRDs registered through the API,
// the watch history); and cluster-scoped custom resources of a CRD created at run time.
import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Watch } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { HE, HE_PATH, healthEvent, MERGE_PATCH, request, startTestServer } from "./fixture.js";

const WIDGETS_CRD = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "widgets.example.com" },
  spec: {
    group: "example.com",
    names: { kind: "Widget", listKind: "WidgetList", plural: "widgets", singular: "widget" },
    scope: "Cluster",
    versions: [
      {
        name: "v1",
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: "object", properties: { spec: { type: "object", properties: { size: { type: "integer" } } } } } },
      },
    ],
  },
};

describe("state file", () => {
  it("restores objects, resourceVersions, run-time CRDs and the watch history after a restart", async () => {
    const dir = mkdtempSync(join(tmpdir(), "crd-ts-state-"));
    const stateFile = join(dir, "state.json");
    const kubeconfigPath = join(dir, "kubeconfig");
    const first = await startTestServer({ stateFile, kubeconfigPath });
    expect(readFileSync(kubeconfigPath, "utf8")).toContain(`server: ${first.server.url}`);
    const created = await first.custom.createNamespacedCustomObject({ ...HE, namespace: "default", body: healthEvent("keep-1") });
    const watchFrom = created.metadata.resourceVersion;
    const patched = await first.custom.patchNamespacedCustomObjectStatus(
      { ...HE, namespace: "default", name: "keep-1", body: { status: { nodeQuarantined: "Quarantined" } } },
      MERGE_PATCH,
    );
    expect((await request(first.server, "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", WIDGETS_CRD)).status).toBe(201);
    const widget = await request(first.server, "POST", "/apis/example.com/v1/widgets", {
      apiVersion: "example.com/v1",
      kind: "Widget",
      metadata: { name: "w1" },
      spec: { size: 3 },
    });
    expect(widget.status).toBe(201);
    expect(widget.json.metadata.namespace).toBeUndefined();
    const rvBefore = first.server.resourceVersion();
    await first.server.close();

    const second = await startTestServer({ stateFile });
    try {
      const restored = await second.custom.getNamespacedCustomObject({ ...HE, namespace: "default", name: "keep-1" });
      expect(restored).toEqual(patched);
      expect(second.server.resourceVersion()).toBe(rvBefore);
      // A restart keeps the watch history of the log: watches from before it continue.
      const widgets = await request(second.server, "GET", "/apis/example.com/v1/widgets");
      expect(widgets.json.items.map((w: { spec: unknown }) => w.spec)).toEqual([{ size: 3 }]);
      const next = await second.custom.createNamespacedCustomObject({ ...HE, namespace: "default", body: healthEvent("keep-2") });
      expect(Number(next.metadata.resourceVersion)).toBe(rvBefore + 1);

      const events: string[] = [];
      const controller = await new Watch(second.kc).watch(HE_PATH, { resourceVersion: watchFrom }, (type, object) =>
        events.push(`${type} ${object.metadata.name}`),
      () => {});
      const deadline = Date.now() + 3000;
      while (events.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      controller.abort();
      expect(events).toEqual(["MODIFIED keep-1", "ADDED keep-2"]);
    } finally {
      await second.server.close();
    }
  });

  it("has every acknowledged write in the log before the reply, in files only the owner can read", async () => {
    const dir = mkdtempSync(join(tmpdir(), "crd-ts-state-"));
    const stateFile = join(dir, "state");
    const t = await startTestServer({ stateFile });
    try {
      const created = await t.custom.createNamespacedCustomObject({ ...HE, namespace: "default", body: healthEvent("soon-1") });
      const log = readFileSync(`${stateFile}.log`, "utf8").trimEnd().split("\n");
      const last = JSON.parse(log[log.length - 1].slice(9));
      expect(last).toMatchObject({ rv: Number(created.metadata.resourceVersion), t: "p", k: "default/soon-1" });
      expect(statSync(`${stateFile}.log`).mode & 0o777).toBe(0o600);
      await t.server.snapshot();
      expect(statSync(stateFile).mode & 0o777).toBe(0o600);
      expect(readFileSync(`${stateFile}.log`, "utf8")).toBe("");
    } finally {
      await t.server.close();
    }
  });

  it("keeps __proto__, constructor and prototype as ordinary keys through the log and a snapshot", async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), "crd-ts-state-")), "state");
    const body = JSON.stringify(healthEvent("odd-keys")).replace('"spec":{', '"spec":{"metadata":{"__proto__":"a","constructor":"b","prototype":"c"},');
    const first = await startTestServer({ stateFile });
    expect((await request(first.server, "POST", HE_PATH, body)).status).toBe(201);
    await first.server.close();
    for (const snapshotFirst of [false, true]) {
      const t = await startTestServer({ stateFile });
      try {
        const text = await (await fetch(`${t.server.url}${HE_PATH}/odd-keys`, { headers: { Authorization: `Bearer ${t.server.token}` } })).text();
        expect(text).toContain('"metadata":{"__proto__":"a","constructor":"b","prototype":"c"}');
        expect(({} as Record<string, unknown>).a).toBeUndefined();
        if (!snapshotFirst) await t.server.snapshot();
      } finally {
        await t.server.close();
      }
    }
  });

  it("stops serving a CRD's resources when the CRD is deleted", async () => {
    const t = await startTestServer();
    try {
      await request(t.server, "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", WIDGETS_CRD);
      await request(t.server, "POST", "/apis/example.com/v1/widgets", { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w1" } });
      const deleted = await request(t.server, "DELETE", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com");
      expect(deleted.json.metadata.name).toBe("widgets.example.com");
      expect((await request(t.server, "GET", "/apis/example.com/v1/widgets")).status).toBe(404);
      expect(t.server.count("example.com/widgets")).toBe(0);
    } finally {
      await t.server.close();
    }
  });

  it("rejects a CRD whose name is not <plural>.<group>", async () => {
    const t = await startTestServer();
    try {
      const bad = { ...WIDGETS_CRD, metadata: { name: "widgets.other.com" } };
      const response = await request(t.server, "POST", "/apis/apiextensions.k8s.io/v1/customresourcedefinitions", bad);
      expect(response.status).toBe(422);
      expect(response.json.message).toBe(
        'CustomResourceDefinition.apiextensions.k8s.io "widgets.other.com" is invalid: metadata.name: Invalid value: "widgets.other.com": must be spec.names.plural+"."+spec.group',
      );
    } finally {
      await t.server.close();
    }
  });
});
