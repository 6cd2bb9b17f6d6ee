import { it } from "vitest";
import { HealthEventStore } from "../../src/runtime/index.js";
import { ensureNamespace } from "./local-server.js";
import { startServerInWorker } from "./server-in-worker.js";
import { fault } from "./events.js";
it("speed", async () => {
  const server = await startServerInWorker({});
  await ensureNamespace(server.kubeConfig, "sp");
  const s = HealthEventStore.fromKubeConfig(server.kubeConfig, { namespace: "sp", writeRate: { perSecond: 1e6, burst: 1e6 }, dedupWindowMs: 0 });
  let t = performance.now();
  let i = 0;
  await Promise.all(Array.from({ length: 16 }, async () => { while (i < 1000) { const k = i++; await s.insert(fault(`n${k % 50}`, `k${k}`)); } }));
  console.log("insert 1000 x16", (performance.now() - t).toFixed(0));
  t = performance.now();
  for (let k = 0; k < 200; k++) await s.get("he-" + "0".repeat(32)).catch(() => {});
  console.log("200 sequential 404 gets", (performance.now() - t).toFixed(0));
  t = performance.now();
  const w = s.watch({ consumer: "c" });
  let n = 0;
  for await (const c of w) { await w.markProcessed(c.position); if (++n >= 500) break; }
  w.stop();
  console.log("500 marks sequential", (performance.now() - t).toFixed(0), JSON.stringify(s.client.requests));
  await server.close();
});
