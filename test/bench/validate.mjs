// npm run bench:validate — throughput of the generated HealthEvent validator against ajv (compiled once,
// on the same schema rendered as JSON Schema, without CEL) on the same valid and invalid documents.
// Ours runs twice: with CEL rules off (the same checks as ajv plus metadata) and on (everything).
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Ajv from "ajv";
import fc from "fast-check";
import { parse } from "yaml";
import { formatTest } from "../../dist/src/validation/index.js";
import { validateHealthEvent } from "../../dist/generated/ts/nvsentinel/health/v1alpha1/health_event_crd_validate.js";
import { crdToJsonSchema, pruneNonNullableNulls } from "../validate/support/crd-json-schema.mjs";
import { mutate, random, resourceArbitrary } from "../validate/support/documents.mjs";

const root = fileURLToPath(new URL("../../", import.meta.url));
const crd = parse(readFileSync(`${root}generated/crds/nvsentinel.dgxc.nvidia.com_healthevents.yaml`, "utf8"));
// The version whose validator is imported above (the CRD lists v1 first since it has two versions).
const version = crd.spec.versions.find((v) => v.name === "v1alpha1");
const schema = version.schema.openAPIV3Schema;
const resource = { apiVersion: `${crd.spec.group}/${version.name}`, kind: crd.spec.names.kind };

const ajv = new Ajv({ allErrors: true, strict: false });
for (const format of ["date-time", "date", "byte", "duration", "uuid"]) ajv.addFormat(format, formatTest(format));
const ajvValidate = ajv.compile(crdToJsonSchema(schema, resource));

const COUNT = 2000;
// JSON round trip: documents as a controller or the CLI receives them (plain objects from JSON.parse).
const valid = fc.sample(resourceArbitrary(schema, resource), { numRuns: COUNT, seed: 42 }).map((d) => JSON.parse(JSON.stringify(d))).filter((d) => validateHealthEvent(d).length === 0 && ajvValidate(d));
const rand = random(7);
const invalid = [];
while (invalid.length < COUNT) {
  const { doc } = mutate(valid[invalid.length % valid.length], schema, rand);
  pruneNonNullableNulls(doc, schema);
  if (!ajvValidate(doc) && validateHealthEvent(doc, { celRules: false }).length > 0) invalid.push(doc);
}

/** Documents validated per second, measured over about `ms` milliseconds after a warm-up. */
function throughput(docs, validate, ms = 1500) {
  for (let i = 0; i < 3; i++) for (const d of docs) validate(d);
  let n = 0;
  let sink = 0;
  const start = performance.now();
  while (performance.now() - start < ms) {
    for (const d of docs) sink += validate(d) ? 1 : 0;
    n += docs.length;
  }
  if (sink < 0) console.log(sink);
  return n / ((performance.now() - start) / 1000);
}

const rows = [];
for (const [label, docs] of [["valid", valid], ["invalid", invalid]]) {
  const ajvRate = throughput(docs, (d) => ajvValidate(d));
  const oursNoCel = throughput(docs, (d) => validateHealthEvent(d, { celRules: false }).length === 0);
  const oursCel = throughput(docs, (d) => validateHealthEvent(d).length === 0);
  rows.push({ documents: `${label} (${docs.length})`, ajv: ajvRate, oursNoCel, oursCel });
}

const fmt = (n) => `${Math.round(n).toLocaleString("en-US")}/s`;
console.log(`HealthEvent validator throughput (node ${process.version}; ajv ${"8"} allErrors, same documents)\n`);
console.log("documents        ajv             ours (no CEL)   ratio   ours (CEL on)   ratio");
for (const r of rows) {
  console.log(
    `${r.documents.padEnd(16)} ${fmt(r.ajv).padEnd(15)} ${fmt(r.oursNoCel).padEnd(15)} ${(r.oursNoCel / r.ajv).toFixed(2)}×`.padEnd(64) +
      ` ${fmt(r.oursCel).padEnd(15)} ${(r.oursCel / r.ajv).toFixed(2)}×`,
  );
}
console.log("\ntargets: ≥ 2× ajv on valid documents, ≥ 1× on invalid ones (ours without CEL, the same checks as ajv)");
