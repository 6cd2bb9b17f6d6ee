// crd-ts's local Kubernetes API server for custom resources: startServer() and its handle.
import { mkdtempSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CustomResourceDefinition } from "../schema/kubernetes.js";
import { loadEvaluator, evaluatorAvailable } from "./admission.js";
import { ApiServer } from "./api-server.js";
import { RequestGuard, serverToken } from "./auth.js";
import { readCrdFiles } from "./crd-files.js";
import { Faults, type FaultOptions } from "./faults.js";
import type { JsonObject } from "./json-values.js";
import { writeKubeconfig } from "./kubeconfig.js";
import { RequestMetrics } from "./metrics.js";
import { objectKey, ObjectStore } from "./object-store.js";
import { Registry } from "./registry.js";
import { ResourceHandlers, type ResourceRequest } from "./resource-handlers.js";
import { VersionConversion } from "./conversion.js";
import type { ConversionPlan } from "../version-conversion/plan.js";
import { CUSTOM_RESOURCE_DEFINITIONS, NAMESPACES, type ResourceType } from "./resource-types.js";
import { selfSignedCertificate } from "./self-signed-cert.js";
import { ApiError } from "./status.js";
import { EtcdBackend } from "./etcd-storage.js";
import { FileBackend } from "./file-storage.js";
import { memoryBackend, StaleRead, type StorageBackend } from "./storage-backend.js";
import type { OpenWatch } from "./watch.js";

export type { FaultOptions, FaultKind } from "./faults.js";
export { Faults } from "./faults.js";
export { RequestMetrics } from "./metrics.js";
export { kubeconfigFor } from "./kubeconfig.js";

export interface ServerOptions {
  /** Port to listen on; 0 (default) picks a free one. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** CRD YAML files or directories of them, registered at start. */
  crdFiles?: string[];
  /** CRD objects registered at start. */
  crds?: CustomResourceDefinition[];
  /**
   * Keep the state in this file (the file backend): every write reaches `<stateFile>.log` (fsync)
   * before it is answered; snapshots go to `<stateFile>`. Without stateFile or etcd: memory only.
   */
  stateFile?: string;
  /** Keep the state in etcd at this URL (http://host:port), under kube-apiserver's /registry/ keys. */
  etcd?: string;
  /** File backend: the log size that starts a snapshot and log compaction (default 64 MiB). */
  snapshotLogBytes?: number;
  /** Where to write the kubeconfig; default a new temporary directory. */
  kubeconfigPath?: string;
  faults?: FaultOptions;
  /** Changes kept for watches and continued lists (default 100000); older ones get 410 Gone. */
  historyLimit?: number;
  /** Unread output after which a watch is closed, as the API server closes slow watchers (default 8 MiB). */
  watchBufferBytes?: number;
  /** Interval of BOOKMARK events on watches that allow them (default 1000 ms; 0 = only on request). */
  bookmarkIntervalMs?: number;
  /** The bearer token clients must send; default: read from tokenFile, else a new random one. */
  token?: string;
  /** A file whose first line is the token (`--token-file`). */
  tokenFile?: string;
  /** Serve https with a new self-signed certificate (its CA goes into the kubeconfig). */
  tls?: boolean;
  /** Converters of multi-version CRDs (generated `conversionPlans`); others are derived from the CRD. */
  conversionPlans?: ConversionPlan[];
}

export interface RunningServer {
  url: string;
  kubeconfigPath: string;
  /** The bearer token every request must carry (also in the kubeconfig). */
  token: string;
  /** PEM certificate of an https server (its own CA). */
  caCert?: string;
  faults: Faults;
  metrics: RequestMetrics;
  /** Whether custom resources are checked by src/crd-eval (false: stored as sent). */
  admissionEnabled: boolean;
  /** Objects of a resource (`group/plural`, e.g. `nvsentinel.dgxc.nvidia.com/healthevents`). */
  count(resourceId: string): number;
  /** Names of the CustomResourceDefinitions it serves, sorted. */
  crdNames(): string[];
  /** The current global resourceVersion. */
  resourceVersion(): number;
  /** Drops the change history: watches and continue tokens from before now get 410 Gone. */
  compact(): void;
  /** Sends a BOOKMARK now on every watch that allows bookmarks. */
  bookmark(): void;
  /** Ends every open watch (clients see the stream close). */
  endWatches(): void;
  /** Where the objects are kept. */
  storage: "memory" | "file" | "etcd";
  /** File backend: writes a snapshot and compacts the log now (resolves when durable); others: nothing. */
  snapshot(): Promise<void>;
  close(): Promise<void>;
}

function internalRequest(type: ResourceType, name?: string): ResourceRequest {
  return { type, version: type.versions[0], name, query: new URLSearchParams() };
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  await loadEvaluator();
  if (options.etcd && options.stateFile) throw new Error("--etcd and --state exclude each other");
  const backend: StorageBackend = options.etcd
    ? new EtcdBackend(options.etcd)
    : options.stateFile
      ? new FileBackend({ path: options.stateFile, snapshotLogBytes: options.snapshotLogBytes })
      : memoryBackend();
  const store = new ObjectStore(options.historyLimit ?? 100_000, backend);
  const registry = new Registry();
  const faults = new Faults(options.faults);
  const metrics = new RequestMetrics();
  const openWatches = new Set<OpenWatch>();

  const handlers = new ResourceHandlers(store, registry, {
    crdStored: (crd) => registry.registerCrd(crd),
    crdDeleted: async (crd) => {
      // The store's subscriber below may already have unregistered the type.
      registry.unregisterCrd(crd);
      const id = `${crd.spec.group}/${crd.spec.names.plural}`;
      const namespaced = crd.spec.scope === "Namespaced";
      await Promise.all(
        (store.list(id)?.items ?? []).map((object) => {
          const metadata = object.metadata as JsonObject;
          const key = objectKey(namespaced ? (metadata.namespace as string) : undefined, String(metadata.name));
          // StaleRead: someone else changed or deleted it meanwhile; the next CRD delete cleans up.
          return store.delete(id, key).catch(() => {});
        }),
      );
    },
  }, new VersionConversion(options.conversionPlans));

  await backend.load();
  // CRDs written by another process sharing the etcd (or restored from the file) are served too.
  for (const crd of store.list(CUSTOM_RESOURCE_DEFINITIONS.id)?.items ?? []) registry.registerCrd(crd as unknown as CustomResourceDefinition);
  store.subscribe((change) => {
    if (change.resource !== CUSTOM_RESOURCE_DEFINITIONS.id) return;
    if (change.type === "DELETED") registry.unregisterCrd(change.object as unknown as CustomResourceDefinition);
    else registry.registerCrd(change.object as unknown as CustomResourceDefinition);
  });

  try {
    for (const name of ["default", "kube-system", "kube-public"]) {
      if (!store.get(NAMESPACES.id, objectKey(undefined, name))) {
        await writeAtStart(() => handlers.create(internalRequest(NAMESPACES), { apiVersion: "v1", kind: "Namespace", metadata: { name } }));
      }
    }
    const crds = [...(options.crds ?? []), ...readCrdFiles(options.crdFiles ?? [])];
    for (const crd of crds) await writeAtStart(() => registerCrdObject(handlers, store, crd));
  } catch (error) {
    await backend.close();
    throw error;
  }

  const listenHost = options.host ?? "127.0.0.1";
  const token = options.token ?? serverToken(options.tokenFile);
  const certificate = options.tls ? selfSignedCertificate(listenHost) : undefined;
  let address = "";
  const api = new ApiServer({
    guard: new RequestGuard(token, listenHost),
    registry,
    handlers,
    faults,
    metrics,
    serverAddress: () => address,
    watch: {
      store,
      faults,
      bookmarkIntervalMs: options.bookmarkIntervalMs ?? 1000,
      present: (object, req) => handlers.present(object, req),
      open: openWatches,
      maxBufferedBytes: options.watchBufferBytes,
    },
  });
  const listener = (req: IncomingMessage, res: ServerResponse) => void api.handle(req, res);
  const server: Server = certificate ? createHttpsServer({ cert: certificate.cert, key: certificate.key }, listener) : createServer(listener);
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, listenHost, () => resolve());
  });
  const { address: host, port } = server.address() as AddressInfo;
  address = `${host}:${port}`;
  const url = `${certificate ? "https" : "http"}://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const kubeconfigPath = options.kubeconfigPath ?? join(mkdtempSync(join(tmpdir(), "crd-ts-")), "kubeconfig");
  writeKubeconfig(kubeconfigPath, url, { token, caCert: certificate?.cert });

  return {
    url,
    kubeconfigPath,
    token,
    caCert: certificate?.cert,
    faults,
    metrics,
    admissionEnabled: evaluatorAvailable(),
    count: (resourceId) => store.count(resourceId),
    crdNames: () => registry.all().flatMap((t) => (t.crd ? [t.crd.metadata.name] : [])).sort(),
    resourceVersion: () => store.rv,
    compact: () => store.compact(),
    bookmark: () => {
      for (const watch of openWatches) watch.bookmark();
    },
    endWatches: () => {
      for (const watch of [...openWatches]) watch.end();
    },
    storage: backend.kind,
    snapshot: () => backend.snapshot?.() ?? Promise.resolve(),
    close: async () => {
      for (const watch of [...openWatches]) watch.end();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await backend.close();
    },
  };
}

/** A start-up write; another process on the same etcd may be doing the same: re-read and retry. */
async function writeAtStart(write: () => Promise<unknown>): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await write();
      return;
    } catch (error) {
      if (error instanceof ApiError && error.status.reason === "AlreadyExists") return;
      if (!(error instanceof StaleRead) || attempt === 10) throw error;
      await error.ready;
    }
  }
}

/** Creates the CRD, or replaces a stored one of the same name (a file newer than the state). */
async function registerCrdObject(handlers: ResourceHandlers, store: ObjectStore, crd: CustomResourceDefinition): Promise<void> {
  const body = JSON.parse(JSON.stringify(crd)) as JsonObject;
  const existing = store.get(CUSTOM_RESOURCE_DEFINITIONS.id, objectKey(undefined, crd.metadata.name));
  try {
    if (existing) {
      (body.metadata as JsonObject).resourceVersion = (existing.metadata as JsonObject).resourceVersion;
      await handlers.update(internalRequest(CUSTOM_RESOURCE_DEFINITIONS, crd.metadata.name), body);
    } else await handlers.create(internalRequest(CUSTOM_RESOURCE_DEFINITIONS), body);
  } catch (error) {
    if (error instanceof ApiError && error.status.reason === "AlreadyExists") return;
    if (error instanceof ApiError) throw new Error(`CRD ${crd.metadata.name}: ${error.message}`);
    throw error;
  }
}
