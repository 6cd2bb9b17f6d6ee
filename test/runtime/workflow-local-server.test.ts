// The workflow fault suite against the local API server over HTTP (in a worker thread; needs
// `npm run -s build`): the server injects 409s, 429s with Retry-After, 500s, dropped connections
// (before and after writes), closed watches and 410 Gone at random, and its history is
// compacted while consumers run.
import { afterAll, describe } from "vitest";
import { HealthEventStore } from "../../src/runtime/index.js";
import { ensureNamespace } from "./local-server.js";
import { serverBuilt, startServerInWorker, type WorkerServer } from "./server-in-worker.js";
import { defineWorkflowSuite } from "./workflow-suite.js";

let server: WorkerServer | undefined;
afterAll(async () => server?.close());

describe.skipIf(!serverBuilt)(serverBuilt ? "local server" : "local server — skipped: dist/src/server is not built (npm run -s build)", () => {
  defineWorkflowSuite(
    async () => {
      const running = await startServerInWorker({ bookmarkIntervalMs: 200 });
      server = running;
      await ensureNamespace(running.kubeConfig, "wf");
      let timer: NodeJS.Timeout | undefined;
      let compactions = 0;
      let injected = 0;
      return {
        store: () =>
          HealthEventStore.fromKubeConfig(running.kubeConfig, {
            namespace: "wf",
            writeRate: { perSecond: 1e6, burst: 1e6 },
            retry: { maxAttempts: 30, baseDelayMs: 2, maxDelayMs: 20, maxRetryAfterMs: 1000 },
          }),
        chaos: {
          start() {
            if (!process.env.NO_FAULTS) void running.setFaults({
              conflict: 0.03,
              tooManyRequests: 0.02,
              retryAfterSeconds: 0,
              serverError: 0.02,
              dropConnection: 0.01,
              dropAfterWrite: 0.01,
              closeWatch: 0.3,
              closeWatchAfterMs: 500,
              goneWatch: 0.1,
              seed: 11,
            });
            timer = setInterval(() => {
              void running.compact();
              compactions++;
            }, 4000);
          },
          async stop() {
            clearInterval(timer);
            injected = Object.values(await running.injected()).reduce((a, b) => a + b, 0) + compactions;
            await running.setFaults({});
          },
          injected: () => injected,
        },
      };
    },
    { events: Number(process.env.WORKFLOW_EVENTS ?? 2000), nodes: 100, timeoutMs: 120_000 },
  );
});
