// A kubeconfig that points kubectl and @kubernetes/client-node at the local server, with the
// server's bearer token and, under --tls, its certificate as the CA. Written with mode 0600.
import { chmodSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { stringify } from "yaml";

export interface KubeconfigOptions {
  token: string;
  /** PEM CA of an https server. */
  caCert?: string;
  namespace?: string;
}

export function kubeconfigFor(url: string, options: KubeconfigOptions): string {
  const cluster: Record<string, unknown> = { server: url };
  if (options.caCert !== undefined) cluster["certificate-authority-data"] = Buffer.from(options.caCert).toString("base64");
  // client-node refuses http:// servers unless TLS verification is off (there is no TLS to verify).
  else cluster["insecure-skip-tls-verify"] = true;
  return stringify({
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "crd-ts", cluster }],
    users: [{ name: "crd-ts", user: { token: options.token } }],
    contexts: [{ name: "crd-ts", context: { cluster: "crd-ts", user: "crd-ts", namespace: options.namespace ?? "default" } }],
    "current-context": "crd-ts",
    preferences: {},
  });
}

export function writeKubeconfig(path: string, url: string, options: KubeconfigOptions): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, kubeconfigFor(url, options), { mode: 0o600 });
  // writeFileSync's mode applies only to a new file; an existing kubeconfig keeps its mode otherwise.
  chmodSync(path, 0o600);
}
