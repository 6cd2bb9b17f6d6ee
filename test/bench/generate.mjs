// npm run bench:generate — wall time of `buf generate` with protoc-gen-crd-ts vs with protoc-gen-es
// on the same inputs (median of several runs), and time per message at 200 vs 2,000 messages.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { writeSyntheticProtos } from "./synthetic-protos.mjs";

const ROOT = resolve(import.meta.dirname, "../..");
const BUF = join(ROOT, "node_modules/.bin/buf");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

const PLUGINS = {
  "protoc-gen-crd-ts": `["node", "${join(ROOT, "dist/src/plugin/main.js")}"]`,
  "protoc-gen-es": `["node", "${join(ROOT, "node_modules/@bufbuild/protoc-gen-es/bin/protoc-gen-es")}"]`,
};

function workspace(fill) {
  const dir = mkdtempSync(join(tmpdir(), "crd-ts-bench-"));
  cpSync(join(ROOT, "proto/crd"), join(dir, "crd"), { recursive: true });
  writeFileSync(join(dir, "buf.yaml"), "version: v2\n");
  for (const [name, local] of Object.entries(PLUGINS)) {
    writeFileSync(
      join(dir, `${name}.gen.yaml`),
      `version: v2\nclean: true\nplugins:\n  - local: ${local}\n    out: out-${name}\n    strategy: all\n    opt: target=ts\n`,
    );
  }
  fill(dir);
  // Warm the buf cache and check both plugins succeed before timing.
  for (const name of Object.keys(PLUGINS)) execFileSync(BUF, ["generate", "--template", `${name}.gen.yaml`], { cwd: dir, stdio: "pipe" });
  return dir;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** One timed run, in milliseconds; measure() alternates the plugins so drift affects both alike. */
function time(dir, plugin) {
  const start = process.hrtime.bigint();
  execFileSync(BUF, ["generate", "--template", `${plugin}.gen.yaml`], { cwd: dir, stdio: "pipe" });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function measure(label, dir) {
  const samples = Object.fromEntries(Object.keys(PLUGINS).map((p) => [p, []]));
  for (let i = 0; i < RUNS; i++) for (const p of Object.keys(PLUGINS)) samples[p].push(time(dir, p));
  const ours = median(samples["protoc-gen-crd-ts"]);
  const es = median(samples["protoc-gen-es"]);
  console.log(`${label.padEnd(28)} crd-ts ${ours.toFixed(0).padStart(6)} ms   es ${es.toFixed(0).padStart(6)} ms   ratio ${(ours / es).toFixed(2)}`);
  return { ours, es };
}

const sets = [];
try {
  console.log(`buf generate wall time, median of ${RUNS} runs (target: ratio <= 1.5)`);
  const he = workspace((dir) => cpSync(join(ROOT, "proto/nvsentinel"), join(dir, "nvsentinel"), { recursive: true }));
  sets.push(he);
  measure("HealthEvent protos", he);
  const small = workspace((dir) => writeSyntheticProtos(dir, 200));
  sets.push(small);
  const s200 = measure("synthetic, 200 messages", small);
  const large = workspace((dir) => writeSyntheticProtos(dir, 2000));
  sets.push(large);
  const s2000 = measure("synthetic, 2,000 messages", large);
  const per200 = s200.ours / 200;
  const per2000 = s2000.ours / 2000;
  console.log(
    `crd-ts per message: ${per200.toFixed(3)} ms at 200, ${per2000.toFixed(3)} ms at 2,000 -> ${(per2000 / per200).toFixed(2)}x (target: <= 1.3x)`,
  );
} finally {
  for (const dir of sets) rmSync(dir, { recursive: true, force: true });
}
