// check() validates a create as written in one walk that also tells whether pruning would change the
// document (and falls back to the exact path when it would): it must answer exactly what admit() does.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { compileCrd } from "../../src/crd-eval/index.js";
import type { CustomResourceDefinition } from "../../src/schema/kubernetes.js";
import { mutate, random, resourceArbitrary } from "../validate/support/documents.mjs";
import { ROOT } from "../harness/compile.js";
import { thing, versionFor } from "./crd-fixture.js";

const crds = ["nvsentinel.dgxc.nvidia.com_healthevents.yaml", "nvsentinel.nvidia.com_externalremediationrequests.yaml"].map(
  (file) =>
    parseAllDocuments(readFileSync(join(ROOT, "generated/crds", file), "utf8"))
      .map((d) => d.toJS())
      .find((d) => d !== null) as CustomResourceDefinition,
);

const options = [{ asWritten: true }, { asWritten: true, celRules: false }];

function expectSameAnswer(version: { admit: Function; check: Function }, doc: unknown): void {
  for (const o of options) {
    const admitted = version.admit(doc, o);
    expect(version.check(doc, o)).toEqual({ errors: admitted.errors, warnings: admitted.warnings });
  }
}

describe("check answers like admit", () => {
  for (const crd of crds) {
    for (const v of crd.spec.versions) {
      it(`on valid and mutated ${crd.spec.names.kind} ${v.name} documents`, () => {
        const version = compileCrd(crd).version(v.name)!;
        const schema = v.schema!.openAPIV3Schema!;
        const resource = { apiVersion: `${crd.spec.group}/${v.name}`, kind: crd.spec.names.kind };
        const docs = fc.sample(resourceArbitrary(schema, resource), { numRuns: 60, seed: 11 }).map((d) => JSON.parse(JSON.stringify(d)));
        const rand = random(5);
        for (const doc of docs) {
          expectSameAnswer(version, doc);
          for (let i = 0; i < 4; i++) expectSameAnswer(version, mutate(doc, schema, rand).doc);
        }
      });
    }
  }

  it("where pruning, defaults, nullable, preserved fields, maps, lists and junctors meet", () => {
    const version = versionFor({
      type: "object",
      properties: {
        a: { type: "string", nullable: true },
        b: { type: "integer", default: 3 },
        c: { type: "object", "x-kubernetes-preserve-unknown-fields": true },
        d: { type: "object", "x-kubernetes-preserve-unknown-fields": true, properties: { e: { type: "string" } } },
        m: { type: "object", additionalProperties: { type: "object", properties: { x: { type: "string" } } } },
        t: { type: "object", additionalProperties: true },
        l: { type: "array", items: { type: "object", properties: { k: { type: "string" } } } },
        n: { type: "object", minProperties: 2, properties: { p: { type: "object", properties: { q: { type: "string" } } } } },
        o: { type: "object", properties: { r: { type: "string" } }, anyOf: [{ required: ["r"] }, { properties: { r: { maxLength: 1 } } }] },
        s: { type: "string" },
      },
    });
    const value = fc.oneof(fc.constant(null), fc.string({ maxLength: 3 }), fc.integer(), fc.constant({}), fc.constant({ x: "1" }), fc.constant({ k: null, z: 1 }), fc.constant([{ q: 1 }]));
    const spec = fc.dictionary(fc.constantFrom("a", "b", "c", "d", "m", "t", "l", "n", "o", "s", "u"), fc.oneof(value, fc.dictionary(fc.constantFrom("e", "x", "p", "q", "r", "k", "w"), value), fc.array(value, { maxLength: 3 })));
    fc.assert(fc.property(spec, (s) => expectSameAnswer(version, thing(s))), { numRuns: 500 });
  });
});
