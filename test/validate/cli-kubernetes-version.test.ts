// crd-ts validate --kubernetes-version: the CEL environment of one API server release. By default the
// newest we know, so a CRD whose rules use later libraries (semver, Kubernetes 1.33) validates; pinned to
// an older release, the CRD is refused as that API server would refuse to create it.
// Runs dist/: `npm test` builds first (run `npm run -s build` before running this file alone).
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: releases.example.com
spec:
  group: example.com
  scope: Namespaced
  names: { kind: Release, plural: releases, singular: release, listKind: ReleaseList }
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                version:
                  type: string
                  maxLength: 64
                  x-kubernetes-validations:
                    - rule: isSemver(self)
                      message: must be a semantic version
`;

const release = (version: string) => `apiVersion: example.com/v1
kind: Release
metadata: { name: r, namespace: default }
spec: { version: "${version}" }
`;

const dir = mkdtempSync(join(tmpdir(), "crd-ts-k8s-version-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(join(dir, "crd.yaml"), CRD);
writeFileSync(join(dir, "good.yaml"), release("1.2.3"));
writeFileSync(join(dir, "bad.yaml"), release("1.2"));

function validate(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, "bin/crd-ts"), "validate", "--crd", "crd.yaml", ...args], { cwd: dir, encoding: "utf8" });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe("crd-ts validate --kubernetes-version", () => {
  it("uses the newest CEL environment by default: semver rules run", () => {
    expect(validate("good.yaml").status).toBe(0);
    const bad = validate("bad.yaml");
    expect(bad.status).toBe(1);
    expect(bad.out).toContain(`spec.version: Invalid value: "string": must be a semantic version`);
  });

  it("pinned to 1.32, the CRD is refused as that API server would refuse to create it", () => {
    const r = validate("--kubernetes-version", "1.32", "good.yaml");
    expect(r.status).toBe(2);
    expect(r.out).toContain(
      `crd.yaml: kube-apiserver would reject this CustomResourceDefinition: [cel/kubernetes-version] rule: Invalid value: "isSemver(self)": compilation failed: ERROR: <input>:1:1: undeclared reference to 'isSemver' (in container ''): isSemver needs Kubernetes 1.33, kubernetes_version is 1.32`,
    );
  });

  it("refuses a version it does not know", () => {
    const r = validate("--kubernetes-version", "1.99", "good.yaml");
    expect(r.status).toBe(2);
    expect(r.out).toContain(`--kubernetes-version must be one of 1.28, 1.29, 1.30, 1.31, 1.32, 1.33, 1.34, got "1.99"`);
  });
});
