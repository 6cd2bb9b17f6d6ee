// The README's quick start, as a new user follows it: `npm pack` this package, install the tarball in a
// fresh project, run the commands of the README's "Use it in your project" block as written (the only
// change: the package name becomes the tarball's path), add a proto of our own (a resource with an enum,
// a oneof, a map, an int64, a Timestamp and a CEL rule), generate, compile a small program with
// `tsc --strict` (module NodeNext, and Bundler) under TypeScript 7 (what `typescript` installs) and 5.9,
// and run it with node. Then the README's protoc command (through `crd-ts proto-path`) must write the
// same files as buf. Needs the npm registry; takes a minute or two (each step's time is printed).
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const FIXTURE = join(ROOT, "test/fixtures/quickstart");
const STEP_TIMEOUT = 600_000;
const HAS_PROTOC = spawnSync("protoc", ["--version"]).status === 0;

/** The ```sh blocks of the README section "Use it in your project", as commands (continuations joined). */
function quickStartBlocks(): string[][] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const start = readme.indexOf("\n## Use it in your project\n");
  if (start < 0) throw new Error('README.md has no "## Use it in your project" section');
  const end = readme.indexOf("\n## ", start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) =>
    m[1]
      .replace(/\\\n\s*/g, " ")
      .split("\n")
      .map((line) => line.trim())
      .filter((line) => line !== "" && !line.startsWith("#")),
  );
}

const timings: [string, number][] = [];
let work: string;
let project: string;
let tarball: string;
/** npm output of the installs, checked for engine warnings. */
let npmOutput = "";

const env = {
  ...process.env,
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
  npm_config_prefer_offline: "true",
};

/** Runs a shell command in the project, timing it; fails with its output. */
function sh(command: string, label = command): string {
  const started = Date.now();
  const r = spawnSync("sh", ["-c", command], { cwd: project, env, encoding: "utf8", maxBuffer: 1 << 26 });
  timings.push([label, Date.now() - started]);
  if (r.status !== 0) throw new Error(`\`${command}\` exited with ${r.status}:\n${r.stdout}\n${r.stderr}`);
  if (command.startsWith("npm ")) npmOutput += r.stdout + r.stderr;
  return r.stdout;
}

/** sh, without blocking: for the steps that run side by side. */
function shAsync(command: string, label = command, cwd = project): Promise<string> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn("sh", ["-c", command], { cwd, env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("close", (status) => {
      timings.push([`${label} (in parallel)`, Date.now() - started]);
      if (status !== 0) reject(new Error(`\`${command}\` exited with ${status}:\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    out.set(relative(dir, full), readFileSync(full, "utf8"));
  }
  return out;
}

const TSCONFIG_NODENEXT = { compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, skipLibCheck: false, outDir: "dist", rootDir: "src" }, include: ["src"] };
const TSCONFIG_BUNDLER = { compilerOptions: { target: "ES2022", module: "ESNext", moduleResolution: "Bundler", strict: true, skipLibCheck: false, noEmit: true }, include: ["src"] };

const EXPECTED_RUN =
  'violation spec.customer: Invalid value: "": spec.customer in body should be at least 1 chars long\n' +
  'violation spec: Invalid value: "object": at most one of the fields in [card, invoice] may be set\n' +
  'violation spec: Invalid value: "object": quantity must not exceed maxQuantity\n' +
  "round trip ok: Order order-1 quantity 9007199254740993\n";

/** tsc --strict with both module settings (TypeScript 7 from the project, 5.9 from its own folder), side by side. */
function compileAll(): Promise<unknown> {
  const tsc59 = `node ${join(work, "ts59/node_modules/typescript/bin/tsc")}`;
  return Promise.all([
    shAsync("npx tsc -p tsconfig.json", "tsc --strict, module NodeNext (TypeScript 7)"),
    shAsync("npx tsc -p tsconfig.bundler.json", "tsc --strict, module Bundler (TypeScript 7)"),
    shAsync(`${tsc59} -p tsconfig.json --outDir dist59`, "tsc --strict, module NodeNext (TypeScript 5.9)"),
    shAsync(`${tsc59} -p tsconfig.bundler.json`, "tsc --strict, module Bundler (TypeScript 5.9)"),
  ]);
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), "crd-ts-quickstart-"));
  project = join(work, "my-app");
  mkdirSync(project);
  writeFileSync(join(project, "package.json"), `${JSON.stringify({ name: "my-app", version: "0.0.0", private: true }, null, 2)}\n`);
});

afterAll(() => {
  const width = Math.max(...timings.map(([label]) => label.length));
  console.log(`quick start steps:\n${timings.map(([label, ms]) => `  ${label.padEnd(width)}  ${(ms / 1000).toFixed(1)} s`).join("\n")}`);
  rmSync(work, { recursive: true, force: true });
});

describe("the README quick start in a new project", () => {
  const [quickStart, withProtoc] = quickStartBlocks();

  it("has the install, init and generate commands", () => {
    expect(quickStart).toContain("npx crd-ts init");
    expect(quickStart).toContain("npx buf generate");
    expect(quickStart.filter((c) => /^npm install .*\bprotoc-gen-crd-ts\b/.test(c))).toHaveLength(1);
    expect(withProtoc.join("\n")).toContain('"$(npx crd-ts proto-path)"');
  });

  it("npm pack builds a tarball of the compiled package", async () => {
    // TypeScript 5.9 for the second compile, installed meanwhile in a folder of its own.
    mkdirSync(join(work, "ts59"));
    const typescript59 = shAsync("npm install --no-save --prefix . typescript@5.9.3", "npm install typescript@5.9.3 (own folder)", join(work, "ts59"));
    // Packed from a copy of the sources: prepack removes dist/, which other test files use meanwhile.
    const copy = join(work, "package-source");
    for (const entry of ["package.json", "package-lock.json", "README.md", "LICENSE", "tsconfig.json", "tsconfig.build.json", "bin", "scripts", "src", "generated/ts", "proto/crd", "templates"]) {
      cpSync(join(ROOT, entry), join(copy, entry), { recursive: true });
    }
    symlinkSync(join(ROOT, "node_modules"), join(copy, "node_modules"), "dir");
    const out = await shAsync(`npm pack --json --pack-destination ${work}`, "npm pack (prepack: clean dist/, build)", copy);
    await typescript59;
    const [packed] = JSON.parse(out.slice(out.indexOf("["))) as { filename: string; files: { path: string }[] }[];
    tarball = join(work, packed.filename);
    const paths = packed.files.map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(["package.json", "README.md", "LICENSE", "bin/crd-ts", "bin/protoc-gen-crd-ts", "proto/crd/v1/options.proto", "templates/rbac/viewer-role.yaml", "dist/src/index.js", "dist/src/index.d.ts", "dist/src/index.js.map"]));
    expect(paths.filter((p) => !/^(bin\/|dist\/src\/|dist\/generated\/ts\/|proto\/crd\/|templates\/)/.test(p)).sort()).toEqual(["LICENSE", "README.md", "package.json"]);
    expect(paths.filter((p) => /(^|\/)test\/|\.test\.|fixtures|^dist\/src\/demo\//.test(p))).toEqual([]);
  }, STEP_TIMEOUT);

  it("runs the quick start commands as written: install, crd-ts init, buf generate", () => {
    for (const command of quickStart) {
      sh(/^npm install /.test(command) ? command.replace(/\bprotoc-gen-crd-ts\b/, tarball) : command, command);
    }
    expect(readFileSync(join(project, "buf.yaml"), "utf8")).toContain("- path: node_modules/protoc-gen-crd-ts/proto");
    expect(readdirSync(join(project, "charts/my-app/crds"))).toEqual(["example.com_widgets.yaml"]);
    expect(readdirSync(join(project, "src/gen/example/v1")).sort()).toEqual(["widget_crd.ts", "widget_crd_convert.ts", "widget_crd_validate.ts", "widget_pb.ts"]);
    expect(npmOutput).not.toContain("EBADENGINE");
  }, STEP_TIMEOUT);

  it("generates, compiles (TypeScript 7 and 5.9; NodeNext and Bundler) and runs a program over our own proto", async () => {
    mkdirSync(join(project, "proto/shop/v1"), { recursive: true });
    copyFileSync(join(FIXTURE, "shop.proto"), join(project, "proto/shop/v1/shop.proto"));
    copyFileSync(join(FIXTURE, "main.ts"), join(project, "src/main.ts"));
    writeFileSync(join(project, "tsconfig.json"), JSON.stringify(TSCONFIG_NODENEXT, null, 2));
    writeFileSync(join(project, "tsconfig.bundler.json"), JSON.stringify(TSCONFIG_BUNDLER, null, 2));
    // The declarations of every export that does not need the optional peer @kubernetes/client-node.
    writeFileSync(
      join(project, "src/exports.ts"),
      'import type { Violation } from "protoc-gen-crd-ts";\n' +
        'import type { ValidateOptions } from "protoc-gen-crd-ts/validation";\n' +
        'import type { CompiledCelRule } from "protoc-gen-crd-ts/cel";\n' +
        'import type { CompiledCrd } from "protoc-gen-crd-ts/crd-eval";\n' +
        "export type Exported = [Violation, ValidateOptions, CompiledCelRule, CompiledCrd];\n",
    );
    sh(quickStart.find((c) => c === "npx buf generate")!, "npx buf generate (with shop.proto)");
    expect(readdirSync(join(project, "charts/my-app/crds")).sort()).toEqual(["example.com_widgets.yaml", "shop.example.com_orders.yaml"]);
    expect(sh("npx tsc --version", "npx tsc --version")).toMatch(/^Version 7\./);
    expect(sh(`node ${join(work, "ts59/node_modules/typescript/bin/tsc")} --version`, "tsc 5.9 --version")).toBe("Version 5.9.3\n");
    await compileAll();
    expect(sh("node dist/main.js", "node dist/main.js (TypeScript 7 output)")).toBe(EXPECTED_RUN);
    expect(sh("node dist59/main.js", "node dist59/main.js (TypeScript 5.9 output)")).toBe(EXPECTED_RUN);
  }, STEP_TIMEOUT);

  it("validates a manifest against the generated CRDs, found through buf.gen.yaml", () => {
    writeFileSync(
      join(project, "orders.yaml"),
      "apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n---\napiVersion: shop.example.com/v1\nkind: Order\nmetadata: {name: o}\nspec:\n  customer: ada\n  quantity: 3\n  maxQuantity: 2\n",
    );
    const r = spawnSync("sh", ["-c", "npx crd-ts validate orders.yaml"], { cwd: project, env, encoding: "utf8" });
    expect(r.stdout).toBe('orders.yaml:8:1: spec: Invalid value: "object": quantity must not exceed maxQuantity\n');
    expect(r.stderr).toBe("crd-ts validate: 2 documents in 1 file: 0 valid, 1 invalid, 1 skipped (no schema: v1/Namespace)\n");
    expect(r.status).toBe(1);
  }, STEP_TIMEOUT);

  it("every export loads with node; only ./runtime needs the optional peer @kubernetes/client-node", () => {
    writeFileSync(
      join(project, "exports.mjs"),
      `for (const e of ["", "/validation", "/cel", "/crd-eval", "/runtime", "/server"]) {
  try { await import("protoc-gen-crd-ts" + e); console.log(e || "/", "ok"); }
  catch (error) { console.log(e, error.code, /'@kubernetes\\/client-node'/.test(error.message)); }
}`,
    );
    expect(sh("node exports.mjs", "node exports.mjs (import every export)")).toBe(
      "/ ok\n/validation ok\n/cel ok\n/crd-eval ok\n/runtime ERR_MODULE_NOT_FOUND true\n/server ok\n",
    );
  }, STEP_TIMEOUT);

  it.skipIf(!HAS_PROTOC)("the README's protoc command (through crd-ts proto-path) writes the same files as buf", () => {
    // In a sibling project with the same package.json, protos and node_modules.
    const sibling = join(work, "protoc", "my-app");
    mkdirSync(sibling, { recursive: true });
    copyFileSync(join(project, "package.json"), join(sibling, "package.json"));
    cpSync(join(project, "proto"), join(sibling, "proto"), { recursive: true });
    symlinkSync(join(project, "node_modules"), join(sibling, "node_modules"), "dir");
    expect(withProtoc).toHaveLength(1);
    const started = Date.now();
    const r = spawnSync("sh", ["-c", withProtoc[0]], { cwd: sibling, env, encoding: "utf8" });
    timings.push(["protoc (README command)", Date.now() - started]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(tree(join(sibling, "src/gen"))).toEqual(tree(join(project, "src/gen")));
    expect(tree(join(sibling, "charts"))).toEqual(tree(join(project, "charts")));
  }, STEP_TIMEOUT);
});
