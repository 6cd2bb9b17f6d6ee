// The workflow fault suite against the fake API: random 409/429/500/dropped connections
// (before and after writes), closed watches and compaction (410 Gone).
import { HealthEventStore } from "../../src/runtime/index.js";
import { FakeKubeApi, type FakeFault } from "./fake-kube-api.js";
import { defineWorkflowSuite } from "./workflow-suite.js";

defineWorkflowSuite(
  async () => {
    const api = new FakeKubeApi();
    let injected = 0;
    let timer: NodeJS.Timeout | undefined;
    const kinds: FakeFault[] = ["conflict", "tooManyRequests", "serverError", "drop", "dropAfterWrite"];
    return {
      store: () => new HealthEventStore({ namespace: "wf", api, writeRate: { perSecond: 1e6, burst: 1e6 }, retry: { maxAttempts: 20, baseDelayMs: 1, maxDelayMs: 5, maxRetryAfterMs: 5 } }),
      chaos: {
        start() {
          api.fault = (verb) => {
            if (Math.random() >= 0.05) return undefined;
            injected++;
            return kinds[Math.floor(Math.random() * kinds.length)];
          };
          let tick = 0;
          timer = setInterval(() => {
            tick++;
            if (tick % 3 === 0) api.closeWatches();
            if (tick % 7 === 0) api.compact(api.rv - 50);
            if (tick % 2 === 0) api.bookmark();
            injected++;
          }, 40);
        },
        stop() {
          api.fault = () => undefined;
          clearInterval(timer);
        },
        injected: () => injected,
      },
    };
  },
  { events: 2000, nodes: 100, timeoutMs: 45_000 },
);
