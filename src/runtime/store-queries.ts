// Reads of HealthEvents, always in pages (`limit`/`continue`), narrowed server-side by labels
// where one exists and re-checked against spec/status (labels may be encodings or stale).
import type { HealthEvent } from "../../generated/ts/nvsentinel/health/v1/health_event_crd.js";
import { createdHourOf, labelKeys, labelValueFor, selector } from "./labels.js";
import { compareCreation, type StoreContext } from "./store-context.js";

export const defaultBatchSize = 500;

export interface PageOptions {
  labelSelector?: string;
  batchSize?: number;
}

/** Every matching object, one page per batch. */
export async function* pages(ctx: StoreContext, options: PageOptions = {}): AsyncGenerator<HealthEvent[]> {
  let continueToken: string | undefined;
  do {
    const page = await ctx.client.list<HealthEvent>(ctx.ref, {
      labelSelector: options.labelSelector,
      limit: options.batchSize ?? defaultBatchSize,
      continueToken,
    });
    continueToken = page.continueToken;
    if (page.items.length > 0) yield page.items;
  } while (continueToken !== undefined);
}

/** Pages filtered by a predicate; empty batches are skipped. */
export async function* filtered(source: AsyncIterable<HealthEvent[]>, keep: (event: HealthEvent) => boolean): AsyncGenerator<HealthEvent[]> {
  for await (const batch of source) {
    const kept = batch.filter(keep);
    if (kept.length > 0) yield kept;
  }
}

export function byNode(ctx: StoreContext, node: string, batchSize?: number): AsyncGenerator<HealthEvent[]> {
  return filtered(pages(ctx, { labelSelector: selector({ [labelKeys.node]: labelValueFor(node) }), batchSize }), (e) => e.spec.nodeName === node);
}

export function byCheck(ctx: StoreContext, check: string, batchSize?: number): AsyncGenerator<HealthEvent[]> {
  return filtered(pages(ctx, { labelSelector: selector({ [labelKeys.check]: labelValueFor(check) }), batchSize }), (e) => (e.spec.checkName ?? "") === check);
}

/** Events whose nodeQuarantined or userPodsEvictionStatus.status equals `value`. No label exists for these: a full paged scan. */
export function byStatusValue(ctx: StoreContext, value: string, options: { node?: string; batchSize?: number } = {}): AsyncGenerator<HealthEvent[]> {
  const labelSelector = options.node === undefined ? undefined : selector({ [labelKeys.node]: labelValueFor(options.node) });
  return filtered(
    pages(ctx, { labelSelector, batchSize: options.batchSize }),
    (e) =>
      (options.node === undefined || e.spec.nodeName === options.node) &&
      (e.status?.nodeQuarantined === value || e.status?.userPodsEvictionStatus?.status === value),
  );
}

/** Events with faultRemediated absent (faults and recoveries alike); the state label excludes remediated ones server-side. */
export function unresolved(ctx: StoreContext, options: { node?: string; batchSize?: number } = {}): AsyncGenerator<HealthEvent[]> {
  const node = options.node === undefined ? {} : { [labelKeys.node]: labelValueFor(options.node) };
  const labelSelector = [selector(node), `${labelKeys.state}!=remediated`, `${labelKeys.state}!=remediation-failed`].filter(Boolean).join(",");
  return filtered(
    pages(ctx, { labelSelector, batchSize: options.batchSize }),
    (e) => (options.node === undefined || e.spec.nodeName === options.node) && (e.status?.faultRemediated === undefined || e.status.faultRemediated === null),
  );
}

/** The newest event of a node by creation time, or undefined. */
export async function latestForNode(ctx: StoreContext, node: string): Promise<HealthEvent | undefined> {
  let latest: HealthEvent | undefined;
  for await (const batch of byNode(ctx, node)) {
    for (const event of batch) if (latest === undefined || compareCreation(event, latest) > 0) latest = event;
  }
  return latest;
}

export async function isNodeDrained(ctx: StoreContext, node: string): Promise<boolean> {
  for await (const batch of byNode(ctx, node)) {
    if (batch.some((e) => e.status?.userPodsEvictionStatus?.status === "Succeeded")) return true;
  }
  return false;
}

export interface CreationOrderOptions {
  /** Inclusive lower bound on creationTimestamp. */
  since: Date;
  /** Exclusive upper bound; defaults to now. */
  until?: Date;
  batchSize?: number;
  node?: string;
}

/**
 * Events in creation order, in batches of `batchSize`. Kubernetes lists in name order, so the
 * store labels each event with the hour it was inserted and reads one hour at a time (paged),
 * sorting within the hour: memory holds at most one hour of events, never the whole store.
 * The hour label comes from the inserting client's clock; an event inserted within the clock
 * skew of an hour boundary may be delivered with the neighbouring hour.
 */
export async function* inCreationOrder(ctx: StoreContext, options: CreationOrderOptions): AsyncGenerator<HealthEvent[]> {
  const since = options.since.getTime();
  const until = (options.until ?? ctx.now()).getTime();
  const batchSize = options.batchSize ?? defaultBatchSize;
  const hourMs = 3_600_000;
  let batch: HealthEvent[] = [];
  for (let hour = Math.floor(since / hourMs) * hourMs; hour < until; hour += hourMs) {
    const requirements: Record<string, string> = { [labelKeys.createdHour]: createdHourOf(new Date(hour)) };
    if (options.node !== undefined) requirements[labelKeys.node] = labelValueFor(options.node);
    const bucket: HealthEvent[] = [];
    for await (const page of pages(ctx, { labelSelector: selector(requirements), batchSize })) {
      for (const event of page) {
        const created = Date.parse(event.metadata.creationTimestamp ?? "");
        if (created >= since && created < until && (options.node === undefined || event.spec.nodeName === options.node)) bucket.push(event);
      }
    }
    bucket.sort(compareCreation);
    for (const event of bucket) {
      batch.push(event);
      if (batch.length === batchSize) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}

export async function collect(source: AsyncIterable<HealthEvent[]>): Promise<HealthEvent[]> {
  const all: HealthEvent[] = [];
  for await (const batch of source) all.push(...batch);
  return all;
}
