// The route fixture of issue 9 (test/fixtures/kubernetes-cel) through crd-ts serve with kubectl: the
// same creates, updates and /status writes as test/validate/validate-update.test.ts, with the same
// messages as src/crd-eval and crd-ts validate --old/--subresource.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEvaluator } from "../../src/server/admission.js";
import { startServer, type RunningServer } from "../../src/server/index.js";
import { haveKubectl, kubectlFor } from "./kubectl-cli.js";

const FIXTURES = join(import.meta.dirname, "../fixtures/kubernetes-cel");
// kubectl sends the server's token only over TLS, so the server runs with tls (openssl makes its certificate).
const enabled = haveKubectl && (await loadEvaluator()) !== null;
let server: RunningServer;
let dir: string;

const kubectlRun = kubectlFor(() => server.kubeconfigPath, () => dir);
async function kubectl(...args: string[]): Promise<{ out: string; code: number }> {
  const { stdout, stderr, code } = await kubectlRun(...args);
  return { out: stdout + stderr, code };
}

describe.skipIf(!enabled)("Kubernetes CEL fixtures through crd-ts serve and kubectl", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "crd-ts-kcel-"));
    server = await startServer({ kubeconfigPath: join(dir, "kubeconfig"), tls: true });
    const crd = await kubectl("apply", "-f", join(FIXTURES, "crd.yaml"));
    expect(crd.out).toContain("created");
    // From a manifest: `kubectl create namespace` sends protobuf, which the server does not read.
    writeFileSync(join(dir, "ns.json"), JSON.stringify({ apiVersion: "v1", kind: "Namespace", metadata: { name: "shop" } }));
    const ns = await kubectl("create", "-f", join(dir, "ns.json"));
    expect(ns.out).toContain("created");
  });
  afterAll(async () => {
    await server?.close();
  });

  it("refuses the invalid route with crd-eval's messages", async () => {
    const r = await kubectl("create", "-f", join(FIXTURES, "invalid.yaml"));
    expect(r.code).not.toBe(0);
    for (const message of [
      `spec.methods[0].service: Invalid value: "9shop.Checkout": spec.methods[0].service in body should match '^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$'`,
      'spec.allowedSources[0]: Invalid value: "string": a CIDR must not have host bits set',
      'spec.backendURL: Invalid value: "string": backendURL must be an http(s) URL',
      'spec.memory: Invalid value: "string": memory must be a quantity below 64Gi',
      ".spec.replicas: Invalid value: -1: should be a non-negative integer",
    ]) {
      expect(r.out).toContain(message);
    }
  });

  it("creates the stored route, writes its status, then applies the update and the /status write", async () => {
    expect((await kubectl("create", "-f", join(FIXTURES, "stored.yaml"))).code).toBe(0);
    // The create dropped the status; write it through /status.
    expect((await kubectl("replace", "--subresource=status", "-f", join(FIXTURES, "stored.yaml"))).out).toContain("replaced");
    const update = await kubectl("replace", "-f", join(FIXTURES, "update.yaml"));
    expect(update.out).toContain('spec: Invalid value: "object": gatewayClass is immutable');
    const status = await kubectl("replace", "--subresource=status", "-f", join(FIXTURES, "update.yaml"));
    expect(status.out).toContain('status.phase: Invalid value: "string": a failed route stays failed');
    expect(status.out).not.toContain("gatewayClass");
  });

  it("accepts the valid route", async () => {
    expect((await kubectl("apply", "-f", join(FIXTURES, "valid.yaml"))).code).toBe(0);
  });
});
