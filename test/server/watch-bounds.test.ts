// The watch and list bounds: a watcher that stops reading is closed instead of growing the
// server's memory; HTTP/1.0 watches get a plain (unchunked) stream; big lists are streamed with
// the same bytes as one JSON document.
import { connect } from "node:net";
import { describe, expect, it } from "vitest";
import { request, startTestServer } from "./fixture.js";

function namespace(name: string, annotation = ""): unknown {
  return { apiVersion: "v1", kind: "Namespace", metadata: { name, annotations: annotation ? { big: annotation } : {} } };
}

/** Sends a raw HTTP request; resolves with everything the server sent until it closed. */
function rawRequest(url: string, text: string, paused = false): { socket: ReturnType<typeof connect>; done: Promise<string> } {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.write(text);
  // Paused once the reply's head arrived: the watch is registered and no longer read.
  if (paused) socket.once("data", () => socket.pause());
  const chunks: Buffer[] = [];
  socket.on("data", (chunk) => chunks.push(chunk));
  // Until the server closes the connection or ends the chunked body (keep-alive leaves it open).
  const done = new Promise<string>((resolve) => {
    const finish = () => resolve(Buffer.concat(chunks).toString("utf8"));
    socket.on("close", finish);
    socket.on("data", () => {
      if (Buffer.concat(chunks.slice(-2)).toString("latin1").endsWith("\r\n0\r\n\r\n")) {
        finish();
        socket.destroy();
      }
    });
  });
  return { socket, done };
}

describe("watch and list bounds", () => {
  it("closes a watcher that stops reading once its unread output passes the bound", async () => {
    const t = await startTestServer({ watchBufferBytes: 256 * 1024 });
    try {
      const host = new URL(t.server.url).host;
      const { socket, done } = rawRequest(t.server.url, `GET /api/v1/namespaces?watch=1&resourceVersion=${t.server.resourceVersion()} HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${t.server.token}\r\n\r\n`, true);
      while (!socket.isPaused()) await new Promise((r) => setTimeout(r, 10));
      // Annotations stay under the API server's 256 KiB total; 48 events are 9 MiB, more than
      // the socket buffers and the bound together.
      const annotation = "x".repeat(200 * 1024);
      const total = 48;
      for (let i = 0; i < total; i += 8) {
        await Promise.all(Array.from({ length: 8 }, (_, j) => request(t.server, "POST", "/api/v1/namespaces", namespace(`slow-${i + j}`, annotation))));
      }
      socket.resume();
      const received = await done;
      const events = received.split("\n").filter((line) => line.startsWith('{"type"'));
      // The stream ended (the server closed it) well before carrying every event.
      expect(events.length).toBeGreaterThan(0);
      expect(events.length).toBeLessThan(total);
      expect(received).toMatch(/\r\n0\r\n\r\n$/);
    } finally {
      await t.server.close();
    }
  }, 60_000);

  it("answers an HTTP/1.0 watch without chunked encoding and closes the connection at its end", async () => {
    const t = await startTestServer();
    try {
      const host = new URL(t.server.url).host;
      const { done } = rawRequest(t.server.url, `GET /api/v1/namespaces?watch=1&timeoutSeconds=1 HTTP/1.0\r\nHost: ${host}\r\nAuthorization: Bearer ${t.server.token}\r\n\r\n`);
      const received = await done;
      const [head, body] = received.split("\r\n\r\n");
      expect(head).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
      expect(head.toLowerCase()).not.toContain("transfer-encoding");
      expect(head).toContain("Connection: close");
      const names = body.trimEnd().split("\n").map((line) => JSON.parse(line).object.metadata.name);
      expect(names).toEqual(["default", "kube-public", "kube-system"]);
    } finally {
      await t.server.close();
    }
  });

  it("streams a list of more than 500 items as the same JSON document", async () => {
    const t = await startTestServer();
    try {
      for (let i = 0; i < 600; i += 50) {
        await Promise.all(Array.from({ length: 50 }, (_, j) => request(t.server, "POST", "/api/v1/namespaces", namespace(`n-${String(i + j).padStart(4, "0")}`))));
      }
      const response = await fetch(`${t.server.url}/api/v1/namespaces`, { headers: { Authorization: `Bearer ${t.server.token}` } });
      expect(response.headers.get("transfer-encoding")).toBe("chunked");
      const text = await response.text();
      const list = JSON.parse(text);
      expect(text).toBe(JSON.stringify(list));
      expect(list.items).toHaveLength(603);
      expect(list.items[0].metadata.name).toBe("default");
      const paged = await request(t.server, "GET", "/api/v1/namespaces?limit=1000");
      expect(list.items).toEqual(paged.json.items);
    } finally {
      await t.server.close();
    }
  }, 60_000);
});
