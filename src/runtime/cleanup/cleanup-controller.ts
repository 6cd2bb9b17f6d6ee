// Growth control: TTL and per-node / per-cluster limits on HealthEvents.
//
// By default only events in a terminal state (remediated or remediation-failed, or healthy
// recoveries) are eligible, and only once older than the retention window; limits evict the
// oldest eligible events first. Deleting unresolved events (a fault nobody has remediated yet)
// is an explicit opt-in, because it silently breaks remediation.
//
// Cost of a sweep: the terminal events, read in pages through the terminal-state label, plus
// one delete per deleted event. Unresolved events are read (through the same label) only when
// a per-node limit needs their count or deleting them is allowed; the cluster-wide count comes
// from one list of limit 1 when the server reports remainingItemCount.
import type { HealthEvent } from "../../../generated/ts/nvsentinel/health/v1/health_event_crd.js";
import { isApiError } from "../kube-api.js";
import { labelKeys, stateOf, type EventState } from "../labels.js";
import type { StoreContext } from "../store-context.js";
import { pages } from "../store-queries.js";

export interface CleanupPolicy {
  /** Terminal events younger than this are never deleted. Default 1 hour. */
  retentionMs?: number;
  /** Eligible events older than this are deleted. Default: no TTL. */
  ttlMs?: number;
  /** Most events kept per node; beyond it the oldest eligible are deleted. */
  perNodeLimit?: number;
  /** Most events kept in the namespace; beyond it the oldest eligible are deleted. */
  clusterLimit?: number;
  /** Opt-in: unresolved events become eligible too (after all terminal ones, for limits). Default false. */
  deleteUnresolved?: boolean;
  /** Page size of candidate reads. Default 1000. */
  batchSize?: number;
  /** Deletes in flight at once. Default 16. */
  concurrency?: number;
}

export type DeletionReason = "ttl" | "node-limit" | "cluster-limit";

export interface DeletedEvent {
  name: string;
  node: string;
  state: EventState;
  createdAt: string;
  reason: DeletionReason;
}

export interface SweepReport {
  deleted: DeletedEvent[];
  /** Candidates that changed since they were read (precondition failed) or were already gone. */
  skipped: { changed: number; gone: number };
  examined: { terminal: number; unresolved: number };
  /** Objects in the namespace before the sweep, when known. */
  totalBefore?: number;
  /** Limits that could not be met without deleting unresolved events (not allowed by the policy). */
  overLimit: { nodes: string[]; cluster: boolean };
  requests: number;
}

interface Candidate {
  name: string;
  node: string;
  state: EventState;
  createdAt: string;
  created: number;
  resourceVersion: string;
}

const byAge = (a: Candidate, b: Candidate) => a.created - b.created || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export class CleanupController {
  constructor(
    private readonly ctx: StoreContext,
    private readonly policy: CleanupPolicy = {},
  ) {}

  async sweep(): Promise<SweepReport> {
    const requestsBefore = this.ctx.client.total;
    const now = this.ctx.now().getTime();
    const retention = this.policy.retentionMs ?? 3_600_000;
    const terminal = await this.read("true");
    const needUnresolved = this.policy.deleteUnresolved === true || this.policy.perNodeLimit !== undefined;
    const unresolved = needUnresolved ? await this.read("false") : [];
    const totalBefore = this.policy.clusterLimit === undefined ? undefined : needUnresolved ? terminal.length + unresolved.length : await this.count(terminal.length);

    // Eligible: terminal events past retention, then (opt-in) unresolved events; oldest first.
    const eligible = terminal.filter((c) => now - c.created >= retention).sort(byAge);
    const eligibleUnresolved = this.policy.deleteUnresolved === true ? [...unresolved].sort(byAge) : [];
    const chosen = new Map<string, DeletionReason>();
    const all = new Map([...terminal, ...unresolved].map((c) => [c.name, c]));

    if (this.policy.ttlMs !== undefined) {
      for (const c of [...eligible, ...eligibleUnresolved]) if (now - c.created >= this.policy.ttlMs!) chosen.set(c.name, "ttl");
    }

    const overLimit = { nodes: [] as string[], cluster: false };
    if (this.policy.perNodeLimit !== undefined) {
      const counts = new Map<string, number>();
      for (const c of [...terminal, ...unresolved]) counts.set(c.node, (counts.get(c.node) ?? 0) + 1);
      for (const name of chosen.keys()) {
        const node = all.get(name)!.node;
        counts.set(node, (counts.get(node) ?? 0) - 1);
      }
      for (const c of [...eligible, ...eligibleUnresolved]) {
        const count = counts.get(c.node) ?? 0;
        if (count <= this.policy.perNodeLimit || chosen.has(c.name)) continue;
        chosen.set(c.name, "node-limit");
        counts.set(c.node, count - 1);
      }
      for (const [node, count] of counts) if (count > this.policy.perNodeLimit) overLimit.nodes.push(node);
      overLimit.nodes.sort();
    }

    if (this.policy.clusterLimit !== undefined && totalBefore !== undefined) {
      let remaining = totalBefore - chosen.size;
      for (const c of [...eligible, ...eligibleUnresolved]) {
        if (remaining <= this.policy.clusterLimit) break;
        if (chosen.has(c.name)) continue;
        chosen.set(c.name, "cluster-limit");
        remaining--;
      }
      overLimit.cluster = remaining > this.policy.clusterLimit;
    }

    const report: SweepReport = {
      deleted: [],
      skipped: { changed: 0, gone: 0 },
      examined: { terminal: terminal.length, unresolved: unresolved.length },
      totalBefore,
      overLimit,
      requests: 0,
    };
    const queue = [...chosen].map(([name, reason]) => ({ candidate: all.get(name)!, reason })).sort((a, b) => byAge(a.candidate, b.candidate));
    let next = 0;
    const worker = async () => {
      while (next < queue.length) {
        const { candidate, reason } = queue[next++];
        try {
          await this.ctx.client.delete(this.ctx.ref, candidate.name, candidate.resourceVersion);
          this.ctx.onDeleted?.(candidate.name);
          report.deleted.push({ name: candidate.name, node: candidate.node, state: candidate.state, createdAt: candidate.createdAt, reason });
        } catch (error) {
          if (isApiError(error, 404)) {
            this.ctx.onDeleted?.(candidate.name);
            report.skipped.gone++;
          }
          else if (isApiError(error, 409)) report.skipped.changed++;
          else throw error;
        }
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.policy.concurrency ?? 16) }, worker));
    report.deleted.sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.name < b.name ? -1 : 1));
    report.requests = this.ctx.client.total - requestsBefore;
    return report;
  }

  /** Compact records of the events whose terminal label is `terminal`, re-checked against their status. */
  private async read(terminal: "true" | "false"): Promise<Candidate[]> {
    const out: Candidate[] = [];
    for await (const batch of pages(this.ctx, { labelSelector: `${labelKeys.terminal}=${terminal}`, batchSize: this.policy.batchSize ?? 1000 })) {
      for (const event of batch) {
        const state = stateOf(event);
        // Never trust a terminal label over the status: a status reopened by another writer keeps it.
        if (terminal === "true" && state === "unresolved") continue;
        out.push(candidateOf(event, state));
      }
    }
    return out;
  }

  /** Objects in the namespace: one list of limit 1 when the server reports remainingItemCount. */
  private async count(terminalCount: number): Promise<number> {
    const page = await this.ctx.client.list<HealthEvent>(this.ctx.ref, { limit: 1 });
    if (page.remainingItemCount !== undefined) return page.items.length + page.remainingItemCount;
    if (page.continueToken === undefined) return page.items.length;
    return terminalCount + (await this.read("false")).length;
  }
}

function candidateOf(event: HealthEvent, state: EventState): Candidate {
  const createdAt = event.metadata.creationTimestamp ?? "";
  return {
    name: String(event.metadata.name),
    node: event.spec.nodeName,
    state,
    createdAt,
    created: Date.parse(createdAt),
    resourceVersion: String(event.metadata.resourceVersion),
  };
}
