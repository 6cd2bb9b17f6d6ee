import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { compileCelRule } from "../../dist/src/cel/index.js";
const crd = parse(readFileSync(new URL("../../generated/crds/nvsentinel.dgxc.nvidia.com_healthevents.yaml", import.meta.url), "utf8"));
const root = crd.spec.versions[0].schema.openAPIV3Schema;
const spec = root.properties.spec;
const rules = [];
function walk(s, path) {
  for (const r of s["x-kubernetes-validations"] ?? []) rules.push({ path, schema: s, r, c: compileCelRule(s, r) });
  for (const [k, v] of Object.entries(s.properties ?? {})) walk(v, `${path}.${k}`);
  if (s.items) walk(s.items, `${path}[]`);
  if (s.additionalProperties && typeof s.additionalProperties === "object") walk(s.additionalProperties, `${path}{}`);
}
walk(root, "");
const doc = { spec: { version: 1, agent: "gpu-health-monitor", componentClass: "GPU", checkName: "GpuXidError", isFatal: true, isHealthy: false, message: "XID 79 GPU has fallen off the bus", recommendedAction: "CUSTOM", customRecommendedAction: "reboot", errorCode: ["79"], entitiesImpacted: [{ entityType: "GPU", entityValue: "0" }, { entityType: "PCI", entityValue: "0000:3b:00.0" }], metadata: { node: "n1", zone: "a" }, generatedTimestamp: "2026-01-02T03:04:05Z", nodeName: "node-1", quarantineOverrides: { force: false }, processingStrategy: "EXECUTE_REMEDIATION", id: "abc" }, status: { spanIds: { a: "1" }, nodeQuarantined: "Quarantined" } };
const old = structuredClone(doc);
function get(o, path) { let x = o; for (const p of path.split(".").filter(Boolean)) x = x?.[p]; return x; }
const cases = rules.filter(r => !r.path.includes("[]") && !r.path.includes("{}")).map(r => ({ label: `${r.path}: ${r.r.rule}`, c: r.c, self: get(doc, r.path), old: get(old, r.path) }));
const N = Number(process.argv[2] ?? 200000);
const only = process.argv[3];
for (const k of cases.filter((c) => only === undefined || c.label.includes(only))) {
  for (let i = 0; i < 20000; i++) k.c.evaluate(k.self, k.old);
  const t = performance.now();
  for (let i = 0; i < N; i++) k.c.evaluate(k.self, k.old);
  const dt = performance.now() - t;
  console.log(`${(dt * 1e6 / N).toFixed(0).padStart(6)} ns  ${k.label.slice(0, 100)}  -> ${JSON.stringify(k.c.evaluate(k.self, k.old))}`);
}
