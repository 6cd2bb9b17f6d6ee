// An in-memory KubeApi for unit tests of the runtime's logic: one resourceVersion counter,
// equality label selectors, limit/continue, /status semantics, preconditions, watch with
// history, bookmarks and 410 Gone, and injectable faults per call.
import { ApiError, type KubeApi, type KubeObject, type ListOptions, type ListPage, type ResourceRef, type WatchEvent, type WatchOptions, type WatchStream } from "../../src/runtime/kube-api.js";
import { AsyncQueue } from "../../src/runtime/async-queue.js";

type Obj = KubeObject & { spec?: unknown; status?: unknown; data?: unknown };
interface HistoryEntry { rv: number; type: "ADDED" | "MODIFIED" | "DELETED"; key: string; object: Obj }

export type FakeFault = "conflict" | "tooManyRequests" | "serverError" | "drop" | "dropAfterWrite";

export class FakeKubeApi implements KubeApi {
  rv = 0;
  readonly objects = new Map<string, Obj>();
  readonly history: HistoryEntry[] = [];
  compactedRv = 0;
  readonly calls: string[] = [];
  private watchers = new Set<{ key: string; queue: AsyncQueue<WatchEvent<Obj>>; selector?: string }>();
  /** Decides a fault for a call; default none. */
  fault: (verb: string) => FakeFault | undefined = () => undefined;
  clock = () => new Date();

  private key(ref: ResourceRef, name: string) {
    return `${ref.plural}/${ref.namespace}/${name}`;
  }

  private injected(verb: string): FakeFault | undefined {
    this.calls.push(verb);
    const f = this.fault(verb);
    if (f === "tooManyRequests") throw new ApiError(429, "TooManyRequests", "too many requests", 0);
    if (f === "serverError") throw new ApiError(500, "InternalError", "injected");
    if (f === "drop") throw new ApiError(0, "ConnectionError", "socket hang up");
    if (f === "conflict" && (verb === "replace" || verb === "replaceStatus")) throw new ApiError(409, "Conflict", "injected conflict");
    return f;
  }

  private record(type: HistoryEntry["type"], key: string, object: Obj) {
    const entry = { rv: this.rv, type, key, object: structuredClone(object) };
    this.history.push(entry);
    for (const w of this.watchers) if (key.startsWith(w.key) && matches(object, w.selector)) w.queue.push({ type, object: structuredClone(object) });
  }

  async create<T extends KubeObject>(ref: ResourceRef, body: T): Promise<T> {
    const fault = this.injected("create");
    const name = String(body.metadata.name);
    const key = this.key(ref, name);
    if (this.objects.has(key)) throw new ApiError(409, "AlreadyExists", `${ref.plural} "${name}" already exists`);
    const object = structuredClone(body) as Obj;
    if (ref.group !== "") delete object.status;
    object.metadata.resourceVersion = String(++this.rv);
    object.metadata.creationTimestamp = this.clock().toISOString().replace(/\.\d+Z$/, "Z");
    object.metadata.uid = `uid-${this.rv}`;
    this.objects.set(key, object);
    this.sorted = undefined;
    this.record("ADDED", key, object);
    if (fault === "dropAfterWrite") throw new ApiError(0, "ConnectionError", "socket hang up");
    return structuredClone(object) as unknown as T;
  }

  async get<T extends KubeObject>(ref: ResourceRef, name: string): Promise<T> {
    this.injected("get");
    const object = this.objects.get(this.key(ref, name));
    if (!object) throw new ApiError(404, "NotFound", `${ref.plural} "${name}" not found`);
    return structuredClone(object) as unknown as T;
  }

  private sorted: string[] | undefined;

  async list<T extends KubeObject>(ref: ResourceRef, options: ListOptions): Promise<ListPage<T>> {
    this.injected("list");
    const prefix = this.key(ref, "");
    this.sorted ??= [...this.objects.keys()].sort();
    const after = options.continueToken ? JSON.parse(options.continueToken).after : "";
    let start = lowerBound(this.sorted, after > prefix ? after : prefix);
    if (start < this.sorted.length && this.sorted[start] === after) start++;
    const limit = options.limit ?? Infinity;
    const items: [string, Obj][] = [];
    let i = start;
    for (; i < this.sorted.length && this.sorted[i].startsWith(prefix); i++) {
      const object = this.objects.get(this.sorted[i])!;
      if (!matches(object, options.labelSelector)) continue;
      if (options.fieldSelector?.startsWith("metadata.name=") && object.metadata.name !== options.fieldSelector.slice("metadata.name=".length)) continue;
      if (items.length === limit) break;
      items.push([this.sorted[i], object]);
    }
    const more = i < this.sorted.length && this.sorted[i].startsWith(prefix) && items.length === limit;
    let remaining = 0;
    if (more && !options.labelSelector) for (let j = i; j < this.sorted.length && this.sorted[j].startsWith(prefix); j++) remaining++;
    return {
      items: items.map(([, o]) => structuredClone(o) as unknown as T),
      resourceVersion: String(this.rv),
      continueToken: more ? JSON.stringify({ after: items[items.length - 1][0] }) : undefined,
      remainingItemCount: more && !options.labelSelector ? remaining : undefined,
    };
  }

  private update<T extends KubeObject>(verb: string, ref: ResourceRef, body: T, statusOnly: boolean): T {
    const fault = this.injected(verb);
    const name = String(body.metadata.name);
    const key = this.key(ref, name);
    const old = this.objects.get(key);
    if (!old) throw new ApiError(404, "NotFound", `${ref.plural} "${name}" not found`);
    if (body.metadata.resourceVersion !== old.metadata.resourceVersion) throw new ApiError(409, "Conflict", "the object has been modified");
    const next = structuredClone(old);
    const b = body as unknown as Obj;
    if (statusOnly) next.status = structuredClone(b.status);
    else {
      next.metadata = { ...structuredClone(b.metadata), uid: old.metadata.uid, creationTimestamp: old.metadata.creationTimestamp };
      if (ref.group === "") next.data = structuredClone(b.data);
      else if (JSON.stringify(b.spec) !== JSON.stringify(old.spec)) throw new ApiError(422, "Invalid", "spec is immutable");
    }
    if (JSON.stringify(next) === JSON.stringify(old)) return structuredClone(old) as unknown as T;
    next.metadata.resourceVersion = String(++this.rv);
    this.objects.set(key, next);
    this.record("MODIFIED", key, next);
    if (fault === "dropAfterWrite") throw new ApiError(0, "ConnectionError", "socket hang up");
    return structuredClone(next) as unknown as T;
  }

  async replace<T extends KubeObject>(ref: ResourceRef, body: T): Promise<T> {
    return this.update("replace", ref, body, false);
  }

  async replaceStatus<T extends KubeObject>(ref: ResourceRef, body: T): Promise<T> {
    return this.update("replaceStatus", ref, body, true);
  }

  async delete(ref: ResourceRef, name: string, precondition?: string): Promise<void> {
    const fault = this.injected("delete");
    const key = this.key(ref, name);
    const old = this.objects.get(key);
    if (!old) throw new ApiError(404, "NotFound", `${ref.plural} "${name}" not found`);
    if (precondition !== undefined && precondition !== old.metadata.resourceVersion) throw new ApiError(409, "Conflict", "precondition failed");
    this.objects.delete(key);
    this.sorted = undefined;
    const gone = structuredClone(old);
    gone.metadata.resourceVersion = String(++this.rv);
    this.record("DELETED", key, gone);
    if (fault === "dropAfterWrite") throw new ApiError(0, "ConnectionError", "socket hang up");
  }

  /** Forgets history at or below `rv`: watches from older versions get 410 Gone. */
  compact(rv = this.rv) {
    this.compactedRv = rv;
    while (this.history.length > 0 && this.history[0].rv <= rv) this.history.shift();
  }

  /** Ends every open watch (as a server restart or timeout would). */
  closeWatches() {
    for (const w of this.watchers) w.queue.end();
    this.watchers.clear();
  }

  /** Sends a bookmark at the current resourceVersion to every watch. */
  bookmark() {
    for (const w of this.watchers) w.queue.push({ type: "BOOKMARK", object: { metadata: { resourceVersion: String(this.rv) } } });
  }

  async watch<T extends KubeObject>(ref: ResourceRef, options: WatchOptions): Promise<WatchStream<T>> {
    this.injected("watch");
    const queue = new AsyncQueue<WatchEvent<Obj>>();
    const from = Number(options.resourceVersion ?? this.rv);
    const key = this.key(ref, "");
    if (from < this.compactedRv) queue.fail(new ApiError(410, "Expired", `too old resource version: ${from} (${this.compactedRv})`));
    else {
      for (const h of this.history) if (h.rv > from && h.key.startsWith(key) && matches(h.object, options.labelSelector)) queue.push({ type: h.type, object: structuredClone(h.object) });
      const watcher = { key, queue, selector: options.labelSelector };
      this.watchers.add(watcher);
    }
    return {
      events: queue as unknown as AsyncIterable<WatchEvent<T>>,
      stop: () => {
        queue.end();
        for (const w of this.watchers) if (w.queue === queue) this.watchers.delete(w);
      },
    };
  }
}

function lowerBound(sorted: string[], value: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function matches(object: Obj, selector: string | undefined): boolean {
  if (!selector) return true;
  const labels = object.metadata.labels ?? {};
  return selector.split(",").every((req) => {
    const ne = req.split("!=");
    if (ne.length === 2) return labels[ne[0]] !== ne[1];
    const [k, v] = req.split("=");
    return labels[k] === v;
  });
}
