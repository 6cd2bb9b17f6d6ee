// The generated validators and src/crd-eval run one engine (src/validation/resource-validator.ts), so
// what can still diverge is checked here: the schema each generated module embeds is the CRD's, the
// options (oldObject, celRules) and the copy-free path (check) agree with crd-eval's admit word for word,
// and ajv stays an independent reference for the OpenAPI part.
// Differential test: the generated validators against independent references on documents made by
// mutating valid ones (wrong types, missing required, out of range, bad patterns and formats, broken
// CEL invariants, unknown fields, too many items, duplicate map keys, nulls). The sets of error paths
// must agree with src/crd-eval (the whole apiserver pipeline: prune, validate, CEL), and, for the
// OpenAPI part, with ajv on a JSON Schema rendering of the CRD schema.
import { readFileSync } from "node:fs";
import Ajv from "ajv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatTest } from "../../src/validation/index.js";
import { ajvErrorPath, crdToJsonSchema, kubernetesPath, pruneNonNullableNulls } from "./support/crd-json-schema.mjs";
import { mutate, random, resourceArbitrary } from "./support/documents.mjs";
import { validationSchema } from "../../src/emit/validate/validators-file.js";
import { dottedMapKeys, PROJECT_RESOURCES, type ProjectResource, referencePaths, referenceTexts, violationPaths, violationTexts } from "./support/resources.js";

const DOCUMENTS_PER_RESOURCE = 6000;
const UPDATES_PER_RESOURCE = 1000;

function validDocuments(r: ProjectResource, count: number, seed: number): Record<string, unknown>[] {
  return fc
    .sample(resourceArbitrary(r.schema, r), { numRuns: count, seed })
    .map((d) => JSON.parse(JSON.stringify(d)) as Record<string, unknown>);
}

function describeMismatch(m: Mismatch): string {
  return `${m.what}: ours [${m.ours.join(", ")}] vs reference [${m.reference.join(", ")}] in ${JSON.stringify(m.doc).slice(0, 600)}`;
}

interface Mismatch {
  what: string;
  doc: unknown;
  ours: string[];
  reference: string[];
}

describe.each(PROJECT_RESOURCES.map((r) => [r.kind, r] as const))("%s", (_kind, r) => {
  const valid = validDocuments(r, 300, 11);

  it("embeds the CRD's schema (without descriptions) in its generated module", () => {
    const file = `generated/ts/nvsentinel/health/${r.apiVersion.split("/")[1]}/${r.kind === "HealthEvent" ? "health_event" : "external_remediation_request"}_crd_validate.ts`;
    const source = readFileSync(new URL(`../../${file}`, import.meta.url), "utf8");
    const literal = /const \w+_schema: CrdSchema = (\{[\s\S]*?\n\});\n/.exec(source)![1];
    const embedded = Function(`return (${literal});`)() as unknown;
    expect(embedded).toEqual(validationSchema(r.schema));
    expect(source).not.toContain("description:");
  });

  it("check (no copy when nothing is pruned or defaulted) agrees with admit on the mutated documents", () => {
    const rand = random(404);
    for (let i = 0; i < 1000; i++) {
      const old = valid[i % valid.length];
      const { doc } = mutate(old, r.schema, rand);
      for (const options of [{ asWritten: true }, { asWritten: true, oldObject: old }, { asWritten: true, celRules: false }]) {
        const admitted = r.reference.admit(doc, options);
        expect(r.reference.check(doc, options)).toEqual({ errors: admitted.errors, warnings: admitted.warnings });
      }
    }
  });

  it("valid seed documents pass both validators", () => {
    for (const doc of valid) {
      expect(r.validate(doc)).toEqual([]);
      expect(referencePaths(r.reference, doc)).toEqual([]);
    }
  });

  it(`agrees with src/crd-eval on ${DOCUMENTS_PER_RESOURCE} mutated documents (create)`, () => {
    const rand = random(101);
    const mismatches: Mismatch[] = [];
    const kinds = new Map<string, number>();
    let invalid = 0;
    for (let i = 0; i < DOCUMENTS_PER_RESOURCE; i++) {
      const { doc, what } = mutate(valid[i % valid.length], r.schema, rand);
      const ours = violationTexts(r.validate(doc));
      const reference = referenceTexts(r.reference, doc);
      if (ours.length > 0) invalid++;
      kinds.set(what, (kinds.get(what) ?? 0) + 1);
      if (JSON.stringify(ours) !== JSON.stringify(reference)) mismatches.push({ what, doc, ours, reference });
    }
    expect(mismatches.slice(0, 8).map(describeMismatch)).toEqual([]);
    // The mutations are varied and mostly break the document.
    expect(kinds.size).toBeGreaterThanOrEqual(15);
    expect(invalid).toBeGreaterThan(DOCUMENTS_PER_RESOURCE * 0.4);
  });

  it(`agrees with src/crd-eval on ${UPDATES_PER_RESOURCE} updates, transition rules included`, () => {
    const rand = random(202);
    const mismatches: Mismatch[] = [];
    for (let i = 0; i < UPDATES_PER_RESOURCE; i++) {
      const old = valid[i % valid.length];
      const { doc, what } = mutate(old, r.schema, rand);
      const ours = violationTexts(r.validate(doc, { oldObject: old }));
      const reference = referenceTexts(r.reference, doc, old);
      if (JSON.stringify(ours) !== JSON.stringify(reference)) mismatches.push({ what, doc, ours, reference });
    }
    expect(mismatches.slice(0, 8).map(describeMismatch)).toEqual([]);
  });

  it(`agrees with ajv on the OpenAPI part of ${DOCUMENTS_PER_RESOURCE} mutated documents`, () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    for (const format of ["date-time", "date", "byte", "duration", "uuid"]) ajv.addFormat(format, (value: string) => formatTest(format)!(value));
    const ajvValidate = ajv.compile(crdToJsonSchema(r.schema, r));
    const rand = random(303);
    const mismatches: Mismatch[] = [];
    for (let i = 0; i < DOCUMENTS_PER_RESOURCE; i++) {
      const { doc, what } = mutate(valid[i % valid.length], r.schema, rand);
      // What ajv cannot express: map-list key uniqueness, ObjectMeta beyond the name; nulls are pruned first.
      // ajv reports junctor failures at the field itself, kube-openapi (and we) without a path.
      const ours = violationPaths(r.validate(doc, { celRules: false }).filter((v) => v.rule !== "list-type" && v.path !== ""));
      pruneNonNullableNulls(doc, r.schema);
      ajvValidate(doc);
      const reference = [...new Set((ajvValidate.errors ?? []).map((e) => dottedMapKeys(kubernetesPath(ajvErrorPath(e), r.schema), r.schema)))].sort();
      if (JSON.stringify(ours) !== JSON.stringify(reference)) mismatches.push({ what, doc, ours, reference });
    }
    expect(mismatches.slice(0, 8).map(describeMismatch)).toEqual([]);
  });
});
