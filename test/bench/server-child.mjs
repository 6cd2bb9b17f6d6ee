// The server side of npm run bench:server: `crd-ts serve` in its own process (forked, with IPC),
// which also measures its own event-loop stalls and memory on request.
import { monitorEventLoopDelay } from "node:perf_hooks";
import { startServer } from "../../dist/src/server/index.js";

const server = await startServer(JSON.parse(process.argv[2]));
const delay = monitorEventLoopDelay({ resolution: 5 });
delay.enable();
process.send({ id: 0, result: { url: server.url, kubeconfigPath: server.kubeconfigPath } });
process.on("message", async ({ id, op }) => {
  let result = {};
  if (op === "resetStall") delay.reset();
  else if (op === "stall") result = { maxMs: delay.max / 1e6 };
  else if (op === "snapshot") {
    const start = performance.now();
    await server.snapshot();
    result = { ms: performance.now() - start };
  } else if (op === "rss") {
    globalThis.gc?.();
    result = { rss: process.memoryUsage().rss };
  } else if (op === "count") result = { count: server.count("nvsentinel.dgxc.nvidia.com/healthevents") };
  else if (op === "close") {
    await server.close();
    process.send({ id, result }, () => process.exit(0));
    return;
  }
  process.send({ id, result });
});
