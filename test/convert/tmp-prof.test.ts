import fc from "fast-check";
import { equals } from "@bufbuild/protobuf";
import { test } from "vitest";
import { buildConverters, healthSources } from "./convert-harness.js";
import { ANY_REGISTRY, convertedResources } from "./roundtrip.js";
test("prof", async () => {
  const build = buildConverters(healthSources());
  const rs = await convertedResources(build);
  const r = rs[0];
  let t = performance.now();
  const samples = fc.sample(r.arbitrary, 10000);
  console.log("sample", performance.now() - t);
  t = performance.now();
  for (const m of samples) { const cr = r.to(m, {}); const b = r.from(JSON.parse(JSON.stringify(cr))); if (!equals(r.schema, b, m)) throw new Error("x"); }
  console.log("convert", performance.now() - t);
  t = performance.now();
  fc.assert(fc.property(r.arbitrary, () => true), { numRuns: 10000 });
  console.log("assert-empty", performance.now() - t);
  build.cleanup();
});
