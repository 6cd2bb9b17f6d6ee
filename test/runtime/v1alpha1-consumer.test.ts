// HealthEventStore writes v1; a consumer still built on the v1alpha1 types and validator keeps working
// against the two-version CRD through the server's conversion: it lists and watches v1alpha1 objects,
// writes status in v1alpha1, and the store (v1) sees that status while v1-only conditions survive.
import { CustomObjectsApi, type KubeConfig, Watch } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HealthEvent as HealthEventV1alpha1 } from "../../generated/ts/nvsentinel/health/v1alpha1/health_event_crd.js";
import { validateHealthEvent as validateV1alpha1 } from "../../generated/ts/nvsentinel/health/v1alpha1/health_event_crd_validate.js";
import { healthEventConversion } from "../../generated/ts/nvsentinel/health/v1/health_event_crd_conversion.js";
import { HealthEventStore } from "../../src/runtime/index.js";
import type { RunningServer } from "../../src/server/index.js";
import { fault } from "./events.js";
import { ensureNamespace, startLocalServer } from "./local-server.js";

const GROUP = "nvsentinel.dgxc.nvidia.com";
const NAMESPACE = "consumers";
const CONDITIONS = [{ type: "Quarantined", status: "True" as const, lastTransitionTime: "2026-01-01T00:00:00Z", reason: "FatalXid" }];
let server: RunningServer;
let kubeConfig: KubeConfig;

beforeAll(async () => {
  ({ server, kubeConfig } = await startLocalServer({ conversionPlans: [healthEventConversion] }));
  await ensureNamespace(kubeConfig, NAMESPACE);
});
afterAll(async () => server?.close());

describe("a v1alpha1 consumer next to the v1 store", () => {
  it("lists, watches and updates status in v1alpha1 what the store wrote in v1", async () => {
    const store = HealthEventStore.fromKubeConfig(kubeConfig, { namespace: NAMESPACE });
    const alpha = kubeConfig.makeApiClient(CustomObjectsApi);
    const ref = { group: GROUP, version: "v1alpha1", namespace: NAMESPACE, plural: "healthevents" };

    const seen: HealthEventV1alpha1[] = [];
    const watching = await new Watch(kubeConfig).watch(`/apis/${GROUP}/v1alpha1/namespaces/${NAMESPACE}/healthevents`, {}, (_type, object) => seen.push(object as HealthEventV1alpha1), () => {});
    const { name, result } = await store.insert(fault("node-7", "key-7"));
    expect(result).toBe("created");
    expect((await store.get(name)).apiVersion).toBe(`${GROUP}/v1`);

    const list = (await alpha.listNamespacedCustomObject(ref)) as { items: HealthEventV1alpha1[] };
    expect(list.items.map((i) => i.apiVersion)).toEqual([`${GROUP}/v1alpha1`]);
    expect(validateV1alpha1(list.items[0])).toEqual([]);
    const deadline = Date.now() + 10_000;
    while (seen.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(seen[0]).toMatchObject({ apiVersion: `${GROUP}/v1alpha1`, metadata: { name } });

    // The store adds v1-only conditions; the v1alpha1 consumer then replaces the status it can see.
    await store.updateStatus(name, (status) => ({ ...status, conditions: CONDITIONS }));
    const current = (await alpha.getNamespacedCustomObject({ ...ref, name })) as HealthEventV1alpha1;
    expect(current.status).toEqual({});
    await alpha.replaceNamespacedCustomObjectStatus({ ...ref, name, body: { ...current, status: { nodeQuarantined: "Quarantined" } } });

    const after = await store.get(name);
    expect(after.status).toEqual({ nodeQuarantined: "Quarantined", conditions: CONDITIONS });
    expect(after.metadata.annotations ?? {}).not.toHaveProperty("conversion.protoc-gen-crd-ts/v1");
    const quarantined: string[] = [];
    for await (const batch of store.findByStatusValue("Quarantined")) quarantined.push(...batch.map((event) => event.metadata.name ?? ""));
    expect(quarantined).toEqual([name]);
    watching.abort();
  });
});
