// The API server's side of a conversion webhook (src/webhook/client.ts) against a real `crd-ts webhook`
// process over HTTPS, and against an HTTPS server that answers as a broken webhook would: every answer
// kube-apiserver rejects is rejected with its message, and nothing partial comes back.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { convertThroughWebhook, selfSignedCertificate } from "../../src/webhook/index.js";
import { ROOT } from "../harness/compile.js";

const GROUP = "nvsentinel.dgxc.nvidia.com";
const BIN = join(ROOT, "bin/crd-ts");
const CONDITIONS = [{ type: "Quarantined", status: "True", lastTransitionTime: "2026-01-01T00:00:00Z", reason: "FatalXid" }];
const V1 = { apiVersion: `${GROUP}/v1`, kind: "HealthEvent", metadata: { name: "a", namespace: "ns" }, spec: { nodeName: "node-1" }, status: { conditions: CONDITIONS } };
const ALPHA = { apiVersion: `${GROUP}/v1alpha1`, kind: "HealthEvent", metadata: { name: "b", namespace: "ns" }, spec: { nodeName: "node-2" } };

describe("through a real crd-ts webhook process", () => {
  let child: ChildProcess;
  let url: string;
  let ca: string;

  beforeAll(async () => {
    child = spawn(process.execPath, [BIN, "webhook", "--host", "127.0.0.1", "--port", "0"]);
    let stdout = "";
    child.stdout!.on("data", (chunk) => (stdout += chunk));
    const deadline = Date.now() + 30_000;
    while (!stdout.includes("kinds:") && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    url = /listening on (https:\/\/\S+\/convert)/.exec(stdout)![1];
    ca = readFileSync(/certificate: (\S+)/.exec(stdout)![1], "utf8");
  }, 40_000);
  afterAll(() => {
    child.kill("SIGTERM");
  });

  it("converts both ways and back to the original objects", async () => {
    const alpha = await convertThroughWebhook({ url, ca }, [V1, ALPHA], `${GROUP}/v1alpha1`);
    expect(alpha.map((o) => o.apiVersion)).toEqual([`${GROUP}/v1alpha1`, `${GROUP}/v1alpha1`]);
    expect((alpha[0].status as Record<string, unknown>).conditions).toBeUndefined();
    expect(await convertThroughWebhook({ url, ca }, [alpha[0]], `${GROUP}/v1`)).toEqual([V1]);
  });

  it("fails with the webhook's message when it cannot convert", async () => {
    await expect(convertThroughWebhook({ url, ca }, [ALPHA], `${GROUP}/v2`)).rejects.toThrow(
      `conversion webhook for ${GROUP}/v2, Kind=HealthEvent failed: objects[0] (ns/b): ${GROUP}/v2 is not a version of HealthEvent (versions: v1, v1alpha1)`,
    );
  });

  it("does not trust a webhook whose certificate is not signed by the CA", async () => {
    await expect(convertThroughWebhook({ url, ca: selfSignedCertificate(["127.0.0.1"]).cert }, [ALPHA], `${GROUP}/v1`)).rejects.toThrow(/failed: .*(self[- ]signed|verify|certificate)/i);
  });
});

describe("against webhooks that answer wrongly", () => {
  const tls = selfSignedCertificate(["127.0.0.1"]);
  let answer: (review: { request: { uid: string; objects: Record<string, unknown>[]; desiredAPIVersion: string } }) => { status?: number; body: unknown };
  let server: Server;
  let url: string;

  beforeAll(async () => {
    server = createServer({ cert: tls.cert, key: tls.key }, (req, res) => {
      let text = "";
      req.on("data", (c) => (text += c));
      req.on("end", () => {
        const { status = 200, body } = answer(JSON.parse(text));
        res.writeHead(status, { "Content-Type": "application/json" }).end(typeof body === "string" ? body : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/convert`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const converted = (review: { request: { objects: Record<string, unknown>[]; desiredAPIVersion: string } }) =>
    review.request.objects.map((o) => ({ ...o, apiVersion: review.request.desiredAPIVersion }));
  const ok = (review: Parameters<typeof answer>[0], objects: unknown[]) => ({ body: { apiVersion: "apiextensions.k8s.io/v1", kind: "ConversionReview", response: { uid: review.request.uid, result: { status: "Success" }, convertedObjects: objects } } });
  const cases: [string, typeof answer, string][] = [
    ["another uid", (r) => ({ body: { response: { uid: "other", result: { status: "Success" }, convertedObjects: converted(r) } } }), `failed: expected response.uid=`],
    ["a Failure result", (r) => ({ body: { response: { uid: r.request.uid, result: { status: "Failure", message: "no converter" } } } }), "failed: no converter"],
    ["a Failure without message", (r) => ({ body: { response: { uid: r.request.uid, result: { status: "Failure" } } } }), "failed: response.result.status was 'Failure', not 'Success'"],
    ["no response", () => ({ body: {} }), "failed: no response provided"],
    ["fewer objects", (r) => ok(r, converted(r).slice(1)), "returned 1 objects, expected 2"],
    ["another apiVersion", (r) => ok(r, r.request.objects), "returned invalid converted object at index 0: invalid groupVersion (expected"],
    ["another kind", (r) => ok(r, converted(r).map((o) => ({ ...o, kind: "Other" }))), "invalid kind (expected HealthEvent, received Other)"],
    ["a changed name", (r) => ok(r, converted(r).map((o, i) => (i === 1 ? { ...o, metadata: { name: "z", namespace: "ns" } } : o))), "returned invalid metadata at index 1: only labels and annotations may change (changed: metadata.name)"],
    ["HTTP 500", () => ({ status: 500, body: "boom" }), "failed: the server responded with status 500: boom"],
    ["not JSON", () => ({ body: "<html>" }), "failed: Unexpected token"],
  ];

  it.each(cases)("rejects %s", async (_name, reply, message) => {
    answer = reply;
    await expect(convertThroughWebhook({ url, ca: tls.cert }, [V1, ALPHA], `${GROUP}/v1alpha1`)).rejects.toThrow(message);
  });

  it("accepts changed labels and annotations", async () => {
    answer = (r) => ok(r, converted(r).map((o) => ({ ...o, metadata: { ...(o.metadata as object), labels: { a: "b" }, annotations: { c: "d" } } })));
    const result = await convertThroughWebhook({ url, ca: tls.cert }, [V1], `${GROUP}/v1alpha1`);
    expect(result[0].metadata).toEqual({ name: "a", namespace: "ns", labels: { a: "b" }, annotations: { c: "d" } });
  });

  it("times out", async () => {
    const slow = createServer({ cert: tls.cert, key: tls.key }, () => undefined);
    await new Promise<void>((resolve) => slow.listen(0, "127.0.0.1", resolve));
    try {
      const slowUrl = `https://127.0.0.1:${(slow.address() as AddressInfo).port}/convert`;
      await expect(convertThroughWebhook({ url: slowUrl, ca: tls.cert, timeoutMs: 200 }, [V1], `${GROUP}/v1alpha1`)).rejects.toThrow("failed: timed out after 200 ms");
    } finally {
      slow.closeAllConnections();
      await new Promise<void>((resolve) => slow.close(() => resolve()));
    }
  });
});
