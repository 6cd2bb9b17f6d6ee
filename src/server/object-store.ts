// The server's view of all stored objects (the applied state, like kube-apiserver's watch cache):
// one global resourceVersion, the objects in key order, and the history of changes that watches
// and continued lists are served from. Writes go through a storage backend (memory, file or etcd,
// see storage-backend.ts) and appear here only once the backend made them durable.
import type { JsonObject } from "./json-values.js";
import { rememberStoredJson } from "./object-json.js";

export type ChangeType = "ADDED" | "MODIFIED" | "DELETED";

export interface Change {
  rv: number;
  resource: string;
  key: string;
  type: ChangeType;
  object: JsonObject;
  /** The object before the change; absent for ADDED. */
  previous?: JsonObject;
}

export interface ListOptions {
  /** Only keys starting with `namespace/`. */
  namespace?: string;
  /** List the state as of this resourceVersion (a continued list); default: now. */
  snapshotRv?: number;
  /** Start strictly after this key. */
  afterKey?: string;
  limit?: number;
  filter?: (object: JsonObject) => boolean;
}

export interface ListResult {
  items: JsonObject[];
  rv: number;
  /** Set when the list stopped at `limit` with keys left: continue after this key. */
  lastKey?: string;
}

interface Bucket {
  objects: Map<string, JsonObject>;
  sortedKeys: string[];
  /** The objects in sortedKeys' order: a list of a range is one slice. */
  sortedObjects: JsonObject[];
}

/** One stored object, as the file backend's snapshot writes it. */
export interface StoredEntry {
  resource: string;
  key: string;
  object: JsonObject;
}

export function objectKey(namespace: string | undefined, name: string): string {
  return `${namespace ?? ""}/${name}`;
}

function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class ObjectStore {
  /** The resourceVersion of the last applied change. */
  rv = 0;
  /** Changes at or below this resourceVersion are no longer in the history. */
  compactedRv = 0;
  private history: Change[] = [];
  private readonly buckets = new Map<string, Bucket>();
  private readonly listeners = new Set<(change: Change) => void>();
  readonly backend: StorageBackend;

  constructor(private historyLimit: number, backend: StorageBackend) {
    this.backend = backend;
    this.backend.attach(this);
  }

  setHistoryLimit(limit: number): void {
    this.historyLimit = limit;
    this.trimHistory(0);
  }

  subscribe(listener: (change: Change) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private bucket(resource: string): Bucket {
    let bucket = this.buckets.get(resource);
    if (!bucket) {
      bucket = { objects: new Map(), sortedKeys: [], sortedObjects: [] };
      this.buckets.set(resource, bucket);
    }
    return bucket;
  }

  get(resource: string, key: string): JsonObject | undefined {
    return this.buckets.get(resource)?.objects.get(key);
  }

  count(resource: string): number {
    return this.buckets.get(resource)?.objects.size ?? 0;
  }

  /**
   * Stores `object` (creating or replacing) durably under a new resourceVersion. The object's
   * metadata.resourceVersion is the precondition: absent for a create, else the version the
   * caller read; a write that raced with another one fails with StaleRead (retry on fresh state).
   */
  put(resource: string, key: string, object: JsonObject): Promise<JsonObject> {
    const expected = (object.metadata as JsonObject | undefined)?.resourceVersion;
    return this.backend
      .write({ type: "put", resource, key, object, expectedRv: typeof expected === "string" && expected !== "" ? expected : undefined })
      .then((change) => change.object);
  }

  /** Removes the object; the returned last state carries the deletion's resourceVersion, like a DELETED watch event. */
  async delete(resource: string, key: string, expectedRv?: string): Promise<JsonObject | undefined> {
    const current = this.get(resource, key);
    if (!current) return undefined;
    const expected = expectedRv ?? String((current.metadata as JsonObject).resourceVersion);
    const change = await this.backend.write({ type: "delete", resource, key, expectedRv: expected });
    return change.object;
  }

  /**
   * Applies a durable change (called by the backend, in resourceVersion order). `json` is the
   * object's text with its new resourceVersion when the backend made it already.
   */
  apply(rv: number, resource: string, key: string, object: JsonObject | undefined, json?: string): Change | undefined {
    const bucket = this.bucket(resource);
    const previous = bucket.objects.get(key);
    let change: Change;
    if (object === undefined) {
      if (!previous) {
        this.rv = Math.max(this.rv, rv);
        return undefined;
      }
      const deleted = { ...previous, metadata: { ...(previous.metadata as JsonObject), resourceVersion: String(rv) } };
      bucket.objects.delete(key);
      const index = lowerBound(bucket.sortedKeys, key);
      bucket.sortedKeys.splice(index, 1);
      bucket.sortedObjects.splice(index, 1);
      change = { rv, resource, key, type: "DELETED", object: deleted, previous };
    } else {
      (object.metadata as JsonObject).resourceVersion = String(rv);
      if (json !== undefined) rememberStoredJson(object, json);
      bucket.objects.set(key, object);
      const index = lowerBound(bucket.sortedKeys, key);
      if (previous) bucket.sortedObjects[index] = object;
      else {
        bucket.sortedKeys.splice(index, 0, key);
        bucket.sortedObjects.splice(index, 0, object);
      }
      change = { rv, resource, key, type: previous ? "MODIFIED" : "ADDED", object, previous };
    }
    this.rv = Math.max(this.rv, rv);
    this.history.push(change);
    this.trimHistory(1024);
    for (const listener of this.listeners) listener(change);
    return change;
  }

  /** Replaces the whole state (a backend's load at start or after a lost etcd watch); no events. */
  reset(entries: Iterable<StoredEntry>, rv: number): void {
    this.buckets.clear();
    for (const { resource, key, object } of entries) this.bucket(resource).objects.set(key, object);
    for (const bucket of this.buckets.values()) {
      bucket.sortedKeys = [...bucket.objects.keys()].sort();
      bucket.sortedObjects = bucket.sortedKeys.map((key) => bucket.objects.get(key)!);
    }
    this.rv = rv;
    this.history = [];
    this.compactedRv = rv;
  }

  /** Every stored object (references, taken at once: the snapshot writer serialises them later). */
  entries(): StoredEntry[] {
    const out: StoredEntry[] = [];
    for (const [resource, bucket] of this.buckets) {
      for (const [key, object] of bucket.objects) out.push({ resource, key, object });
    }
    return out;
  }

  private trimHistory(slack: number): void {
    const excess = this.history.length - this.historyLimit;
    if (excess > slack || (slack === 0 && excess > 0)) {
      const removed = this.history.splice(0, excess);
      this.compactedRv = removed[removed.length - 1].rv;
    }
  }

  /** Drops the whole history: every older watch or continue token gets 410 Gone. */
  compact(): void {
    this.history = [];
    this.compactedRv = this.rv;
    void this.backend.compact(this.rv);
  }

  /** Changes of `resource` after `rv`, or undefined if some of them were compacted away. */
  changesSince(resource: string, rv: number): Change[] | undefined {
    if (rv < this.compactedRv) return undefined;
    const from = this.firstIndexAfter(rv);
    const changes: Change[] = [];
    for (let i = from; i < this.history.length; i++) {
      if (this.history[i].resource === resource) changes.push(this.history[i]);
    }
    return changes;
  }

  private firstIndexAfter(rv: number): number {
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.history[mid].rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Objects in key order; undefined if the snapshot asked for is older than the retained history. */
  list(resource: string, options: ListOptions = {}): ListResult | undefined {
    const snapshotRv = options.snapshotRv ?? this.rv;
    const bucket = this.bucket(resource);
    let keys = bucket.sortedKeys;
    let objectAt = (key: string) => bucket.objects.get(key);
    if (snapshotRv < this.rv) {
      const changes = this.changesSince(resource, snapshotRv);
      if (!changes) return undefined;
      if (changes.length > 0) {
        // Roll the changes back, newest first, so each key ends with its state at the snapshot.
        const past = new Map<string, JsonObject | undefined>();
        for (let i = changes.length - 1; i >= 0; i--) past.set(changes[i].key, changes[i].previous);
        const extra = [...past.keys()].filter((k) => !bucket.objects.has(k)).sort();
        keys = mergeSorted(bucket.sortedKeys, extra);
        objectAt = (key) => (past.has(key) ? past.get(key) : bucket.objects.get(key));
      }
    }
    const prefix = options.namespace !== undefined ? `${options.namespace}/` : "";
    if (keys === bucket.sortedKeys && !options.filter) return this.sliceOf(bucket, prefix, snapshotRv, options);
    let index = options.afterKey !== undefined ? lowerBound(keys, options.afterKey + "\u0000") : lowerBound(keys, prefix);
    const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
    const items: JsonObject[] = [];
    let lastPushed: string | undefined;
    let lastKey: string | undefined;
    for (; index < keys.length; index++) {
      const key = keys[index];
      if (!key.startsWith(prefix)) break;
      const object = objectAt(key);
      if (!object || (options.filter && !options.filter(object))) continue;
      if (items.length === limit) {
        lastKey = lastPushed;
        break;
      }
      items.push(object);
      lastPushed = key;
    }
    return { items, rv: snapshotRv, lastKey };
  }

  /** An unfiltered list of the current state: a slice of the ordered objects, no per-key work. */
  private sliceOf(bucket: Bucket, prefix: string, rv: number, options: ListOptions): ListResult {
    const keys = bucket.sortedKeys;
    const start = options.afterKey !== undefined ? lowerBound(keys, options.afterKey + "\u0000") : lowerBound(keys, prefix);
    // Keys of a namespace are `<namespace>/<name>`; "0" is the character after "/".
    const end = prefix ? lowerBound(keys, `${prefix.slice(0, -1)}0`) : keys.length;
    const from = Math.max(start, prefix ? lowerBound(keys, prefix) : 0);
    const limit = options.limit && options.limit > 0 ? options.limit : Infinity;
    const stop = Math.min(end, from + limit);
    const items = bucket.sortedObjects.slice(from, Math.max(from, stop));
    return { items, rv, lastKey: stop < end ? keys[stop - 1] : undefined };
  }
}

function mergeSorted(a: readonly string[], b: readonly string[]): string[] {
  const out: string[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] < b[j])) out.push(a[i++]);
    else out.push(b[j++]);
  }
  return out;
}

// The interface of storage-backend.ts, declared here so that the store and its backends import one way.
export interface WriteOp {
  type: "put" | "delete";
  resource: string;
  key: string;
  /** The new object (put). */
  object?: JsonObject;
  /** The resourceVersion the writer read; undefined: the object must not exist (a create). */
  expectedRv?: string;
}

export interface StorageBackend {
  readonly kind: "memory" | "file" | "etcd";
  /** Called once by the ObjectStore the backend feeds. */
  attach(store: ObjectStore): void;
  /** Loads the stored state into the store (and, for etcd, starts following changes). */
  load(): Promise<void>;
  /** Resolves with the applied change once the write is durable; rejects with StaleRead if the precondition failed. */
  write(op: WriteOp): Promise<Change>;
  /** Drops history up to `rv` where the backend keeps one (etcd compaction). */
  compact(rv: number): Promise<void>;
  /** Writes a snapshot now (file backend); resolves when it is durable. */
  snapshot?(): Promise<void>;
  close(): Promise<void>;
}

