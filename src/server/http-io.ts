// Reading request bodies and writing JSON responses.
import type { IncomingMessage, ServerResponse } from "node:http";
import { knownJson } from "./object-json.js";
import { ApiError, failure } from "./status.js";

/** The apiserver's default limit on request bodies (3 MiB; k8s.io/apiserver server.Config MaxRequestBodyBytes). */
const MAX_BODY_BYTES = 3 * 1024 * 1024;

function bodyTooLarge(): ApiError {
  return new ApiError(failure(413, "RequestEntityTooLarge", `Request entity too large: limit is ${MAX_BODY_BYTES}`));
}

/**
 * An over-limit body is still read (and dropped), up to DRAIN_LIMIT_BYTES, before the 413 is sent: a client
 * still writing would otherwise see its connection reset (EPIPE) instead of the answer.
 */
const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > DRAIN_LIMIT_BYTES) break;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  if (size > MAX_BODY_BYTES) throw bodyTooLarge();
  return Buffer.concat(chunks).toString("utf8");
}

/** `299 - "text"`: the apiserver's Warning header (quotes and backslashes escaped). */
export function warningHeader(text: string): string {
  return `299 - "${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}

export function sendJson(
  res: ServerResponse,
  code: number,
  body: unknown,
  headers: Record<string, string | string[]> = {},
): void {
  // A stored object's text is kept with it (object-json.ts).
  const payload = knownJson(body) ?? JSON.stringify(body);
  res.writeHead(code, {
    "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(payload),
    "Cache-Control": "no-cache, private",
    ...headers,
  });
  res.end(payload);
}

/** `as=Table` in the Accept header: kubectl get asks for server-side printing. */
export function wantsTable(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? "";
  return accept.split(",").some((part) => /;\s*as=Table/.test(part) && /g=meta\.k8s\.io/.test(part));
}

/** Resolves when the response can take more output again, or is closed. */
export function drainOrClose(res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = () => {
      res.off("drain", done);
      res.off("close", done);
      resolve();
    };
    res.on("drain", done);
    res.on("close", done);
  });
}
