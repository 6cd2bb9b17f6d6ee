// Test processes: an etcd on free ports with a temporary data directory, and `crd-ts serve` as a
// separate process (built dist/), which tests can kill -9 and restart.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse as parseYaml } from "yaml";
import { CRD_DIR } from "./fixture.js";

export const ETCD_BIN = "/usr/bin/etcd";
export const BIN = fileURLToPath(new URL("../../bin/crd-ts", import.meta.url));
export const BUILT = existsSync(fileURLToPath(new URL("../../dist/src/server/index.js", import.meta.url)));
export const ETCD_MISSING = existsSync(ETCD_BIN) ? undefined : `${ETCD_BIN} is missing (apt-get install etcd-server)`;
if (ETCD_MISSING) console.log(`skipping the etcd tests: ${ETCD_MISSING}`);

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Etcd {
  url: string;
  stop(): Promise<void>;
}

export async function startEtcd(): Promise<Etcd> {
  const dir = mkdtempSync(join(tmpdir(), "crd-ts-etcd-"));
  const [client, peer] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${client}`;
  const child = spawn(ETCD_BIN, [
    "--name", "test", "--data-dir", join(dir, "data"),
    "--listen-client-urls", url, "--advertise-client-urls", url,
    "--listen-peer-urls", `http://127.0.0.1:${peer}`, "--initial-advertise-peer-urls", `http://127.0.0.1:${peer}`,
    "--initial-cluster", `test=http://127.0.0.1:${peer}`, "--log-level", "error",
  ], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += chunk));
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      const response = await fetch(`${url}/health`);
      if (response.ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`etcd did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    stop: async () => {
      await stopProcess(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function stopProcess(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}

export interface ServeProcess {
  url: string;
  stderr(): string;
  /** Headers every request needs (the kubeconfig's bearer token, if it has one). */
  headers: Record<string, string>;
  kill9(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts `crd-ts serve --crd <generated CRDs> ...args`; rejects with its stderr if it exits first. */
export async function startServe(args: string[]): Promise<ServeProcess> {
  const dir = mkdtempSync(join(tmpdir(), "crd-ts-serve-"));
  const kubeconfig = join(dir, "kubeconfig");
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--crd", CRD_DIR, "--kubeconfig-out", kubeconfig, ...args]);
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const started = await Promise.race([
    (async () => {
      while (!/kubeconfig: \S+\n/.test(stdout)) await new Promise((r) => setTimeout(r, 20));
      return true;
    })(),
    exited.then(() => false),
  ]);
  if (!started) throw new Error(`crd-ts serve exited: ${stderr}`);
  const url = /listening on (https?:\/\/\S+)/.exec(stdout)![1];
  const kubeconfigPath = /kubeconfig: (\S+)/.exec(stdout)![1];
  const config = parseYaml(readFileSync(kubeconfigPath, "utf8")) as { users?: Array<{ user?: { token?: string } }> };
  const token = config.users?.[0]?.user?.token;
  return {
    url,
    stderr: () => stderr,
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    kill9: () => stopProcess(child, "SIGKILL"),
    stop: () => stopProcess(child),
  };
}

/** Runs `crd-ts serve ...args` expecting it to fail at start; resolves with its exit code and stderr. */
export function failingServe(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--crd", CRD_DIR, ...args]);
  let stderr = "";
  child.stderr.on("data", (chunk) => (stderr += chunk));
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
    child.on("exit", (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}
