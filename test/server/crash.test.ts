// kill -9 of `crd-ts serve` in the middle of a write burst, 5 rounds, on the file backend and on
// etcd: every write that was acknowledged is there after the restart, and resourceVersions only
// go up (none handed out twice, none below one acknowledged before the crash).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HE_PATH, healthEvent } from "./fixture.js";
import { BUILT, ETCD_MISSING, startEtcd, startServe, type Etcd, type ServeProcess } from "./processes.js";

interface Acked {
  /** resourceVersion of the last acknowledged write of the object. */
  rv: number;
  /** Label `seq` of the last acknowledged write. */
  seq: number;
  /** Highest seq sent (a write whose reply the crash cut may still have landed). */
  sent: number;
}

async function call(server: ServeProcess, method: string, path: string, body: unknown, type = "application/json"): Promise<any> {
  const response = await fetch(server.url + path, {
    method,
    headers: { "Content-Type": type, ...server.headers },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${json.message}`);
  return json;
}

/** Writers create objects and patch their `seq` label until the server dies; every reply is recorded. */
function writeUntilCrash(server: ServeProcess, round: number, acked: Map<string, Acked>, rvs: number[], writers = 8): Promise<void>[] {
  return Array.from({ length: writers }, async (_, writer) => {
    const mine: string[] = [];
    for (let n = 0; ; n++) {
      try {
        if (mine.length === 0 || n % 3 === 0) {
          const name = `r${round}-w${writer}-${n}`;
          acked.set(name, { rv: 0, seq: -1, sent: 0 });
          const created = await call(server, "POST", HE_PATH, healthEvent(name, {}, { seq: "0" }));
          Object.assign(acked.get(name)!, { rv: Number(created.metadata.resourceVersion), seq: 0 });
          rvs.push(Number(created.metadata.resourceVersion));
          mine.push(name);
        } else {
          const name = mine[n % mine.length];
          const state = acked.get(name)!;
          const seq = state.sent + 1;
          state.sent = seq;
          const patched = await call(server, "PATCH", `${HE_PATH}/${name}`, { metadata: { labels: { seq: String(seq) } } }, "application/merge-patch+json");
          Object.assign(state, { rv: Number(patched.metadata.resourceVersion), seq });
          rvs.push(Number(patched.metadata.resourceVersion));
        }
      } catch (error) {
        if (process.env.CRASH_DEBUG) console.log(String(error));
        return; // the server is gone: this write was not acknowledged
      }
    }
  });
}

async function crashRounds(start: () => Promise<ServeProcess>): Promise<void> {
  const acked = new Map<string, Acked>();
  const rvs: number[] = [];
  let highestAcked = 0;
  for (let round = 0; round < 5; round++) {
    const server = await start();
    const listed = await call(server, "GET", HE_PATH, undefined);
    // Every acknowledged write survived, at or after the state it was acknowledged in.
    const stored = new Map<string, any>(listed.items.map((o: any) => [o.metadata.name, o]));
    for (const [name, state] of acked) {
      if (state.seq < 0) continue; // the create was never acknowledged
      const object = stored.get(name);
      expect(object, `${name} (acknowledged at rv ${state.rv}) after round ${round}`).toBeDefined();
      const seq = Number(object.metadata.labels.seq);
      expect(seq).toBeGreaterThanOrEqual(state.seq);
      expect(seq).toBeLessThanOrEqual(state.sent);
      expect(Number(object.metadata.resourceVersion)).toBeGreaterThanOrEqual(state.rv);
    }
    expect(Number(listed.metadata.resourceVersion)).toBeGreaterThanOrEqual(highestAcked);
    const firstOfRound = rvs.length;
    const writers = writeUntilCrash(server, round, acked, rvs);
    // Crash at a different point of each round's burst (a loaded machine is slow to warm up: count writes, not ms).
    const target = firstOfRound + 40 + round * 25;
    const deadline = Date.now() + 20_000;
    while (rvs.length < target && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
    await server.kill9();
    await Promise.all(writers);
    const roundRvs = rvs.slice(firstOfRound);
    expect(roundRvs.length).toBeGreaterThan(10);
    // Nothing acknowledged in this round reuses or undercuts a version acknowledged before the crash.
    expect(Math.min(...roundRvs)).toBeGreaterThan(highestAcked);
    highestAcked = Math.max(highestAcked, ...roundRvs);
  }
  expect(new Set(rvs).size).toBe(rvs.length);
}

describe.skipIf(!BUILT)("kill -9 during writes", () => {
  it("file backend: 5 rounds, no acknowledged write lost, resourceVersions strictly increasing", async () => {
    const state = join(mkdtempSync(join(tmpdir(), "crd-ts-crash-")), "state");
    await crashRounds(() => startServe(["--state", state]));
  }, 90_000);

  describe.skipIf(ETCD_MISSING !== undefined)("on etcd", () => {
    let etcd: Etcd;
    beforeAll(async () => {
      etcd = await startEtcd();
    }, 30_000);
    afterAll(async () => etcd?.stop());

    it("etcd backend: 5 rounds, no acknowledged write lost, resourceVersions strictly increasing", async () => {
      await crashRounds(() => startServe(["--etcd", etcd.url]));
    }, 90_000);
  });
});
