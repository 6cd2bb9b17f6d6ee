// Reading request bodies and writing JSON responses.
import type { IncomingMessage, ServerResponse } from "node:http";
import { parse as parseYaml } from "yaml";
import { ApiError, badRequest, failure } from "./status.js";

/** The apiserver's default limit on request bodies (3 MiB). */
const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new ApiError(failure(413, "RequestEntityTooLarge", "Request entity too large: limit is 3145728"));
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export function mediaType(req: IncomingMessage): string {
  return (req.headers["content-type"] ?? "application/json").split(";")[0].trim().toLowerCase();
}

/** Parses a JSON (or YAML) request body; protobuf (kubectl's choice for built-in types) gets a 415. */
export function parseBody(text: string, type: string): unknown {
  if (type.includes("protobuf") || type.includes("cbor")) {
    throw new ApiError(
      failure(415, "UnsupportedMediaType", `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`),
    );
  }
  try {
    if (type.includes("yaml")) return parseYaml(text);
    return JSON.parse(text);
  } catch (error) {
    throw badRequest(`error decoding request body: ${(error as Error).message}`);
  }
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
  const payload = JSON.stringify(body);
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
