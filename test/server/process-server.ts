// `crd-ts serve` as a separate process (built dist/, `npm run -s build` first), and raw HTTP
// requests to it that choose every header (Host, Authorization, Content-Type, HTTP version).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { request as httpRequest, type IncomingHttpHeaders } from "node:http";
import { request as httpsRequest } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";

export const BIN = fileURLToPath(new URL("../../bin/crd-ts", import.meta.url));
export const BUILT = existsSync(fileURLToPath(new URL("../../dist/src/server/index.js", import.meta.url)));
/** --tls makes its certificate with the openssl command. */
export const HAVE_OPENSSL = spawnSync("openssl", ["version"]).status === 0;
if (!HAVE_OPENSSL) console.warn("TLS tests skipped: the openssl command is not installed");

export interface ServerProcess {
  url: string;
  host: string;
  port: number;
  kubeconfigPath: string;
  token: string;
  /** PEM CA from the kubeconfig (--tls). */
  ca?: string;
  stop(): Promise<void>;
}

export async function startServerProcess(args: string[]): Promise<ServerProcess> {
  const dir = mkdtempSync(join(tmpdir(), "crd-ts-proc-"));
  const kubeconfigPath = join(dir, "kubeconfig");
  // Without --state or --etcd the server would keep its state in ./.crd-ts/state.json across test runs.
  const storage = args.includes("--state") || args.includes("--etcd") ? [] : ["--no-state"];
  const child: ChildProcess = spawn(process.execPath, [BIN, "serve", "--port", "0", "--kubeconfig-out", kubeconfigPath, ...storage, ...args], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (chunk) => (stdout += chunk));
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const deadline = Date.now() + 20_000;
  while (!stdout.includes("kubeconfig:")) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`crd-ts serve did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const url = /listening on (\S+)/.exec(stdout)![1];
  const parsed = new URL(url);
  const config = parseYaml(readFileSync(kubeconfigPath, "utf8"));
  const caData = config.clusters[0].cluster["certificate-authority-data"] as string | undefined;
  return {
    url,
    host: parsed.hostname,
    port: Number(parsed.port),
    kubeconfigPath,
    token: config.users[0].user.token,
    ca: caData ? Buffer.from(caData, "base64").toString("utf8") : undefined,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  httpVersion: string;
  text: string;
  json: any;
}

export interface RawOptions {
  method?: string;
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
  /** Send the server's token (default true). */
  auth?: boolean;
  /** HTTP/1.0 request (written by hand; node's client speaks only 1.1). */
  http10?: boolean;
}

export function raw(server: ServerProcess, options: RawOptions): Promise<RawResponse> {
  const headers: Record<string, string> = { ...(options.headers ?? {}) };
  if (options.auth !== false) headers.Authorization ??= `Bearer ${server.token}`;
  if (options.body !== undefined) headers["Content-Type"] ??= "application/json";
  if (options.http10) return raw10(server, options, headers);
  const send = server.url.startsWith("https:") ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(
      { host: server.host, port: server.port, method: options.method ?? "GET", path: options.path, headers, ca: server.ca, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () => resolve(response(res.statusCode ?? 0, res.headers, res.httpVersion, Buffer.concat(chunks).toString("utf8"))));
        res.on("error", reject);
      },
    );
    req.on("error", reject);
    req.end(options.body);
  });
}

function response(status: number, headers: IncomingHttpHeaders, httpVersion: string, text: string): RawResponse {
  let json: unknown;
  try {
    json = text === "" ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status, headers, httpVersion, text, json };
}

/** An HTTP/1.0 exchange over a plain socket; the reply is read until the server closes. */
async function raw10(server: ServerProcess, options: RawOptions, headers: Record<string, string>): Promise<RawResponse> {
  const { connect } = await import("node:net");
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, server.host);
    const chunks: Buffer[] = [];
    socket.on("data", (chunk) => chunks.push(chunk));
    socket.on("error", reject);
    socket.on("end", () => {
      const all = Buffer.concat(chunks).toString("latin1");
      const split = all.indexOf("\r\n\r\n");
      const [statusLine, ...lines] = all.slice(0, split).split("\r\n");
      const parsedHeaders: IncomingHttpHeaders = {};
      for (const line of lines) parsedHeaders[line.slice(0, line.indexOf(":")).toLowerCase()] = line.slice(line.indexOf(":") + 1).trim();
      const [version, code] = statusLine.split(" ");
      resolve(response(Number(code), parsedHeaders, version.replace("HTTP/", ""), Buffer.from(all.slice(split + 4), "latin1").toString("utf8")));
    });
    const body = options.body === undefined ? "" : String(options.body);
    const head = [`${options.method ?? "GET"} ${options.path} HTTP/1.0`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    if (body !== "") head.push(`Content-Length: ${Buffer.byteLength(body)}`);
    socket.end(`${head.join("\r\n")}\r\n\r\n${body}`);
  });
}
