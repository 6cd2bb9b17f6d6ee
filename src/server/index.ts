// crd-ts's local Kubernetes API server for custom resources: startServer() and its handle.
import { mkdtempSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { CustomResourceDefinition } from "../schema/kubernetes.js";
import { loadEvaluator, evaluatorAvailable } from "./admission.js";
import { ApiServer } from "./api-server.js";
import { readCrdFiles } from "./crd-files.js";
import { Faults, type FaultOptions } from "./faults.js";
import type { JsonObject } from "./json-values.js";
import { writeKubeconfig } from "./kubeconfig.js";
import { RequestMetrics } from "./metrics.js";
import { objectKey, ObjectStore } from "./object-store.js";
import { Registry } from "./registry.js";
import { ResourceHandlers, type ResourceRequest } from "./resource-handlers.js";
import { VersionConversion } from "./conversion.js";
import type { ConversionPlan } from "../conversion/plan.js";
import { CUSTOM_RESOURCE_DEFINITIONS, NAMESPACES, type ResourceType } from "./resource-types.js";
import { ApiError } from "./status.js";
import { DebouncedWriter, readStateFile, writeStateFile } from "./state-file.js";
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
  /** Keep the state in this file (loaded at start, written after changes). */
  stateFile?: string;
  /** Where to write the kubeconfig; default a new temporary directory. */
  kubeconfigPath?: string;
  faults?: FaultOptions;
  /** Changes kept for watches and continued lists (default 100000); older ones get 410 Gone. */
  historyLimit?: number;
  /** Interval of BOOKMARK events on watches that allow them (default 1000 ms; 0 = only on request). */
  bookmarkIntervalMs?: number;
  /** Delay of the state file write after a change (default 100 ms). */
  stateWriteDelayMs?: number;
  /** History records kept in the state file, so watches survive a restart (default 10000). */
  stateHistory?: number;
  /** Converters of multi-version CRDs (generated `conversionPlans`); others are derived from the CRD. */
  conversionPlans?: ConversionPlan[];
}

export interface RunningServer {
  url: string;
  kubeconfigPath: string;
  faults: Faults;
  metrics: RequestMetrics;
  /** Whether custom resources are checked by src/crd-eval (false: stored as sent). */
  admissionEnabled: boolean;
  /** Objects of a resource (`group/plural`, e.g. `nvsentinel.dgxc.nvidia.com/healthevents`). */
  count(resourceId: string): number;
  /** The current global resourceVersion. */
  resourceVersion(): number;
  /** Drops the change history: watches and continue tokens from before now get 410 Gone. */
  compact(): void;
  /** Sends a BOOKMARK now on every watch that allows bookmarks. */
  bookmark(): void;
  /** Ends every open watch (clients see the stream close). */
  endWatches(): void;
  /** Writes the state file now (if there is one). */
  flush(): void;
  close(): Promise<void>;
}

function keyOfStored(registry: Registry, resource: string, object: JsonObject): string {
  const metadata = object.metadata as JsonObject;
  const namespaced = registry.byId(resource)?.namespaced ?? metadata.namespace !== undefined;
  return objectKey(namespaced ? (metadata.namespace as string) : undefined, String(metadata.name));
}

function internalRequest(type: ResourceType, name?: string): ResourceRequest {
  return { type, version: type.versions[0], name, query: new URLSearchParams() };
}

export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  await loadEvaluator();
  const store = new ObjectStore(options.historyLimit ?? 100_000);
  const registry = new Registry();
  const faults = new Faults(options.faults);
  const metrics = new RequestMetrics();
  const openWatches = new Set<OpenWatch>();

  const handlers = new ResourceHandlers(store, registry, {
    crdStored: (crd) => registry.registerCrd(crd),
    crdDeleted: (crd) => {
      const type = registry.unregisterCrd(crd);
      if (!type) return;
      for (const object of store.list(type.id)?.items ?? []) store.delete(type.id, keyOfStored(registry, type.id, object));
    },
  }, new VersionConversion(options.conversionPlans));

  if (options.stateFile) {
    const snapshot = readStateFile(options.stateFile);
    if (snapshot) {
      for (const crd of snapshot.objects[CUSTOM_RESOURCE_DEFINITIONS.id] ?? []) {
        registry.registerCrd(crd as unknown as CustomResourceDefinition);
      }
      store.restore(snapshot, (resource, object) => keyOfStored(registry, resource, object));
    }
  }

  for (const name of ["default", "kube-system", "kube-public"]) {
    if (!store.get(NAMESPACES.id, objectKey(undefined, name))) {
      handlers.create(internalRequest(NAMESPACES), { apiVersion: "v1", kind: "Namespace", metadata: { name } });
    }
  }
  const crds = [...(options.crds ?? []), ...readCrdFiles(options.crdFiles ?? [])];
  for (const crd of crds) registerCrdObject(handlers, store, crd);

  const stateFile = options.stateFile;
  const writer = stateFile
    ? new DebouncedWriter(() => writeStateFile(stateFile, store.snapshot(options.stateHistory ?? 10_000)), options.stateWriteDelayMs ?? 100)
    : undefined;
  if (writer) {
    store.subscribe(() => writer.schedule());
    writeStateFile(stateFile!, store.snapshot(options.stateHistory ?? 10_000));
  }

  let address = "";
  const api = new ApiServer({
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
    },
  });
  const server: Server = createServer((req, res) => void api.handle(req, res));
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { address: host, port } = server.address() as AddressInfo;
  address = `${host}:${port}`;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const kubeconfigPath = options.kubeconfigPath ?? join(mkdtempSync(join(tmpdir(), "crd-ts-")), "kubeconfig");
  writeKubeconfig(kubeconfigPath, url);

  return {
    url,
    kubeconfigPath,
    faults,
    metrics,
    admissionEnabled: evaluatorAvailable(),
    count: (resourceId) => store.count(resourceId),
    resourceVersion: () => store.rv,
    compact: () => store.compact(),
    bookmark: () => {
      for (const watch of openWatches) watch.bookmark();
    },
    endWatches: () => {
      for (const watch of [...openWatches]) watch.end();
    },
    flush: () => writer?.now(),
    close: async () => {
      for (const watch of [...openWatches]) watch.end();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      writer?.now();
    },
  };
}

/** Creates the CRD, or replaces a stored one of the same name (a file newer than the state). */
function registerCrdObject(handlers: ResourceHandlers, store: ObjectStore, crd: CustomResourceDefinition): void {
  const body = JSON.parse(JSON.stringify(crd)) as JsonObject;
  const existing = store.get(CUSTOM_RESOURCE_DEFINITIONS.id, objectKey(undefined, crd.metadata.name));
  try {
    if (existing) handlers.update(internalRequest(CUSTOM_RESOURCE_DEFINITIONS, crd.metadata.name), body);
    else handlers.create(internalRequest(CUSTOM_RESOURCE_DEFINITIONS), body);
  } catch (error) {
    if (error instanceof ApiError) throw new Error(`CRD ${crd.metadata.name}: ${error.message}`);
    throw error;
  }
}
