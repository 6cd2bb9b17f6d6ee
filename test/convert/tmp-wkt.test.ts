import fc from "fast-check";
import { equals, toJson } from "@bufbuild/protobuf";
import { test } from "vitest";
import { buildConverters, fixtureSources } from "./convert-harness.js";
import { ANY_REGISTRY, convertedResources } from "./roundtrip.js";
test("wkt", async () => {
  const b = buildConverters(fixtureSources("test/fixtures/golden/well-known-types/input"), "");
  const [r] = await convertedResources(b);
  let t = performance.now();
  const samples = fc.sample(r.arbitrary, 300);
  console.log("sample", performance.now() - t);
  let bad = 0;
  for (const m of samples) {
    try {
      const cr = r.to(m, {}, { registry: ANY_REGISTRY });
      const back = r.from(JSON.parse(JSON.stringify(cr)), { registry: ANY_REGISTRY });
      if (!equals(r.schema, back, m)) { if (bad++ < 2) console.log("NE", JSON.stringify(cr), JSON.stringify(toJson(r.schema, back, {registry: ANY_REGISTRY}))); }
    } catch (e) { if (bad++ < 3) console.log("ERR", String(e), JSON.stringify(toJson(r.schema, m, {registry: ANY_REGISTRY}))); }
  }
  console.log("bad", bad, performance.now() - t);
  b.cleanup();
}, 120000);
