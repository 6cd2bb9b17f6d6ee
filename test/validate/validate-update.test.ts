// crd-ts validate --crd with --old and --subresource on a route CRD written for these tests
// (test/fixtures/kubernetes-cel): Kubernetes CEL libraries, RE2 inline flags, a transition rule, a
// status-only rule, the status and scale subresources and an unserved version, with the exact output.
// The same documents through src/crd-eval directly give the same errors.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { compileCrd } from "../../src/crd-eval/index.js";

const ROOT = join(import.meta.dirname, "../..");
const DIR = "test/fixtures/kubernetes-cel";
const CRD = `${DIR}/crd.yaml`;

function run(...args: string[]): { status: number | null; lines: string[]; stderr: string } {
  const r = spawnSync("node", [join(ROOT, "bin/crd-ts"), "validate", "--crd", CRD, ...args], { cwd: ROOT, encoding: "utf8" });
  // `file:line:column: …` → `file:0: …` (these fixtures hold one document each); the summary line on
  // stderr is left out.
  const lines = r.stdout.split("\n").filter((l) => l !== "").map((l) => l.replace(/^([^:]+):\d+:\d+: /, "$1:0: "));
  const stderr = r.stderr.split("\n").filter((l) => l !== "" && !/^crd-ts validate: \d+ documents? in \d+ files?/.test(l)).join("\n");
  return { status: r.status, lines, stderr };
}

const load = (name: string) => parse(readFileSync(join(ROOT, DIR, name), "utf8")) as unknown;
const v1 = compileCrd(load("crd.yaml") as never).version("v1")!;
const RULES_NOT_CHECKED =
  "<nil>: Invalid value: null: some validation rules were not checked because the object was invalid; correct the existing errors to complete validation";

describe("crd-ts validate --crd on the Kubernetes CEL fixtures", () => {
  it("accepts the valid route (RE2 inline flags, IP/CIDR, URL, quantity, format, optionals)", () => {
    expect(run(`${DIR}/valid.yaml`)).toEqual({ status: 0, lines: [], stderr: "" });
  });

  it("reports every violation of the invalid route; status is dropped on create (status subresource)", () => {
    const file = `${DIR}/invalid.yaml`;
    expect(run(file).lines).toEqual([
      `${file}:0: spec.methods[0].service: Invalid value: "9shop.Checkout": spec.methods[0].service in body should match '^(?i)\\.?[a-z_][a-z_0-9]*(\\.[a-z_][a-z_0-9]*)*$'`,
      `${file}:0: spec.hostname: Invalid value: "string": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
      `${file}:0: spec.methods[0].method: Invalid value: "string": method must be an identifier`,
      `${file}:0: spec.allowedSources[0]: Invalid value: "string": a CIDR must not have host bits set`,
      `${file}:0: spec.allowedSources[1]: Invalid value: "string": must be an IP address or a CIDR`,
      `${file}:0: spec.backendURL: Invalid value: "string": backendURL must be an http(s) URL`,
      `${file}:0: spec.memory: Invalid value: "string": memory must be a quantity below 64Gi`,
      `${file}:0: spec.timeout: Invalid value: "string": timeout must not be zero`,
      // validator.go ValidateScaleSpec: the path is the CRD's specReplicasPath as written.
      `${file}:0: .spec.replicas: Invalid value: -1: should be a non-negative integer`,
    ]);
  });

  it("without --old the update document is a create: no transition rules", () => {
    expect(run(`${DIR}/update.yaml`).status).toBe(0);
  });

  it("--old makes it an update: the transition rule runs, the status change is ignored", () => {
    const file = `${DIR}/update.yaml`;
    expect(run("--old", `${DIR}/stored.yaml`, file).lines).toEqual([`${file}:0: spec: Invalid value: "object": gatewayClass is immutable`]);
  });

  it("--subresource status takes only the status: the status-only transition rule runs, the spec change is ignored", () => {
    const file = `${DIR}/update.yaml`;
    expect(run("--old", `${DIR}/stored.yaml`, "--subresource", "status", file).lines).toEqual([
      `${file}:0: status.phase: Invalid value: "string": a failed route stays failed`,
    ]);
  });

  it("refuses an unserved version like kubectl", () => {
    const file = `${DIR}/unserved.yaml`;
    expect(run(file).lines).toEqual([`${file}:0: apiVersion: no matches for kind "MeshRoute" in version "net.example.com/v1alpha1"`]);
  });

  it("checks its flags", () => {
    expect(run("--subresource", "status", `${DIR}/update.yaml`).stderr).toContain("--subresource needs --old");
    expect(run("--old", `${DIR}/stored.yaml`, "--subresource", "spec", `${DIR}/update.yaml`).stderr).toContain("--subresource must be status or scale");
  });
});

describe("src/crd-eval on the same fixtures", () => {
  const messages = (doc: unknown, options = {}) => v1.admit(doc, options).errors.map((e) => e.message);

  it("agrees with the command line", () => {
    expect(messages(load("valid.yaml"))).toEqual([]);
    expect(messages(load("update.yaml"), { oldObject: load("stored.yaml") })).toEqual(['spec: Invalid value: "object": gatewayClass is immutable']);
    expect(messages(load("update.yaml"), { oldObject: load("stored.yaml"), subresource: "status" })).toEqual([
      'status.phase: Invalid value: "string": a failed route stays failed',
    ]);
  });

  it("a /scale write sets specReplicasPath on the stored object", () => {
    const result = v1.admit({ apiVersion: "autoscaling/v1", kind: "Scale", spec: { replicas: 5 } }, { oldObject: load("stored.yaml"), subresource: "scale" });
    expect(result.errors).toEqual([]);
    expect((result.object as { spec: { replicas: number } }).spec.replicas).toBe(5);
    expect(messages({ spec: { replicas: "x" } }, { oldObject: load("stored.yaml"), subresource: "scale" })).toEqual([
      'spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"',
      RULES_NOT_CHECKED,
      ".spec.replicas: Invalid value: 0: .spec.replicas accessor error: x is of the type string, expected int64",
    ]);
  });

  it("knows which versions are served", () => {
    const compiled = compileCrd(load("crd.yaml") as never);
    expect([compiled.isServed("v1"), compiled.isServed("v1alpha1"), compiled.isServed("v2")]).toEqual([true, false, false]);
  });
});
