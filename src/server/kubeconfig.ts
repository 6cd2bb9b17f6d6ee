// A kubeconfig that points kubectl and @kubernetes/client-node at the local server.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { stringify } from "yaml";

export function kubeconfigFor(url: string, namespace = "default"): string {
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    // client-node refuses http:// servers unless TLS verification is off (there is no TLS to verify).
    clusters: [{ name: "crd-ts", cluster: { server: url, "insecure-skip-tls-verify": true } }],
    users: [{ name: "crd-ts", user: { token: "crd-ts-local" } }],
    contexts: [{ name: "crd-ts", context: { cluster: "crd-ts", user: "crd-ts", namespace } }],
    "current-context": "crd-ts",
    preferences: {},
  });
}

export function writeKubeconfig(path: string, url: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, kubeconfigFor(url), { mode: 0o600 });
}
