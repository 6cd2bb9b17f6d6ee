// The workflow fault suite against the local API server over HTTP: the server injects 409s,
// 429s with Retry-After, 500s, dropped connections (before and after writes), closed watches
// and 410 Gone at random, and its history is compacted while consumers run.
import { afterAll } from "vitest";
import { HealthEventStore } from "../../src/runtime/index.js";
import type { RunningServer } from "../../src/server/index.js";
import { ensureNamespace, startLocalServer } from "./local-server.js";
import { defineWorkflowSuite } from "./workflow-suite.js";

let server: RunningServer | undefined;
afterAll(async () => server?.close());

defineWorkflowSuite(
  async () => {
    const started = await startLocalServer({ bookmarkIntervalMs: 200 });
    server = started.server;
    const running = started.server;
    await ensureNamespace(started.kubeConfig, "wf");
    let timer: NodeJS.Timeout | undefined;
    let compactions = 0;
    return {
      store: () =>
        HealthEventStore.fromKubeConfig(started.kubeConfig, {
          namespace: "wf",
          writeRate: { perSecond: 1e6, burst: 1e6 },
          retry: { maxAttempts: 30, baseDelayMs: 2, maxDelayMs: 20, maxRetryAfterMs: 1000 },
        }),
      chaos: {
        start() {
          running.faults.set({
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
            running.compact();
            compactions++;
          }, 1500);
        },
        stop() {
          running.faults.set({});
          clearInterval(timer);
        },
        injected: () => Object.values(running.faults.injected).reduce((a, b) => a + b, 0) + compactions,
      },
    };
  },
  { events: 2000, nodes: 100, timeoutMs: 45_000 },
);
