// KubeApi over @kubernetes/client-node 1.4: custom resources through CustomObjectsApi, config
// maps through CoreV1Api, watches through Watch. Every failure leaves as an ApiError.
import { ApiException, CoreV1Api, CustomObjectsApi, KubeConfig, Watch, type V1ConfigMap } from "@kubernetes/client-node";
import { AsyncQueue } from "./async-queue.js";
import { reuseConnections } from "./connection-reuse.js";
import {
  ApiError,
  type KubeApi,
  type KubeObject,
  type ListOptions,
  type ListPage,
  type ResourceRef,
  type WatchEvent,
  type WatchOptions,
  type WatchStream,
} from "./kube-api.js";

/** Loads a kubeconfig: a file path, in-cluster service account, or the default chain ($KUBECONFIG, ~/.kube/config, in-cluster). */
export function loadKubeConfig(source: { file?: string; inCluster?: boolean } = {}): KubeConfig {
  const config = new KubeConfig();
  if (source.file !== undefined) config.loadFromFile(source.file);
  else if (source.inCluster === true) config.loadFromCluster();
  else config.loadFromDefault();
  return config;
}

export class ClientNodeApi implements KubeApi {
  private readonly customObjects: CustomObjectsApi;
  private readonly core: CoreV1Api;

  constructor(private readonly config: KubeConfig) {
    reuseConnections(config);
    this.customObjects = config.makeApiClient(CustomObjectsApi);
    this.core = config.makeApiClient(CoreV1Api);
  }

  create<T extends KubeObject>(ref: ResourceRef, body: T): Promise<T> {
    return call(() =>
      ref.group === ""
        ? this.core.createNamespacedConfigMap({ namespace: ref.namespace, body: body as V1ConfigMap })
        : this.customObjects.createNamespacedCustomObject({ ...crd(ref), body }),
    ) as Promise<T>;
  }

  get<T extends KubeObject>(ref: ResourceRef, name: string): Promise<T> {
    return call(() =>
      ref.group === ""
        ? this.core.readNamespacedConfigMap({ namespace: ref.namespace, name })
        : this.customObjects.getNamespacedCustomObject({ ...crd(ref), name }),
    ) as Promise<T>;
  }

  async list<T extends KubeObject>(ref: ResourceRef, options: ListOptions): Promise<ListPage<T>> {
    const params = {
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
      limit: options.limit,
      _continue: options.continueToken,
      resourceVersion: options.resourceVersion,
      resourceVersionMatch: options.resourceVersionMatch,
    };
    const list = (await call(() =>
      ref.group === ""
        ? this.core.listNamespacedConfigMap({ namespace: ref.namespace, ...params })
        : this.customObjects.listNamespacedCustomObject({ ...crd(ref), ...params }),
    )) as { items?: T[]; metadata?: { resourceVersion?: string; continue?: string; remainingItemCount?: number } };
    return {
      items: list.items ?? [],
      resourceVersion: list.metadata?.resourceVersion ?? "",
      continueToken: list.metadata?.continue || undefined,
      remainingItemCount: list.metadata?.remainingItemCount,
    };
  }

  replace<T extends KubeObject>(ref: ResourceRef, body: T): Promise<T> {
    const name = String(body.metadata.name);
    return call(() =>
      ref.group === ""
        ? this.core.replaceNamespacedConfigMap({ namespace: ref.namespace, name, body: body as V1ConfigMap })
        : this.customObjects.replaceNamespacedCustomObject({ ...crd(ref), name, body }),
    ) as Promise<T>;
  }

  replaceStatus<T extends KubeObject>(ref: ResourceRef, body: T): Promise<T> {
    const name = String(body.metadata.name);
    return call(() => this.customObjects.replaceNamespacedCustomObjectStatus({ ...crd(ref), name, body })) as Promise<T>;
  }

  async delete(ref: ResourceRef, name: string, preconditionResourceVersion?: string): Promise<void> {
    const body = preconditionResourceVersion === undefined ? undefined : { preconditions: { resourceVersion: preconditionResourceVersion } };
    await call(() =>
      ref.group === ""
        ? this.core.deleteNamespacedConfigMap({ namespace: ref.namespace, name, body })
        : this.customObjects.deleteNamespacedCustomObject({ ...crd(ref), name, body }),
    );
  }

  async watch<T extends KubeObject>(ref: ResourceRef, options: WatchOptions): Promise<WatchStream<T>> {
    const queue = new AsyncQueue<WatchEvent<T>>();
    const path = ref.group === "" ? `/api/v1/namespaces/${ref.namespace}/${ref.plural}` : `/apis/${ref.group}/${ref.version}/namespaces/${ref.namespace}/${ref.plural}`;
    let stopped = false;
    let controller: AbortController | undefined;
    controller = await new Watch(this.config).watch(
      path,
      {
        resourceVersion: options.resourceVersion,
        labelSelector: options.labelSelector,
        allowWatchBookmarks: options.allowWatchBookmarks,
        timeoutSeconds: options.timeoutSeconds,
      },
      (phase, object: T) => {
        if (phase === "ERROR") {
          const status = object as unknown as { code?: number; reason?: string; message?: string };
          queue.fail(new ApiError(status.code ?? 500, status.reason ?? "", status.message ?? "watch error"));
          controller?.abort();
          return;
        }
        queue.push({ type: phase as WatchEvent<T>["type"], object });
      },
      (error: unknown) => {
        if (error == null || stopped) queue.end();
        else queue.fail(toApiError(error));
      },
    );
    return {
      events: queue,
      stop: () => {
        stopped = true;
        controller?.abort();
        queue.end();
      },
    };
  }
}

function crd(ref: ResourceRef) {
  return { group: ref.group, version: ref.version, namespace: ref.namespace, plural: ref.plural };
}

async function call<T>(request: () => Promise<T>): Promise<T> {
  try {
    return await request();
  } catch (error) {
    throw toApiError(error);
  }
}

/** Maps client-node and node-fetch failures to ApiError; network failures get code 0. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof ApiException) {
    const status = parseStatus(error.body);
    const retryAfter = headerValue(error.headers, "retry-after");
    const seconds = retryAfter === undefined ? undefined : Number(retryAfter);
    return new ApiError(
      error.code,
      status?.reason ?? "",
      status?.message ?? `HTTP ${error.code}`,
      seconds !== undefined && Number.isFinite(seconds) ? seconds : undefined,
    );
  }
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  if (typeof statusCode === "number") return new ApiError(statusCode, "", (error as Error).message);
  const message = error instanceof Error ? error.message : String(error);
  if (isNetworkFailure(error)) return new ApiError(0, "ConnectionError", message);
  return new ApiError(-1, "ClientError", message);
}

/** Dropped, reset or refused connections (node-fetch FetchError of type "system", or a premature close). */
function isNetworkFailure(error: unknown): boolean {
  const e = error as { code?: unknown; type?: unknown; message?: unknown } | null;
  if (e === null || typeof e !== "object") return false;
  // HPE_*: node's HTTP parser found no valid response on the connection (one cut off mid-reply; Node 22's
  // parser reports that where Node 20's reported a reset): the request may or may not have landed.
  if (typeof e.code === "string" && /^(E[A-Z_]+|UND_ERR_.*|HPE_[A-Z_]+)$/.test(e.code)) return true;
  if (e.type === "system") return true;
  return typeof e.message === "string" && /socket hang up|premature close|ECONNRESET|other side closed|^Parse Error/i.test(e.message);
}

function parseStatus(body: unknown): { reason?: string; message?: string } | undefined {
  if (typeof body === "object" && body !== null) return body as { reason?: string; message?: string };
  if (typeof body !== "string") return undefined;
  try {
    return JSON.parse(body) as { reason?: string; message?: string };
  } catch {
    return { message: body };
  }
}

function headerValue(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (headers === undefined) return undefined;
  for (const [key, value] of Object.entries(headers)) if (key.toLowerCase() === name) return value;
  return undefined;
}
