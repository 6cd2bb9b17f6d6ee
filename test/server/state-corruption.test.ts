// Start-up on a damaged state: a torn last record (a write the crash interrupted, never
// acknowledged) is dropped; any other damage stops the start with the file, the offset and what is wrong.
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { encodeRecord } from "../../src/server/state-file.js";
import { HE, HE_PATH, healthEvent, request, startTestServer } from "./fixture.js";
import { BUILT, failingServe } from "./processes.js";

async function stateWithTwoEvents(): Promise<{ state: string; log: string; lastRv: number }> {
  const state = join(mkdtempSync(join(tmpdir(), "crd-ts-corrupt-")), "state");
  const t = await startTestServer({ stateFile: state });
  await t.custom.createNamespacedCustomObject({ ...HE, namespace: "default", body: healthEvent("a") });
  const b = await t.custom.createNamespacedCustomObject({ ...HE, namespace: "default", body: healthEvent("b") });
  await t.server.close();
  return { state, log: `${state}.log`, lastRv: Number(b.metadata.resourceVersion) };
}

/** The byte offset of the log line that holds `needle`. */
function offsetOf(path: string, needle: string): number {
  const text = readFileSync(path, "utf8");
  return Buffer.byteLength(text.slice(0, text.lastIndexOf("\n", text.indexOf(needle)) + 1));
}

describe("damaged state files", () => {
  it("drops a torn last record and continues above the last complete one", async () => {
    const { state, log, lastRv } = await stateWithTwoEvents();
    appendFileSync(log, `0badf00d {"rv":${lastRv + 1},"t":"p","r":"nvsentinel.dgxc.nvidia.com/healthevents","k":"default/c","o":{"meta`);
    const t = await startTestServer({ stateFile: state });
    try {
      const names = (await request(t.server, "GET", HE_PATH)).json.items.map((o: any) => o.metadata.name);
      expect(names).toEqual(["a", "b"]);
      const c = await t.custom.createNamespacedCustomObject({ ...HE, namespace: "default", body: healthEvent("c") });
      expect(Number(c.metadata.resourceVersion)).toBe(lastRv + 1);
    } finally {
      await t.server.close();
    }
    // The torn bytes were cut off: the log reads cleanly again.
    const again = await startTestServer({ stateFile: state });
    expect(again.server.count("nvsentinel.dgxc.nvidia.com/healthevents")).toBe(3);
    await again.server.close();
  });

  it("refuses a record whose checksum does not match, naming the file and offset", async () => {
    const { state, log } = await stateWithTwoEvents();
    const offset = offsetOf(log, '"k":"default/a"');
    writeFileSync(log, readFileSync(log, "utf8").replace('"k":"default/a"', '"k":"default/z"'));
    await expect(startTestServer({ stateFile: state })).rejects.toThrow(
      new RegExp(`^${log}: offset ${offset}: checksum mismatch \\(stored [0-9a-f]{8}, computed [0-9a-f]{8}\\)$`),
    );
  });

  it("refuses a resourceVersion that is not an integer, or one that goes back", async () => {
    const { state, log, lastRv } = await stateWithTwoEvents();
    const size = readFileSync(log).length;
    appendFileSync(log, encodeRecord({ rv: "abc", t: "d", r: "nvsentinel.dgxc.nvidia.com/healthevents", k: "default/a" }));
    await expect(startTestServer({ stateFile: state })).rejects.toThrow(`${log}: offset ${size}: rv must be a non-negative integer, got "abc"`);
    writeFileSync(log, readFileSync(log).subarray(0, size));
    appendFileSync(log, encodeRecord({ rv: lastRv - 1, t: "d", r: "nvsentinel.dgxc.nvidia.com/healthevents", k: "default/a" }));
    await expect(startTestServer({ stateFile: state })).rejects.toThrow(`${log}: offset ${size}: rv ${lastRv - 1} is not above the previous record's ${lastRv}`);
  });

  it("refuses a snapshot without its trailer", async () => {
    const { state } = await stateWithTwoEvents();
    const t = await startTestServer({ stateFile: state });
    await t.server.snapshot();
    await t.server.close();
    const lines = readFileSync(state, "utf8").split("\n");
    writeFileSync(state, lines.slice(0, -2).join("\n") + "\n");
    await expect(startTestServer({ stateFile: state })).rejects.toThrow(/state: offset \d+: snapshot incomplete: trailer /);
  });

  it.skipIf(!BUILT)("crd-ts serve exits 1 and prints the damage", async () => {
    const { state, log } = await stateWithTwoEvents();
    writeFileSync(log, readFileSync(log, "utf8").replace(/^[0-9a-f]{8} /, "nothex!! "));
    const { code, stderr } = await failingServe(["--state", state]);
    expect(code).toBe(1);
    expect(stderr).toBe(`crd-ts serve: ${log}: offset 0: not a record (expected \`<crc32> <json>\`)\n`);
  }, 30_000);
});
