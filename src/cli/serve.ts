// crd-ts serve: run the local Kubernetes API server until SIGINT or SIGTERM, or until the process that
// started it ends (so `npx crd-ts serve &` in a script, or a test runner that dies, leaves nothing behind).
import type { FaultOptions, ServerOptions } from "../server/index.js";
import { projectCrdDirs } from "./project.js";

/** Where the server keeps its state and kubeconfig unless told otherwise (git-ignored here). */
export const DEFAULT_STATE_FILE = ".crd-ts/state.json";
export const DEFAULT_KUBECONFIG = ".crd-ts/kubeconfig";

const HELP = `Usage: crd-ts serve [options]

Runs a local Kubernetes API server for custom resources (discovery, CRUD, watch, Table output,
admission by the loaded CRDs) that kubectl and @kubernetes/client-node can use.

Options:
  --port <n>                  port to listen on (default 0: any free port)
  --host <address>            address to listen on (default 127.0.0.1)
  --crd <file|dir>            CRD YAML to register at start (repeatable; default: the CRD folder(s) of
                              the project's buf.gen.yaml, else charts/*/crds; generated/crds here)
  --state <file>              keep the state in files: <file>.log (each write synced before its reply)
                              and <file> (snapshots); created with mode 0600 (default ${DEFAULT_STATE_FILE})
  --no-state                  keep the state in memory only
  --etcd <url>                keep the state in etcd (http://host:port), under /registry/ like kube-apiserver
  --kubeconfig-out <path>     write a kubeconfig for clients here (default ${DEFAULT_KUBECONFIG})
  --token-file <path>         the bearer token clients must send: this file's first line
                              (default: a new random token, written into the kubeconfig)
  --tls                       serve https with a new self-signed certificate (needs openssl;
                              its CA goes into the kubeconfig)
  --history-limit <n>         changes kept for watches and continue tokens (default 100000)
  --bookmark-interval <ms>    interval of watch bookmarks (default 1000)
  --fault-conflict <p>        probability of 409 Conflict on updates and patches
  --fault-429 <p>             probability of 429 Too Many Requests
  --fault-retry-after <s>     Retry-After of injected 429s (default 1)
  --fault-500 <p>             probability of 500 Internal Server Error
  --fault-drop <p>            probability of dropping the connection before handling a request
  --fault-drop-after-write <p> probability of dropping the connection after a write was applied
  --fault-close-watch <p>     probability of ending a watch early
  --fault-gone-watch <p>      probability of answering a watch with 410 Gone
  --fault-resource <plural>   apply faults only to this resource (repeatable)
  --fault-seed <n>            seed of the fault random source

Stops on SIGINT or SIGTERM, and when the process that started it exits.
`;

const FAULT_FLAGS: Record<string, keyof FaultOptions> = {
  "--fault-conflict": "conflict",
  "--fault-429": "tooManyRequests",
  "--fault-retry-after": "retryAfterSeconds",
  "--fault-500": "serverError",
  "--fault-drop": "dropConnection",
  "--fault-drop-after-write": "dropAfterWrite",
  "--fault-close-watch": "closeWatch",
  "--fault-gone-watch": "goneWatch",
  "--fault-seed": "seed",
};

export function parseServeArgs(args: string[]): ServerOptions | "help" {
  const options: ServerOptions = { crdFiles: [] };
  const faults: FaultOptions = {};
  const number = (flag: string, text: string | undefined): number => {
    const value = Number(text);
    if (text === undefined || text === "" || Number.isNaN(value)) throw new Error(`${flag} needs a number`);
    return value;
  };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const value = args[i + 1];
    const take = () => {
      if (value === undefined) throw new Error(`${flag} needs a value`);
      i++;
      return value;
    };
    if (flag === "--help" || flag === "-h") return "help";
    else if (flag === "--port") options.port = number(flag, take());
    else if (flag === "--host") options.host = take();
    else if (flag === "--crd") options.crdFiles!.push(take());
    else if (flag === "--state") options.stateFile = take();
    else if (flag === "--no-state") options.stateFile = "";
    else if (flag === "--etcd") options.etcd = take();
    else if (flag === "--kubeconfig-out") options.kubeconfigPath = take();
    else if (flag === "--token-file") options.tokenFile = take();
    else if (flag === "--tls") options.tls = true;
    else if (flag === "--history-limit") options.historyLimit = number(flag, take());
    else if (flag === "--bookmark-interval") options.bookmarkIntervalMs = number(flag, take());
    else if (flag === "--fault-resource") (faults.resources ??= []).push(take());
    else if (flag in FAULT_FLAGS) (faults as Record<string, number>)[FAULT_FLAGS[flag]] = number(flag, take());
    else throw new Error(`unknown option ${flag}`);
  }
  options.faults = faults;
  return options;
}

export async function serveCommand(args: string[]): Promise<number> {
  let options: ServerOptions | "help";
  try {
    options = parseServeArgs(args);
  } catch (error) {
    process.stderr.write(`crd-ts serve: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (options === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  const { startServer } = await import("../server/index.js");
  let server;
  try {
    const resolved = withDefaults(options, process.cwd());
    // Multi-version CRDs convert in process with the generated converters (as crd-ts webhook does).
    resolved.conversionPlans = await (await import("../webhook/plans.js")).loadConversionPlans();
    server = await startServer(resolved);
  } catch (error) {
    process.stderr.write(`crd-ts serve: ${(error as Error).message}\n`);
    return 1;
  }
  process.stdout.write(`crd-ts serve: listening on ${server.url}\nkubeconfig: ${server.kubeconfigPath}\n`);
  process.stdout.write(`crds: ${server.crdNames().join(", ") || "none (give --crd <file|dir>)"}\n`);
  if (!server.admissionEnabled) {
    process.stderr.write("crd-ts serve: warning: src/crd-eval is not available; custom resources are stored without schema checks\n");
  }
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
    // The parent is gone when this process is re-parented (to init or a subreaper).
    const parent = process.ppid;
    setInterval(() => {
      if (process.ppid !== parent) resolve();
    }, 250).unref();
  });
  await server.close();
  return 0;
}

/** The defaults the help text shows: the project's CRDs, state and kubeconfig in .crd-ts/. */
export function withDefaults(options: ServerOptions, cwd: string): ServerOptions {
  const out = { ...options };
  if ((out.crdFiles ?? []).length === 0 && out.crds === undefined) out.crdFiles = projectCrdDirs(cwd).dirs;
  if (out.stateFile === undefined && out.etcd === undefined) out.stateFile = DEFAULT_STATE_FILE;
  else if (out.stateFile === "") delete out.stateFile;
  out.kubeconfigPath ??= DEFAULT_KUBECONFIG;
  return out;
}

