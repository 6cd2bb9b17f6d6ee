// Runs kubectl (v1.32 at /usr/bin/kubectl) against a server's kubeconfig, with its own cache and HOME.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

export const KUBECTL = "/usr/bin/kubectl";
export const haveKubectl = existsSync(KUBECTL);

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
