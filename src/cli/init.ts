// crd-ts init: sets up a project to generate CRDs and TypeScript with buf (or protoc): buf.yaml with the
// options proto importable from the installed package, buf.gen.yaml with protoc-gen-es and
// protoc-gen-crd-ts, and an example proto when there is none. Files the user changed are kept unless --force.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { PROTO_INCLUDE } from "./package-root.js";

const USAGE = `Usage: crd-ts init [options]

Sets up the current project for buf generate (and prints the equivalent protoc command):
  buf.yaml       modules: your protos, and node_modules/protoc-gen-crd-ts/proto for crd/v1/options.proto
  buf.gen.yaml   protoc-gen-es and protoc-gen-crd-ts: TypeScript next to the _pb files, CRDs in the chart
  an example proto in the proto folder if it has none
Existing files that differ are kept (and reported) unless --force is given.

Options:
  --dir <path>      the project folder (default: the current folder)
  --proto <dir>     folder of your .proto files (default proto)
  --out <dir>       folder for the generated TypeScript (default src/gen)
  --chart <name>    CRDs go to charts/<name>/crds (default: the package.json name, else the folder name)
  --no-example      do not write an example proto
  --force           overwrite files that differ from what init writes
  -h, --help        show this text
`;

/** Where buf finds crd/v1/options.proto: the package as npm installs it into the project. */
export const OPTIONS_MODULE_PATH = "node_modules/protoc-gen-crd-ts/proto";

export interface InitOptions {
  dir: string;
  proto: string;
  out: string;
  chart: string | undefined;
  example: boolean;
  force: boolean;
}

export function parseInitArgs(args: string[]): InitOptions | "help" {
  const options: InitOptions = { dir: ".", proto: "proto", out: "src/gen", chart: undefined, example: true, force: false };
  const folder = (flag: string, value: string | undefined): string => {
    if (value === undefined || value === "" || value.startsWith("-")) throw new Error(`${flag} needs a value`);
    if (flag !== "--dir" && (value.startsWith("/") || value.split(/[/\\]/).includes(".."))) {
      throw new Error(`${flag} must be a folder inside the project, got "${value}"`);
    }
    return value.replace(/\/+$/, "");
  };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i];
    if (flag === "-h" || flag === "--help") return "help";
    else if (flag === "--dir") options.dir = folder(flag, args[++i]);
    else if (flag === "--proto") options.proto = folder(flag, args[++i]);
    else if (flag === "--out") options.out = folder(flag, args[++i]);
    else if (flag === "--chart") options.chart = folder(flag, args[++i]);
    else if (flag === "--no-example") options.example = false;
    else if (flag === "--force") options.force = true;
    else throw new Error(`unknown option ${flag}`);
  }
  return options;
}

/** The chart name: package.json's name without its scope, else the project folder's name. */
function defaultChart(dir: string): string {
  let name = basename(resolve(dir));
  try {
    const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: unknown };
    if (typeof pkg.name === "string" && pkg.name !== "") name = pkg.name.replace(/^@[^/]*\//, "");
  } catch {
    // no package.json: the folder name
  }
  return name.toLowerCase().replace(/[^a-z0-9-]+/g, "-").replace(/^-+|-+$/g, "") || "chart";
}

export function bufYaml(options: InitOptions): string {
  return `# Written by crd-ts init. The second module is the options proto shipped in the installed
# protoc-gen-crd-ts package, so that \`import "crd/v1/options.proto";\` works offline.
version: v2
modules:
  - path: ${options.proto}
  - path: ${OPTIONS_MODULE_PATH}
`;
}

export function bufGenYaml(options: InitOptions, crdDir: string): string {
  return `# Written by crd-ts init. Run with \`npx buf generate\` (npx puts node_modules/.bin on the PATH).
# Both plugins write TypeScript with .js import extensions, which your tsc compiles for Node ESM.
version: v2
plugins:
  - local: protoc-gen-es
    out: ${options.out}
    opt:
      - target=ts
      - import_extension=js
  - local: protoc-gen-crd-ts
    out: .
    strategy: all
    opt:
      - target=ts
      - import_extension=js
      - ts_dir=${options.out}
      - crd_dir=${crdDir}
`;
}

export function protocCommand(options: InitOptions, crdDir: string): string {
  return [
    `mkdir -p ${options.out} && protoc -I ${options.proto} -I "$(npx crd-ts proto-path)"`,
    `  --plugin=protoc-gen-es=node_modules/.bin/protoc-gen-es --es_out=${options.out} --es_opt=target=ts,import_extension=js`,
    `  --plugin=protoc-gen-crd-ts=node_modules/.bin/protoc-gen-crd-ts --crd-ts_out=. --crd-ts_opt=target=ts,import_extension=js,ts_dir=${options.out},crd_dir=${crdDir}`,
    `  $(find ${options.proto} -name '*.proto') crd/v1/options.proto`,
  ].join(" \\\n");
}

const EXAMPLE_PATH = "example/v1/widget.proto";

const EXAMPLE_PROTO = `// An example custom resource, written by crd-ts init: \`npx buf generate\` makes
// charts/<chart>/crds/example.com_widgets.yaml and TypeScript types, validators and converters.
syntax = "proto3";

package example.v1;

import "crd/v1/options.proto";

// A Widget is something the widget controller keeps running.
message Widget {
  option (crd.v1.resource) = {
    group: "example.com"
    short_names: ["wg"]
    printer_columns: [{name: "Size", type: "integer", json_path: ".spec.size"}]
  };

  WidgetSpec spec = 1 [(crd.v1.field) = {required: true}];
  WidgetStatus status = 2;
}

message WidgetSpec {
  // How many replicas to run.
  int32 size = 1 [(crd.v1.field) = {minimum: 1, maximum: 100}];
  // The container image.
  string image = 2 [(crd.v1.field) = {min_length: 1, max_length: 255}];
  map<string, string> labels = 3;
}

message WidgetStatus {
  int32 ready_replicas = 1;
}
`;

function hasProtoFiles(dir: string): boolean {
  if (!existsSync(dir)) return false;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory() ? hasProtoFiles(join(dir, entry.name)) : entry.name.endsWith(".proto")) return true;
  }
  return false;
}

type Outcome = "written" | "unchanged" | "kept" | "overwritten";

/** Writes `content` unless the file exists with other content (then only with force). */
function writeFile(path: string, content: string, force: boolean): Outcome {
  if (existsSync(path)) {
    if (statSync(path).isDirectory()) throw new Error(`${path} is a folder`);
    if (readFileSync(path, "utf8") === content) return "unchanged";
    if (!force) return "kept";
    writeFileSync(path, content);
    return "overwritten";
  }
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  return "written";
}

export async function initCommand(args: string[]): Promise<number> {
  let options: InitOptions | "help";
  try {
    options = parseInitArgs(args);
  } catch (error) {
    process.stderr.write(`crd-ts init: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (options === "help") {
    process.stdout.write(USAGE);
    return 0;
  }
  const dir = options.dir;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    process.stderr.write(`crd-ts init: ${dir}: no such folder\n`);
    return 2;
  }
  const chart = options.chart ?? defaultChart(dir);
  const crdDir = `charts/${chart}/crds`;
  const files: [string, string][] = [
    ["buf.yaml", bufYaml(options)],
    ["buf.gen.yaml", bufGenYaml(options, crdDir)],
  ];
  if (options.example && !hasProtoFiles(join(dir, options.proto))) files.push([`${options.proto}/${EXAMPLE_PATH}`, EXAMPLE_PROTO]);

  let kept = 0;
  for (const [name, content] of files) {
    const outcome = writeFile(join(dir, name), content, options.force);
    if (outcome === "kept") {
      kept++;
      process.stdout.write(`kept        ${name} (it differs from what init writes; --force replaces it)\n`);
    } else process.stdout.write(`${outcome.padEnd(11)} ${name}\n`);
  }
  if (!existsSync(join(dir, OPTIONS_MODULE_PATH))) {
    process.stderr.write(
      `crd-ts init: warning: ${OPTIONS_MODULE_PATH} does not exist: install the package in this project ` +
        `(npm install protoc-gen-crd-ts) so buf finds crd/v1/options.proto (here it is in ${PROTO_INCLUDE})\n`,
    );
  }
  process.stdout.write(
    `\nGenerate with buf:  npx buf generate\n` +
      `TypeScript goes to ${options.out}/, CRDs to ${crdDir}/.\n` +
      `\nOr with protoc:\n${protocCommand(options, crdDir)}\n`,
  );
  if (kept > 0) process.stdout.write(`\n${kept} file(s) kept as they are; compare them with the above or rerun with --force.\n`);
  return 0;
}

export function protoPathCommand(args: string[]): number {
  if (args.length > 0 && args[0] !== "-h" && args[0] !== "--help") {
    process.stderr.write(`crd-ts proto-path: takes no arguments\n`);
    return 2;
  }
  if (args.length > 0) {
    process.stdout.write(`Usage: crd-ts proto-path\n\nPrints the folder that holds crd/v1/options.proto, for protoc -I.\n`);
    return 0;
  }
  process.stdout.write(`${PROTO_INCLUDE}\n`);
  return 0;
}
