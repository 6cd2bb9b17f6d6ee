// The CEL libraries of later Kubernetes versions (semver 1.33, lists extension 1.34, two-variable
// comprehensions 1.32) end to end through a CRD in the style of a release/rollout resource: compiled with
// compileCrd's kubernetesVersion and admitted as the apiserver of that version would.
import { describe, expect, it } from "vitest";
import { compileCrd } from "../../src/crd-eval/index.js";
import { crdWithSpec, thing } from "./crd-fixture.js";

const spec = {
  type: "object",
  properties: {
    version: {
      type: "string",
      maxLength: 64,
      "x-kubernetes-validations": [
        { rule: "isSemver(self, true)", message: "must be a semantic version" },
        { rule: "semver(self, true).compareTo(semver(oldSelf, true)) >= 0", messageExpression: "'may not go back from ' + oldSelf" },
      ],
    },
    ports: {
      type: "array",
      maxItems: 16,
      items: { type: "integer" },
      "x-kubernetes-validations": [
        { rule: "self.distinct() == self", message: "ports must be unique" },
        { rule: "self.sort() == self", message: "ports must be sorted" },
      ],
    },
    weights: {
      type: "object",
      maxProperties: 8,
      additionalProperties: { type: "integer" },
      "x-kubernetes-validations": [{ rule: "self.all(name, weight, weight >= 0 && name.size() <= 10)", message: "weights must be non-negative, names at most 10 characters" }],
    },
    backends: {
      type: "array",
      maxItems: 8,
      items: { type: "object", properties: { name: { type: "string", maxLength: 20 }, weight: { type: "integer" } } },
      "x-kubernetes-validations": [
        { rule: "self.transformList(i, b, b.name).distinct().size() == self.size()", message: "backend names must be unique" },
        { rule: "self.size() == 0 || self.sortBy(b, -b.weight)[0].name == 'primary'", message: "the heaviest backend must be primary" },
      ],
    },
  },
};

describe("CEL libraries through crd-eval", () => {
  const version = compileCrd(crdWithSpec(spec), { kubernetesVersion: "1.34" }).version("v1")!;
  const errors = (s: unknown, old?: unknown) => version.admit(thing(s), old === undefined ? {} : { oldObject: thing(old) }).errors.map((e) => e.message);

  it("admits a valid object and update", () => {
    const valid = { version: "v1.2", ports: [80, 443], weights: { a: 1 }, backends: [{ name: "primary", weight: 9 }, { name: "canary", weight: 1 }] };
    expect(errors(valid)).toEqual([]);
    expect(errors({ ...valid, version: "1.3.0" }, valid)).toEqual([]);
  });

  it("refuses what the rules forbid, with the apiserver's messages", () => {
    expect(errors({ version: "one", ports: [443, 80, 80] })).toEqual([
      'spec.version: Invalid value: "string": must be a semantic version',
      'spec.ports: Invalid value: "array": ports must be unique',
      'spec.ports: Invalid value: "array": ports must be sorted',
    ]);
    expect(errors({ version: "1.2.0" }, { version: "v1.10" })).toEqual(['spec.version: Invalid value: "string": may not go back from v1.10']);
    expect(errors({ weights: { a: -1 }, backends: [{ name: "x", weight: 1 }, { name: "x", weight: 2 }] })).toEqual([
      'spec.weights: Invalid value: "object": weights must be non-negative, names at most 10 characters',
      'spec.backends: Invalid value: "array": backend names must be unique',
      'spec.backends: Invalid value: "array": the heaviest backend must be primary',
    ]);
  });

  it("reports the rules as not compiling for a Kubernetes version without these libraries", () => {
    const old = compileCrd(crdWithSpec(spec), { kubernetesVersion: "1.31" }).version("v1")!;
    const messages = old.admit(thing({ version: "1.0.0", weights: {} })).errors.map((e) => e.message);
    expect(messages[0]).toBe(
      `spec.version: Invalid value: "string": rule compile error: [cel/kubernetes-version] compilation failed: ERROR: <input>:1:1: undeclared reference to 'isSemver' (in container ''): isSemver needs Kubernetes 1.33, kubernetes_version is 1.31`,
    );
    expect(messages.some((m) => m.includes("all with two variables needs Kubernetes 1.32"))).toBe(true);
  });
});
