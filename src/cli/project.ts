// Where a project keeps its CRDs: read from its buf.gen.yaml (the `out` and `crd_dir` of the
// protoc-gen-crd-ts plugin entries, as `crd-ts init` writes them), so `crd-ts validate` and
// `crd-ts serve` find them without --crd.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { parse } from "yaml";

export const BUF_GEN_YAML = "buf.gen.yaml";

/** Where `crd-ts init` and buf put CRDs when the project has no buf.gen.yaml naming our plugin. */
export const FALLBACK_CRD_GLOB = "charts/*/crds";

interface PluginEntry {
  local?: unknown;
  out?: unknown;
  opt?: unknown;
}

/** A plugin entry runs protoc-gen-crd-ts: by its bin name, or (this repository) by its built entry point. */
function isOurPlugin(local: unknown): boolean {
  const words = Array.isArray(local) ? local : [local];
  return words.some((w) => typeof w === "string" && (/(^|[/\\])protoc-gen-crd-ts$/.test(w) || /(^|[/\\])dist\/src\/plugin\/main\.js$/.test(w)));
}

function optionList(opt: unknown): string[] {
  if (typeof opt === "string") return opt.split(",");
  return Array.isArray(opt) ? opt.filter((o): o is string => typeof o === "string").flatMap((o) => o.split(",")) : [];
}

/**
 * The folders (relative to `dir`) where the project's buf.gen.yaml has protoc-gen-crd-ts write CRDs, or
 * those matching charts/<name>/crds when there is none; only folders that exist. `source` says which.
 */
export function projectCrdDirs(dir: string): { dirs: string[]; source: string } {
  const bufGen = join(dir, BUF_GEN_YAML);
  if (existsSync(bufGen)) {
    let config: { plugins?: PluginEntry[] } | null = null;
    try {
      config = parse(readFileSync(bufGen, "utf8")) as { plugins?: PluginEntry[] } | null;
    } catch {
      // An unreadable buf.gen.yaml: buf itself reports it; fall back to the default folders.
    }
    const dirs: string[] = [];
    for (const plugin of config?.plugins ?? []) {
      if (!isOurPlugin(plugin.local) || typeof plugin.out !== "string") continue;
      const options = new Map(optionList(plugin.opt).map((o) => [o.split("=")[0].trim(), o.slice(o.indexOf("=") + 1).trim()]));
      const emit = options.get("emit") ?? "crd+ts";
      if (!emit.split("+").includes("crd")) continue;
      dirs.push(join(plugin.out, options.get("crd_dir") || "crds"));
    }
    if (dirs.length > 0) return { dirs: dirs.filter((d) => existsSync(join(dir, d))), source: `${relative(process.cwd(), bufGen) || BUF_GEN_YAML} (${dirs.join(", ")})` };
  }
  const charts = join(dir, "charts");
  const dirs = existsSync(charts)
    ? readdirSync(charts)
        .sort()
        .map((name) => join("charts", name, "crds"))
        .filter((d) => existsSync(join(dir, d)) && statSync(join(dir, d)).isDirectory())
    : [];
  return { dirs, source: FALLBACK_CRD_GLOB };
}
