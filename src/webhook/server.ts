// crd-ts webhook: an HTTPS conversion webhook. POST <path> takes a ConversionReview; /healthz and
// /readyz answer "ok" (readyz once the plans are loaded, which is before the server listens).
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import type { ConversionPlan } from "../version-conversion/plan.js";
import { BadReviewRequest, plansByKind, reviewResponse } from "./conversion-review.js";

export interface WebhookOptions {
  plans: readonly ConversionPlan[];
  cert: string;
  key: string;
  host?: string;
  port?: number;
  /** Path of the conversion endpoint, as in the CRD's clientConfig.service.path. Default /convert. */
  path?: string;
}

/** The API server sends at most 3 MiB objects; a review holds a list of them. */
const MAX_BODY_BYTES = 64 * 1024 * 1024;

export interface RunningWebhook {
  url: string;
  server: Server;
  close(): Promise<void>;
}

export async function startWebhook(options: WebhookOptions): Promise<RunningWebhook> {
  const plans = plansByKind(options.plans);
  const path = options.path ?? "/convert";
  const server = createServer({ cert: options.cert, key: options.key }, (req, res) => {
    const url = new URL(req.url ?? "/", "https://webhook");
    const text = (code: number, body: string) => {
      res.writeHead(code, { "Content-Type": "text/plain; charset=utf-8" });
      res.end(body);
    };
    if (req.method === "GET" && (url.pathname === "/healthz" || url.pathname === "/readyz")) return text(200, "ok");
    if (url.pathname !== path) return text(404, `not found: ${url.pathname}`);
    if (req.method !== "POST") return text(405, "only POST");
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on("end", () => {
      if (size > MAX_BODY_BYTES) return text(413, "request body too large");
      if (!/^application\/json\b/.test(req.headers["content-type"] ?? "")) return text(415, "expected Content-Type: application/json");
      let body: unknown;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      } catch (e) {
        return text(400, `cannot decode the ConversionReview: ${(e as Error).message}`);
      }
      try {
        const review = reviewResponse(body, plans);
        res.writeHead(200, { "Content-Type": "application/json" });
        res.end(JSON.stringify(review));
      } catch (e) {
        if (e instanceof BadReviewRequest) return text(400, e.message);
        text(500, `internal error: ${(e as Error).message}`);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const { address, port } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  return {
    url: `https://${host}:${port}`,
    server,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
