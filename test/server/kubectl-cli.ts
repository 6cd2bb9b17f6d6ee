// Runs kubectl (v1.32 at /usr/bin/kubectl) against a server's kubeconfig, with its own cache and HOME.
import { execFile, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

export const KUBECTL = "/usr/bin/kubectl";
/** kubectl sends a bearer token only over TLS, so the server runs with --tls, which needs openssl. */
export const haveKubectl = existsSync(KUBECTL) && spawnSync("openssl", ["version"]).status === 0;

const run = promisify(execFile);

export interface KubectlResult {
  stdout: string;
  stderr: string;
  code: number;
}

/** A kubectl bound to a kubeconfig; `dir` holds its cache and is its HOME. */
export function kubectlFor(kubeconfigPath: () => string, dir: () => string): (...args: string[]) => Promise<KubectlResult> {
  return async (...args) => {
    try {
      const { stdout, stderr } = await run(KUBECTL, ["--kubeconfig", kubeconfigPath(), "--cache-dir", join(dir(), "cache"), ...args], {
        env: { PATH: process.env.PATH ?? "", HOME: dir() },
      });
      return { stdout, stderr, code: 0 };
    } catch (error) {
      const e = error as { stdout: string; stderr: string; code: number };
      return { stdout: e.stdout, stderr: e.stderr, code: e.code };
    }
  };
}
