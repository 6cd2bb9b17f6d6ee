// Minimal quarantine / drain / remediation consumers driven only by the watch, for the fault
// tests. Each acts on the state it sees, marks the change processed, and records what it did,
// so a test can check that no change reached a consumer twice and every step landed.
import type { HealthEventChange, HealthEventStore, Position } from "../../src/runtime/index.js";

export type Stage = "quarantine" | "drain" | "remediation";

export interface ConsumerLog {
  /** name@resourceVersion of every change processed, across restarts. */
  processed: string[];
  /** Event names acted on. */
  acted: string[];
  restarts: number;
}

export function needsAction(stage: Stage, change: HealthEventChange): boolean {
  const e = change.event;
  if (change.type === "delete" || e.spec.isHealthy) return false;
  switch (stage) {
    case "quarantine":
      return e.status?.nodeQuarantined === undefined && e.spec.processingStrategy === "EXECUTE_REMEDIATION";
    case "drain":
      return e.status?.nodeQuarantined === "Quarantined" && e.status.userPodsEvictionStatus === undefined;
    case "remediation":
      return e.status?.userPodsEvictionStatus?.status === "Succeeded" && e.status.faultRemediated === undefined;
  }
}

export async function act(store: HealthEventStore, stage: Stage, change: HealthEventChange): Promise<void> {
  switch (stage) {
    case "quarantine":
      await store.setQuarantineStatus(change.event, "Quarantined");
      return;
    case "drain":
      await store.setEvictionStatus(change.event, { status: "Succeeded" });
      return;
    case "remediation":
      await store.setRemediationResult(change.event, true);
      return;
  }
}

/**
 * Runs a consumer until `done()` holds, restarting it (a new watch, as a new process would)
 * after a random number of changes; a restart drops delivered changes that were not processed.
 * Changes of one node are handled in order, up to `concurrency` nodes at once.
 */
export async function runConsumer(
  makeStore: () => HealthEventStore,
  stage: Stage,
  log: ConsumerLog,
  done: () => boolean,
  random: () => number,
  concurrency = 32,
): Promise<void> {
  while (!done()) {
    const store = makeStore();
    const watch = store.watch({ consumer: stage, positionSaveDelayMs: 50 });
    let budget = 1 + Math.floor(random() * 400);
    const timer = setInterval(() => {
      if (done()) watch.stop();
    }, 50);
    const chains = new Map<string, Promise<void>>();
    const inflight = new Set<Promise<void>>();
    try {
      for await (const change of watch) {
        if (budget-- <= 0) break; // crash before acting: the change stays unprocessed
        const node = change.event.spec.nodeName;
        const handle = async () => {
          if (needsAction(stage, change)) {
            await act(store, stage, change);
            log.acted.push(change.event.metadata.name!);
          }
          log.processed.push(`${change.event.metadata.name}@${change.event.metadata.resourceVersion}`);
          await watch.markProcessed(change.position as Position);
        };
        const run = (chains.get(node) ?? Promise.resolve()).then(handle);
        chains.set(node, run);
        inflight.add(run);
        void run.finally(() => inflight.delete(run));
        if (inflight.size >= concurrency) await Promise.race(inflight);
        if (done()) break;
      }
      await Promise.all(inflight);
    } finally {
      clearInterval(timer);
      watch.stop();
    }
    log.restarts++;
  }
}
