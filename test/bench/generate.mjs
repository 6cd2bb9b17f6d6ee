// npm run bench:generate — `buf generate` with protoc-gen-crd-ts vs with protoc-gen-es on the same inputs
// and the same target (target=ts, and the default js+dts): wall time (median of interleaved runs, so that
// drift on a shared machine affects both alike), time per message at 200 vs 2,000 messages, the plugin
// process's peak RSS and the output bytes at 2,000 messages.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { writeSyntheticProtos } from "./synthetic-protos.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
const BUF = join(ROOT, "node_modules/.bin/buf");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TARGETS = ["ts", "js+dts"];
const RSS_PRELOAD = join(import.meta.dirname, "peak-rss.cjs");

const PLUGINS = {
  "protoc-gen-crd-ts": join(ROOT, "dist/src/plugin/main.js"),
  "protoc-gen-es": join(ROOT, "node_modules/@bufbuild/protoc-gen-es/bin/protoc-gen-es"),
};

function templateName(plugin, target) {
  return `${plugin}.${target.replace("+", "-")}.gen.yaml`;
}

function workspace(fill) {
  const dir = mkdtempSync(join(tmpdir(), "crd-ts-bench-"));
  cpSync(join(ROOT, "proto/crd"), join(dir, "crd"), { recursive: true });
  writeFileSync(join(dir, "buf.yaml"), "version: v2\n");
  for (const [name, script] of Object.entries(PLUGINS)) {
    for (const target of TARGETS) {
      const local = JSON.stringify(["node", "--require", RSS_PRELOAD, script]);
      const out = `out-${name}-${target.replace("+", "-")}`;
      writeFileSync(join(dir, templateName(name, target)), `version: v2\nclean: true\nplugins:\n  - local: ${local}\n    out: ${out}\n    strategy: all\n    opt: target=${target}\n`);
    }
  }
  fill(dir);
  // Warm the buf cache and check both plugins succeed before timing.
  for (const name of Object.keys(PLUGINS)) for (const target of TARGETS) run(dir, name, target);
  return dir;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** One run: wall milliseconds and the plugin process's peak RSS in MB (written by peak-rss.cjs). */
function run(dir, plugin, target) {
  const rssFile = join(dir, "rss.txt");
  rmSync(rssFile, { force: true });
  const start = process.hrtime.bigint();
  execFileSync(BUF, ["generate", "--template", templateName(plugin, target)], { cwd: dir, stdio: "pipe", env: { ...process.env, PEAK_RSS_FILE: rssFile } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { ms, rssMb: Number(readFileSync(rssFile, "utf8")) / 1024 };
}

function bytes(dir, filter) {
  let total = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (filter(e.name)) total += statSync(p).size;
    }
  };
  walk(dir);
  return total;
}

/** Interleaved runs of both plugins on `target`; prints one row. */
function measure(label, dir, target) {
  const samples = Object.fromEntries(Object.keys(PLUGINS).map((p) => [p, { ms: [], rss: [] }]));
  for (let i = 0; i < RUNS; i++) {
    for (const p of Object.keys(PLUGINS)) {
      const { ms, rssMb } = run(dir, p, target);
      samples[p].ms.push(ms);
      samples[p].rss.push(rssMb);
    }
  }
  const ours = median(samples["protoc-gen-crd-ts"].ms);
  const es = median(samples["protoc-gen-es"].ms);
  const rssOurs = Math.max(...samples["protoc-gen-crd-ts"].rss);
  const rssEs = Math.max(...samples["protoc-gen-es"].rss);
  const t = target.replace("+", "-");
  const code = (name) => name.endsWith(".ts") || name.endsWith(".js");
  const bOurs = bytes(join(dir, `out-protoc-gen-crd-ts-${t}`), code);
  const bEs = bytes(join(dir, `out-protoc-gen-es-${t}`), code);
  const yaml = bytes(join(dir, `out-protoc-gen-crd-ts-${t}`), (n) => n.endsWith(".yaml"));
  console.log(
    `${label.padEnd(26)} ${target.padEnd(7)} crd-ts ${ours.toFixed(0).padStart(6)} ms  es ${es.toFixed(0).padStart(6)} ms  ratio ${(ours / es).toFixed(2)}` +
      `  | peak RSS crd-ts ${rssOurs.toFixed(0)} MB es ${rssEs.toFixed(0)} MB (${(rssOurs / rssEs).toFixed(2)}x)` +
      `  | code bytes crd-ts ${bOurs} es ${bEs} (${(bOurs / bEs).toFixed(2)}x), CRD YAML ${yaml}`,
  );
  if (label.includes("2,000") || label.includes("proto/")) console.log(`  ${target} crd-ts code bytes by artifact: ${byArtifact(join(dir, `out-protoc-gen-crd-ts-${t}`), messageCount(dir))}`);
  return { ours, es };
}

/** Our code bytes split by generated artifact (types, validators, converters, version converters), and per message. */
function byArtifact(dir, messages) {
  const kinds = { types: /_crd\.(ts|js|d\.ts)$/, validators: /_crd_validate\.(ts|js|d\.ts)$/, converters: /_crd_convert\.(ts|js|d\.ts)$/, "version converters": /_crd_conversion\.(ts|js|d\.ts)$/ };
  const parts = Object.entries(kinds).map(([kind, re]) => {
    const b = bytes(dir, (n) => re.test(n));
    return `${kind} ${b} (${(b / messages).toFixed(0)}/message)`;
  });
  const all = bytes(dir, (n) => n.endsWith(".ts") || n.endsWith(".js"));
  const validators = bytes(dir, (n) => kinds.validators.test(n));
  return `${parts.join(", ")}; without validators ${all - validators}`;
}

/** Messages declared in the workspace's .proto files (excluding crd/v1/options.proto). */
function messageCount(dir) {
  let n = 0;
  const walk = (d) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory() && !e.name.startsWith("out-") && e.name !== "crd") walk(p);
      else if (e.name.endsWith(".proto")) n += (readFileSync(p, "utf8").match(/^\s*message\s/gm) ?? []).length;
    }
  };
  walk(dir);
  return n;
}

const sets = [];
try {
  console.log(`buf generate, median wall time of ${RUNS} interleaved runs per plugin (targets: ratio <= 1.5; per message 2,000 vs 200 <= 1.3x;`);
  console.log(`peak RSS and code bytes (.ts/.js/.d.ts) at 2,000 messages <= 2x protoc-gen-es). The machine may be shared: compare ratios, not absolutes.`);
  const he = workspace((dir) => cpSync(join(ROOT, "proto/nvsentinel"), join(dir, "nvsentinel"), { recursive: true }));
  sets.push(he);
  const small = workspace((dir) => writeSyntheticProtos(dir, 200));
  sets.push(small);
  const large = workspace((dir) => writeSyntheticProtos(dir, 2000));
  sets.push(large);
  for (const target of TARGETS) {
    measure("proto/ (HealthEvent)", he, target);
    const s200 = measure("synthetic, 200 messages", small, target);
    const s2000 = measure("synthetic, 2,000 messages", large, target);
    const per200 = s200.ours / 200;
    const per2000 = s2000.ours / 2000;
    console.log(`  ${target}: crd-ts per message ${per200.toFixed(3)} ms at 200, ${per2000.toFixed(3)} ms at 2,000 -> ${(per2000 / per200).toFixed(2)}x`);
  }
} finally {
  for (const dir of sets) rmSync(dir, { recursive: true, force: true });
}
