// Watches: a stream of JSON lines (ADDED/MODIFIED/DELETED/BOOKMARK/ERROR) from a resourceVersion,
// served from the store's history, with bookmarks, timeouts and the injected faults.
//
// Bounds, as kube-apiserver's cacher has them: the initial events are written in slices across
// event-loop turns and at the pace the client reads them; a watcher whose unread output passes
// `maxBufferedBytes` is closed (the client re-watches, or relists on 410); an object is serialised
// once per version and the text shared by every watcher.
import type { ServerResponse } from "node:http";
import type { Faults } from "./faults.js";
import { drainOrClose } from "./http-io.js";
import type { JsonObject } from "./json-values.js";
import { selectorFilter } from "./list-query.js";
import type { Change, ObjectStore } from "./object-store.js";
import type { ResourceRequest } from "./resource-handlers.js";
import { apiVersionOf } from "./resource-types.js";
import { badRequest, tooOldResourceVersion } from "./status.js";

export interface WatchContext {
  store: ObjectStore;
  faults: Faults;
  bookmarkIntervalMs: number;
  present(object: JsonObject, req: ResourceRequest): JsonObject;
  /** Every open watch, so the server can send bookmarks on request and end them on close. */
  open: Set<OpenWatch>;
  /** Unread output after which a watcher is closed (default 8 MiB). */
  maxBufferedBytes?: number;
}

export interface OpenWatch {
  bookmark(): void;
  end(): void;
}

type EventType = "ADDED" | "MODIFIED" | "DELETED";

const DEFAULT_MAX_BUFFERED = 8 * 1024 * 1024;
/** Changes queued while the initial events are written; more closes the watch. */
const MAX_BACKLOG = 10_000;
/** Longest run of serialisation before yielding to other requests. */
const SLICE_MS = 8;

/**
 * The last object serialised for a watch event, with its version and text: a change is handed to
 * every watcher in one synchronous loop, so one entry shares the text among all of them without
 * keeping the text of every stored object alive.
 */
let lastSerialised: { object: JsonObject; apiVersion: string; json: string; lines: Map<EventType, Buffer> } | undefined;

function isTrue(value: string | null): boolean {
  return value === "true" || value === "1";
}

function yieldTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * `asTable` (for kubectl get -w) turns each event's object into a one-row Table; the first one
 * carries the column definitions.
 */
export function serveWatch(
  res: ServerResponse,
  ctx: WatchContext,
  request: ResourceRequest,
  asTable?: (object: JsonObject, withHeaders: boolean) => JsonObject,
): void {
  const { store, faults } = ctx;
  const { type, query } = request;
  const filter = selectorFilter(query, request.version) ?? (() => true);
  const namespace = type.namespaced ? request.namespace : undefined;
  const prefix = namespace !== undefined ? `${namespace}/` : "";
  const rvText = query.get("resourceVersion") ?? "";
  const fromRv = rvText === "" || rvText === "0" ? undefined : Number(rvText);
  if (fromRv !== undefined && !Number.isInteger(fromRv)) throw badRequest(`resourceVersion: Invalid value: "${rvText}": must be an integer`);
  const allowBookmarks = isTrue(query.get("allowWatchBookmarks"));
  const timeoutSeconds = Number(query.get("timeoutSeconds") ?? "0");
  const maxBuffered = ctx.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED;
  const apiVersion = apiVersionOf(type.group, request.version.name);

  // No Transfer-Encoding header of our own: node chunks HTTP/1.1 replies and, for HTTP/1.0
  // clients (which do not know chunking), writes the stream as is and closes the connection.
  res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private" });
  res.flushHeaders();

  let ended = false;
  const timers: NodeJS.Timeout[] = [];
  let unsubscribe = () => {};
  let corked = false;
  const writeText = (text: string | Buffer) => {
    if (ended) return;
    // Events of one turn (a group commit applies many writes at once) leave in one system call.
    if (!corked) {
      corked = true;
      res.cork();
      process.nextTick(() => {
        if (!corked) return;
        corked = false;
        res.uncork();
      });
    }
    res.write(text);
  };
  const write = (line: JsonObject) => writeText(`${JSON.stringify(line)}\n`);
  const watch: OpenWatch = {
    bookmark() {
      if (!allowBookmarks) return;
      write({ type: "BOOKMARK", object: { kind: type.kind, apiVersion, metadata: { resourceVersion: String(store.rv) } } });
    },
    end() {
      if (ended) return;
      ended = true;
      unsubscribe();
      for (const timer of timers) clearTimeout(timer);
      ctx.open.delete(watch);
      // Flush what this turn corked before the end: ending a corked reply lets Node 22 write the chunked
      // terminator ahead of the corked events, which clients then read as a broken next response.
      if (corked) {
        corked = false;
        res.uncork();
      }
      res.end();
    },
  };
  ctx.open.add(watch);
  res.on("close", () => watch.end());
  res.on("error", () => watch.end());

  /** A watcher that does not read its events: close it, and free its buffer if it never drains. */
  const overflow = () => {
    watch.end();
    const timer = setTimeout(() => res.destroy(), 5000);
    timer.unref();
    res.once("finish", () => clearTimeout(timer));
  };

  let headersSent = false;
  const send = (eventType: EventType, object: JsonObject) => {
    if (asTable) {
      write({ type: eventType, object: asTable(ctx.present(object, request), !headersSent) });
      headersSent = true;
      return;
    }
    if (lastSerialised?.object !== object || lastSerialised.apiVersion !== apiVersion) {
      lastSerialised = { object, apiVersion, json: JSON.stringify(ctx.present(object, request)), lines: new Map() };
    }
    let line = lastSerialised.lines.get(eventType);
    if (!line) lastSerialised.lines.set(eventType, (line = Buffer.from(`{"type":"${eventType}","object":${lastSerialised.json}}\n`)));
    writeText(line);
  };
  const deliver = (change: Change) => {
    if (change.resource !== type.id || !change.key.startsWith(prefix)) return;
    const matchesNow = change.type !== "DELETED" && filter(change.object);
    const matchedBefore = change.previous !== undefined && filter(change.previous);
    if (change.type === "DELETED") {
      if (matchedBefore) send("DELETED", change.object);
    } else if (matchesNow && matchedBefore) send("MODIFIED", change.object);
    else if (matchesNow) send("ADDED", change.object);
    else if (matchedBefore) send("DELETED", change.object);
  };

  if (fromRv !== undefined && faults.roll("goneWatch", type.plural)) {
    write({ type: "ERROR", object: tooOldResourceVersion(fromRv, store.rv) });
    watch.end();
    return;
  }
  let initial: Array<() => void>;
  if (fromRv === undefined) {
    const current = store.list(type.id, { namespace, filter });
    initial = (current?.items ?? []).map((object) => () => send("ADDED", object));
  } else {
    const changes = store.changesSince(type.id, fromRv);
    if (!changes) {
      write({ type: "ERROR", object: tooOldResourceVersion(fromRv, store.compactedRv) });
      watch.end();
      return;
    }
    initial = changes.map((change) => () => deliver(change));
  }
  // Changes from now on queue up until the initial events are out, then flow directly.
  let backlog: Change[] | undefined = [];
  unsubscribe = store.subscribe((change) => {
    if (!backlog) {
      deliver(change);
      if (res.writableLength > maxBuffered) overflow();
    } else if (backlog.push(change) > MAX_BACKLOG) overflow();
  });

  void (async () => {
    let sliceStart = performance.now();
    for (let i = 0; i < initial.length && !ended; i++) {
      initial[i]();
      if ((i & 31) === 31 && performance.now() - sliceStart > SLICE_MS) {
        await yieldTurn();
        sliceStart = performance.now();
      }
      // The client reads slower than we write: wait for it rather than buffer everything.
      if (res.writableLength > maxBuffered / 2) {
        await drainOrClose(res);
        sliceStart = performance.now();
      }
    }
    const queued = backlog ?? [];
    backlog = undefined;
    for (const change of queued) deliver(change);
    if (res.writableLength > maxBuffered) overflow();
  })();

  if (allowBookmarks && ctx.bookmarkIntervalMs > 0) {
    timers.push(setInterval(() => watch.bookmark(), ctx.bookmarkIntervalMs));
  }
  if (timeoutSeconds > 0) timers.push(setTimeout(() => watch.end(), timeoutSeconds * 1000));
  if (faults.roll("closeWatch", type.plural)) timers.push(setTimeout(() => watch.end(), faults.closeDelayMs()));
}
