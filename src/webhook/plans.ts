// The conversion plans the webhook (and crd-ts serve) use: those generated for this project
// (dist/generated/ts/**/*_crd_conversion.js, found next to the build output) and any module given.
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { ConversionPlan } from "../version-conversion/plan.js";

function conversionModules(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return conversionModules(path);
    return name.endsWith("_crd_conversion.js") ? [path] : [];
  });
}

export async function loadConversionPlans(modules: readonly string[] = []): Promise<ConversionPlan[]> {
  const generated = conversionModules(fileURLToPath(new URL("../../generated/ts/", import.meta.url)));
  const plans: ConversionPlan[] = [];
  for (const file of [...generated, ...modules.map((m) => resolve(m))]) {
    const module = (await import(pathToFileURL(file).href)) as { conversionPlans?: ConversionPlan[] };
    if (!module.conversionPlans) throw new Error(`${file} exports no conversionPlans (is it a generated *_crd_conversion.js?)`);
    plans.push(...module.conversionPlans);
  }
  return plans;
}
