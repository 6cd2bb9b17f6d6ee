// A small etcd v3 client over etcd's JSON gRPC gateway (POST /v3/kv/range, /v3/kv/txn,
// /v3/kv/compaction, /v3/watch; keys and values base64, 64-bit numbers as strings), with node's
// http: no gRPC stack to install. The /v3/ prefix is served since etcd 3.4 (3.3 had /v3beta/).
import { Agent, request, type ClientRequest, type IncomingMessage } from "node:http";

export interface KeyValue {
  key: string;
  value: Buffer;
  modRevision: number;
  createRevision: number;
}

export interface WatchEvent {
  type: "PUT" | "DELETE";
  kv: KeyValue;
}

interface RawKv {
  key: string;
  value?: string;
  mod_revision?: string;
  create_revision?: string;
}

export type Compare =
  | { key: string; target: "MOD"; modRevision: number }
  | { key: string; target: "CREATE"; createRevision: number };

export type TxnOp = { put: { key: string; value: string } } | { delete: { key: string } } | { range: { key: string } };

const b64 = (text: string) => Buffer.from(text).toString("base64");

/** The key just after every key with this prefix (etcd's range_end for a prefix). */
function prefixEnd(prefix: string): string {
  const bytes = Buffer.from(prefix);
  bytes[bytes.length - 1]++;
  return bytes.toString("base64");
}

function decodeKv(raw: RawKv): KeyValue {
  return {
    key: Buffer.from(raw.key, "base64").toString("utf8"),
    value: Buffer.from(raw.value ?? "", "base64"),
    modRevision: Number(raw.mod_revision ?? 0),
    createRevision: Number(raw.create_revision ?? 0),
  };
}

export class EtcdError extends Error {}

export class EtcdClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 64 });
  private readonly url: URL;

  constructor(endpoint: string) {
    this.url = new URL(endpoint);
    if (this.url.protocol !== "http:") throw new EtcdError(`--etcd ${endpoint}: only http:// endpoints are supported`);
  }

  private post(path: string, body: unknown): Promise<any> {
    const payload = JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = request(
        { host: this.url.hostname, port: this.url.port, path, method: "POST", agent: this.agent, headers: { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(payload) } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString("utf8");
            let json: any;
            try {
              json = JSON.parse(text);
            } catch {
              return reject(new EtcdError(`etcd ${path}: ${res.statusCode}: ${text.slice(0, 200)}`));
            }
            if (res.statusCode !== 200) return reject(new EtcdError(`etcd ${path}: ${res.statusCode}: ${json.error ?? json.message ?? text.slice(0, 200)}`));
            resolve(json);
          });
          res.on("error", reject);
        },
      );
      req.on("error", (error) => reject(new EtcdError(`etcd ${this.url.origin}${path}: ${error.message}`)));
      req.end(payload);
    });
  }

  /** Every key with the prefix, at one revision (paged, so no reply is huge). */
  async rangePrefix(prefix: string, atRevision = 0, pageSize = 2000): Promise<{ kvs: KeyValue[]; revision: number }> {
    const kvs: KeyValue[] = [];
    let start = b64(prefix);
    let revision = atRevision;
    for (;;) {
      const reply = await this.post("/v3/kv/range", { key: start, range_end: prefixEnd(prefix), limit: pageSize, revision: revision || undefined });
      revision ||= Number(reply.header.revision);
      const page = ((reply.kvs ?? []) as RawKv[]).map(decodeKv);
      kvs.push(...page);
      if (!reply.more || page.length === 0) return { kvs, revision };
      start = b64(page[page.length - 1].key + "\u0000");
    }
  }

  /** The store's current revision. */
  async revision(): Promise<number> {
    const reply = await this.post("/v3/kv/range", { key: b64("\u0000"), limit: 1 });
    return Number(reply.header.revision);
  }

  /** The highest mod revision among the keys with the prefix (0 if none). */
  async latestModRevision(prefix: string): Promise<number> {
    const reply = await this.post("/v3/kv/range", {
      key: b64(prefix), range_end: prefixEnd(prefix), limit: 1, sort_order: "DESCEND", sort_target: "MOD", keys_only: true,
    });
    return Number(reply.kvs?.[0]?.mod_revision ?? 0);
  }

  async txn(compare: Compare[], success: TxnOp[], failure: TxnOp[]): Promise<{ succeeded: boolean; revision: number; ranges: KeyValue[][] }> {
    const op = (o: TxnOp) =>
      "put" in o
        ? { request_put: { key: b64(o.put.key), value: b64(o.put.value) } }
        : "delete" in o
          ? { request_delete_range: { key: b64(o.delete.key) } }
          : { request_range: { key: b64(o.range.key) } };
    const reply = await this.post("/v3/kv/txn", {
      compare: compare.map((c) =>
        c.target === "MOD"
          ? { key: b64(c.key), target: "MOD", result: "EQUAL", mod_revision: String(c.modRevision) }
          : { key: b64(c.key), target: "CREATE", result: "EQUAL", create_revision: String(c.createRevision) },
      ),
      success: success.map(op),
      failure: failure.map(op),
    });
    const ranges = ((reply.responses ?? []) as Array<{ response_range?: { kvs?: RawKv[] } }>)
      .filter((r) => r.response_range)
      .map((r) => (r.response_range!.kvs ?? []).map(decodeKv));
    return { succeeded: reply.succeeded === true, revision: Number(reply.header.revision), ranges };
  }

  async compact(revision: number): Promise<void> {
    await this.post("/v3/kv/compaction", { revision: String(revision) });
  }

  /**
   * Follows every change under the prefix from `startRevision`. `onEnd` gets the compacted
   * revision if etcd cancelled the watch because of a compaction, else the error that ended it.
   */
  watch(
    prefix: string,
    startRevision: number,
    onEvents: (events: WatchEvent[]) => void,
    onEnd: (reason: { compactRevision?: number; error?: Error }) => void,
  ): { close(): void } {
    let ended = false;
    const end = (reason: { compactRevision?: number; error?: Error }) => {
      if (ended) return;
      ended = true;
      req.destroy();
      onEnd(reason);
    };
    const payload = JSON.stringify({ create_request: { key: b64(prefix), range_end: prefixEnd(prefix), start_revision: String(startRevision) } });
    const req: ClientRequest = request(
      { host: this.url.hostname, port: this.url.port, path: "/v3/watch", method: "POST", headers: { "Content-Type": "application/json" } },
      (res: IncomingMessage) => {
        let buffered = "";
        res.setEncoding("utf8");
        res.on("data", (text: string) => {
          buffered += text;
          let newline: number;
          while ((newline = buffered.indexOf("\n")) >= 0) {
            const line = buffered.slice(0, newline).trim();
            buffered = buffered.slice(newline + 1);
            if (line === "") continue;
            const message = JSON.parse(line) as { result?: { canceled?: boolean; compact_revision?: string; events?: Array<{ type?: string; kv: RawKv }> }; error?: unknown };
            const result = message.result;
            if (!result) return end({ error: new EtcdError(`etcd watch: ${JSON.stringify(message.error ?? message)}`) });
            if (result.canceled) return end({ compactRevision: result.compact_revision ? Number(result.compact_revision) : undefined, error: new EtcdError("etcd watch cancelled") });
            if (result.events?.length) onEvents(result.events.map((e) => ({ type: e.type === "DELETE" ? "DELETE" : "PUT", kv: decodeKv(e.kv) })));
          }
        });
        res.on("end", () => end({ error: new EtcdError("etcd watch stream ended") }));
        res.on("error", (error) => end({ error }));
      },
    );
    req.on("error", (error) => end({ error }));
    req.end(payload);
    return { close: () => { ended = true; req.destroy(); } };
  }

  close(): void {
    this.agent.destroy();
  }
}
