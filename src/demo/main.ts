// npm run demo: the local API server, a stream of health events from several nodes, and
// quarantine / drain / remediation consumers driven only by the watch; prints each event's life.
import type { HealthEventSpec } from "../../generated/ts/nvsentinel/health/v1/health_event_crd.js";
import { CleanupController, HealthEventStore, collect } from "../runtime/index.js";
import { drain, quarantine, remediation, runConsumer } from "./consumers.js";
import { startLocalCluster } from "./local-cluster.js";

const namespace = "nvsentinel";
const nodes = ["gpu-node-a", "gpu-node-b", "gpu-node-c", "dgx-h100-rack07-slot12.very-long-cluster-domain-name.example.internal"];

function event(i: number, node: string, healthy: boolean, key = `evt-${i}`): HealthEventSpec {
  return {
    version: 1,
    agent: healthy ? "gpu-health-monitor" : i % 2 === 0 ? "gpu-health-monitor" : "syslog-health-monitor",
    componentClass: "GPU",
    checkName: i % 2 === 0 ? "GpuXidError" : "SysLogsXIDError",
    isFatal: !healthy,
    isHealthy: healthy,
    message: healthy ? "GPU 0 healthy again" : "XID 79: GPU has fallen off the bus",
    recommendedAction: healthy ? "NONE" : "RESTART_VM",
    errorCode: healthy ? [] : ["79"],
    entitiesImpacted: [{ entityType: "GPU", entityValue: "0" }],
    metadata: { idempotencyKey: key },
    generatedTimestamp: new Date().toISOString(),
    nodeName: node,
  };
}

const start = Date.now();
const short = (name: string) => name.slice(0, 11);
const lives = new Map<string, string[]>();
const log = (name: string, step: string) => {
  const line = `+${String(Date.now() - start).padStart(5)} ms  ${short(name)}  ${step}`;
  console.log(line);
  lives.set(name, [...(lives.get(name) ?? []), step]);
};

const { server, kubeConfig } = await startLocalCluster(namespace);
console.log(`local API server ${server.url}, namespace ${namespace}, kubeconfig ${server.kubeconfigPath}\n`);
const store = HealthEventStore.fromKubeConfig(kubeConfig, { namespace, dedupWindowMs: 60_000 });
const abort = new AbortController();
const remediated = new Set<string>();
let expected = 0;
const allDone = () => remediated.size >= expected;
const consumers = [
  runConsumer(store, "quarantine", quarantine(store, log, new Set()), abort.signal),
  runConsumer(store, "drain", drain(store, log), abort.signal),
  runConsumer(store, "remediation", remediation(store, log, (name) => remediated.add(name)), abort.signal),
];

// The stream: a fault per node, a retried send (same idempotency key), a repeat of a fault
// within the de-duplication window, and recoveries.
const stream: HealthEventSpec[] = [];
nodes.forEach((node, i) => stream.push(event(i, node, false)));
stream.push(event(0, nodes[0], false)); // retry of evt-0: duplicate
stream.push(event(10, nodes[1], false, "evt-10")); // a second fault on gpu-node-b, another check: AlreadyQuarantined
stream.push(event(1, nodes[1], false, "evt-11")); // evt-1 again under a new key within the window: downgraded
nodes.slice(0, 2).forEach((node, i) => stream.push(event(20 + i, node, true, `recovery-${i}`)));

for (const spec of stream) {
  const result = await store.insert(spec);
  const what = result.result === "duplicate" ? "duplicate (no write)" : result.downgraded ? "stored, downgraded to STORE_AND_ANALYSE (repeat within window)" : spec.isHealthy ? "stored (healthy recovery: terminal)" : "stored";
  log(result.name, `insert ${spec.checkName} on ${spec.nodeName.length > 30 ? spec.nodeName.slice(0, 27) + "..." : spec.nodeName}: ${what}`);
  if (result.result === "created" && !spec.isHealthy && !result.downgraded) expected++;
  await new Promise((resolve) => setTimeout(resolve, 100));
}

const deadline = Date.now() + 20_000;
while (!allDone() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
abort.abort();
await Promise.all(consumers);

console.log(`\nLife of each event (${remediated.size}/${expected} faults remediated):`);
for (const event of (await collect(store.iterateInCreationOrder({ since: new Date(start - 3_600_000) })))) {
  const s = event.status ?? {};
  console.log(
    `  ${short(event.metadata.name!)} ${event.spec.nodeName.slice(0, 24).padEnd(24)} ${String(event.spec.checkName).padEnd(16)} ${String(event.spec.processingStrategy).padEnd(20)}` +
      ` quarantine=${s.nodeQuarantined ?? "-"} eviction=${s.userPodsEvictionStatus?.status ?? "-"} remediated=${s.faultRemediated ?? "-"} state=${event.metadata.labels?.["nvsentinel.dgxc.nvidia.com/state"]}`,
  );
}
console.log(`\nnode drained? ${(await Promise.all(nodes.map(async (n) => `${n.slice(0, 12)}=${await store.isNodeDrained(n)}`))).join(" ")}`);

const report = await new CleanupController(store.context, { retentionMs: 0, ttlMs: 0 }).sweep();
console.log(`cleanup sweep (retention 0, TTL 0, terminal only): deleted ${report.deleted.length} (${report.deleted.map((d) => `${short(d.name)} ${d.state}`).join(", ")}), examined ${report.examined.terminal} terminal, ${report.requests} requests`);
console.log(`API requests by the store: ${JSON.stringify(store.client.requests)}`);
await server.close();
if (!allDone()) process.exitCode = 1;
