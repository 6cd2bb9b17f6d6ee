// npm run bench:server — crd-ts serve (a separate process) on each storage backend:
//  - ops/s with 50 clients (create + merge patch of HealthEvents) on memory, file and etcd, with
//    request latency p50/p99 (the file backend's include the fsync);
//  - creates/s with 0 and with 200 open watches (file backend);
//  - at 100,000 objects (file backend): RSS, and the longest event-loop stall during a snapshot
//    and during a full list.
// Bounded: BENCH_SECONDS (default 5) per throughput run, BENCH_OBJECTS (default 100000);
// BENCH_PARTS (default ops,watch,big) picks the parts to run.
import { fork, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { get, Agent } from "node:http";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse as parseYaml } from "yaml";
import { writeSnapshot } from "../../dist/src/server/state-file.js";

const ROOT = resolve(import.meta.dirname, "../..");
const CRD_DIR = join(ROOT, "generated/crds");
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const OBJECTS = Number(process.env.BENCH_OBJECTS ?? 100_000);
const PARTS = new Set((process.env.BENCH_PARTS ?? "ops,watch,big").split(","));
const CLIENTS = 50;
const WATCHERS = 200;
const GROUP = "nvsentinel.dgxc.nvidia.com";
const PATH = `/apis/${GROUP}/v1alpha1/namespaces/default/healthevents`;

function healthEvent(name) {
  return {
    apiVersion: `${GROUP}/v1alpha1`,
    kind: "HealthEvent",
    metadata: { name, namespace: "default" },
    spec: {
      nodeName: "node-1", agent: "gpu-health-monitor", checkName: "GpuXidError", componentClass: "GPU",
      isFatal: true, isHealthy: false, message: "XID 79: GPU has fallen off the bus", errorCode: ["79"],
      recommendedAction: "RESTART_BM", processingStrategy: "EXECUTE_REMEDIATION",
      entitiesImpacted: [{ entityType: "GPU", entityValue: "0" }], generatedTimestamp: "2026-11-25T10:00:00Z",
    },
  };
}

async function startChild(options) {
  const child = fork(join(import.meta.dirname, "server-child.mjs"), [JSON.stringify({ crdFiles: [CRD_DIR], bookmarkIntervalMs: 0, ...options })], {
    // BENCH_NODE_ARGS: more flags for the server process (e.g. --cpu-prof, --trace-gc).
    execArgv: ["--expose-gc", ...(process.env.BENCH_NODE_ARGS ?? "").split(" ").filter(Boolean)],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const waiting = new Map();
  let next = 1;
  child.on("message", ({ id, result }) => {
    waiting.get(id)?.(result);
    waiting.delete(id);
  });
  const started = await new Promise((resolve, reject) => {
    waiting.set(0, resolve);
    child.once("exit", (code) => reject(new Error(`server exited ${code}`)));
  });
  const config = parseYaml(readFileSync(started.kubeconfigPath, "utf8"));
  const token = config.users?.[0]?.user?.token;
  return {
    url: started.url,
    headers: token ? { Authorization: `Bearer ${token}` } : {},
    call: (op) => new Promise((resolve) => {
      const id = next++;
      waiting.set(id, resolve);
      child.send({ id, op });
    }),
  };
}

async function call(server, method, path, body, type = "application/json") {
  const response = await fetch(server.url + path, { method, headers: { "Content-Type": type, ...server.headers }, body: body && JSON.stringify(body) });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 200)}`);
  return text;
}

function percentile(sorted, p) {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : NaN;
}

/** CLIENTS loops for SECONDS: each creates an object, then merge-patches it (2 writes). */
async function throughput(server, label, createsOnly = false) {
  const latencies = [];
  let ops = 0;
  const deadline = performance.now() + SECONDS * 1000;
  await Promise.all(Array.from({ length: CLIENTS }, async (_, client) => {
    for (let n = 0; performance.now() < deadline; n++) {
      const name = `${label}-${client}-${n}`;
      let start = performance.now();
      await call(server, "POST", PATH, healthEvent(name));
      latencies.push(performance.now() - start);
      ops++;
      if (createsOnly) continue;
      start = performance.now();
      await call(server, "PATCH", `${PATH}/${name}`, { metadata: { labels: { seen: "yes" } } }, "application/merge-patch+json");
      latencies.push(performance.now() - start);
      ops++;
    }
  }));
  latencies.sort((a, b) => a - b);
  return { opsPerSecond: Math.round(ops / SECONDS), p50: +percentile(latencies, 0.5).toFixed(1), p99: +percentile(latencies, 0.99).toFixed(1) };
}

function freePort() {
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startEtcd() {
  const dir = mkdtempSync(join(tmpdir(), "bench-etcd-"));
  const [client, peer] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${client}`;
  const child = spawn("/usr/bin/etcd", ["--data-dir", join(dir, "data"), "--listen-client-urls", url, "--advertise-client-urls", url,
    "--listen-peer-urls", `http://127.0.0.1:${peer}`, "--initial-advertise-peer-urls", `http://127.0.0.1:${peer}`,
    "--initial-cluster", `default=http://127.0.0.1:${peer}`, "--log-level", "error"], { stdio: "ignore" });
  for (let i = 0; i < 200; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, stop: () => new Promise((r) => { child.once("exit", r); child.kill(); }).then(() => rmSync(dir, { recursive: true, force: true })) };
}

const results = new Proxy({}, { set(target, name, value) { console.log(`${String(name)}: ${JSON.stringify(value)}`); target[name] = value; return true; } });
const tempDir = mkdtempSync(join(tmpdir(), "bench-server-"));

// 1. ops/s with 50 clients on each backend.
for (const backend of PARTS.has("ops") ? ["memory", "file", "etcd"] : []) {
  let etcd;
  const options = backend === "file" ? { stateFile: join(tempDir, "ops", "state") } : {};
  if (backend === "etcd") {
    etcd = await startEtcd();
    options.etcd = etcd.url;
  }
  const server = await startChild(options);
  await call(server, "POST", PATH, healthEvent("warm-up"));
  results[`${backend}: ops/s, 50 clients (p50/p99 ms)`] = await throughput(server, backend);
  await server.call("close");
  await etcd?.stop();
}

// 2. creates/s with 0 and with 200 watchers (file backend).
if (PARTS.has("watch")) {
  const server = await startChild({ stateFile: join(tempDir, "watch", "state") });
  await call(server, "POST", PATH, healthEvent("warm-up"));
  const none = await throughput(server, "nowatch", true);
  const agent = new Agent({ keepAlive: true, maxSockets: WATCHERS + 10 });
  // Watches start from now, as informers do after their list: a replay of the first phase's objects to
  // every watcher would be measured instead of the fan-out of new events.
  let watchedBytes = 0;
  const listed = JSON.parse(await call(server, "GET", `${PATH}?limit=1`)).metadata.resourceVersion;
  const watches = Array.from({ length: WATCHERS }, () =>
    get(`${server.url}${PATH}?watch=1&resourceVersion=${listed}`, { agent, headers: server.headers }, (res) => {
      res.on("data", (chunk) => {
        watchedBytes += chunk.length;
      });
      res.on("error", () => {});
    }).on("error", () => {}),
  );
  await new Promise((r) => setTimeout(r, 1000));
  const watched = await throughput(server, "watched", true);
  for (const w of watches) w.destroy();
  agent.destroy();
  results["file: creates/s, 0 watchers"] = none.opsPerSecond;
  results[`file: creates/s, ${WATCHERS} watchers`] = watched.opsPerSecond;
  // Each create reaches every watcher: the bytes they read show the fan-out really happened.
  results[`file: MB read by the ${WATCHERS} watchers`] = Math.round(watchedBytes / 1e6);
  await server.call("close");
}

// 3. 100,000 objects (file backend): RSS, stall during a snapshot and during a full list.
if (PARTS.has("big")) {
  const state = join(tempDir, "big", "state");
  const template = healthEvent("x");
  const entries = Array.from({ length: OBJECTS }, (_, i) => {
    const name = `he-${String(i).padStart(6, "0")}`;
    const object = { ...template, metadata: { name, namespace: "default", uid: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`, creationTimestamp: "2026-11-25T10:00:00Z", generation: 1, resourceVersion: String(i + 1) } };
    return { resource: `${GROUP}/healthevents`, key: `default/${name}`, object };
  });
  const { mkdirSync } = await import("node:fs");
  mkdirSync(join(tempDir, "big"), { recursive: true });
  await writeSnapshot(state, OBJECTS, entries);
  const server = await startChild({ stateFile: state });
  results[`file: objects loaded`] = (await server.call("count")).count;
  results[`file: RSS at ${OBJECTS} objects (MB)`] = Math.round((await server.call("rss")).rss / 1e6);
  // Writes keep going during the snapshot (a real server is not idle).
  let stop = false;
  const writer = (async () => {
    for (let n = 0; !stop; n++) await call(server, "POST", PATH, healthEvent(`during-${n}`));
  })();
  await server.call("resetStall");
  const snapshot = await server.call("snapshot");
  results["file: snapshot of 100k objects (ms)"] = Math.round(snapshot.ms);
  results["file: longest event-loop stall during the snapshot (ms)"] = +(await server.call("stall")).maxMs.toFixed(1);
  stop = true;
  await writer;
  await server.call("resetStall");
  const start = performance.now();
  const text = await call(server, "GET", PATH);
  results["file: full list (ms, MB)"] = [Math.round(performance.now() - start), Math.round(text.length / 1e6)];
  results[`file: longest event-loop stall during the ${OBJECTS}-object list (ms)`] = +(await server.call("stall")).maxMs.toFixed(1);
  await server.call("close");
}
rmSync(tempDir, { recursive: true, force: true });

