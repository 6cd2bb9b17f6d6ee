// HealthEventStore: the consumers' contract (insert, find, status updates, watch) on the
// Kubernetes API. One HealthEvent object per event in one namespace; spec is written once at
// create, status only through /status.
import { randomUUID } from "node:crypto";
import type { KubeConfig } from "@kubernetes/client-node";
import {
  HealthEventApiVersion,
  HealthEventKind,
  type HealthEvent,
  type HealthEventSpec,
  type HealthEventStatus,
} from "../../generated/ts/nvsentinel/health/v1/health_event_crd.js";
import { CleanupController, type CleanupPolicy } from "./cleanup/cleanup-controller.js";
import { ClientNodeApi } from "./client-node-api.js";
import { DedupWindow, dedupKeyOf } from "./dedup-window.js";
import { isApiError, type KubeApi } from "./kube-api.js";
import { annotationKeys, labelsFor } from "./labels.js";
import { objectNameFor } from "./object-name.js";
import type { RetryPolicy } from "./retry.js";
import { mutations, updateStatus, type StatusMutation, type StatusUpdateResult } from "./status-updates.js";
import { StoreClient } from "./store-client.js";
import { healthEventsRef, type StoreContext } from "./store-context.js";
import * as queries from "./store-queries.js";
import { assertValidEvent } from "./validate-event.js";
import { ConsumerWatch, type ConsumerWatchOptions } from "./watch/consumer-watch.js";
import { resetConsumerPosition } from "./watch/position-store.js";

export interface HealthEventStoreOptions {
  namespace: string;
  /** The API to talk to; build one from a KubeConfig with HealthEventStore.fromKubeConfig. */
  api: KubeApi;
  /** Repeats of an unhealthy event within this window are stored as STORE_AND_ANALYSE. Default 5 minutes; 0 disables. */
  dedupWindowMs?: number;
  /** Client-side write rate limit. Default 100 writes/s, burst 200. */
  writeRate?: { perSecond: number; burst: number };
  retry?: RetryPolicy;
  /** Bound on the in-memory indexes (idempotency keys seen, de-duplication keys). Default 100,000. */
  indexCapacity?: number;
  now?: () => Date;
}

export interface InsertResult {
  result: "created" | "duplicate";
  name: string;
  /** True when the de-duplication window stored the event as STORE_AND_ANALYSE. */
  downgraded: boolean;
  /** The stored object, when this call created it. */
  event?: HealthEvent;
}

export type TargetEvent = string | HealthEvent;

export class HealthEventStore {
  readonly client: StoreClient;
  readonly namespace: string;
  private readonly ctx: StoreContext;
  private readonly window: DedupWindow;
  /** Names this store created or saw, with when it last confirmed them (ms since the epoch). */
  private readonly knownNames = new Map<string, number>();
  private readonly indexCapacity: number;
  private readonly keyLocks = new Map<string, Promise<unknown>>();
  private readonly inflight = new Map<string, Promise<InsertResult>>();

  static fromKubeConfig(config: KubeConfig, options: Omit<HealthEventStoreOptions, "api">): HealthEventStore {
    return new HealthEventStore({ ...options, api: new ClientNodeApi(config) });
  }

  constructor(options: HealthEventStoreOptions) {
    this.namespace = options.namespace;
    this.client = new StoreClient(options.api, { retry: options.retry, writeRate: options.writeRate ?? { perSecond: 100, burst: 200 } });
    this.ctx = {
      client: this.client,
      positionClient: new StoreClient(options.api, { retry: options.retry }),
      ref: healthEventsRef(options.namespace),
      now: options.now ?? (() => new Date()),
      onDeleted: (name) => this.knownNames.delete(name),
    };
    this.indexCapacity = options.indexCapacity ?? 100_000;
    this.window = new DedupWindow(options.dedupWindowMs ?? 5 * 60_000, this.indexCapacity);
  }

  /** The shared context, for the watch and cleanup parts of the runtime. */
  get context(): StoreContext {
    return this.ctx;
  }

  /**
   * Stores an event once per idempotency key (spec.metadata.idempotencyKey, else spec.id).
   * A key seen before returns "duplicate": without any request when this store saw it within
   * the de-duplication window, after a read that finds it when it saw it earlier (the server may
   * have lost or deleted it since: then it is created again), otherwise after one create
   * answered 409 AlreadyExists.
   */
  async insert(input: HealthEventSpec): Promise<InsertResult> {
    const spec: HealthEventSpec = structuredClone(input);
    if (spec.processingStrategy === undefined || spec.processingStrategy === "UNSPECIFIED") spec.processingStrategy = "EXECUTE_REMEDIATION";
    if (!spec.id) spec.id = randomUUID();
    const name = objectNameFor(spec.metadata?.idempotencyKey || spec.id);
    assertValidEvent(this.objectFor(name, spec, undefined, "", this.ctx.now()));
    if (await this.knownToServer(name)) return { result: "duplicate", name, downgraded: false };
    // A repeat of a key whose insert is still in flight waits for it instead of racing it to the server.
    const pending = this.inflight.get(name);
    if (pending !== undefined) {
      const first = await pending.then(
        () => true,
        () => false,
      );
      return first ? { result: "duplicate", name, downgraded: false } : this.insert(input);
    }
    const inserting = this.insertNew(name, spec);
    this.inflight.set(name, inserting);
    try {
      return await inserting;
    } finally {
      this.inflight.delete(name);
    }
  }

  private async insertNew(name: string, spec: HealthEventSpec): Promise<InsertResult> {
    const key = dedupKeyOf(spec);
    if (key === undefined || this.window.windowMs <= 0) return this.create(name, spec, undefined);
    await this.window.loadNodeOnce(spec.nodeName, () => this.loadRecentOriginals(spec.nodeName));
    return this.serialized(key, async () => {
      const now = this.ctx.now();
      const original = this.window.originalFor(key, now.getTime());
      if (original !== undefined) spec.processingStrategy = "STORE_AND_ANALYSE";
      const inserted = await this.create(name, spec, original?.name);
      if (inserted.result === "created" && original === undefined) this.window.record(key, { name, at: now.getTime() });
      return inserted;
    });
  }

  private async create(name: string, spec: HealthEventSpec, duplicateOf: string | undefined): Promise<InsertResult> {
    const nonce = randomUUID();
    const object = this.objectFor(name, spec, duplicateOf, nonce, this.ctx.now());
    let retried = false;
    try {
      const event = await this.client.create(this.ctx.ref, object, (attempt) => (retried = attempt > 0));
      this.remember(name);
      return { result: "created", name, downgraded: duplicateOf !== undefined, event };
    } catch (error) {
      if (!isApiError(error, 409)) throw error;
      this.remember(name);
      if (retried) {
        // An earlier attempt may have created the object before its response was lost.
        const existing = await this.client.get<HealthEvent>(this.ctx.ref, name);
        if (existing.metadata.annotations?.[annotationKeys.insertNonce] === nonce) {
          return { result: "created", name, downgraded: duplicateOf !== undefined, event: existing };
        }
      }
      return { result: "duplicate", name, downgraded: false };
    }
  }

  private objectFor(name: string, spec: HealthEventSpec, duplicateOf: string | undefined, nonce: string, now: Date): HealthEvent {
    const annotations: Record<string, string> = { [annotationKeys.insertNonce]: nonce };
    if (duplicateOf !== undefined) annotations[annotationKeys.duplicateOf] = duplicateOf;
    return {
      apiVersion: HealthEventApiVersion,
      kind: HealthEventKind,
      metadata: { name, namespace: this.namespace, labels: labelsFor({ spec }, now), annotations },
      spec,
    };
  }

  /** Whether the server has `name`, as far as this store can tell without a request, or after one. */
  private async knownToServer(name: string): Promise<boolean> {
    const confirmedAt = this.knownNames.get(name);
    if (confirmedAt === undefined) return false;
    if (this.ctx.now().getTime() - confirmedAt < this.window.windowMs) return true;
    try {
      await this.client.get(this.ctx.ref, name);
    } catch (error) {
      if (!isApiError(error, 404)) throw error;
      this.knownNames.delete(name);
      return false;
    }
    this.remember(name);
    return true;
  }

  private remember(name: string): void {
    this.knownNames.delete(name);
    this.knownNames.set(name, this.ctx.now().getTime());
    while (this.knownNames.size > this.indexCapacity) this.knownNames.delete(this.knownNames.keys().next().value as string);
  }

  /** After a cold start: one paged, label-selected read per node fills the window and the key index. */
  private async loadRecentOriginals(node: string): Promise<void> {
    const horizon = this.ctx.now().getTime() - this.window.windowMs;
    for await (const batch of queries.byNode(this.ctx, node)) {
      for (const event of batch) {
        this.remember(String(event.metadata.name));
        const at = Date.parse(event.metadata.creationTimestamp ?? "");
        const key = dedupKeyOf(event.spec);
        if (key !== undefined && at >= horizon) this.window.record(key, { name: String(event.metadata.name), at });
      }
    }
  }

  private serialized<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.keyLocks.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.catch(() => undefined);
    this.keyLocks.set(key, tail);
    void tail.then(() => {
      if (this.keyLocks.get(key) === tail) this.keyLocks.delete(key);
    });
    return run;
  }

  get(name: string): Promise<HealthEvent> {
    return this.client.get<HealthEvent>(this.ctx.ref, name);
  }

  // Queries: each yields batches (pages of `batchSize`, default 500); use collect() for an array.
  findByNode(node: string, batchSize?: number) {
    return queries.byNode(this.ctx, node, batchSize);
  }
  findByCheck(check: string, batchSize?: number) {
    return queries.byCheck(this.ctx, check, batchSize);
  }
  findByStatusValue(value: string, options?: { node?: string; batchSize?: number }) {
    return queries.byStatusValue(this.ctx, value, options);
  }
  findUnresolved(options?: { node?: string; batchSize?: number }) {
    return queries.unresolved(this.ctx, options);
  }
  findCreatedBetween(since: Date, until: Date, options?: { node?: string; batchSize?: number }) {
    return queries.inCreationOrder(this.ctx, { since, until, ...options });
  }
  iterateInCreationOrder(options: queries.CreationOrderOptions) {
    return queries.inCreationOrder(this.ctx, options);
  }
  latestForNode(node: string) {
    return queries.latestForNode(this.ctx, node);
  }
  isNodeDrained(node: string) {
    return queries.isNodeDrained(this.ctx, node);
  }

  // Status updates: a name (read first) or an object the caller holds (used as the starting point; 409 re-reads).
  updateStatus(target: TargetEvent, mutate: StatusMutation): Promise<StatusUpdateResult> {
    return updateStatus(this.ctx, target, mutate);
  }
  replaceStatus(target: TargetEvent, status: HealthEventStatus) {
    return updateStatus(this.ctx, target, mutations.replace(status));
  }
  setQuarantineStatus(target: TargetEvent, value: NonNullable<HealthEventStatus["nodeQuarantined"]>) {
    return updateStatus(this.ctx, target, mutations.quarantine(value, this.ctx.now()));
  }
  setEvictionStatus(target: TargetEvent, eviction: NonNullable<HealthEventStatus["userPodsEvictionStatus"]>) {
    return updateStatus(this.ctx, target, mutations.eviction(eviction, this.ctx.now()));
  }
  setRemediationResult(target: TargetEvent, remediated: boolean, at: Date = this.ctx.now()) {
    return updateStatus(this.ctx, target, mutations.remediation(remediated, at));
  }
  setSpanId(target: TargetEvent, service: string, spanId: string) {
    return updateStatus(this.ctx, target, mutations.spanId(service, spanId));
  }

  /** Applies `mutate` to every event of a node; returns how many changed. */
  async updateNodeEvents(node: string, mutate: StatusMutation): Promise<number> {
    let changed = 0;
    for await (const batch of queries.byNode(this.ctx, node)) {
      for (const event of batch) if ((await updateStatus(this.ctx, event, mutate)).changed) changed++;
    }
    return changed;
  }

  /** A consumer's change stream; see ConsumerWatch for the delivery guarantee. */
  watch(options: ConsumerWatchOptions): ConsumerWatch {
    return new ConsumerWatch(this.ctx, options);
  }

  /** A cleanup controller for this store's namespace; call sweep() periodically. */
  cleanupController(policy: CleanupPolicy = {}): CleanupController {
    return new CleanupController(this.ctx, policy);
  }

  /** Operator reset: the consumer starts fresh, receiving events created at or after `cutoff` (current state only). */
  resetConsumer(consumer: string, cutoff: Date): Promise<void> {
    return resetConsumerPosition(this.ctx, consumer, cutoff);
  }
}
