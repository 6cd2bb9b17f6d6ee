// Status writes through /status with optimistic concurrency: read (or start from a known
// copy), apply the mutation, PUT with the object's resourceVersion; on 409 re-read and
// re-apply, so concurrent writers of different fields never lose each other's changes. A
// mutation that changes nothing sends nothing. When the handling state changes, the state
// labels follow in a separate metadata write (a /status write cannot change labels).
import { isDeepStrictEqual } from "node:util";
import type { HealthEvent, HealthEventStatus } from "../../generated/ts/nvsentinel/health/v1/health_event_crd.js";
import { isApiError } from "./kube-api.js";
import { isTerminal, labelKeys, stateOf } from "./labels.js";
import type { StoreContext } from "./store-context.js";

/** Returns the new status; may modify and return its argument (a private copy). */
export type StatusMutation = (status: HealthEventStatus, event: HealthEvent) => HealthEventStatus;

export interface StatusUpdateResult {
  event: HealthEvent;
  /** False when the mutation left the status as it was and nothing was written. */
  changed: boolean;
}

export async function updateStatus(ctx: StoreContext, target: string | HealthEvent, mutate: StatusMutation): Promise<StatusUpdateResult> {
  let current = typeof target === "string" ? await ctx.client.get<HealthEvent>(ctx.ref, target) : target;
  let changed = false;
  let fresh = typeof target === "string";
  // A write retried after a lost reply may have landed, and its retry then got 409 for our own
  // change. When the re-read status already holds the mutation, this call applied it (or a
  // concurrent writer did the same): either way the status changed as asked, so report it.
  let retriedWriteConflicted = false;
  for (;;) {
    const before = current.status ?? {};
    const after = mutate(structuredClone(before), current);
    if (isDeepStrictEqual(stripUndefined(before), stripUndefined(after))) {
      if (fresh) {
        changed = retriedWriteConflicted;
        break;
      }
      // A caller's copy may be stale: only a fresh read can prove there is nothing to write.
      current = await ctx.client.get<HealthEvent>(ctx.ref, String(current.metadata.name));
      fresh = true;
      continue;
    }
    let retried = false;
    try {
      current = await ctx.client.replaceStatus<HealthEvent>(ctx.ref, { ...current, status: after }, (attempt) => (retried = attempt > 0));
      changed = true;
      break;
    } catch (error) {
      if (!isApiError(error, 409)) throw error;
      retriedWriteConflicted = retried;
      current = await ctx.client.get<HealthEvent>(ctx.ref, String(current.metadata.name));
      fresh = true;
    }
  }
  current = await syncStateLabels(ctx, current);
  return { event: current, changed };
}

/** Brings the state labels in line with the status; re-reads on conflict. */
export async function syncStateLabels(ctx: StoreContext, event: HealthEvent): Promise<HealthEvent> {
  let current = event;
  for (;;) {
    const state = stateOf(current);
    const labels = current.metadata.labels ?? {};
    if (labels[labelKeys.state] === state && labels[labelKeys.terminal] === String(isTerminal(state))) return current;
    const next: HealthEvent = {
      ...current,
      metadata: { ...current.metadata, labels: { ...labels, [labelKeys.state]: state, [labelKeys.terminal]: String(isTerminal(state)) } },
    };
    try {
      return await ctx.client.replace<HealthEvent>(ctx.ref, next);
    } catch (error) {
      if (!isApiError(error, 409)) throw error;
      current = await ctx.client.get<HealthEvent>(ctx.ref, String(current.metadata.name));
    }
  }
}

function stripUndefined(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value ?? {}));
}

const quarantinedValues = new Set(["Quarantined", "AlreadyQuarantined"]);
const drainEndValues = new Set(["Succeeded", "Failed", "AlreadyDrained"]);

export const mutations = {
  replace: (status: HealthEventStatus): StatusMutation => () => structuredClone(status),

  quarantine:
    (value: NonNullable<HealthEventStatus["nodeQuarantined"]>, now: Date): StatusMutation =>
    (status) => {
      if (status.nodeQuarantined === value) return status;
      status.nodeQuarantined = value;
      if (quarantinedValues.has(value)) status.quarantineFinishTimestamp = now.toISOString();
      return status;
    },

  /** Sets drainFinishTimestamp when the eviction reaches an end state (Succeeded, Failed, AlreadyDrained). */
  eviction:
    (eviction: NonNullable<HealthEventStatus["userPodsEvictionStatus"]>, now: Date): StatusMutation =>
    (status) => {
      if (isDeepStrictEqual(status.userPodsEvictionStatus, eviction)) return status;
      status.userPodsEvictionStatus = { ...eviction };
      if (eviction.status !== undefined && drainEndValues.has(eviction.status)) status.drainFinishTimestamp = now.toISOString();
      return status;
    },

  remediation:
    (remediated: boolean, at: Date): StatusMutation =>
    (status) => {
      if (status.faultRemediated === remediated) return status;
      status.faultRemediated = remediated;
      status.lastRemediationTimestamp = at.toISOString();
      return status;
    },

  spanId:
    (service: string, spanId: string): StatusMutation =>
    (status) => {
      status.spanIds = { ...status.spanIds, [service]: spanId };
      return status;
    },
};
