// Several `crd-ts serve` processes on one etcd serve the same data: kube-apiserver's keys, etcd's
// mod revision as resourceVersion, a write through one process seen by a watch on another,
// optimistic concurrency across processes, and compaction answered with 410 Gone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HE, HE_PATH, healthEvent, request, startTestServer } from "./fixture.js";
import { BUILT, ETCD_MISSING, startEtcd, startServe, type Etcd, type ServeProcess } from "./processes.js";

async function call(server: ServeProcess, method: string, path: string, body?: unknown, type = "application/json") {
  const response = await fetch(server.url + path, { method, headers: { "Content-Type": type, ...server.headers }, body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: response.status, json: (await response.json()) as any };
}

async function etcdGet(etcd: Etcd, key: string): Promise<{ value: any; modRevision: number } | undefined> {
  const response = await fetch(`${etcd.url}/v3/kv/range`, { method: "POST", body: JSON.stringify({ key: Buffer.from(key).toString("base64") }) });
  const kv = ((await response.json()) as any).kvs?.[0];
  return kv && { value: JSON.parse(Buffer.from(kv.value, "base64").toString("utf8")), modRevision: Number(kv.mod_revision) };
}

/** Reads watch events (JSON lines) until `count` arrived or 10 s passed. */
async function watchEvents(server: ServeProcess, path: string, count: number, onOpen: () => Promise<void>): Promise<any[]> {
  const controller = new AbortController();
  const response = await fetch(server.url + path, { headers: server.headers, signal: controller.signal });
  const reader = response.body!.getReader();
  const events: any[] = [];
  let buffered = "";
  const timer = setTimeout(() => controller.abort(), 10_000);
  await onOpen();
  try {
    while (events.length < count) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += Buffer.from(value).toString("utf8");
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const line of lines) if (line.trim()) events.push(JSON.parse(line));
    }
  } catch {
    // aborted
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return events;
}

describe.skipIf(!BUILT || ETCD_MISSING !== undefined)("crd-ts serve --etcd, two processes", () => {
  let etcd: Etcd;
  let a: ServeProcess;
  let b: ServeProcess;
  beforeAll(async () => {
    etcd = await startEtcd();
    [a, b] = await Promise.all([startServe(["--etcd", etcd.url]), startServe(["--etcd", etcd.url])]);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await etcd?.stop();
  });

  it("stores objects under kube-apiserver's keys with the mod revision as resourceVersion", async () => {
    const created = await call(a, "POST", HE_PATH, healthEvent("keyed"));
    expect(created.status).toBe(201);
    const stored = await etcdGet(etcd, "/registry/nvsentinel.dgxc.nvidia.com/healthevents/default/keyed");
    expect(stored?.modRevision).toBe(Number(created.json.metadata.resourceVersion));
    expect(stored?.value.metadata.resourceVersion).toBeUndefined();
    expect((await etcdGet(etcd, "/registry/namespaces/default"))?.value.kind).toBe("Namespace");
    expect(await etcdGet(etcd, "/registry/apiextensions.k8s.io/customresourcedefinitions/healthevents.nvsentinel.dgxc.nvidia.com")).toBeDefined();
  });

  it("a write through one process reaches a watch on the other", async () => {
    const listed = await call(b, "GET", HE_PATH);
    const events = await watchEvents(b, `${HE_PATH}?watch=1&resourceVersion=${listed.json.metadata.resourceVersion}`, 2, async () => {
      await call(a, "POST", HE_PATH, healthEvent("across"));
      await call(a, "PATCH", `${HE_PATH}/across`, { metadata: { labels: { seen: "yes" } } }, "application/merge-patch+json");
    });
    expect(events.map((e) => `${e.type} ${e.object.metadata.name} ${e.object.metadata.labels?.seen ?? "-"}`)).toEqual(["ADDED across -", "MODIFIED across yes"]);
    const got = await call(b, "GET", `${HE_PATH}/across`);
    expect(got.json.metadata.resourceVersion).toBe(events[1].object.metadata.resourceVersion);
  });

  it("a stale resourceVersion from one process conflicts on the other; patches without one retry and land", async () => {
    const created = await call(a, "POST", HE_PATH, healthEvent("contended"));
    const updated = await call(b, "PUT", `${HE_PATH}/contended`, { ...created.json, metadata: { ...created.json.metadata, labels: { by: "b" } } });
    expect(updated.status).toBe(200);
    const stale = await call(a, "PUT", `${HE_PATH}/contended`, { ...created.json, metadata: { ...created.json.metadata, labels: { by: "a" } } });
    expect(stale.status).toBe(409);
    const patches = await Promise.all(
      Array.from({ length: 10 }, (_, i) => call(i % 2 ? a : b, "PATCH", `${HE_PATH}/contended`, { metadata: { labels: { [`p${i}`]: "x" } } }, "application/merge-patch+json")),
    );
    expect(patches.map((p) => p.status)).toEqual(Array(10).fill(200));
    const final = await call(a, "GET", `${HE_PATH}/contended`);
    expect(Object.keys(final.json.metadata.labels).sort()).toEqual(["by", "p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9"]);
  });

  it("a create of an existing name through the other process gets 409 AlreadyExists", async () => {
    await call(a, "POST", HE_PATH, healthEvent("twice"));
    const again = await call(b, "POST", HE_PATH, healthEvent("twice"));
    expect(again.status).toBe(409);
    expect(again.json.reason).toBe("AlreadyExists");
  });

  it("compaction compacts etcd and answers older watches with 410 Gone", async () => {
    const t = await startTestServer({ etcd: etcd.url });
    try {
      const created = await t.custom.createNamespacedCustomObject({ ...HE, namespace: "default", body: healthEvent("compacted") });
      const rv = Number(created.metadata.resourceVersion);
      t.server.compact();
      const gone = await request(t.server, "GET", `${HE_PATH}?watch=1&resourceVersion=${rv - 1}`);
      expect(gone.json).toMatchObject({ type: "ERROR", object: { code: 410, reason: "Expired" } });
      const deadline = Date.now() + 5000;
      let old: any;
      do {
        old = await (await fetch(`${etcd.url}/v3/kv/range`, { method: "POST", body: JSON.stringify({ key: "L3JlZ2lzdHJ5Lw==", revision: String(rv - 1) }) })).json();
      } while (!/compacted/.test(old.error ?? old.message ?? "") && Date.now() < deadline);
      expect(old.error ?? old.message).toMatch(/required revision has been compacted/);
    } finally {
      await t.server.close();
    }
  });
});
