// The HTTP side: routes Kubernetes API paths to discovery and the resource handlers, applies the
// injected faults, and converts replies to Tables when kubectl asks for them.
import type { IncomingMessage, ServerResponse } from "node:http";
import {
  acceptsAggregatedDiscovery,
  AGGREGATED_DISCOVERY_TYPE,
  aggregatedDiscovery,
  apiGroupDocument,
  apiGroupList,
  apiResourceList,
  apiVersions,
  VERSION_INFO,
} from "./discovery.js";
import { deprecationWarning } from "./conversion.js";
import type { Faults } from "./faults.js";
import type { RequestGuard } from "./auth.js";
import { readBody, sendJson, wantsTable, warningHeader } from "./http-io.js";
import type { JsonObject } from "./json-values.js";
import type { RequestMetrics, Verb } from "./metrics.js";
import type { Registry } from "./registry.js";
import type { Reply, ResourceHandlers, ResourceRequest } from "./resource-handlers.js";
import { ApiError, conflict, internalError, methodNotAllowed, MODIFIED_CONFLICT, pathNotFound, tooManyRequests } from "./status.js";
import { sendList } from "./list-stream.js";
import { StaleRead } from "./storage-backend.js";
import { columnsFor, toTable, type IncludeObject } from "./table.js";
import { openApiDocument, openApiRoot } from "./openapi.js";
import { checkBodyType, decodeBody, mediaTypeOf } from "./request-body.js";
import { parseResourceVersion, tooLargeResourceVersion } from "./resource-version-query.js";
import { serveWatch, type WatchContext } from "./watch.js";

export interface ApiServerParts {
  registry: Registry;
  handlers: ResourceHandlers;
  faults: Faults;
  metrics: RequestMetrics;
  watch: WatchContext;
  serverAddress(): string;
  /** Authentication and the Host check; every request passes through it. */
  guard: RequestGuard;
}

/** How long a watch from a resourceVersion the store has not reached waits for it (the watch cache's blockTimeout). */
const FUTURE_WATCH_WAIT_MS = 3000;

type Route =
  | { kind: "document"; body: unknown; contentType?: string }
  | { kind: "resource"; request: ResourceRequest };

function isTrue(value: string | null): boolean {
  return value === "true" || value === "1";
}

function verbOf(method: string, request: ResourceRequest): Verb {
  switch (method) {
    case "GET":
      return request.name ? "get" : isTrue(request.query.get("watch")) ? "watch" : "list";
    case "POST":
      return "create";
    case "PUT":
      return "update";
    case "PATCH":
      return "patch";
    case "DELETE":
      return request.name ? "delete" : "deletecollection";
    default:
      throw methodNotAllowed();
  }
}

export class ApiServer {
  constructor(private readonly parts: ApiServerParts) {}

  private route(url: URL, accept: string | undefined): Route {
    const { registry } = this.parts;
    const segments = url.pathname.split("/").filter((s) => s !== "");
    const path = `/${segments.join("/")}`;
    if ((path === "/api" || path === "/apis") && acceptsAggregatedDiscovery(accept)) {
      return { kind: "document", body: JSON.stringify(aggregatedDiscovery(registry, path === "/api")), contentType: AGGREGATED_DISCOVERY_TYPE };
    }
    switch (path) {
      case "/api":
        return { kind: "document", body: apiVersions(this.parts.serverAddress()) };
      case "/apis":
        return { kind: "document", body: apiGroupList(registry) };
      case "/version":
        return { kind: "document", body: VERSION_INFO };
      case "/healthz":
      case "/livez":
      case "/readyz":
        return { kind: "document", body: "ok", contentType: "text/plain" };
      case "/openapi/v3":
        return { kind: "document", body: openApiRoot(registry) };
      case "/openapi/v2":
        // An empty protobuf message is an empty OpenAPI document: kubectl finds no schema and skips client-side validation.
        return { kind: "document", body: Buffer.alloc(0), contentType: "application/com.github.proto-openapi.spec.v2.v1.0+protobuf" };
    }
    if (segments[0] === "openapi" && segments[1] === "v3" && segments[2] === "apis" && segments.length === 5) {
      const document = openApiDocument(registry, segments[3], segments[4]);
      if (!document) throw pathNotFound();
      return { kind: "document", body: document };
    }
    let group: string;
    let version: string;
    let rest: string[];
    if (segments[0] === "api" && segments.length >= 2) {
      [group, version, rest] = ["", segments[1], segments.slice(2)];
    } else if (segments[0] === "apis" && segments.length === 2) {
      const document = apiGroupDocument(registry, segments[1]);
      if (!document) throw pathNotFound();
      return { kind: "document", body: document };
    } else if (segments[0] === "apis" && segments.length >= 3) {
      [group, version, rest] = [segments[1], segments[2], segments.slice(3)];
    } else {
      throw pathNotFound();
    }
    if (rest.length === 0) {
      const list = apiResourceList(registry, group, version);
      if (!list) throw pathNotFound();
      return { kind: "document", body: list };
    }
    let namespace: string | undefined;
    let names: string[];
    const namespacedType = rest[0] === "namespaces" && rest.length >= 3 ? registry.resolve(group, version, rest[2]) : undefined;
    if (namespacedType?.type.namespaced) {
      namespace = rest[1];
      names = rest.slice(2);
    } else {
      names = rest;
    }
    const [plural, name, subresource, ...extra] = names;
    const resolved = registry.resolve(group, version, plural);
    if (!resolved || extra.length > 0) throw pathNotFound();
    if (subresource !== undefined && !(subresource === "status" && resolved.version.statusSubresource)) throw pathNotFound();
    const query = url.searchParams;
    return { kind: "resource", request: { ...resolved, namespace, name, subresource, query } };
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      this.parts.guard.check(req);
      const url = new URL(req.url ?? "/", "http://localhost");
      const route = this.route(url, req.headers.accept);
      if (route.kind === "document") {
        if (Buffer.isBuffer(route.body) || route.contentType) {
          res.writeHead(200, { "Content-Type": route.contentType ?? "application/json" });
          res.end(route.body as Buffer | string);
        } else {
          sendJson(res, 200, route.body);
        }
        return;
      }
      await this.handleResource(req, res, route.request);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const apiError = error instanceof ApiError ? error : internalError((error as Error).message ?? String(error));
      sendJson(res, apiError.code, apiError.status, apiError.headers);
    }
  }

  private async handleResource(req: IncomingMessage, res: ServerResponse, request: ResourceRequest): Promise<void> {
    const { faults, metrics } = this.parts;
    const method = req.method ?? "GET";
    const verb = verbOf(method, request);
    // Namespaced resources are written per namespace; only reads and watches span all of them.
    if (request.type.namespaced && request.namespace === undefined && verb !== "list" && verb !== "watch") {
      throw methodNotAllowed();
    }
    metrics.count(verb);
    const resource = request.type.plural;
    if (faults.roll("dropConnection", resource)) {
      req.socket.destroy();
      return;
    }
    if (faults.roll("tooManyRequests", resource)) throw tooManyRequests(faults.retryAfterSeconds);
    if (faults.roll("serverError", resource)) throw internalError("injected fault");
    if ((verb === "update" || verb === "patch") && faults.roll("conflict", resource)) {
      throw conflict(request.type.plural, request.type.group, request.name ?? "", MODIFIED_CONFLICT);
    }
    const deprecated = deprecationWarning(request.type, request.version.name);
    if (deprecated) res.setHeader("Warning", warningHeader(deprecated));
    if (verb === "watch") {
      const fromRv = parseResourceVersion(request.query.get("resourceVersion"));
      if (fromRv !== undefined && !(await this.reached(fromRv))) {
        const current = this.parts.watch.store.rv;
        sendWatchError(res, tooLargeResourceVersion(fromRv, current).status);
        return;
      }
      const columns = columnsFor(request.version.printerColumns);
      const include = this.includeObject(request);
      const asTable = wantsTable(req)
        ? (object: JsonObject, withHeaders: boolean) => {
            const resourceVersion = String((object.metadata as JsonObject).resourceVersion);
            return toTable(columns, [object], { resourceVersion }, include, !withHeaders);
          }
        : undefined;
      serveWatch(res, this.parts.watch, request, asTable);
      return;
    }
    request.userAgent = req.headers["user-agent"];
    const type = mediaTypeOf(req.headers["content-type"]);
    const bodyText = method === "GET" ? "" : await readBody(req);
    if (method === "POST" || method === "PUT" || method === "PATCH" || bodyText.trim() !== "") {
      checkBodyType(method, type, request.type.crd !== undefined);
    }
    let reply: Reply;
    for (let attempt = 1; ; attempt++) {
      // Decoded afresh on each attempt: the handlers change the body they are given.
      const decoded = decodeBody(bodyText, type);
      // A JSON patch is decoded without strictness (handlers/patch.go); other bodies report duplicate keys.
      if (type !== "application/json-patch+json") request.duplicateFields = decoded?.duplicates;
      try {
        reply = await this.dispatch(verb, request, decoded?.value, type);
        break;
      } catch (error) {
        // Another write to the object landed first: re-read and re-apply, like GuaranteedUpdate.
        if (!(error instanceof StaleRead)) throw error;
        if (attempt === 10) throw conflict(request.type.plural, request.type.group, request.name ?? "", MODIFIED_CONFLICT);
        await error.ready;
      }
    }
    if (verb !== "get" && verb !== "list") {
      metrics.writes++;
      if (faults.roll("dropAfterWrite", resource)) {
        req.socket.destroy();
        return;
      }
    }
    const headers: Record<string, string | string[]> = {};
    const warnings = [...(deprecated ? [deprecated] : []), ...(reply.warnings ?? [])];
    if (warnings.length > 0) headers.Warning = warnings.map(warningHeader);
    const asTable = (verb === "get" || verb === "list") && wantsTable(req);
    if (reply.list && !asTable) return sendList(res, reply.code, reply.body, reply.list, headers);
    sendJson(res, reply.code, asTable ? this.table(request, reply) : reply.body, headers);
  }

  /** Whether the store reaches `rv` within the watch cache's wait. */
  private async reached(rv: number): Promise<boolean> {
    const deadline = Date.now() + FUTURE_WATCH_WAIT_MS;
    while (this.parts.watch.store.rv < rv) {
      if (Date.now() >= deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    return true;
  }

  private dispatch(verb: Verb, request: ResourceRequest, body: unknown, contentType: string): Reply | Promise<Reply> {
    const { handlers } = this.parts;
    switch (verb) {
      case "get":
        return handlers.get(request);
      case "list":
        return handlers.list(request);
      case "create":
        return handlers.create(request, body);
      case "update":
        return handlers.update(request, body);
      case "patch":
        return handlers.patch(request, contentType, body);
      case "delete":
        return handlers.delete(request, body);
      case "deletecollection":
        return handlers.deleteCollection(request, body);
      case "watch":
        throw methodNotAllowed();
    }
  }

  private includeObject(request: ResourceRequest): IncludeObject {
    return (request.query.get("includeObject") ?? "Metadata") as IncludeObject;
  }

  private table(request: ResourceRequest, reply: Reply): JsonObject {
    const include = this.includeObject(request);
    const columns = columnsFor(request.version.printerColumns);
    const listMeta = reply.list
      ? (reply.body.metadata as { resourceVersion: string; continue?: string })
      : { resourceVersion: String((reply.body.metadata as JsonObject).resourceVersion) };
    const items = reply.list ? reply.list.stored.map((object) => reply.list!.present(object)) : [reply.body];
    return toTable(columns, items, listMeta, include);
  }
}

/**
 * A watch that fails after its request was accepted: a 200 stream with one ERROR event (the
 * apiserver's errWatcher), no chunked encoding for HTTP/1.0 clients.
 */
function sendWatchError(res: ServerResponse, status: unknown): void {
  res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private" });
  res.end(`${JSON.stringify({ type: "ERROR", object: status })}\n`);
}
