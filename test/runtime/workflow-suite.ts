// Thousands of events, duplicates, three concurrent restarting consumers, faults at random:
// no event lost or duplicated, every status update lands, each consumer processes each change
// once across restarts. Run against the fake and the local server.
import { expect, it } from "vitest";
import { collect, type HealthEventStore } from "../../src/runtime/index.js";
import { fault } from "./events.js";
import { runConsumer, type ConsumerLog, type Stage } from "./workflow.js";

export interface WorkflowEnv {
  store(): HealthEventStore;
  chaos: { start(): void; stop(): void | Promise<void>; injected(): number };
}

function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function defineWorkflowSuite(env: () => Promise<WorkflowEnv>, sizes: { events: number; nodes: number; timeoutMs: number }): void {
  it(`handles ${sizes.events} events with 30% duplicates through three restarting consumers under faults`, async () => {
    const { store, chaos } = await env();
    const random = seeded(7);
    const unique = Math.floor(sizes.events * 0.7);
    const specs = Array.from({ length: sizes.events }, (_, i) => {
      const id = i < unique ? i : Math.floor(random() * unique);
      return fault(`wf-node-${id % sizes.nodes}`, `wf-${id}`, { entitiesImpacted: [{ entityType: "GPU", entityValue: String(id) }] });
    });
    chaos.start();
    const logs: Record<Stage, ConsumerLog> = {
      quarantine: { processed: [], acted: [], restarts: 0 },
      drain: { processed: [], acted: [], restarts: 0 },
      remediation: { processed: [], acted: [], restarts: 0 },
    };
    const done = () => logs.remediation.acted.length >= unique;
    const consumers = (Object.keys(logs) as Stage[]).map((stage) => runConsumer(store, stage, logs[stage], done, random));
    const inserters = [0, 1].map(async (k) => {
      const s = store();
      const results = { created: 0, duplicate: 0 };
      let next = k;
      const lane = async () => {
        for (let i = next; i < specs.length; i = next) {
          next += 2;
          results[(await s.insert(specs[i])).result]++;
        }
      };
      await Promise.all(Array.from({ length: 8 }, lane));
      return results;
    });
    const progress = process.env.WORKFLOW_PROGRESS
      ? setInterval(() => console.log(Object.entries(logs).map(([k, l]) => `${k} ${l.acted.length}/${l.processed.length} r${l.restarts}`).join(" | ")), 2000)
      : undefined;
    const inserted = await Promise.all(inserters);
    if (progress) console.log("inserted", inserted);
    const deadline = Date.now() + sizes.timeoutMs;
    while (!done() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    await Promise.all(consumers.map((c) => Promise.race([c, new Promise((r) => setTimeout(r, 2000))])));
    await chaos.stop();
    clearInterval(progress);

    expect(inserted[0].created + inserted[1].created).toBe(unique);
    expect(chaos.injected()).toBeGreaterThan(0);
    const all = await collect(store().findByNode("wf-node-0"));
    expect(all.length).toBe(Math.ceil(unique / sizes.nodes));
    for (const stage of Object.keys(logs) as Stage[]) {
      const log = logs[stage];
      expect(new Set(log.processed).size, `${stage} processed a change twice`).toBe(log.processed.length);
      expect(new Set(log.acted).size, `${stage} acted twice on an event`).toBe(log.acted.length);
      expect(log.acted.length, `${stage} missed events`).toBe(unique);
      expect(log.restarts).toBeGreaterThan(1);
    }
    const open = await collect(store().findUnresolved());
    expect(open.length).toBe(0);
  }, sizes.timeoutMs + 60_000);
}
