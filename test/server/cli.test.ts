// crd-ts serve as a process (built dist/, `npm run -s build` first): flags, the printed URL and
// kubeconfig, CLI-set faults, and a clean stop on SIGTERM that leaves the state file behind.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { DEFAULT_KUBECONFIG, DEFAULT_STATE_FILE, parseServeArgs, withDefaults } from "../../src/cli/serve.js";
import { CRD_DIR } from "./fixture.js";

const BIN = fileURLToPath(new URL("../../bin/crd-ts", import.meta.url));
const BUILT = existsSync(fileURLToPath(new URL("../../dist/src/server/index.js", import.meta.url)));

describe("crd-ts serve arguments", () => {
  it("maps flags to server options", () => {
    expect(
      parseServeArgs([
        "--port", "8080", "--crd", "a.yaml", "--crd", "dir", "--state", "s.json", "--kubeconfig-out", "kc",
        "--fault-429", "0.1", "--fault-retry-after", "3", "--fault-gone-watch", "0.5", "--fault-resource", "healthevents", "--fault-seed", "9",
      ]),
    ).toEqual({
      port: 8080,
      crdFiles: ["a.yaml", "dir"],
      stateFile: "s.json",
      kubeconfigPath: "kc",
      faults: { tooManyRequests: 0.1, retryAfterSeconds: 3, goneWatch: 0.5, resources: ["healthevents"], seed: 9 },
    });
  });

  it("maps --tls and --token-file", () => {
    expect(parseServeArgs(["--tls", "--token-file", "t"])).toEqual({ crdFiles: [], tls: true, tokenFile: "t", faults: {} });
  });

  it("rejects unknown flags and missing numbers", () => {
    expect(() => parseServeArgs(["--nope"])).toThrow("unknown option --nope");
    expect(() => parseServeArgs(["--port"])).toThrow("--port needs a value");
    expect(() => parseServeArgs(["--fault-500", "often"])).toThrow("--fault-500 needs a number");
  });
});

describe("crd-ts serve defaults (what the README shows)", () => {
  it("takes the project's CRD folders from buf.gen.yaml, keeps state and kubeconfig in .crd-ts/", () => {
    const root = fileURLToPath(new URL("../..", import.meta.url));
    expect(withDefaults(parseServeArgs([]) as object, root)).toEqual({
      crdFiles: ["generated/crds"],
      stateFile: DEFAULT_STATE_FILE,
      kubeconfigPath: DEFAULT_KUBECONFIG,
      faults: {},
    });
    expect([DEFAULT_STATE_FILE, DEFAULT_KUBECONFIG]).toEqual([".crd-ts/state.json", ".crd-ts/kubeconfig"]);
  });

  it("--no-state keeps the state in memory; given flags win", () => {
    const options = withDefaults(parseServeArgs(["--no-state", "--crd", "x.yaml", "--kubeconfig-out", "kc"]) as object, "/nonexistent");
    expect(options).toEqual({ crdFiles: ["x.yaml"], kubeconfigPath: "kc", faults: {} });
  });
});

describe.skipIf(!BUILT)("crd-ts serve process", () => {
  it("stops when the process that started it ends", async () => {
    const dir = mkdtempSync(join(tmpdir(), "crd-ts-cli-"));
    // A parent that starts the server, prints its pid, and is then killed with SIGKILL (no cleanup).
    const parentScript = `
      const { spawn } = require("node:child_process");
      const c = spawn(process.execPath, [${JSON.stringify(BIN)}, "serve", "--no-state", "--kubeconfig-out", ${JSON.stringify(join(dir, "kc"))}], { stdio: ["ignore", "pipe", "inherit"] });
      c.stdout.on("data", (d) => { if (String(d).includes("crds:")) process.stdout.write(c.pid + "\\n"); });
      setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ["-e", parentScript], { cwd: dir });
    const serverPid = await new Promise<number>((resolve) => parent.stdout.on("data", (d) => resolve(Number(String(d).trim()))));
    const alive = (pid: number) => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    expect(alive(serverPid)).toBe(true);
    parent.kill("SIGKILL");
    const deadline = Date.now() + 10_000;
    while (alive(serverPid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(alive(serverPid)).toBe(false);
  });

  it("serves until SIGTERM, then writes its state and exits 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), "crd-ts-cli-"));
    const state = join(dir, "state.json");
    const kubeconfig = join(dir, "kubeconfig");
    const child = spawn(process.execPath, [
      BIN, "serve", "--port", "0", "--crd", CRD_DIR, "--state", state, "--kubeconfig-out", kubeconfig,
      "--fault-500", "1", "--fault-resource", "configmaps",
    ]);
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const deadline = Date.now() + 20_000;
    while (!stdout.includes("crds:") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
    expect(stdout).toBe(
      `crd-ts serve: listening on ${url}\nkubeconfig: ${kubeconfig}\n` +
        "crds: externalremediationrequests.nvsentinel.nvidia.com, healthevents.nvsentinel.dgxc.nvidia.com\n",
    );
    expect(readFileSync(kubeconfig, "utf8")).toContain(`server: ${url}`);
    const token = /token: (\S+)/.exec(readFileSync(kubeconfig, "utf8"))?.[1];
    const auth = { Authorization: `Bearer ${token}` };
    const created = await fetch(`${url}/api/v1/namespaces`, {
      method: "POST",
      headers: { "Content-Type": "application/json", ...auth },
      body: JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: "from-cli" } }),
    });
    expect(created.status).toBe(201);
    expect((await fetch(`${url}/apis/nvsentinel.dgxc.nvidia.com/v1alpha1/healthevents`, { headers: auth })).status).toBe(200);
    expect((await fetch(`${url}/api/v1/configmaps`, { headers: auth })).status).toBe(500);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    // The log (crd-ts-state/v2: `<crc32> <json>` lines) has every write; the watch history survives in it.
    const saved = readFileSync(`${state}.log`, "utf8").trimEnd().split("\n").map((line) => JSON.parse(line.slice(9)));
    expect(saved.filter((r) => r.r === "/namespaces").map((r) => r.o.metadata.name)).toContain("from-cli");
  });
});
