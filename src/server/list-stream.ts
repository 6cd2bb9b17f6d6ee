// Writing a large list reply without blocking the server: the items are serialised in slices of a
// few milliseconds across event-loop turns, and written at the pace the client reads them. The
// bytes are the same as one JSON.stringify of the list.
import type { ServerResponse } from "node:http";
import { drainOrClose } from "./http-io.js";
import type { JsonObject } from "./json-values.js";

/** Lists with more items than this are streamed; smaller ones are one write. */
export const STREAM_LIST_ITEMS = 500;
const SLICE_MS = 8;

export async function streamList(
  res: ServerResponse,
  code: number,
  body: JsonObject,
  headers: Record<string, string | string[]> = {},
): Promise<void> {
  const { items, ...envelope } = body as JsonObject & { items: JsonObject[] };
  res.writeHead(code, { "Content-Type": "application/json", "Cache-Control": "no-cache, private", ...headers });
  const head = JSON.stringify(envelope);
  let chunk = `${head.slice(0, -1)}${head.length > 2 ? "," : ""}"items":[`;
  let sliceStart = performance.now();
  for (let i = 0; i < items.length; i++) {
    chunk += (i > 0 ? "," : "") + JSON.stringify(items[i]);
    if ((i & 31) === 31 && performance.now() - sliceStart > SLICE_MS) {
      const flowing = res.write(chunk);
      chunk = "";
      if (res.destroyed) return;
      await (flowing ? new Promise<void>((resolve) => setImmediate(resolve)) : drainOrClose(res));
      if (res.destroyed) return;
      sliceStart = performance.now();
    }
  }
  res.end(`${chunk}]}`);
}
