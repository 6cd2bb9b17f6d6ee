// The etcd backend: each object under kube-apiserver's key, /registry/<group>/<plural>/<namespace>/<name>
// (no group segment for core types, no namespace for cluster-scoped ones), as JSON without its
// resourceVersion, which is the key's etcd mod revision. Writes are transactions conditioned on the
// mod revision the writer read (create: on the key not existing); the ObjectStore is fed by one
// etcd watch, so a write through any crd-ts serve process on the same etcd reaches every process.
import type { JsonObject } from "./json-values.js";
import type { Change, ObjectStore, StoredEntry } from "./object-store.js";
import { EtcdClient, type KeyValue, type WatchEvent } from "./etcd-client.js";
import { StaleRead, type StorageBackend, type WriteOp } from "./storage-backend.js";

const PREFIX = "/registry/";
const HISTORY_ON_START = 20_000;

/** `group/plural` + `namespace/name` → the kube-apiserver etcd key. */
export function etcdKey(resource: string, key: string): string {
  const [group, plural] = splitOnce(resource);
  const [namespace, name] = splitOnce(key);
  return `${PREFIX}${group ? `${group}/` : ""}${plural}/${namespace ? `${namespace}/` : ""}${name}`;
}

/** The inverse of etcdKey; undefined for keys of other shapes (another tool's data under /registry/). */
export function parseEtcdKey(etcd: string): { resource: string; key: string } | undefined {
  if (!etcd.startsWith(PREFIX)) return undefined;
  const segments = etcd.slice(PREFIX.length).split("/");
  // API groups of custom resources always contain a dot; core types have no group segment.
  const group = segments[0].includes(".") ? segments.shift()! : "";
  if (segments.length !== 2 && segments.length !== 3) return undefined;
  const plural = segments[0];
  const key = segments.length === 3 ? `${segments[1]}/${segments[2]}` : `/${segments[1]}`;
  return { resource: `${group}/${plural}`, key };
}

function splitOnce(text: string): [string, string] {
  const slash = text.indexOf("/");
  return [text.slice(0, slash), text.slice(slash + 1)];
}

function decodeObject(kv: KeyValue): JsonObject | undefined {
  try {
    const object = JSON.parse(kv.value.toString("utf8")) as JsonObject;
    if (typeof object !== "object" || object === null || typeof object.metadata !== "object" || object.metadata === null) return undefined;
    (object.metadata as JsonObject).resourceVersion = String(kv.modRevision);
    return object;
  } catch {
    return undefined;
  }
}

function encodeObject(object: JsonObject): string {
  const { resourceVersion: _rv, ...metadata } = object.metadata as JsonObject;
  void _rv;
  return JSON.stringify({ ...object, metadata });
}

export class EtcdBackend implements StorageBackend {
  readonly kind = "etcd";
  private store!: ObjectStore;
  private readonly client: EtcdClient;
  private watcher: { close(): void } | undefined;
  private closed = false;
  /** Writers waiting for the watch to bring their revision into the store. */
  private readonly waiters: Array<{ ready: () => boolean; resolve: () => void }> = [];

  constructor(private readonly endpoint: string) {
    this.client = new EtcdClient(endpoint);
  }

  attach(store: ObjectStore): void {
    this.store = store;
  }

  async load(): Promise<void> {
    await this.relist();
    // Serve once the replay from the older revision reached the newest object.
    const latest = await this.client.latestModRevision(PREFIX);
    await this.until(() => this.store.rv >= latest, 60_000);
  }

  /**
   * Lists an older revision when etcd still has it and replays the changes since through the watch,
   * so the view starts with a watch history (up to `HISTORY_ON_START` revisions): clients resuming
   * a watch after a restart continue instead of getting 410 Gone, as kube-apiserver serves them from etcd.
   */
  private async relist(): Promise<void> {
    const current = await this.client.revision();
    let listed: { kvs: KeyValue[]; revision: number } | undefined;
    const from = Math.max(1, current - HISTORY_ON_START);
    try {
      if (from < current) listed = await this.client.rangePrefix(PREFIX, from);
    } catch (error) {
      if (!/compacted/.test((error as Error).message)) throw error;
    }
    listed ??= await this.client.rangePrefix(PREFIX);
    const { kvs, revision } = listed;
    const entries: StoredEntry[] = [];
    for (const kv of kvs) {
      const parsed = parseEtcdKey(kv.key);
      const object = parsed && decodeObject(kv);
      if (parsed && object) entries.push({ ...parsed, object });
    }
    this.store.reset(entries, revision);
    this.follow(revision + 1);
  }

  private follow(fromRevision: number): void {
    if (this.closed) return;
    this.watcher = this.client.watch(PREFIX, fromRevision, (events) => this.applyEvents(events), (reason) => {
      if (this.closed) return;
      if (reason.compactRevision !== undefined) {
        // Our view is older than etcd's history: start over from a fresh list, as the watch cache does.
        process.stderr.write(`crd-ts serve: etcd compacted past revision ${this.store.rv}; relisting\n`);
        void this.relist().catch((error) => this.retry(error));
      } else {
        setTimeout(() => this.follow(this.store.rv + 1), 200).unref();
      }
    });
  }

  private retry(error: Error): void {
    process.stderr.write(`crd-ts serve: etcd: ${error.message}; retrying\n`);
    setTimeout(() => void this.relist().catch((e) => this.retry(e)), 500).unref();
  }

  private applyEvents(events: WatchEvent[]): void {
    for (const event of events) {
      const parsed = parseEtcdKey(event.kv.key);
      if (!parsed) continue;
      if (event.type === "DELETE") {
        this.store.apply(event.kv.modRevision, parsed.resource, parsed.key, undefined);
      } else {
        const object = decodeObject(event.kv);
        if (object) this.store.apply(event.kv.modRevision, parsed.resource, parsed.key, object);
      }
    }
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i].ready()) this.waiters.splice(i, 1)[0].resolve();
    }
  }

  /** Resolves when `ready()` holds, checked after each batch of watch events (at most `timeoutMs`). */
  private until(ready: () => boolean, timeoutMs = 5000): Promise<void> {
    if (ready()) return Promise.resolve();
    return new Promise((resolve) => {
      const waiter = { ready, resolve };
      this.waiters.push(waiter);
      setTimeout(() => {
        const index = this.waiters.indexOf(waiter);
        if (index >= 0) this.waiters.splice(index, 1);
        resolve();
      }, timeoutMs).unref();
    });
  }

  private findChange(resource: string, key: string, rv: number): Change | undefined {
    return this.store.changesSince(resource, rv - 1)?.find((c) => c.rv === rv && c.key === key);
  }

  async write(op: WriteOp): Promise<Change> {
    const key = etcdKey(op.resource, op.key);
    const compare =
      op.expectedRv === undefined
        ? [{ key, target: "CREATE" as const, createRevision: 0 }]
        : [{ key, target: "MOD" as const, modRevision: Number(op.expectedRv) }];
    const success = op.type === "put" ? [{ put: { key, value: encodeObject(op.object!) } }] : [{ delete: { key } }];
    const result = await this.client.txn(compare, success, [{ range: { key } }]);
    if (!result.succeeded) {
      // Someone else's write landed first: retry once our view has it.
      const current = result.ranges[0]?.[0]?.modRevision ?? 0;
      const rvOf = () => Number((this.store.get(op.resource, op.key)?.metadata as JsonObject | undefined)?.resourceVersion ?? 0);
      throw new StaleRead(this.until(() => (current === 0 ? this.store.get(op.resource, op.key) === undefined : rvOf() >= current)));
    }
    const rv = result.revision;
    await this.until(() => this.store.rv >= rv);
    const change = this.findChange(op.resource, op.key, rv);
    if (change) return change;
    // The history no longer has it (trimmed or compacted): answer from what was written.
    const object = op.object ? { ...op.object, metadata: { ...(op.object.metadata as JsonObject), resourceVersion: String(rv) } } : {};
    return { rv, resource: op.resource, key: op.key, type: op.type === "put" ? "MODIFIED" : "DELETED", object };
  }

  async compact(rv: number): Promise<void> {
    try {
      await this.client.compact(rv);
    } catch (error) {
      // "required revision has been compacted": already done.
      if (!/compacted/.test((error as Error).message)) throw error;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.watcher?.close();
    this.client.close();
  }

  toString(): string {
    return `etcd ${this.endpoint}`;
  }
}
