// crd-ts webhook: the conversion webhook for this project's multi-version CRDs (and any generated
// conversion module given with --module), over HTTPS, until SIGINT or SIGTERM.
import { readFileSync } from "node:fs";

const HELP = `Usage: crd-ts webhook [options]

Serves apiextensions.k8s.io/v1 ConversionReview requests over HTTPS with the generated converters,
plus GET /healthz and /readyz.

Options:
  --port <n>          port to listen on (default 8443; 0 = any free port)
  --host <address>    address to listen on (default 0.0.0.0)
  --path <path>       conversion endpoint (default /convert, as conversion_path)
  --cert <file>       serving certificate (PEM); with --key. Default: a self-signed certificate
  --key <file>        its private key (PEM)
  --module <file.js>  also load the conversionPlans of this generated *_crd_conversion.js (repeatable)
`;

interface WebhookArgs {
  port: number;
  host: string;
  path: string;
  cert?: string;
  key?: string;
  modules: string[];
}

export function parseWebhookArgs(args: string[]): WebhookArgs | "help" {
  const options: WebhookArgs = { port: 8443, host: "0.0.0.0", path: "/convert", modules: [] };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    const take = () => {
      const value = args[++i];
      if (value === undefined) throw new Error(`${flag} needs a value`);
      return value;
    };
    if (flag === "--help" || flag === "-h") return "help";
    else if (flag === "--port") {
      const port = Number(take());
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error("--port needs a port number");
      options.port = port;
    } else if (flag === "--host") options.host = take();
    else if (flag === "--path") options.path = take();
    else if (flag === "--cert") options.cert = take();
    else if (flag === "--key") options.key = take();
    else if (flag === "--module") options.modules.push(take());
    else throw new Error(`unknown option ${flag}`);
  }
  if ((options.cert === undefined) !== (options.key === undefined)) throw new Error("--cert and --key go together");
  return options;
}

export async function webhookCommand(args: string[]): Promise<number> {
  let options: WebhookArgs | "help";
  try {
    options = parseWebhookArgs(args);
  } catch (error) {
    process.stderr.write(`crd-ts webhook: ${(error as Error).message}\n\n${HELP}`);
    return 2;
  }
  if (options === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  const { loadConversionPlans, selfSignedCertificate, startWebhook } = await import("../webhook/index.js");
  const plans = await loadConversionPlans(options.modules);
  let tls: { cert: string; key: string; certFile?: string };
  if (options.cert && options.key) tls = { cert: readFileSync(options.cert, "utf8"), key: readFileSync(options.key, "utf8") };
  else tls = selfSignedCertificate(["localhost", "127.0.0.1", options.host === "0.0.0.0" ? "::1" : options.host]);
  const webhook = await startWebhook({ plans, cert: tls.cert, key: tls.key, host: options.host, port: options.port, path: options.path });
  process.stdout.write(`crd-ts webhook: listening on ${webhook.url}${options.path}\n`);
  if (tls.certFile) process.stdout.write(`certificate: ${tls.certFile}\n`);
  process.stdout.write(`kinds: ${plans.map((p) => `${p.kind}.${p.group} (${[p.hub, ...Object.keys(p.spokes)].join(", ")})`).join("; ") || "none"}\n`);
  await new Promise<void>((resolve) => {
    process.once("SIGINT", resolve);
    process.once("SIGTERM", resolve);
  });
  await webhook.close();
  return 0;
}
