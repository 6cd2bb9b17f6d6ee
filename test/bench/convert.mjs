// npm run bench:convert — throughput of the generated converters (dist/generated/ts/**) against
// protobuf-es's reflection-based toJson/fromJson on the same HealthEvent messages:
//   toHealthEvent(message, meta)  vs  toJson(HealthEventResourceSchema, message)
//   fromHealthEvent(cr)           vs  fromJson(HealthEventResourceSchema, json)
// Each side converts the same set of messages; the median of several rounds is reported as a ratio
// (ours / protobuf-es, higher is better; the target is ≥ 1×).
import { resolve } from "node:path";
import { create, equals, fromJson, toJson } from "@bufbuild/protobuf";
import { timestampFromDate } from "@bufbuild/protobuf/wkt";

const ROOT = resolve(import.meta.dirname, "../..");
const GENERATED = resolve(ROOT, "dist/generated/ts/nvsentinel/health/v1alpha1");
const { fromHealthEvent, toHealthEvent } = await import(resolve(GENERATED, "health_event_crd_convert.js"));
const pb = await import(resolve(GENERATED, "health_event_pb.js"));
const { HealthEventResourceSchema, RecommendedAction, ProcessingStrategy } = pb;

const MESSAGES = Number(process.env.BENCH_MESSAGES ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const ROUND_MS = Number(process.env.BENCH_ROUND_MS ?? 300);

/** Deterministic pseudo-random numbers, so that every run converts the same messages. */
function random(seed) {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
}

/** HealthEvents as monitors produce them: a few entities and error codes, metadata, and half with a status. */
function messages(n) {
  const rnd = random(42);
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const actions = [RecommendedAction.NONE, RecommendedAction.COMPONENT_RESET, RecommendedAction.RESTART_VM, RecommendedAction.REPLACE_VM, RecommendedAction.CONTACT_SUPPORT];
  const result = [];
  for (let i = 0; i < n; i++) {
    const node = `node-${Math.floor(rnd() * 500)}.cluster.local`;
    const time = new Date(Date.UTC(2025, 0, 1) + Math.floor(rnd() * 3e10));
    const spec = {
      version: 1,
      agent: pick(["gpu-health-monitor", "syslog-health-monitor", "csp-health-monitor"]),
      componentClass: pick(["GPU", "NIC", "EC2"]),
      checkName: pick(["GpuXidError", "SysLogsXIDError", "GpuMemWatch"]),
      isFatal: rnd() < 0.5,
      isHealthy: rnd() < 0.3,
      message: `XID ${Math.floor(rnd() * 200)} detected on GPU ${Math.floor(rnd() * 8)}`,
      recommendedAction: pick(actions),
      errorCode: Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => String(Math.floor(rnd() * 150))),
      entitiesImpacted: Array.from({ length: 1 + Math.floor(rnd() * 4) }, (_, g) => ({ entityType: pick(["GPU", "GPU_UUID", "PCI"]), entityValue: `GPU-${g}-${Math.floor(rnd() * 1e9).toString(16)}` })),
      metadata: { idempotencyKey: `key-${i}`, zone: pick(["a", "b", "c"]) },
      generatedTimestamp: timestampFromDate(time),
      nodeName: node,
      quarantineOverrides: rnd() < 0.2 ? { force: true } : undefined,
      processingStrategy: pick([ProcessingStrategy.EXECUTE_REMEDIATION, ProcessingStrategy.STORE_ONLY]),
      id: `${Math.floor(rnd() * 1e12).toString(16)}-${i}`,
    };
    const status =
      rnd() < 0.5
        ? {
            nodeQuarantined: pick(["Quarantined", "AlreadyQuarantined", "UnQuarantined"]),
            quarantineFinishTimestamp: timestampFromDate(new Date(time.getTime() + 60_000)),
            userPodsEvictionStatus: { status: pick(["InProgress", "Succeeded"]), message: "" },
            faultRemediated: rnd() < 0.5 ? true : undefined,
            spanIds: { quarantine: "a1b2c3", drain: "d4e5f6" },
          }
        : undefined;
    result.push(create(HealthEventResourceSchema, { spec, status }));
  }
  return result;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Conversions per second of `fn` over `inputs`, for one round of about ROUND_MS. */
function round(fn, inputs) {
  let sink = 0;
  let count = 0;
  const start = performance.now();
  let elapsed = 0;
  do {
    for (let i = 0; i < inputs.length; i++) if (fn(inputs[i]) !== undefined) sink++;
    count += inputs.length;
    elapsed = performance.now() - start;
  } while (elapsed < ROUND_MS);
  if (sink !== count) throw new Error("a conversion returned nothing");
  return (count / elapsed) * 1000;
}

/** Median throughput of both sides, rounds alternating so that drift affects both alike. */
function compare(ours, theirs, oursInputs, theirsInputs) {
  round(ours, oursInputs);
  round(theirs, theirsInputs);
  const a = [];
  const b = [];
  for (let r = 0; r < ROUNDS; r++) {
    a.push(round(ours, oursInputs));
    b.push(round(theirs, theirsInputs));
  }
  return { ours: median(a), theirs: median(b) };
}

const meta = { name: "he-1", namespace: "default" };
const msgs = messages(MESSAGES);
const crs = msgs.map((m) => JSON.parse(JSON.stringify(toHealthEvent(m, meta))));
const jsons = msgs.map((m) => JSON.parse(JSON.stringify(toJson(HealthEventResourceSchema, m))));

// The comparison is only fair if both sides do the same job: check that they agree first.
for (let i = 0; i < msgs.length; i++) {
  const back = fromHealthEvent(crs[i]);
  if (!equals(HealthEventResourceSchema, back, msgs[i]) || !equals(HealthEventResourceSchema, fromJson(HealthEventResourceSchema, jsons[i]), msgs[i])) {
    throw new Error(`message ${i} does not survive the round trip`);
  }
  const { apiVersion, kind, metadata, ...rest } = crs[i];
  void apiVersion, kind, metadata;
  if (JSON.stringify(rest) !== JSON.stringify(jsons[i])) throw new Error(`message ${i}: the CR's spec/status differ from protojson's output`);
}

const to = compare((m) => toHealthEvent(m, meta), (m) => toJson(HealthEventResourceSchema, m), msgs, msgs);
const from = compare((cr) => fromHealthEvent(cr), (json) => fromJson(HealthEventResourceSchema, json), crs, jsons);

const fmt = (n) => Math.round(n).toLocaleString("en-US");
console.log(`HealthEvent converters vs protobuf-es (${MESSAGES} messages, median of ${ROUNDS} rounds of ${ROUND_MS} ms, node ${process.version})`);
console.log(`  toHealthEvent    ${fmt(to.ours).padStart(10)} /s   toJson   ${fmt(to.theirs).padStart(10)} /s   ratio ${(to.ours / to.theirs).toFixed(2)}×`);
console.log(`  fromHealthEvent  ${fmt(from.ours).padStart(10)} /s   fromJson ${fmt(from.theirs).padStart(10)} /s   ratio ${(from.ours / from.theirs).toFixed(2)}×`);
const failed = to.ours < to.theirs || from.ours < from.theirs;
if (failed) console.log("  below the target of 1×");
