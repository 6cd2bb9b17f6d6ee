// The few Kubernetes API calls the store makes, as one narrow interface. The production
// implementation (client-node-api.ts) speaks HTTP through @kubernetes/client-node; tests can
// substitute an in-memory fake to reach corner cases the server cannot produce on demand.

/** A Kubernetes object in its JSON form; only the metadata the runtime reads is typed. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: {
    name?: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
    creationTimestamp?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
}

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continueToken?: string;
  resourceVersion?: string;
  resourceVersionMatch?: "Exact" | "NotOlderThan";
}

export interface ListPage<T extends KubeObject> {
  items: T[];
  resourceVersion: string;
  continueToken?: string;
  remainingItemCount?: number;
}

/** One event of a watch stream. BOOKMARK carries only metadata.resourceVersion. */
export interface WatchEvent<T extends KubeObject> {
  type: "ADDED" | "MODIFIED" | "DELETED" | "BOOKMARK";
  object: T;
}

export interface WatchOptions {
  resourceVersion?: string;
  labelSelector?: string;
  allowWatchBookmarks?: boolean;
  timeoutSeconds?: number;
}

/**
 * A running watch. `events` ends when the server closes the stream (normal: reconnect from the
 * last seen resourceVersion) and throws an ApiError (410 Gone: relist) on failure.
 */
export interface WatchStream<T extends KubeObject> {
  events: AsyncIterable<WatchEvent<T>>;
  stop(): void;
}

/** Where a resource lives: group/version/plural for custom resources, "" group for core. */
export interface ResourceRef {
  group: string;
  version: string;
  plural: string;
  namespace: string;
}

export interface KubeApi {
  create<T extends KubeObject>(ref: ResourceRef, body: T): Promise<T>;
  get<T extends KubeObject>(ref: ResourceRef, name: string): Promise<T>;
  list<T extends KubeObject>(ref: ResourceRef, options: ListOptions): Promise<ListPage<T>>;
  /** PUT of the whole object; carries metadata.resourceVersion for optimistic concurrency. */
  replace<T extends KubeObject>(ref: ResourceRef, body: T): Promise<T>;
  /** PUT of the /status subresource. */
  replaceStatus<T extends KubeObject>(ref: ResourceRef, body: T): Promise<T>;
  delete(ref: ResourceRef, name: string, preconditionResourceVersion?: string): Promise<void>;
  watch<T extends KubeObject>(ref: ResourceRef, options: WatchOptions): Promise<WatchStream<T>>;
}

/**
 * A failed API call, normalised: HTTP status (0 for a dropped connection or other network failure, -1 for a client-side error),
 * the Status reason, and the Retry-After delay when the server sent one.
 */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export function isApiError(error: unknown, code?: number): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

export const configMapsRef = (namespace: string): ResourceRef => ({ group: "", version: "v1", plural: "configmaps", namespace });
