// Runs the local API server (built: dist/src/server) in a worker thread, so a test's clients
// and the server use separate cores. Messages: {op:"faults", options} | {op:"compact"} |
// {op:"injected"} | {op:"count", resource} | {op:"close"}; every reply is {id, result}.
import { parentPort, workerData } from "node:worker_threads";
import { startServer } from "../../dist/src/server/index.js";

const server = await startServer(workerData.options);
parentPort.postMessage({ id: 0, result: { url: server.url, kubeconfigPath: server.kubeconfigPath, admissionEnabled: server.admissionEnabled } });
parentPort.on("message", async ({ id, op, options, resource }) => {
  let result;
  if (op === "faults") server.faults.set(options);
  else if (op === "compact") server.compact();
  else if (op === "injected") result = { ...server.faults.injected };
  else if (op === "count") result = server.count(resource);
  else if (op === "close") {
    await server.close();
    parentPort.postMessage({ id, result });
    parentPort.close();
    return;
  }
  parentPort.postMessage({ id, result });
});
