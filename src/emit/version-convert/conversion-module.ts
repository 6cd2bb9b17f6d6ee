// `<storage file>_crd_conversion.ts`: the conversion plan of a multi-version CRD and typed functions
// that convert its objects between versions through the storage version.
import type { ConversionPlan } from "../../version-conversion/plan.js";
import type { ResourceModel } from "../../schema/model.js";
import type { GeneratorOptions } from "../../plugin/parameters.js";
import { moduleBase } from "../shared/typescript-input.js";

export function conversionModule(model: ResourceModel, plan: ConversionPlan, options: GeneratorOptions, header: string): string {
  const hub = model.versions.find((v) => v.name === plan.hub) ?? model.versions[0];
  const kind = model.kind;
  const ext = options.importExtension === "none" ? "" : `.${options.importExtension}`;
  const typeName = (version: string) => `${kind}${version[0].toUpperCase()}${version.slice(1)}`;
  const lines: string[] = [header, "/* eslint-disable */", `import { type ConversionPlan, convertObject } from "protoc-gen-crd-ts/version-conversion";`];
  for (const version of model.versions) {
    lines.push(`import type { ${kind} as ${typeName(version.name)} } from "${relativeModule(hub.protoFile, version.protoFile, ext)}";`);
  }
  const planName = `${kind[0].toLowerCase()}${kind.slice(1)}Conversion`;
  lines.push(
    "",
    `/**`,
    ` * How the versions of ${model.crd.metadata.name} map onto the storage version ${plan.hub}: fields of`,
    ` * the same proto field (name and number) match; \`hubOnly\` and \`spokeOnly\` fields are kept in the`,
    ` * annotation \`conversion.protoc-gen-crd-ts/<version>\` by the version that cannot hold them, so every`,
    ` * round trip returns the original object.`,
    ` */`,
    `export const ${planName}: ConversionPlan = ${printPlan(plan)};`,
    "",
    `/** A ${kind} object of any served version. */`,
    `export type ${kind}AnyVersion = ${model.versions.map((v) => typeName(v.name)).join(" | ")};`,
    "",
    `/** Converts a ${kind} of any version to \`toVersion\` (a new object); throws ConversionError. */`,
  );
  for (const version of model.versions) {
    lines.push(`export function convert${kind}(object: unknown, toVersion: "${version.name}"): ${typeName(version.name)};`);
  }
  lines.push(
    `export function convert${kind}(object: unknown, toVersion: string): ${kind}AnyVersion {`,
    `  return convertObject(${planName}, object, toVersion) as unknown as ${kind}AnyVersion;`,
    `}`,
    "",
    `/** The conversion plans of this file, for tools that convert any kind (crd-ts webhook, crd-ts serve). */`,
    `export const conversionPlans: ConversionPlan[] = [${planName}];`,
    "",
  );
  return lines.join("\n");
}

function relativeModule(fromProto: string, toProto: string, ext: string): string {
  const from = fromProto.split("/").slice(0, -1);
  const to = moduleBase(toProto, "_crd").split("/");
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  const up = from.length - common;
  const rest = to.slice(common).join("/");
  return `${up === 0 ? "./" : "../".repeat(up)}${rest}${ext}`;
}

function printPlan(plan: ConversionPlan): string {
  const paths = (list: readonly (readonly string[])[]) => `[${list.map((p) => JSON.stringify(p).replace(/,/g, ", ")).join(", ")}]`;
  const spokes = Object.entries(plan.spokes).map(([version, spoke]) => [
    `    ${JSON.stringify(version)}: {`,
    `      hubOnly: ${paths(spoke.hubOnly)},`,
    `      spokeOnly: ${paths(spoke.spokeOnly)},`,
    `      moves: [${spoke.moves.map((m) => `{ spoke: ${JSON.stringify(m.spoke)}, hub: ${JSON.stringify(m.hub)} }`).join(", ")}],`,
    `    },`,
  ].join("\n"));
  return [
    "{",
    `  group: ${JSON.stringify(plan.group)},`,
    `  kind: ${JSON.stringify(plan.kind)},`,
    `  hub: ${JSON.stringify(plan.hub)},`,
    "  spokes: {",
    ...spokes,
    "  },",
    "}",
  ].join("\n");
}
