// A named consumer's change stream over HealthEvents: inserts, updates (with the spec/status
// paths that changed) and deletes, in resourceVersion order (so each node's events in order),
// resumed across reconnects, 410 Gone and restarts as position-tracker.ts describes.
import type { HealthEvent } from "../../../generated/ts/nvsentinel/health/v1/health_event_crd.js";
import { ApiError, isApiError, type WatchStream } from "../kube-api.js";
import { isTransient, retryDelayMs, defaultRetryPolicy, sleep } from "../retry.js";
import type { StoreContext } from "../store-context.js";
import { allFields, changedFields } from "./changed-fields.js";
import { PositionStore } from "./position-store.js";
import { PositionTracker, rvBelow, type Position } from "./position-tracker.js";
import { CoalescingSaver } from "./coalescing-saver.js";

export interface HealthEventChange {
  type: "insert" | "update" | "delete";
  event: HealthEvent;
  /** Leaf spec/status paths that changed; every set path when the previous version is unknown. */
  changedFields: string[];
  /** False when the consumer had not seen the previous version (after a restart): changedFields is then every set path. */
  previousKnown: boolean;
  previous?: HealthEvent;
  position: Position;
}

/** Changes the filter rejects are never delivered and count as processed. */
export type WatchFilter = (change: Omit<HealthEventChange, "position">) => boolean;

export interface ConsumerWatchOptions {
  consumer: string;
  filter?: WatchFilter;
  /** For a consumer without a stored position: deliver events created at or after this time. Default: all. */
  startFrom?: Date;
  /** Page size of relists. */
  batchSize?: number;
  /**
   * Group commit of positions: a save waits this long so that marks of concurrently processed
   * changes share one ConfigMap write. Default 0 (saves still coalesce while one is in flight).
   */
  positionSaveDelayMs?: number;
}

export class ConsumerWatch implements AsyncIterable<HealthEventChange> {
  readonly consumer: string;
  private readonly positions: PositionStore;
  private tracker: PositionTracker | undefined;
  private readonly saver: CoalescingSaver;
  private readonly lastSeen = new Map<string, HealthEvent>();
  private stream: WatchStream<HealthEvent> | undefined;
  private stopped = false;
  /** Reconnects, relists (410 Gone) and watch failures seen; for tests and logs. */
  readonly stats = { reconnects: 0, relists: 0, bookmarks: 0, rewinds: 0 };

  constructor(
    private readonly ctx: StoreContext,
    private readonly options: ConsumerWatchOptions,
  ) {
    this.consumer = options.consumer;
    this.positions = new PositionStore(ctx, options.consumer);
    this.saver = new CoalescingSaver(() => this.positions.save(this.requireTracker().snapshot()), options.positionSaveDelayMs ?? 0);
  }

  /** Records the change as processed and resolves once the position is durably stored. */
  async markProcessed(position: Position): Promise<void> {
    this.requireTracker().markProcessed(position);
    await this.saver.save();
  }

  /** Ends the iteration (the current `next()` resolves as done). */
  stop(): void {
    this.stopped = true;
    this.stream?.stop();
  }

  get outstanding(): number {
    return this.tracker?.outstanding ?? 0;
  }

  private requireTracker(): PositionTracker {
    if (this.tracker === undefined) throw new Error(`consumer ${this.consumer} has not started iterating`);
    return this.tracker;
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<HealthEventChange> {
    const stored = await this.positions.load();
    const start = stored ?? { epoch: 0, cutoff: this.options.startFrom?.toISOString(), done: [] };
    const tracker = new PositionTracker(this.consumer, start);
    this.tracker = tracker;
    try {
      yield* this.follow(tracker, tracker.floor);
    } finally {
      // Also when the caller leaves a `for await` early: close the watch connection.
      this.stream?.stop();
    }
  }

  private async *follow(tracker: PositionTracker, from: string | undefined): AsyncGenerator<HealthEventChange> {
    let resumeFrom = from;
    let failures = 0;
    while (!this.stopped) {
      try {
        if (resumeFrom === undefined) {
          this.stats.relists++;
          resumeFrom = yield* this.relist(tracker);
          continue;
        }
        if (await this.storeWentBack(resumeFrom)) {
          this.rewind(tracker);
          resumeFrom = undefined;
          continue;
        }
        this.stream = await this.ctx.client.watch<HealthEvent>(this.ctx.ref, { resourceVersion: resumeFrom, allowWatchBookmarks: true });
        if (this.stopped) this.stream.stop();
        for await (const event of this.stream.events) {
          failures = 0;
          const rv = String(event.object.metadata.resourceVersion);
          resumeFrom = rv;
          if (event.type === "BOOKMARK") {
            this.stats.bookmarks++;
            tracker.pass(rv);
            continue;
          }
          const change = this.toChange(event.type, event.object);
          if (change === undefined || !this.wanted(tracker, change)) {
            tracker.pass(rv);
            continue;
          }
          yield { ...change, position: tracker.deliver(String(change.event.metadata.name), rv, rv) };
        }
        this.stats.reconnects++;
      } catch (error) {
        if (this.stopped) break;
        if (isApiError(error, 410)) {
          resumeFrom = undefined;
          continue;
        }
        if (isTooLargeResourceVersion(error)) {
          this.rewind(tracker);
          resumeFrom = undefined;
          continue;
        }
        if (!isTransient(error) || ++failures > defaultRetryPolicy.maxAttempts) throw error;
        this.stats.reconnects++;
        await sleep(retryDelayMs(error as ApiError, failures, defaultRetryPolicy));
      }
    }
  }

  /**
   * Before resuming at `from`: whether the store is behind it (its resourceVersion is lower) or
   * our position object was lost or replaced (missing, older than our last write, or
   * another uid). Either means writes we saw are gone and resourceVersions may be reused, so
   * skipping by resourceVersion would lose changes.
   */
  private async storeWentBack(from: string): Promise<boolean> {
    const known = this.positions.storedIdentity;
    const { storeVersion, stored } = await this.positions.probe();
    if (rvBelow(storeVersion, from)) return true;
    if (known === undefined) return false;
    return stored === undefined || stored.uid !== known.uid || rvBelow(stored.resourceVersion, known.resourceVersion);
  }

  private rewind(tracker: PositionTracker): void {
    this.stats.rewinds++;
    tracker.rewind();
    this.lastSeen.clear();
    this.positions.forgetIdentity();
  }

  /** The current state, compared with what this consumer last saw; returns the list's resourceVersion. */
  private async *relist(tracker: PositionTracker): AsyncGenerator<HealthEventChange, string> {
    const listed = new Set<string>();
    let continueToken: string | undefined;
    let listRv: string | undefined;
    do {
      const page = await this.ctx.client.list<HealthEvent>(this.ctx.ref, { limit: this.options.batchSize ?? 500, continueToken });
      listRv ??= page.resourceVersion;
      continueToken = page.continueToken;
      for (const object of page.items) {
        const name = String(object.metadata.name);
        listed.add(name);
        const previous = this.lastSeen.get(name);
        const rv = String(object.metadata.resourceVersion);
        if (previous?.metadata.resourceVersion === rv) continue;
        const change = this.toChange(previous === undefined && object.status === undefined ? "ADDED" : "MODIFIED", object);
        if (change === undefined || !this.wanted(tracker, change)) continue;
        yield { ...change, position: tracker.deliver(name, rv, undefined) };
      }
    } while (continueToken !== undefined);
    for (const [name, previous] of this.lastSeen) {
      if (listed.has(name)) continue;
      const change = this.toChange("DELETED", previous);
      if (change !== undefined && !tracker.isBeforeCutoff(previous.metadata.creationTimestamp)) {
        yield { ...change, position: tracker.deliver(name, `deleted-${listRv}`, undefined) };
      }
    }
    tracker.pass(listRv);
    return listRv;
  }

  private wanted(tracker: PositionTracker, change: Omit<HealthEventChange, "position">): boolean {
    const meta = change.event.metadata;
    if (tracker.isBeforeCutoff(meta.creationTimestamp)) return false;
    if (change.type !== "delete" && tracker.isProcessed(String(meta.name), String(meta.resourceVersion))) return false;
    return this.options.filter === undefined || this.options.filter(change);
  }

  /** Turns a watch event into a change and remembers the object; undefined for metadata-only updates. */
  private toChange(type: "ADDED" | "MODIFIED" | "DELETED", object: HealthEvent): Omit<HealthEventChange, "position"> | undefined {
    const name = String(object.metadata.name);
    const previous = this.lastSeen.get(name);
    if (type === "DELETED") {
      this.lastSeen.delete(name);
      this.ctx.onDeleted?.(name);
      return { type: "delete", event: object, changedFields: [], previousKnown: previous !== undefined, previous };
    }
    this.lastSeen.set(name, object);
    if (type === "ADDED") return { type: "insert", event: object, changedFields: allFields(object), previousKnown: true };
    if (previous === undefined) return { type: "update", event: object, changedFields: allFields(object), previousKnown: false };
    const fields = changedFields(previous, object);
    if (fields.length === 0) return undefined;
    return { type: "update", event: object, changedFields: fields, previousKnown: true, previous };
  }
}

/** The watch cache's "Too large resource version" (504 Timeout): the store is behind the requested version. */
function isTooLargeResourceVersion(error: unknown): boolean {
  return isApiError(error, 504) && /Too large resource version/.test((error as Error).message);
}
