// Writing a list reply without blocking the server: the items (one consistent snapshot of stored
// objects, which never change) are joined from their kept JSON texts (object-json.ts) in slices of a
// few milliseconds across event-loop turns, and written at the pace the client reads them. The
// bytes are the same as one JSON.stringify of the list.
import type { ServerResponse } from "node:http";
import { drainOrClose } from "./http-io.js";
import type { JsonObject } from "./json-values.js";
import type { ListItems } from "./resource-handlers.js";

/** Lists with more items than this are streamed; smaller ones are one write with a Content-Length. */
export const STREAM_LIST_ITEMS = 500;
/** Longest run of work on one list before other requests get their turn. */
const SLICE_MS = 4;
const SLICE_BYTES = 512 * 1024;

function openingOf(envelope: JsonObject): string {
  const head = JSON.stringify(envelope);
  return `${head.slice(0, -1)}${head.length > 2 ? "," : ""}"items":[`;
}

export async function sendList(
  res: ServerResponse,
  code: number,
  envelope: JsonObject,
  list: ListItems,
  headers: Record<string, string | string[]> = {},
): Promise<void> {
  const { stored } = list;
  const baseHeaders = { "Content-Type": "application/json", "Cache-Control": "no-cache, private", ...headers };
  if (stored.length <= STREAM_LIST_ITEMS) {
    const payload = `${openingOf(envelope)}${stored.map((object) => list.json(object)).join(",")}]}`;
    res.writeHead(code, { ...baseHeaders, "Content-Length": Buffer.byteLength(payload) });
    res.end(payload);
    return;
  }
  res.writeHead(code, baseHeaders);
  // Items of a slice are joined with commas; `lead` goes before them (the opening, then a comma).
  let lead = openingOf(envelope);
  let parts: string[] = [];
  let bytes = 0;
  let sliceStart = performance.now();
  for (let i = 0; i < stored.length; i++) {
    const text = list.json(stored[i]);
    parts.push(text);
    bytes += text.length;
    // Joining and writing cost by the byte: a slice ends at SLICE_BYTES even when the texts were all kept.
    if (bytes > SLICE_BYTES || ((i & 63) === 63 && performance.now() - sliceStart > SLICE_MS)) {
      bytes = 0;
      const flowing = res.write(lead + parts.join(","));
      lead = ",";
      parts = [];
      if (res.destroyed) return;
      // The client reads slower than we write: wait for it rather than buffer everything.
      if (!flowing) await drainOrClose(res);
      // Then always a turn of the event loop: a socket that takes the bytes at once emits 'drain'
      // from a process.nextTick, which alone would chain every slice without letting other requests in.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (res.destroyed) return;
      sliceStart = performance.now();
    }
  }
  res.end(`${parts.length > 0 ? lead + parts.join(",") : lead === "," ? "" : lead}]}`);
}
