// generated/kustomization.yaml with kubectl: `kubectl kustomize` renders the CRDs and RBAC roles, and
// `kubectl apply -k` creates them on crd-ts serve (which stores RBAC objects without enforcing them).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type RunningServer } from "../../src/server/index.js";
import { haveKubectl, KUBECTL, kubectlFor } from "./kubectl-cli.js";

if (!haveKubectl) console.warn(`kustomize tests skipped: ${KUBECTL} or openssl is not installed`);

const GENERATED = fileURLToPath(new URL("../../generated", import.meta.url));
const OBJECTS = [
  "CustomResourceDefinition/externalremediationrequests.nvsentinel.nvidia.com",
  "CustomResourceDefinition/healthevents.nvsentinel.dgxc.nvidia.com",
  "ClusterRole/externalremediationrequests-admin",
  "ClusterRole/externalremediationrequests-editor",
  "ClusterRole/externalremediationrequests-viewer",
  "ClusterRole/health-event-store",
  "ClusterRole/healthevents-admin",
  "ClusterRole/healthevents-editor",
  "ClusterRole/healthevents-viewer",
];

let server: RunningServer;
let dir: string;
const kubectl = kubectlFor(() => server.kubeconfigPath, () => dir);

describe.skipIf(!haveKubectl)("generated/kustomization.yaml", () => {
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "crd-ts-kustomize-"));
    server = await startServer({ kubeconfigPath: join(dir, "kubeconfig"), tls: true });
  });
  afterAll(async () => {
    await server?.close();
  });

  it("renders the CRDs and roles with kubectl kustomize", async () => {
    const rendered = await kubectl("kustomize", GENERATED);
    expect(rendered.stderr).toBe("");
    const objects = parseAllDocuments(rendered.stdout).map((d) => d.toJS() as { kind: string; metadata: { name: string } });
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([...OBJECTS].sort());
  });

  it("creates them with kubectl apply -k", async () => {
    const applied = await kubectl("apply", "-k", GENERATED);
    expect(applied.stderr).toBe("");
    expect(applied.stdout.trim().split("\n").sort()).toEqual(
      OBJECTS.map((o) => {
        const [kind, name] = o.split("/");
        const resource = kind === "ClusterRole" ? "clusterrole.rbac.authorization.k8s.io" : "customresourcedefinition.apiextensions.k8s.io";
        return `${resource}/${name} created`;
      }).sort(),
    );
    const roles = await kubectl("get", "clusterroles", "-o", "name");
    expect(roles.stdout.trim().split("\n").sort()).toEqual(OBJECTS.filter((o) => o.startsWith("ClusterRole/")).map((o) => `clusterrole.rbac.authorization.k8s.io/${o.split("/")[1]}`));
    const store = await kubectl("get", "clusterrole", "health-event-store", "-o", "jsonpath={.rules[2].resources[0]}");
    expect(store.stdout).toBe("configmaps");
    const again = await kubectl("apply", "-k", GENERATED);
    expect(again.stdout).toContain("clusterrole.rbac.authorization.k8s.io/healthevents-viewer unchanged");
  });
});
