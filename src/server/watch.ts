// Watches: a stream of JSON lines (ADDED/MODIFIED/DELETED/BOOKMARK/ERROR) from a resourceVersion,
// served from the store's history, with bookmarks, timeouts and the injected faults.
import type { ServerResponse } from "node:http";
import type { Faults } from "./faults.js";
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
}

export interface OpenWatch {
  bookmark(): void;
  end(): void;
}

type EventType = "ADDED" | "MODIFIED" | "DELETED";

function isTrue(value: string | null): boolean {
  return value === "true" || value === "1";
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

  // Node chunks the stream for HTTP/1.1 clients and ends HTTP/1.0 ones by closing the connection.
  res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private" });
  res.flushHeaders();

  let ended = false;
  const timers: NodeJS.Timeout[] = [];
  let unsubscribe = () => {};
  const write = (line: JsonObject) => {
    if (!ended) res.write(`${JSON.stringify(line)}\n`);
  };
  const watch: OpenWatch = {
    bookmark() {
      if (!allowBookmarks) return;
      write({
        type: "BOOKMARK",
        object: { kind: type.kind, apiVersion: apiVersionOf(type.group, request.version.name), metadata: { resourceVersion: String(store.rv) } },
      });
    },
    end() {
      if (ended) return;
      ended = true;
      unsubscribe();
      for (const timer of timers) clearTimeout(timer);
      ctx.open.delete(watch);
      res.end();
    },
  };
  ctx.open.add(watch);
  res.on("close", () => watch.end());
  res.on("error", () => watch.end());

  let headersSent = false;
  const send = (eventType: EventType, object: JsonObject) => {
    const presented = ctx.present(object, request);
    if (!asTable) return write({ type: eventType, object: presented });
    write({ type: eventType, object: asTable(presented, !headersSent) });
    headersSent = true;
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
  if (fromRv === undefined) {
    const current = store.list(type.id, { namespace, filter });
    for (const object of current?.items ?? []) send("ADDED", object);
  } else {
    const changes = store.changesSince(type.id, fromRv);
    if (!changes) {
      write({ type: "ERROR", object: tooOldResourceVersion(fromRv, store.compactedRv) });
      watch.end();
      return;
    }
    for (const change of changes) deliver(change);
  }
  unsubscribe = store.subscribe(deliver);

  if (allowBookmarks && ctx.bookmarkIntervalMs > 0) {
    timers.push(setInterval(() => watch.bookmark(), ctx.bookmarkIntervalMs));
  }
  if (timeoutSeconds > 0) timers.push(setTimeout(() => watch.end(), timeoutSeconds * 1000));
  if (faults.roll("closeWatch", type.plural)) timers.push(setTimeout(() => watch.end(), faults.closeDelayMs()));
}
