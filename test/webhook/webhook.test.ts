// crd-ts webhook over real HTTPS: ConversionReview requests and responses as the API server sends and
// reads them (uid echoed, convertedObjects in request order, Failure results), health endpoints, bad
// requests, and the command as a process with a self-signed or a given certificate.
import { spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { request } from "node:https";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { healthEventConversion } from "../../generated/ts/nvsentinel/health/v1/health_event_crd_conversion.js";
import { type RunningWebhook, selfSignedCertificate, startWebhook } from "../../src/webhook/index.js";
import { ROOT } from "../harness/compile.js";

const GROUP = "nvsentinel.dgxc.nvidia.com";
const CONDITIONS = [{ type: "Quarantined", status: "True", lastTransitionTime: "2026-01-01T00:00:00Z", reason: "FatalXid" }];
const V1 = { apiVersion: `${GROUP}/v1`, kind: "HealthEvent", metadata: { name: "a", namespace: "ns", labels: { x: "1" } }, spec: { nodeName: "node-1" }, status: { nodeQuarantined: "Quarantined", conditions: CONDITIONS } };
const ALPHA = { apiVersion: `${GROUP}/v1alpha1`, kind: "HealthEvent", metadata: { name: "b", namespace: "ns" }, spec: { nodeName: "node-2", checkName: "GpuXidError" } };

interface Reply {
  status: number;
  type: string;
  body: string;
}

function send(url: string, ca: string, path: string, init: { method?: string; body?: string; type?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method: init.method ?? "POST", ca, headers: { "Content-Type": init.type ?? "application/json" } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"]), body }));
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

const review = (uid: string, desiredAPIVersion: string, objects: unknown[]) =>
  JSON.stringify({ apiVersion: "apiextensions.k8s.io/v1", kind: "ConversionReview", request: { uid, desiredAPIVersion, objects } });

describe("conversion webhook over HTTPS", () => {
  const tls = selfSignedCertificate(["localhost", "127.0.0.1"]);
  let webhook: RunningWebhook;
  const post = (body: string, init: { type?: string } = {}) => send(webhook.url, tls.cert, "/convert", { body, ...init });

  beforeAll(async () => {
    webhook = await startWebhook({ plans: [healthEventConversion], cert: tls.cert, key: tls.key, port: 0 });
  });
  afterAll(() => webhook.close());

  it("answers /healthz and /readyz", async () => {
    for (const path of ["/healthz", "/readyz"]) {
      expect(await send(webhook.url, tls.cert, path, { method: "GET" })).toMatchObject({ status: 200, body: "ok" });
    }
  });

  it("is TLS: a client that does not trust the certificate cannot connect", async () => {
    await expect(send(webhook.url, "", "/healthz", { method: "GET" })).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
  });

  it("converts every object to the desired version, in request order, echoing the uid", async () => {
    const reply = await post(review("uid-1", `${GROUP}/v1alpha1`, [V1, ALPHA]));
    expect(reply.status).toBe(200);
    expect(reply.type).toBe("application/json");
    const { apiVersion, kind, response } = JSON.parse(reply.body);
    expect({ apiVersion, kind }).toEqual({ apiVersion: "apiextensions.k8s.io/v1", kind: "ConversionReview" });
    expect(response.uid).toBe("uid-1");
    expect(response.result).toEqual({ status: "Success" });
    const [first, second] = response.convertedObjects;
    expect(first).toEqual({
      ...V1, apiVersion: `${GROUP}/v1alpha1`, status: { nodeQuarantined: "Quarantined" },
      metadata: { ...V1.metadata, annotations: { "conversion.protoc-gen-crd-ts/v1": JSON.stringify({ fields: { "/status/conditions": CONDITIONS }, createdAnnotations: true }) } },
    });
    expect(second).toEqual(ALPHA);
    // Back to v1: the conditions return from the annotation; name, namespace and labels never change.
    const back = JSON.parse((await post(review("uid-2", `${GROUP}/v1`, response.convertedObjects))).body).response;
    expect(back).toEqual({ uid: "uid-2", convertedObjects: [V1, { ...ALPHA, apiVersion: `${GROUP}/v1` }], result: { status: "Success" } });
  });

  it("fails the whole review, with the uid and a message, when one object cannot be converted", async () => {
    const cases: [unknown[], string, string][] = [
      [[V1, { ...ALPHA, kind: "Widget" }], `${GROUP}/v1`, `objects[1]: no conversion for kind "Widget" in group ${GROUP}`],
      [[{ ...V1, apiVersion: "other.example.com/v1" }], `${GROUP}/v1alpha1`, `objects[0]: apiVersion "other.example.com/v1" is not in the desired group ${GROUP}`],
      [[V1], `${GROUP}/v2`, `objects[0] (ns/a): ${GROUP}/v2 is not a version of HealthEvent (versions: v1, v1alpha1)`],
      [[{ ...ALPHA, metadata: { name: "c", annotations: { "conversion.protoc-gen-crd-ts/v1": "not json" } } }], `${GROUP}/v1`, `objects[0] (c): metadata.annotations["conversion.protoc-gen-crd-ts/v1"] is not valid JSON`],
      [[V1], "v1", `request.desiredAPIVersion "v1" is not <group>/<version>`],
    ];
    for (const [objects, desired, message] of cases) {
      const reply = await post(review("uid-f", desired, objects));
      expect(reply.status).toBe(200);
      expect(JSON.parse(reply.body).response).toEqual({ uid: "uid-f", result: { status: "Failure", message } });
    }
  });

  it("answers requests that are not a v1 ConversionReview with 4xx", async () => {
    expect(await post("{not json")).toMatchObject({ status: 400, body: expect.stringContaining("cannot decode the ConversionReview") });
    expect(await post(JSON.stringify({ apiVersion: "apiextensions.k8s.io/v1beta1", kind: "ConversionReview", request: { uid: "u" } })))
      .toMatchObject({ status: 400, body: "expected a apiextensions.k8s.io/v1 ConversionReview, got apiextensions.k8s.io/v1beta1 ConversionReview" });
    expect(await post(JSON.stringify({ apiVersion: "apiextensions.k8s.io/v1", kind: "ConversionReview", request: {} })))
      .toMatchObject({ status: 400, body: "the ConversionReview has no request.uid" });
    expect((await post(review("u", `${GROUP}/v1`, []), { type: "text/plain" })).status).toBe(415);
    expect((await send(webhook.url, tls.cert, "/convert", { method: "GET" })).status).toBe(405);
    expect((await send(webhook.url, tls.cert, "/other", { body: "{}" })).status).toBe(404);
  });
});

const BIN = fileURLToPath(new URL("../../bin/crd-ts", import.meta.url));
const BUILT = existsSync(join(ROOT, "dist/src/cli/webhook.js"));

describe.skipIf(!BUILT)("crd-ts webhook process", () => {
  async function start(args: string[]) {
    const child = spawn(process.execPath, [BIN, "webhook", "--host", "127.0.0.1", "--port", "0", ...args]);
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    const deadline = Date.now() + 30_000;
    while (!stdout.includes("kinds:") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    return { child, stdout, exited };
  }

  it("serves with a self-signed certificate it writes out, converts with the generated plans, stops on SIGTERM", async () => {
    const { child, stdout, exited } = await start([]);
    const url = /listening on (https:\/\/\S+)\/convert/.exec(stdout)?.[1];
    const certFile = /certificate: (\S+)/.exec(stdout)?.[1];
    expect(stdout).toContain(`kinds: HealthEvent.${GROUP} (v1, v1alpha1)`);
    const ca = readFileSync(certFile!, "utf8");
    expect(await send(url!, ca, "/readyz", { method: "GET" })).toMatchObject({ status: 200, body: "ok" });
    const reply = JSON.parse((await send(url!, ca, "/convert", { body: review("p", `${GROUP}/v1`, [ALPHA]) })).body);
    expect(reply.response.convertedObjects[0].apiVersion).toBe(`${GROUP}/v1`);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });

  it("serves with --cert and --key", async () => {
    const tls = selfSignedCertificate(["127.0.0.1"]);
    const keyFile = join(tls.certFile, "..", "tls.key");
    const { child, stdout, exited } = await start(["--cert", tls.certFile, "--key", keyFile, "--path", "/crd-convert"]);
    expect(stdout).not.toContain("certificate:");
    const url = /listening on (https:\/\/\S+)\/crd-convert/.exec(stdout)?.[1];
    expect((await send(url!, tls.cert, "/crd-convert", { body: review("q", `${GROUP}/v1alpha1`, [V1]) })).status).toBe(200);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
  });
});
