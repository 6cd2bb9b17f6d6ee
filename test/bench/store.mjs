// npm run bench:store — the HealthEventStore against the local API server over HTTP:
// 10,000 events for 500 nodes with 30% duplicates (API requests per event, writes per unique
// event, objects created, events/s), then a cleanup sweep over 50,000 objects (its requests).
import { CoreV1Api, KubeConfig } from "@kubernetes/client-node";
import { resolve } from "node:path";
import { CleanupController, HealthEventStore } from "../../dist/src/runtime/index.js";
import { Worker } from "node:worker_threads";

const ROOT = resolve(import.meta.dirname, "../..");
const EVENTS = Number(process.env.BENCH_EVENTS ?? 10_000);
const NODES = Number(process.env.BENCH_NODES ?? 500);
const SWEEP_OBJECTS = Number(process.env.BENCH_SWEEP_OBJECTS ?? 50_000);
const CONCURRENCY = 32;

function spec(node, key, healthy, i) {
  return {
    version: 1,
    agent: "gpu-health-monitor",
    componentClass: "GPU",
    checkName: i % 5 === 0 ? "SysLogsXIDError" : "GpuXidError",
    isFatal: !healthy,
    isHealthy: healthy,
    message: healthy ? "GPU healthy" : `XID 79 on GPU ${i % 8}`,
    recommendedAction: healthy ? "NONE" : "RESTART_VM",
    errorCode: healthy ? [] : ["79"],
    entitiesImpacted: [{ entityType: "GPU", entityValue: String(i % 8) }],
    metadata: { idempotencyKey: key },
    generatedTimestamp: new Date().toISOString(),
    nodeName: node,
    processingStrategy: "EXECUTE_REMEDIATION",
  };
}

async function parallel(items, work) {
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < items.length) await work(items[next++]);
  }));
}

function kubeConfigFor(path) {
  const loaded = new KubeConfig();
  loaded.loadFromFile(path);
  const config = new KubeConfig();
  // client-node refuses plain http unless skipTLSVerify is set.
  config.loadFromOptions({ clusters: loaded.clusters.map((c) => ({ ...c, skipTLSVerify: true })), users: loaded.users, contexts: loaded.contexts, currentContext: loaded.currentContext });
  return config;
}

async function namespace(config, name) {
  await config.makeApiClient(CoreV1Api).createNamespace({ body: { metadata: { name } } });
}

// The server runs in a worker thread so that it and the store's client each get a core.
function startServerInWorker(options) {
  const worker = new Worker(new URL("../runtime/server-worker.mjs", import.meta.url), { workerData: { options } });
  const pending = new Map();
  let nextId = 1;
  worker.on("message", ({ id, result }) => {
    pending.get(id)?.(result);
    pending.delete(id);
  });
  const call = (message) => new Promise((resolve) => {
    const id = nextId++;
    pending.set(id, resolve);
    worker.postMessage({ id, ...message });
  });
  return new Promise((resolve, reject) => {
    worker.once("error", reject);
    pending.set(0, (info) => resolve({
      ...info,
      count: (resource) => call({ op: "count", resource }),
      close: async () => { await call({ op: "close" }); await worker.terminate(); },
    }));
  });
}

const server = await startServerInWorker({ crdFiles: [resolve(ROOT, "generated/crds/nvsentinel.dgxc.nvidia.com_healthevents.yaml")], historyLimit: 200_000 });
try {
  const config = kubeConfigFor(server.kubeconfigPath);
  console.log(`local server ${server.url} (admission ${server.admissionEnabled ? "on" : "off"})`);

  // 1. Ingestion.
  await namespace(config, "bench");
  const store = HealthEventStore.fromKubeConfig(config, { namespace: "bench", writeRate: { perSecond: 1e6, burst: 1e6 } });
  const unique = Math.round(EVENTS * 0.7);
  let seed = 1;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const events = [];
  for (let i = 0; i < EVENTS; i++) {
    const id = i < unique ? i : Math.floor(random() * unique);
    events.push(spec(`node-${id % NODES}.cluster.example.com`, `bench-${id}`, false, id));
  }
  // Duplicates arrive mixed in with the originals, as retries from monitors would.
  for (let i = unique; i < EVENTS; i++) {
    const j = unique + Math.floor(random() * (i - unique + 1)) - Math.floor((EVENTS - unique) / 2);
    if (j > 0 && j < i) [events[i], events[j]] = [events[j], events[i]];
  }
  const results = { created: 0, duplicate: 0, downgraded: 0 };
  const started = performance.now();
  await parallel(events, async (e) => {
    const r = await store.insert(e);
    results[r.result]++;
    if (r.downgraded) results.downgraded++;
  });
  const seconds = (performance.now() - started) / 1000;
  const req = store.client.requests;
  const objects = await server.count("nvsentinel.dgxc.nvidia.com/healthevents");
  const duplicateCreates = req.create - results.created;
  console.log(`\ningest: ${EVENTS} events (${unique} unique, ${EVENTS - unique} duplicates) for ${NODES} nodes, concurrency ${CONCURRENCY}`);
  console.log(`  objects created:           ${objects} (store reported ${results.created} created, ${results.duplicate} duplicate, ${results.downgraded} downgraded by the window)`);
  console.log(`  API requests:              ${store.client.total} (${JSON.stringify(req)}, retries ${store.client.retries.count})`);
  console.log(`  requests per event:        ${(store.client.total / EVENTS).toFixed(3)}`);
  console.log(`  writes per unique event:   ${(store.client.writes / unique).toFixed(3)}`);
  console.log(`  requests per duplicate:    ${(duplicateCreates / (EVENTS - unique)).toFixed(3)} (creates answered 409: ${duplicateCreates})`);
  console.log(`  reads (cold-start window): ${req.list + req.get} (one paged list per node)`);
  console.log(`  throughput:                ${(EVENTS / seconds).toFixed(0)} events/s (${seconds.toFixed(1)} s)`);

  // 2. Cleanup sweep over SWEEP_OBJECTS objects: 60% healthy recoveries (terminal), 40% faults (unresolved).
  await namespace(config, "sweep");
  const filler = HealthEventStore.fromKubeConfig(config, { namespace: "sweep", dedupWindowMs: 0, writeRate: { perSecond: 1e6, burst: 1e6 } });
  const fillStart = performance.now();
  await parallel(Array.from({ length: SWEEP_OBJECTS }, (_, i) => i), (i) =>
    filler.insert(spec(`node-${i % NODES}.cluster.example.com`, `sweep-${i}`, Math.floor(i / NODES) % 5 >= 2, i)),
  );
  console.log(`\ncleanup: ${SWEEP_OBJECTS} objects loaded in ${((performance.now() - fillStart) / 1000).toFixed(1)} s`);
  const sweeper = HealthEventStore.fromKubeConfig(config, { namespace: "sweep", writeRate: { perSecond: 1e6, burst: 1e6 }, now: () => new Date(Date.now() + 7_200_000) });
  const policy = { retentionMs: 3_600_000, perNodeLimit: 80, clusterLimit: 40_000, batchSize: 1000, concurrency: 32 };
  const sweepStart = performance.now();
  const report = await new CleanupController(sweeper.context, policy).sweep();
  const reasons = {};
  for (const d of report.deleted) reasons[d.reason] = (reasons[d.reason] ?? 0) + 1;
  const left = (await server.count("nvsentinel.dgxc.nvidia.com/healthevents")) - objects;
  console.log(`  policy:                    ${JSON.stringify(policy)}`);
  console.log(`  examined:                  ${report.examined.terminal} terminal, ${report.examined.unresolved} unresolved`);
  console.log(`  deleted:                   ${report.deleted.length} ${JSON.stringify(reasons)}; unresolved deleted: ${report.deleted.filter((d) => d.state === "unresolved").length}`);
  console.log(`  objects left:              ${left}; over limit without touching unresolved: nodes ${report.overLimit.nodes.length}, cluster ${report.overLimit.cluster}`);
  console.log(`  sweep requests:            ${report.requests} (${JSON.stringify(sweeper.client.requests)}) in ${((performance.now() - sweepStart) / 1000).toFixed(1)} s`);
  // A TTL-only sweep reads only the terminal events (by label) and deletes what expired: here nothing.
  const ttlStart = sweeper.client.total;
  const ttlReport = await new CleanupController(sweeper.context, { ttlMs: 3 * 3_600_000, batchSize: 1000 }).sweep();
  console.log(`  TTL-only sweep (3 h):      examined ${ttlReport.examined.terminal} terminal, ${ttlReport.examined.unresolved} unresolved; deleted ${ttlReport.deleted.length}; ${sweeper.client.total - ttlStart} requests`);
} finally {
  await server.close();
}
