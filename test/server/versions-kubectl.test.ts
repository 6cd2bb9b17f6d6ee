// kubectl against crd-ts serve with the two-version HealthEvent CRD: create in v1alpha1, read in v1,
// watch in both, writes in either version stored as v1, v1-only fields kept through v1alpha1 writes,
// and the deprecation warning on every v1alpha1 request.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { healthEventConversion } from "../../generated/ts/nvsentinel/health/v1/health_event_crd_conversion.js";
import { startServer, type RunningServer } from "../../src/server/index.js";
import { CRD_DIR, GROUP, healthEvent } from "./fixture.js";
import { haveKubectl, KUBECTL, kubectlFor } from "./kubectl-cli.js";

const V1 = `healthevents.v1.${GROUP}`;
const V1ALPHA1 = `healthevents.v1alpha1.${GROUP}`;
const DEPRECATION = `Warning: ${GROUP}/v1alpha1 HealthEvent is deprecated; use ${GROUP}/v1 HealthEvent\n`;
const CONDITIONS = [{ type: "Quarantined", status: "True", lastTransitionTime: "2026-01-01T00:00:00Z", reason: "FatalXid", message: "" }];

let server: RunningServer;
let dir: string;
let stateFile: string;

const kubectl = kubectlFor(() => server.kubeconfigPath, () => dir);

function manifest(name: string, object: unknown): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, stringify(object));
  return path;
}

/** The apiVersion each HealthEvent is stored in, from the state log (`<crc> <json>` lines; see src/server/state-file.ts). */
function storedApiVersions(): Record<string, string> {
  const stored: Record<string, string> = {};
  for (const line of readFileSync(`${stateFile}.log`, "utf8").split("\n")) {
    if (line === "") continue;
    const record = JSON.parse(line.slice(line.indexOf(" ") + 1)) as { t?: string; r?: string; o?: { apiVersion: string; metadata: { name: string } } };
    if (record.t === "p" && record.r === `${GROUP}/healthevents` && record.o) stored[record.o.metadata.name] = record.o.apiVersion;
  }
  return stored;
}

/** `kubectl get <resource> -w -o json` until `done(stdout)`; returns stdout and stderr. */
async function watch(resource: string, done: (stdout: string) => boolean, whileWatching: () => Promise<unknown>) {
  const child = spawn(KUBECTL, ["--kubeconfig", server.kubeconfigPath, "--cache-dir", join(dir, "cache"), "get", resource, "-w", "-o", "json"], { env: { PATH: process.env.PATH ?? "", HOME: dir } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (c) => (stdout += c));
  child.stderr.on("data", (c) => (stderr += c));
  const until = async (test: () => boolean) => {
    const deadline = Date.now() + 20_000;
    while (!test() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
  };
  await until(() => stdout.includes('"kind": "HealthEvent"'));
  await whileWatching();
  await until(() => done(stdout));
  child.kill();
  return { stdout, stderr };
}

describe.skipIf(!haveKubectl)("kubectl with two served versions", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "crd-ts-versions-"));
    stateFile = join(dir, "state.json");
    server = await startServer({ crdFiles: [CRD_DIR], kubeconfigPath: join(dir, "kubeconfig"), stateFile, tls: true, conversionPlans: [healthEventConversion] });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("creates in v1alpha1 with the deprecation warning, reads in v1, stores v1", async () => {
    const alpha = { ...healthEvent("from-alpha"), apiVersion: `${GROUP}/v1alpha1` };
    const created = await kubectl("create", "-f", manifest("alpha", alpha));
    expect(created).toMatchObject({ code: 0, stdout: `healthevent.${GROUP}/from-alpha created\n`, stderr: DEPRECATION });
    const asV1 = await kubectl("get", V1, "from-alpha", "-o", "json");
    expect(asV1.stderr).toBe("");
    expect(JSON.parse(asV1.stdout)).toMatchObject({ apiVersion: `${GROUP}/v1`, spec: alpha.spec });
    const asAlpha = await kubectl("get", V1ALPHA1, "from-alpha", "-o", "json");
    expect(asAlpha.stderr).toBe(DEPRECATION);
    expect(JSON.parse(asAlpha.stdout).apiVersion).toBe(`${GROUP}/v1alpha1`);
    await new Promise((r) => setTimeout(r, 100));
    expect(storedApiVersions()["from-alpha"]).toBe(`${GROUP}/v1`);
  });

  it("keeps v1-only status conditions through a v1alpha1 write", async () => {
    const patched = await kubectl("patch", V1, "from-alpha", "--subresource=status", "--type=merge", "-p", JSON.stringify({ status: { nodeQuarantined: "Quarantined", conditions: CONDITIONS } }));
    expect(patched.stderr).toBe("");
    const alpha = JSON.parse((await kubectl("get", V1ALPHA1, "from-alpha", "-o", "json")).stdout);
    expect(alpha.status).toEqual({ nodeQuarantined: "Quarantined" });
    expect(JSON.parse(alpha.metadata.annotations["conversion.protoc-gen-crd-ts/v1"]).fields["/status/conditions"]).toEqual(CONDITIONS);
    const labelled = await kubectl("label", V1ALPHA1, "from-alpha", "team=gpu");
    expect(labelled).toMatchObject({ code: 0, stderr: DEPRECATION });
    const v1 = JSON.parse((await kubectl("get", V1, "from-alpha", "-o", "json")).stdout);
    expect(v1.metadata.labels).toMatchObject({ team: "gpu" });
    expect(v1.metadata.annotations ?? {}).not.toHaveProperty("conversion.protoc-gen-crd-ts/v1");
    expect(v1.status).toEqual({ nodeQuarantined: "Quarantined", conditions: CONDITIONS });
    await new Promise((r) => setTimeout(r, 100));
    expect(storedApiVersions()["from-alpha"]).toBe(`${GROUP}/v1`);
  });

  it("watches in both versions: each delivers its own version", async () => {
    const alphaWatch = await watch(V1ALPHA1, (out) => out.includes('"name": "from-v1"'), () => kubectl("create", "-f", manifest("v1", healthEvent("from-v1"))));
    expect(alphaWatch.stderr).toBe(DEPRECATION);
    expect(alphaWatch.stdout).toContain('"name": "from-v1"');
    expect(alphaWatch.stdout.match(/"apiVersion": "\S+"/g)?.filter((a) => a.includes(GROUP))).toEqual([`"apiVersion": "${GROUP}/v1alpha1"`, `"apiVersion": "${GROUP}/v1alpha1"`]);
    expect(alphaWatch.stdout).not.toContain('"conditions"');
    const v1Watch = await watch(V1, (out) => out.includes('"name": "from-alpha-2"'), () => kubectl("create", "-f", manifest("alpha2", { ...healthEvent("from-alpha-2"), apiVersion: `${GROUP}/v1alpha1` })));
    expect(v1Watch.stderr).toBe("");
    expect(new Set(v1Watch.stdout.match(/"apiVersion": "\S+"/g)?.filter((a) => a.includes(GROUP)))).toEqual(new Set([`"apiVersion": "${GROUP}/v1"`]));
    expect(v1Watch.stdout).toContain('"conditions"');
    const deadline = Date.now() + 5_000;
    while (Object.keys(storedApiVersions()).length < 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(storedApiVersions()).toEqual({ "from-alpha": `${GROUP}/v1`, "from-v1": `${GROUP}/v1`, "from-alpha-2": `${GROUP}/v1` });
  });
});
