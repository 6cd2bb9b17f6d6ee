// Minimal quarantine, drain and remediation controllers, driven only by the store's watch.
// Each handles the changes of one node in order and marks every change processed.
import type { HealthEventChange, HealthEventStore } from "../runtime/index.js";
import { fieldChanged } from "../runtime/index.js";

export type Log = (event: string, step: string) => void;

type Handler = (change: HealthEventChange) => Promise<void>;

/** Runs `handle` for every change the consumer receives until `signal` aborts. */
export async function runConsumer(store: HealthEventStore, consumer: string, handle: Handler, signal: AbortSignal): Promise<void> {
  const watch = store.watch({ consumer });
  signal.addEventListener("abort", () => watch.stop(), { once: true });
  const perNode = new Map<string, Promise<void>>();
  for await (const change of watch) {
    const node = change.event.spec.nodeName;
    const next = (perNode.get(node) ?? Promise.resolve()).then(async () => {
      await handle(change);
      await watch.markProcessed(change.position);
    });
    perNode.set(node, next.catch(() => undefined));
  }
  await Promise.all(perNode.values());
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Quarantines the node of every new fault that may change cluster state. */
export function quarantine(store: HealthEventStore, log: Log, quarantined: Set<string>): Handler {
  return async (change) => {
    const e = change.event;
    if (change.type !== "insert" || e.spec.isHealthy || e.spec.processingStrategy !== "EXECUTE_REMEDIATION") return;
    const value = quarantined.has(e.spec.nodeName) ? "AlreadyQuarantined" : "Quarantined";
    quarantined.add(e.spec.nodeName);
    await store.setSpanId(e, "quarantine", change.position.resourceVersion);
    await store.setQuarantineStatus(e.metadata.name!, value);
    log(e.metadata.name!, `quarantine: node ${value}`);
  };
}

/** Drains when nodeQuarantined changes to Quarantined/AlreadyQuarantined. */
export function drain(store: HealthEventStore, log: Log): Handler {
  return async (change) => {
    const e = change.event;
    if (change.type !== "update" || !fieldChanged(change.changedFields, "status.nodeQuarantined")) return;
    if (e.status?.nodeQuarantined !== "Quarantined" && e.status?.nodeQuarantined !== "AlreadyQuarantined") return;
    if (await store.isNodeDrained(e.spec.nodeName)) {
      await store.setEvictionStatus(e, { status: "AlreadyDrained" });
      log(e.metadata.name!, "drain: node already drained");
      return;
    }
    await store.setEvictionStatus(e, { status: "InProgress" });
    log(e.metadata.name!, "drain: evicting user pods");
    await sleep(50);
    await store.setEvictionStatus(e.metadata.name!, { status: "Succeeded", message: "user pods evicted" });
    log(e.metadata.name!, "drain: Succeeded");
  };
}

/** Remediates when the eviction status changes to Succeeded or AlreadyDrained. */
export function remediation(store: HealthEventStore, log: Log, done: (name: string) => void): Handler {
  return async (change) => {
    const e = change.event;
    if (change.type !== "update" || !fieldChanged(change.changedFields, "status.userPodsEvictionStatus.status")) return;
    const status = e.status?.userPodsEvictionStatus?.status;
    if (status !== "Succeeded" && status !== "AlreadyDrained") return;
    await sleep(30);
    await store.setRemediationResult(e, true);
    log(e.metadata.name!, `remediation: ${e.spec.recommendedAction} done, faultRemediated=true`);
    done(e.metadata.name!);
  };
}
