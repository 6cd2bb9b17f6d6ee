// Where the server's objects live: one interface, three backends. memory (tests), file (an
// append-only log with snapshots, file-storage.ts) and etcd (etcd-storage.ts). A backend makes a
// write durable first and only then applies it to the ObjectStore, so no client ever sees (or is
// told about) a change that a crash could take back.
import type { JsonObject } from "./json-values.js";
import type { ObjectStore, StorageBackend } from "./object-store.js";

export type { StorageBackend, WriteOp } from "./object-store.js";

/**
 * The writer's view was stale: another write to the same object landed (or is landing) first.
 * kube-apiserver's GuaranteedUpdate re-reads and tries again; the caller does the same once
 * `ready` resolves (the other write is applied), and its resourceVersion precondition, if the
 * client sent one, then gives the 409.
 */
export class StaleRead extends Error {
  constructor(readonly ready: Promise<void>) {
    super("the object changed while it was being written");
  }
}

/** Whether `current` (the latest known state of the key) is what the writer read. */
export function preconditionHolds(current: JsonObject | undefined, expectedRv: string | undefined): boolean {
  if (expectedRv === undefined) return current === undefined;
  return current !== undefined && String((current.metadata as JsonObject).resourceVersion) === expectedRv;
}

/** Nothing persisted: writes apply at once. */
export function memoryBackend(): StorageBackend {
  let store: ObjectStore;
  return {
    kind: "memory",
    attach(target) {
      store = target;
    },
    async load() {},
    write(op) {
      if (!preconditionHolds(store.get(op.resource, op.key), op.expectedRv)) {
        return Promise.reject(new StaleRead(Promise.resolve()));
      }
      const change = store.apply(store.rv + 1, op.resource, op.key, op.object);
      return Promise.resolve(change!);
    },
    async compact() {},
    async close() {},
  };
}
