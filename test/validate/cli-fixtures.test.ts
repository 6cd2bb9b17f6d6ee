// Behaviour fixtures through the built CLI (`node bin/crd-ts validate --validators dist/generated/ts`,
// the compiled generated validators), as CI would run it:
// test/fixtures/crs/<kind>/valid/* must pass; each invalid/* file lists every violation it must produce,
// as `# expect: <path>: <message>` lines (`# expect[N]:` for document N) or in a sibling .expected file.
// Runs dist/: `npm test` builds first (run `npm run -s build` before running this file alone).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");
const FIXTURES = join(ROOT, "test/fixtures/crs");
const KINDS = ["healthevent", "externalremediationrequest"];
const GENERATED_VALIDATORS = ["--validators", join(ROOT, "dist/generated/ts")];

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync("node", [join(ROOT, "bin/crd-ts"), "validate", ...args], { cwd: ROOT, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function manifests(kind: string, kindOfCase: "valid" | "invalid"): string[] {
  const dir = join(FIXTURES, kind, kindOfCase);
  return readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort()
    .map((f) => join(dir, f));
}

/** The lines `crd-ts validate` must print for a fixture: `<doc>: <path>: <message>`, sorted. */
function expectations(file: string): string[] {
  const sibling = `${file}.expected`;
  if (existsSync(sibling)) {
    return readFileSync(sibling, "utf8").split("\n").filter((l) => l !== "").map((l) => `0: ${l}`).sort();
  }
  const out: string[] = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const m = /^# expect(?:\[(\d+)\])?: (.*)$/.exec(line);
    if (m) out.push(`${m[1] ?? "0"}: ${m[2]}`);
  }
  return out.sort();
}

/** Output lines of one CLI run over every invalid fixture, by file (one process keeps the file fast). */
const printedByFile = new Map<string, string[]>();
let invalidRunStatus: number | null = null;

interface JsonReport {
  documents: { file: string; document: number; violations: { path: string; message: string; line: number; column: number }[] }[];
}

beforeAll(() => {
  const files = KINDS.flatMap((kind) => manifests(kind, "invalid"));
  const r = run([...GENERATED_VALIDATORS, "--output", "json", ...files]);
  invalidRunStatus = r.status;
  for (const d of (JSON.parse(r.stdout) as JsonReport).documents) {
    const lines = d.violations.map((v) => `${d.document}: ${v.path === "" ? "" : `${v.path}: `}${v.message}`);
    printedByFile.set(d.file, [...(printedByFile.get(d.file) ?? []), ...lines]);
  }
});

it("exits 1 when any manifest is invalid", () => {
  expect(invalidRunStatus).toBe(1);
});

describe.each(KINDS)("crd-ts validate on %s fixtures", (kind) => {
  it("accepts every valid manifest (all in one run) with exit code 0 and no output", () => {
    const files = manifests(kind, "valid");
    expect(files.length).toBeGreaterThanOrEqual(2);
    const r = run([...GENERATED_VALIDATORS, ...files]);
    expect(r.stdout).toBe("");
    expect(r.status).toBe(0);
  });

  it.each(manifests(kind, "invalid").map((f) => [f.slice(FIXTURES.length + 1), f]))("rejects %s with exactly the expected violations", (_name, file) => {
    const expected = expectations(file);
    expect(expected.length).toBeGreaterThan(0);
    expect([...(printedByFile.get(file) ?? [])].sort()).toEqual(expected);
  });
});

describe("crd-ts validate usage", () => {
  it("exits 2 without manifests, on unknown options and unreadable files", () => {
    expect(run([]).status).toBe(2);
    expect(run(["--bogus", "x.yaml"]).status).toBe(2);
    const missing = run(["does-not-exist.yaml"]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("does-not-exist.yaml");
  });

  it("reports every invalid document of several files in one run and exits 1", () => {
    const files = [...manifests("healthevent", "valid"), join(FIXTURES, "healthevent/invalid/missing-node-name.yaml")];
    const r = run([...GENERATED_VALIDATORS, ...files]);
    expect(r.status).toBe(1);
    const last = files[files.length - 1];
    const documentLine = readFileSync(last, "utf8").split("\n").findIndex((l) => l.startsWith("apiVersion:")) + 1;
    const specLine = readFileSync(last, "utf8").split("\n").findIndex((l) => l.startsWith("spec:")) + 1;
    expect(r.stdout).toBe(
      `${last}:${specLine}:1: spec.nodeName: Required value\n` +
        `${last}:${documentLine}:1: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation\n`,
    );
    expect(r.stderr).toMatch(new RegExp(`^crd-ts validate: \\d+ documents in ${files.length} files: \\d+ valid, 1 invalid, 0 skipped\n$`));
  });

  it("reports a YAML syntax error as one line with its position and exit code 2", () => {
    const file = join(mkdtempSync(join(tmpdir(), "crd-ts-validate-")), "broken.yaml");
    writeFileSync(file, "a: [1\n");
    const r = run([...GENERATED_VALIDATORS, file]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr.split("\n")[0]).toBe(`crd-ts validate: ${file}:2:1: not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]`);
  });
});

describe("crd-ts validate --crd (the general CRD evaluator instead of the generated validators)", () => {
  /** `<doc>: <path>` of an output or expectation line; the path is "" for document-level messages. */
  const docAndPath = (line: string) => {
    const [doc, ...rest] = line.split(": ");
    const first = rest[0] ?? "";
    const path = /\s/.test(first) || rest.length === 1 ? "" : first;
    return `${doc}: ${path}`;
  };

  it("accepts the valid fixtures", () => {
    const r = run(["--crd", join(ROOT, "generated/crds"), ...KINDS.flatMap((k) => manifests(k, "valid"))]);
    expect(r.stdout).toBe("");
    expect(r.status).toBe(0);
  });

  it("reports the same paths as the generated validators on the invalid fixtures", () => {
    // Fixtures whose violations are all in status: with the status subresource on, the apiserver drops
    // status on create, so --crd reports nothing there (/status writes: test/validate/validate-update.test.ts).
    const statusOnly = (f: string) => expectations(f).every((e) => /^\d+: (status[.[:]|Invalid value: null: some validation rules|Invalid value: "": "status)/.test(e));
    const files = KINDS.flatMap((kind) => manifests(kind, "invalid")).filter((f) => !f.endsWith("unknown-kind.yaml") && !statusOnly(f));
    const r = run(["--crd", join(ROOT, "generated/crds"), "--output", "json", ...files]);
    expect(r.status).toBe(1);
    const documents = (JSON.parse(r.stdout) as JsonReport).documents;
    for (const file of files) {
      const printed = documents
        .filter((d) => d.file === file)
        .flatMap((d) => d.violations.map((v) => docAndPath(`${d.document}: ${v.path === "" ? "" : `${v.path}: `}${v.message}`)));
      expect([...new Set(printed)].sort(), file).toEqual([...new Set(expectations(file).map(docAndPath))].sort());
    }
  });

  it("exits 2 on a CRD kube-apiserver would reject, saying why", () => {
    const dir = mkdtempSync(join(tmpdir(), "crd-ts-validate-"));
    try {
      const crd = readFileSync(join(ROOT, "generated/crds/nvsentinel.dgxc.nvidia.com_healthevents.yaml"), "utf8").replace(/jsonPath: \S+/, "jsonPath: .spec[abc]");
      writeFileSync(join(dir, "crd.yaml"), crd);
      const r = run(["--crd", join(dir, "crd.yaml"), join(FIXTURES, "healthevent/valid/minimal.yaml")]);
      expect(r.stderr).toContain("kube-apiserver would reject this CustomResourceDefinition: [printer-column/json-path-syntax]");
      expect(r.status).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exits 2 when no CRD is found", () => {
    const r = run(["--crd", join(FIXTURES, "healthevent/valid"), join(FIXTURES, "healthevent/valid/minimal.yaml")]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("no CustomResourceDefinition found");
  });
});
