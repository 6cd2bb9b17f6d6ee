// The store's access to the API: every call retried on transient failures, every write paced
// by the token bucket, and every request counted (the bench reports requests per event).
import type { KubeApi, KubeObject, ListOptions, ListPage, ResourceRef, WatchOptions, WatchStream } from "./kube-api.js";
import { withRetry, defaultRetryPolicy, type RetryPolicy } from "./retry.js";
import { TokenBucket } from "./token-bucket.js";

export type Verb = "create" | "get" | "list" | "replace" | "replaceStatus" | "delete" | "watch";

export interface StoreClientOptions {
  retry?: RetryPolicy;
  /** Writes per second and burst; unlimited when absent. */
  writeRate?: { perSecond: number; burst: number };
}

export class StoreClient {
  readonly requests: Record<Verb, number> = { create: 0, get: 0, list: 0, replace: 0, replaceStatus: 0, delete: 0, watch: 0 };
  readonly retries = { count: 0 };
  private readonly retryPolicy: RetryPolicy;
  private readonly bucket: TokenBucket | undefined;

  constructor(
    readonly api: KubeApi,
    options: StoreClientOptions = {},
  ) {
    this.retryPolicy = options.retry ?? defaultRetryPolicy;
    this.bucket = options.writeRate ? new TokenBucket(options.writeRate.perSecond, options.writeRate.burst) : undefined;
  }

  get writes(): number {
    return this.requests.create + this.requests.replace + this.requests.replaceStatus + this.requests.delete;
  }

  get total(): number {
    return Object.values(this.requests).reduce((sum, n) => sum + n, 0);
  }

  /** `attempt` is 0 on the first try; a create retried after a lost response may see its own object. */
  create<T extends KubeObject>(ref: ResourceRef, body: T, onAttempt?: (attempt: number) => void): Promise<T> {
    return this.write("create", (attempt) => {
      onAttempt?.(attempt);
      return this.api.create(ref, body);
    });
  }

  get<T extends KubeObject>(ref: ResourceRef, name: string): Promise<T> {
    return this.read("get", () => this.api.get<T>(ref, name));
  }

  list<T extends KubeObject>(ref: ResourceRef, options: ListOptions): Promise<ListPage<T>> {
    return this.read("list", () => this.api.list<T>(ref, options));
  }

  replace<T extends KubeObject>(ref: ResourceRef, body: T): Promise<T> {
    return this.write("replace", () => this.api.replace(ref, body));
  }

  /** `attempt` as for create: a retried status write may find its own earlier attempt applied. */
  replaceStatus<T extends KubeObject>(ref: ResourceRef, body: T, onAttempt?: (attempt: number) => void): Promise<T> {
    return this.write("replaceStatus", (attempt) => {
      onAttempt?.(attempt);
      return this.api.replaceStatus(ref, body);
    });
  }

  delete(ref: ResourceRef, name: string, preconditionResourceVersion?: string): Promise<void> {
    return this.write("delete", () => this.api.delete(ref, name, preconditionResourceVersion));
  }

  /** Opening a watch is retried like a read; the stream itself is the caller's to resume. */
  watch<T extends KubeObject>(ref: ResourceRef, options: WatchOptions): Promise<WatchStream<T>> {
    return this.read("watch", () => this.api.watch<T>(ref, options));
  }

  private read<T>(verb: Verb, request: () => Promise<T>): Promise<T> {
    return withRetry(
      () => {
        this.requests[verb]++;
        return request();
      },
      this.retryPolicy,
      { onRetry: () => this.retries.count++ },
    );
  }

  private write<T>(verb: Verb, request: (attempt: number) => Promise<T>): Promise<T> {
    return withRetry(
      async (attempt) => {
        await this.bucket?.take();
        this.requests[verb]++;
        return request(attempt);
      },
      this.retryPolicy,
      { onRetry: () => this.retries.count++ },
    );
  }
}
