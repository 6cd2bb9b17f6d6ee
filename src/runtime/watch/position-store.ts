// Consumer positions persisted in one ConfigMap per consumer in the store's namespace, written
// with optimistic concurrency. An operator reset bumps the epoch; an instance that finds a
// newer epoch when it saves learns it was reset (ConsumerResetError) instead of undoing it.
import { createHash } from "node:crypto";
import { configMapsRef, isApiError, type KubeObject } from "../kube-api.js";
import type { StoreContext } from "../store-context.js";
import type { PersistedPosition } from "./position-tracker.js";

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

export class ConsumerResetError extends Error {
  constructor(readonly consumer: string) {
    super(`consumer ${consumer} was reset by an operator; restart it to continue from the new position`);
    this.name = "ConsumerResetError";
  }
}

/** "healthevent-consumer-<safe name>-<hash>": a valid ConfigMap name for any consumer name. */
export function positionObjectName(consumer: string): string {
  const safe = consumer.toLowerCase().replace(/[^a-z0-9-]/g, "-").replace(/^-+|-+$/g, "").slice(0, 40);
  const hash = createHash("sha256").update(consumer).digest("hex").slice(0, 10);
  return `healthevent-consumer-${safe === "" ? "" : `${safe}-`}${hash}`;
}

function parse(map: ConfigMap | undefined): PersistedPosition | undefined {
  const text = map?.data?.position;
  if (text === undefined) return undefined;
  const value = JSON.parse(text) as PersistedPosition;
  return { epoch: value.epoch ?? 0, floor: value.floor, cutoff: value.cutoff, done: value.done ?? [] };
}

export class PositionStore {
  private resourceVersion: string | undefined;
  private uid: string | undefined;
  private readonly name: string;

  constructor(
    private readonly ctx: StoreContext,
    readonly consumer: string,
  ) {
    this.name = positionObjectName(consumer);
  }

  private get ref() {
    return configMapsRef(this.ctx.ref.namespace);
  }

  private get client() {
    return this.ctx.positionClient ?? this.ctx.client;
  }

  /** The position object as this instance last read or wrote it. */
  get storedIdentity(): { uid: string; resourceVersion: string } | undefined {
    if (this.uid === undefined || this.resourceVersion === undefined) return undefined;
    return { uid: this.uid, resourceVersion: this.resourceVersion };
  }

  async load(): Promise<PersistedPosition | undefined> {
    try {
      const map = await this.client.get<ConfigMap>(this.ref, this.name);
      this.resourceVersion = map.metadata.resourceVersion;
      this.uid = map.metadata.uid;
      return parse(map);
    } catch (error) {
      if (isApiError(error, 404)) return undefined;
      throw error;
    }
  }

  /** After the store went back in time: what we last wrote proves nothing about what it holds now. */
  forgetIdentity(): void {
    this.uid = undefined;
  }

  /**
   * One read for the rewind check: the store's current resourceVersion (a list's, which on etcd
   * and the local server is the whole store's) and the stored position object's uid and
   * resourceVersion (undefined when it is gone), without adopting it.
   */
  async probe(): Promise<{ storeVersion: string; stored?: { uid: string; resourceVersion: string } }> {
    const page = await this.client.list<ConfigMap>(this.ref, { fieldSelector: `metadata.name=${this.name}` });
    const map = page.items.find((item) => item.metadata.name === this.name);
    const stored = map ? { uid: String(map.metadata.uid), resourceVersion: String(map.metadata.resourceVersion) } : undefined;
    return { storeVersion: page.resourceVersion, stored };
  }

  async save(position: PersistedPosition): Promise<void> {
    for (;;) {
      const body: ConfigMap = {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name: this.name, namespace: this.ctx.ref.namespace, resourceVersion: this.resourceVersion, labels: { "nvsentinel.dgxc.nvidia.com/consumer-position": "true" } },
        data: { consumer: this.consumer, position: JSON.stringify(position) },
      };
      try {
        const saved = this.resourceVersion === undefined ? await this.client.create(this.ref, body) : await this.client.replace(this.ref, body);
        this.resourceVersion = saved.metadata.resourceVersion;
        this.uid = saved.metadata.uid;
        return;
      } catch (error) {
        if (!isApiError(error, 409) && !isApiError(error, 404)) throw error;
        // Conflict: someone wrote since our last read (or a retried write landed). Re-read; a
        // newer epoch means an operator reset we must not overwrite.
        const current = await this.load();
        if (current === undefined) {
          this.resourceVersion = undefined;
          this.uid = undefined;
        }
        else if (current.epoch !== position.epoch) throw new ConsumerResetError(this.consumer);
      }
    }
  }
}

/** Operator reset: the consumer starts fresh with changes to events created at or after `cutoff`. */
export async function resetConsumerPosition(ctx: StoreContext, consumer: string, cutoff: Date): Promise<void> {
  const store = new PositionStore(ctx, consumer);
  const current = await store.load();
  const next: PersistedPosition = { epoch: (current?.epoch ?? 0) + 1, cutoff: cutoff.toISOString(), done: [] };
  for (;;) {
    try {
      await store.save(next);
      return;
    } catch (error) {
      if (!(error instanceof ConsumerResetError)) throw error;
      next.epoch = ((await store.load())?.epoch ?? 0) + 1;
    }
  }
}
