// Micro-benchmark of CompiledCelRule.evaluate on the HealthEvent CRD's rules (build first: npm run -s build).
//   node test/cel/bench-evaluate.mjs [iterations=200000] [rule substring]
// Each rule with its node of one typical HealthEvent; `self == oldSelf` with an equal (cloned) old object.
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { compileCelRule } from "../../dist/src/cel/index.js";

const crd = parse(readFileSync(new URL("../../generated/crds/nvsentinel.dgxc.nvidia.com_healthevents.yaml", import.meta.url), "utf8"));
const root = crd.spec.versions[0].schema.openAPIV3Schema;

const rules = [];
function collect(schema, path) {
  for (const rule of schema["x-kubernetes-validations"] ?? []) rules.push({ path, rule, compiled: compileCelRule(schema, rule) });
  for (const [name, property] of Object.entries(schema.properties ?? {})) collect(property, `${path}.${name}`);
}
collect(root, "");

const doc = {
  spec: {
    version: 1, agent: "gpu-health-monitor", componentClass: "GPU", checkName: "GpuXidError", isFatal: true, isHealthy: false,
    message: "XID 79 GPU has fallen off the bus", recommendedAction: "CUSTOM", customRecommendedAction: "reboot", errorCode: ["79"],
    entitiesImpacted: [{ entityType: "GPU", entityValue: "0" }, { entityType: "PCI", entityValue: "0000:3b:00.0" }],
    metadata: { node: "n1", zone: "a" }, generatedTimestamp: "2026-01-02T03:04:05Z", nodeName: "node-1",
    quarantineOverrides: { force: false }, processingStrategy: "EXECUTE_REMEDIATION", id: "abc",
  },
  status: { spanIds: { a: "1" }, nodeQuarantined: "Quarantined" },
};
const old = structuredClone(doc);
const at = (obj, path) => path.split(".").filter(Boolean).reduce((x, p) => x?.[p], obj);

const iterations = Number(process.argv[2] ?? 200_000);
const only = process.argv[3];
for (const { path, rule, compiled } of rules) {
  const label = `${path}: ${rule.rule}`;
  if (only !== undefined && !label.includes(only)) continue;
  const self = at(doc, path);
  const oldSelf = at(old, path);
  for (let i = 0; i < 20_000; i++) compiled.evaluate(self, oldSelf);
  const start = performance.now();
  for (let i = 0; i < iterations; i++) compiled.evaluate(self, oldSelf);
  const ns = ((performance.now() - start) * 1e6) / iterations;
  console.log(`${ns.toFixed(0).padStart(6)} ns  ${label.slice(0, 90)}  → ${compiled.evaluate(self, oldSelf).kind}`);
}
