// kubectl (v1.32 at /usr/bin/kubectl) against the server: apply the generated CRDs and a
// HealthEvent, printer columns, short names, and admission errors as kubectl prints them.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEvaluator } from "../../src/server/admission.js";
import { startServer, type RunningServer } from "../../src/server/index.js";
import { CRD_DIR, healthEvent } from "./fixture.js";
import { haveKubectl, KUBECTL, kubectlFor } from "./kubectl-cli.js";

if (!haveKubectl) console.warn(`kubectl tests skipped: ${KUBECTL} or openssl (for --tls: kubectl sends tokens only over TLS) is not installed`);
const haveAdmission = (await loadEvaluator()) !== null;
if (!haveAdmission) console.warn("kubectl admission tests skipped: src/crd-eval is not available");

let server: RunningServer;
let dir: string;
const kubectl = kubectlFor(() => server.kubeconfigPath, () => dir);

function manifest(name: string, object: unknown): string {
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, stringify(object));
  return path;
}

/** kubectl's table: rows of whitespace-separated cells. */
function table(stdout: string): string[][] {
  return stdout
    .trim()
    .split("\n")
    .map((line) => line.trim().split(/\s{2,}|\s+(?=\S)/));
}

describe.skipIf(!haveKubectl)("kubectl", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "crd-ts-kubectl-"));
    // kubectl sends the user's token only over TLS (client-go clientcmd reads credentials only for TLS transports).
    server = await startServer({ kubeconfigPath: join(dir, "kubeconfig"), tls: true });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("applies the generated CRDs and a HealthEvent", async () => {
    const crds = await kubectl("apply", "-f", CRD_DIR);
    expect(crds.stderr).toBe("");
    expect(crds.stdout).toBe(
      "customresourcedefinition.apiextensions.k8s.io/healthevents.nvsentinel.dgxc.nvidia.com created\n" +
        "customresourcedefinition.apiextensions.k8s.io/externalremediationrequests.nvsentinel.nvidia.com created\n",
    );
    const he = await kubectl("apply", "-f", manifest("he", healthEvent("he-node-1-xid79")));
    expect(he.stderr).toBe("");
    expect(he.stdout).toBe("healthevent.nvsentinel.dgxc.nvidia.com/he-node-1-xid79 created\n");
    const again = await kubectl("apply", "-f", manifest("he", healthEvent("he-node-1-xid79")));
    expect(again.stdout).toBe("healthevent.nvsentinel.dgxc.nvidia.com/he-node-1-xid79 unchanged\n");
  });

  it("shows the printer columns, the priority ones with -o wide", async () => {
    await kubectl("patch", "healthevent", "he-node-1-xid79", "--subresource=status", "--type=merge", "-p", '{"status":{"nodeQuarantined":"Quarantined"}}');
    const wide = await kubectl("get", "healthevents", "-o", "wide");
    expect(wide.stderr).toBe("");
    const [header, row] = wide.stdout.trim().split("\n").map((line) => line.trim().split(/\s+/));
    expect(header).toEqual([
      "NAME", "NODE", "CHECK", "COMPONENT", "FATAL", "HEALTHY", "QUARANTINED", "EVICTION", "REMEDIATED", "AGENT", "ACTION", "STRATEGY", "AGE",
    ]);
    expect(row.slice(0, -1)).toEqual([
      "he-node-1-xid79", "node-1", "GpuXidError", "GPU", "true", "false", "Quarantined", "gpu-health-monitor", "RESTART_BM", "EXECUTE_REMEDIATION",
    ]);
    expect(row.at(-1)).toMatch(/^\d+s$/);
  });

  it("finds HealthEvents by short name and by category, and filters by field selector", async () => {
    const short = await kubectl("get", "he");
    expect(table(short.stdout)[0].join(" ")).toBe("NAME NODE CHECK COMPONENT FATAL HEALTHY QUARANTINED EVICTION REMEDIATED AGE");
    expect(short.stdout).toContain("he-node-1-xid79");
    const category = await kubectl("get", "nvidia", "-o", "name");
    expect(category.stdout).toBe("healthevent.nvsentinel.dgxc.nvidia.com/he-node-1-xid79\n");
    const none = await kubectl("get", "he", "--field-selector", "spec.nodeName=node-2");
    expect(none.stderr).toBe("No resources found in default namespace.\n");
  });

  it.skipIf(!haveAdmission)("rejects an invalid manifest with the schema and CEL messages", async () => {
    const bad = healthEvent("bad-1", { nodeName: "Node_1", recommendedAction: "CUSTOM" });
    const result = await kubectl("apply", "-f", manifest("bad", bad));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toBe(
      'The HealthEvent "bad-1" is invalid: \n' +
        "* spec.nodeName: Invalid value: \"Node_1\": spec.nodeName in body should match '^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'\n" +
        "* spec.customRecommendedAction: Required value: customRecommendedAction is required when recommendedAction is CUSTOM\n",
    );
  });

  it.skipIf(!haveAdmission)("rejects a spec change as immutable (transition rule)", async () => {
    const changed = healthEvent("he-node-1-xid79", { message: "changed" });
    const result = await kubectl("apply", "-f", manifest("changed", changed));
    expect(result.code).not.toBe(0);
    expect(result.stderr).toBe('The HealthEvent "he-node-1-xid79" is invalid: spec: Invalid value: "object": spec is immutable\n');
  });

  it("explains HealthEvent fields from the OpenAPI v3 documents, ObjectMeta included", async () => {
    const spec = await kubectl("explain", "healthevents.spec");
    expect(spec.stderr).toBe("");
    expect(spec.stdout).toMatch(/^GROUP: +nvsentinel\.dgxc\.nvidia\.com\nKIND: +HealthEvent\nVERSION: +v1\n\nFIELD: spec <Object>\n/);
    expect(spec.stdout).toContain("  nodeName\t<string> -required-\n");
    const nodeName = await kubectl("explain", "he.spec.nodeName");
    expect(nodeName.stdout).toContain("FIELD: nodeName <string>");
    const labels = await kubectl("explain", "he.metadata.labels");
    expect(labels.stdout).toContain("FIELD: labels <map[string]string>");
    const missing = await kubectl("explain", "he.spec.nope");
    expect(missing.stderr).toBe('error: field "nope" does not exist\n');
  });

  it("deletes", async () => {
    const result = await kubectl("delete", "he", "he-node-1-xid79");
    expect(result.stdout).toBe('healthevent.nvsentinel.dgxc.nvidia.com "he-node-1-xid79" deleted\n');
    expect((await kubectl("get", "he")).stderr).toBe("No resources found in default namespace.\n");
  });
});
