// crd-ts: the command line for everything that is not generation (which buf or protoc runs).
import { PLUGIN_VERSION } from "../plugin/version.js";

const HELP = `crd-ts ${PLUGIN_VERSION}: tools around the CRDs made by protoc-gen-crd-ts

Usage: crd-ts <command> [options]

Commands:
  init [options]       set up buf.yaml, buf.gen.yaml and an example proto in this project
  proto-path           print the folder of crd/v1/options.proto (for protoc -I)
  validate [options] <file|dir>...
                       check manifests as the API server would (CI: --output json|junit)
  serve [options]      run a local Kubernetes API server for custom resources
  breaking <old> <new> report breaking changes between two sets of CRDs (files, dirs, git ref:path)
  webhook [options]    run the HTTPS conversion webhook for multi-version CRDs
  help                 show this text
  version              print the version

Run "crd-ts <command> --help" for a command's options.
Generation itself runs as a buf/protoc plugin (protoc-gen-crd-ts): see the README.
`;

export async function main(args: string[]): Promise<number> {
  const [command, ...rest] = args;
  switch (command) {
    case undefined:
    case "help":
    case "--help":
    case "-h":
      process.stdout.write(HELP);
      return 0;
    case "version":
    case "--version":
      process.stdout.write(`crd-ts ${PLUGIN_VERSION}\n`);
      return 0;
    // Commands are imported on use: each pulls in its own dependencies.
    case "validate":
      return (await import("./validate.js")).validateCommand(rest);
    case "serve":
      return (await import("./serve.js")).serveCommand(rest);
    case "init":
      return (await import("./init.js")).initCommand(rest);
    case "proto-path":
      return (await import("./init.js")).protoPathCommand(rest);
    case "breaking":
      return (await import("./breaking.js")).breakingCommand(rest);
    case "webhook":
      return (await import("./webhook.js")).webhookCommand(rest);
    default:
      process.stderr.write(`crd-ts: unknown command "${command}"\n\n${HELP}`);
      return 2;
  }
}
