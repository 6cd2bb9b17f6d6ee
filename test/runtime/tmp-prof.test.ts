import { it } from "vitest";
import { HealthEventStore } from "../../src/runtime/index.js";
import { FakeKubeApi } from "./fake-kube-api.js";
import { fault } from "./events.js";
it("prof", async () => {
  const api = new FakeKubeApi();
  const s = new HealthEventStore({ namespace: "wf", api, writeRate: { perSecond: 1e6, burst: 1e6 } });
  let t = Date.now();
  for (let i = 0; i < 400; i++) await s.insert(fault(`n${i % 20}`, `k${i}`, { entitiesImpacted: [{ entityType: "GPU", entityValue: String(i) }] }));
  console.log("insert", Date.now() - t); t = Date.now();
  const w = s.watch({ consumer: "c" });
  let n = 0;
  for await (const c of w) { await s.setQuarantineStatus(c.event, "Quarantined"); await w.markProcessed(c.position); if (++n >= 400) break; }
  console.log("consume", Date.now() - t, api.calls.length);
});
