// `<storage file>_crd_conversion.ts`: the conversion plan of a multi-version CRD and typed functions
// that convert its objects between versions through the storage version. Described once for the
// shared printer (../shared/printer.ts), which writes it for target ts, js and dts.
import type { ConversionPlan, ValueConversion } from "../../version-conversion/plan.js";
import type { ResourceModel } from "../../schema/model.js";
import type { GeneratorOptions } from "../../plugin/parameters.js";
import { annotation, type GeneratedModule, type Statement, typeOnly, typeStatement } from "../shared/printer.js";
import { moduleBase } from "../shared/typescript-input.js";

/** Where generated conversion modules import their runtime from. */
const VERSION_CONVERSION_MODULE = "protoc-gen-crd-ts/version-conversion";

export function conversionModule(model: ResourceModel, plan: ConversionPlan, options: GeneratorOptions, header: string): GeneratedModule {
  const hub = model.versions.find((v) => v.name === plan.hub) ?? model.versions[0];
  const kind = model.kind;
  const ext = options.importExtension === "none" ? "" : `.${options.importExtension}`;
  const typeName = (version: string) => `${kind}${version[0].toUpperCase()}${version.slice(1)}`;
  const planName = `${kind[0].toLowerCase()}${kind.slice(1)}Conversion`;
  const anyVersion = `${kind}AnyVersion`;
  const planDoc = [
    `/**`,
    ` * How the versions of ${model.crd.metadata.name} map onto the storage version ${plan.hub}: fields of`,
    ` * the same proto field (by number) match, \`values\` map what each version writes differently; \`hubOnly\``,
    ` * and \`spokeOnly\` fields, and values the other side cannot hold, are kept in the annotation`,
    ` * \`conversion.protoc-gen-crd-ts/<version>\` by the version that cannot hold them, so every round trip`,
    ` * returns the original object.`,
    ` */`,
  ].join("\n");
  const overloads = model.versions.map((v) => `export function convert${kind}(object: unknown, toVersion: "${v.name}"): ${typeName(v.name)};`);
  const convertDoc = `/** Converts a ${kind} of any version to \`toVersion\` (a new object); throws ConversionError. */`;
  const plansDoc = `/** The conversion plans of this file, for tools that convert any kind (crd-ts webhook, crd-ts serve). */`;
  const statements: Statement[] = [
    {
      code: `${planDoc}\nexport const ${planName}${annotation("ConversionPlan")} = ${printPlan(plan)};\n`,
      declaration: `${planDoc}\nexport declare const ${planName}: ConversionPlan;\n`,
    },
    typeStatement(`/** A ${kind} object of any served version. */\nexport type ${anyVersion} = ${model.versions.map((v) => typeName(v.name)).join(" | ")};\n`),
    {
      code:
        `${convertDoc}\n${typeOnly(overloads.join("\n") + "\n")}` +
        `export function convert${kind}(object${annotation("unknown")}, toVersion${annotation("string")})${annotation(anyVersion)} {\n` +
        `  return convertObject(${planName}, object, toVersion)${typeOnly(` as unknown as ${anyVersion}`)};\n` +
        `}\n`,
      declaration: `${convertDoc}\n${overloads.map((o) => o.replace(/^export function/, "export declare function")).join("\n")}\n`,
    },
    {
      code: `${plansDoc}\nexport const conversionPlans${annotation("ConversionPlan[]")} = [${planName}];\n`,
      declaration: `${plansDoc}\nexport declare const conversionPlans: ConversionPlan[];\n`,
    },
  ];
  return {
    header,
    imports: [
      { from: VERSION_CONVERSION_MODULE, names: [{ name: "ConversionPlan", typeOnly: true }, { name: "convertObject", typeOnly: false }] },
      ...model.versions.map((v) => ({ from: relativeModule(hub.protoFile, v.protoFile, ext), names: [{ name: kind, local: typeName(v.name), typeOnly: true }] })),
    ],
    statements,
  };
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
  const values = (list: readonly ValueConversion[]) =>
    list.length === 0
      ? "[]"
      : `[\n${list.map((v) => `        { spoke: ${JSON.stringify(v.spoke)}, hub: ${JSON.stringify(v.hub)}, toHub: ${JSON.stringify(v.toHub)}, toSpoke: ${JSON.stringify(v.toSpoke)} },\n`).join("")}      ]`;
  const spokes = Object.entries(plan.spokes).map(([version, spoke]) => [
    `    ${JSON.stringify(version)}: {`,
    `      hubOnly: ${paths(spoke.hubOnly)},`,
    `      spokeOnly: ${paths(spoke.spokeOnly)},`,
    `      moves: [${spoke.moves.map((m) => `{ spoke: ${JSON.stringify(m.spoke)}, hub: ${JSON.stringify(m.hub)} }`).join(", ")}],`,
    `      values: ${values(spoke.values ?? [])},`,
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
