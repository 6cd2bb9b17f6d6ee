// Watches: a stream of JSON lines (ADDED/MODIFIED/DELETED/BOOKMARK/ERROR) from a resourceVersion,
// served from the store's history, with bookmarks, timeouts and the injected faults.
//
// Bounds, as kube-apiserver's cacher has them: the initial events are written in slices across
// event-loop turns and at the pace the client reads them; a watcher whose unread output passes
// `maxBufferedBytes` is closed (the client re-watches, or relists on 410). Live events come from
// the store's fan-out (watch-fanout.ts): serialised once per object and version, and written as one
// shared Buffer per turn to every watch of the same selectors.
import type { ServerResponse } from "node:http";
import type { Faults } from "./faults.js";
import { drainOrClose } from "./http-io.js";
import type { JsonObject } from "./json-values.js";
import { selectorFilter } from "./list-query.js";
import { presentedJson } from "./object-json.js";
import type { ObjectStore } from "./object-store.js";
import type { ResourceRequest } from "./resource-handlers.js";
import { apiVersionOf } from "./resource-types.js";
import { badRequest, tooOldResourceVersion } from "./status.js";
import { eventOf, type EventType, fanoutOf, type WatchView } from "./watch-fanout.js";

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

const DEFAULT_MAX_BUFFERED = 8 * 1024 * 1024;
/** Longest run of serialisation before yielding to other requests. */
const SLICE_MS = 4;

/**
 * The event lines of the last object serialised for watches: a change reaches every group in one
 * synchronous loop, so one entry shares the lines among groups with different selectors.
 */
let lastLines: { object: JsonObject; context: object; apiVersion: string; lines: Map<EventType, Buffer> } | undefined;

function eventLine(eventType: EventType, object: JsonObject, context: object, apiVersion: string, present: () => JsonObject): Buffer {
  if (lastLines?.object !== object || lastLines.context !== context || lastLines.apiVersion !== apiVersion) {
    lastLines = { object, context, apiVersion, lines: new Map() };
  }
  let line = lastLines.lines.get(eventType);
  if (!line) {
    line = Buffer.from(`{"type":"${eventType}","object":${presentedJson(object, context, apiVersion, present)}}\n`);
    lastLines.lines.set(eventType, line);
  }
  return line;
}

/** Distinct numbers for resource type objects (a CRD updated in place gets a new one). */
const typeIds = new WeakMap<object, number>();
let nextTypeId = 1;
function typeIdOf(type: object): number {
  let id = typeIds.get(type);
  if (id === undefined) typeIds.set(type, (id = nextTypeId++));
  return id;
}
let nextTableWatch = 1;

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
  const filter = selectorFilter(query, request.version);
  const namespace = type.namespaced ? request.namespace : undefined;
  const prefix = namespace !== undefined ? `${namespace}/` : "";
  const rvText = query.get("resourceVersion") ?? "";
  const fromRv = rvText === "" || rvText === "0" ? undefined : Number(rvText);
  if (fromRv !== undefined && !Number.isInteger(fromRv)) throw badRequest(`resourceVersion: Invalid value: "${rvText}": must be an integer`);
  const allowBookmarks = isTrue(query.get("allowWatchBookmarks"));
  const timeoutSeconds = Number(query.get("timeoutSeconds") ?? "0");
  const maxBuffered = ctx.maxBufferedBytes ?? DEFAULT_MAX_BUFFERED;
  const apiVersion = apiVersionOf(type.group, request.version.name);
  const fanout = fanoutOf(store);

  // No Transfer-Encoding header of our own: node chunks HTTP/1.1 replies and, for HTTP/1.0
  // clients (which do not know chunking), writes the stream as is and closes the connection.
  res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private" });
  res.flushHeaders();

  let ended = false;
  /** Live lines that arrive while the initial events are written; undefined once they are out. */
  let backlog: Buffer[] | undefined = [];
  let backlogBytes = 0;
  const timers: NodeJS.Timeout[] = [];
  let leave = () => {};
  // Every write is a whole turn's output, written at once: nothing is corked across turns (ending a
  // corked reply let Node 22 write the chunked terminator ahead of the corked events).
  const writeText = (text: string | Buffer) => {
    if (!ended) res.write(text);
  };
  const write = (line: JsonObject) => writeText(`${JSON.stringify(line)}\n`);
  const watch: OpenWatch = {
    bookmark() {
      // Not before the initial events are out: the bookmark's resourceVersion would cover events still to come.
      if (!allowBookmarks || ended || backlog) return;
      // Events of this turn first: the bookmark's resourceVersion covers them.
      fanout.flush();
      write({ type: "BOOKMARK", object: { kind: type.kind, apiVersion, metadata: { resourceVersion: String(store.rv) } } });
    },
    end() {
      if (ended) return;
      // Events of this turn go out before the end of the stream.
      fanout.flush();
      ended = true;
      leave();
      for (const timer of timers) clearTimeout(timer);
      ctx.open.delete(watch);
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
  const view: WatchView = {
    resource: type.id,
    prefix,
    filter,
    line: asTable
      ? (eventType, object) => {
          const line = Buffer.from(`${JSON.stringify({ type: eventType, object: asTable(ctx.present(object, request), !headersSent) })}\n`);
          headersSent = true;
          return line;
        }
      : (eventType, object) => eventLine(eventType, object, type, apiVersion, () => ctx.present(object, request)),
  };
  // Watches that see the same events share a group; a Table watch has lines of its own.
  const groupKey = asTable
    ? `table ${nextTableWatch++}`
    : [typeIdOf(type), request.version.name, prefix, query.get("labelSelector") ?? "", query.get("fieldSelector") ?? ""].join("\u0000");

  if (fromRv !== undefined && faults.roll("goneWatch", type.plural)) {
    write({ type: "ERROR", object: tooOldResourceVersion(fromRv, store.rv) });
    watch.end();
    return;
  }
  // Lines of changes applied earlier in this turn go to the current members first: this watch's
  // initial events already include those changes.
  fanout.flush();
  let initial: Array<() => Buffer | undefined>;
  if (fromRv === undefined) {
    const current = store.list(type.id, { namespace, filter });
    initial = (current?.items ?? []).map((object) => () => view.line("ADDED", object));
  } else {
    const changes = store.changesSince(type.id, fromRv);
    if (!changes) {
      write({ type: "ERROR", object: tooOldResourceVersion(fromRv, store.compactedRv) });
      watch.end();
      return;
    }
    initial = changes.map((change) => () => {
      const eventType = eventOf(view, change);
      return eventType && view.line(eventType, change.object);
    });
  }
  // Changes from now on queue up (as shared lines) until the initial events are out, then flow directly.
  leave = fanout.join(type.id, groupKey, () => view, {
    receive(lines) {
      if (ended) return;
      if (backlog) {
        backlog.push(lines);
        backlogBytes += lines.length;
        if (backlogBytes > maxBuffered) overflow();
        return;
      }
      res.write(lines);
      if (res.writableLength > maxBuffered) overflow();
    },
  });

  void (async () => {
    let sliceStart = performance.now();
    let slice: Buffer[] = [];
    for (let i = 0; i < initial.length && !ended; i++) {
      const line = initial[i]();
      if (line) slice.push(line);
      if ((i & 31) === 31 && performance.now() - sliceStart > SLICE_MS) {
        writeText(Buffer.concat(slice));
        slice = [];
        await yieldTurn();
        sliceStart = performance.now();
        // The client reads slower than we write: wait for it rather than buffer everything.
        if (res.writableLength > maxBuffered / 2) {
          await drainOrClose(res);
          sliceStart = performance.now();
        }
      }
    }
    if (ended) return;
    // The backlog's lines were made before this turn; lines of this turn are still pending in the fan-out.
    slice.push(...(backlog ?? []));
    backlog = undefined;
    if (slice.length > 0) writeText(Buffer.concat(slice));
    if (res.writableLength > maxBuffered) overflow();
  })();

  if (allowBookmarks && ctx.bookmarkIntervalMs > 0) {
    timers.push(setInterval(() => watch.bookmark(), ctx.bookmarkIntervalMs));
  }
  if (timeoutSeconds > 0) timers.push(setTimeout(() => watch.end(), timeoutSeconds * 1000));
  if (faults.roll("closeWatch", type.plural)) timers.push(setTimeout(() => watch.end(), faults.closeDelayMs()));
}
