// Converters between protobuf-es messages and custom resource objects: `to<Kind>(message, meta)` and
// `from<Kind>(cr)` per resource version, specialised per message (no reflection per call). They follow
// the model's decisions as the CRD and the types do (names, 64-bit and enum policies, well-known types,
// nullability), never throw on a value the CRD and the message both accept, and throw a ConversionError
// with the path in the custom resource and the reason otherwise.
import { ConvertContext, PathExpr } from "./context.js";
import { HELPER_NAMES } from "./helpers.js";
import { knownProperties, propertiesFromJson, propertiesToJson } from "./messages.js";
import { fileHeader } from "../types/types-file.js";
import { namesFor, type ResourceNames } from "../shared/names.js";
import { shapesFor, type ResourceShape } from "../shared/shapes.js";
import type { TypeScriptFileInput } from "../shared/typescript-input.js";

/** The content of `<proto>_crd_convert.ts`, or "" when there is nothing to emit. */
export function convertersFile(input: TypeScriptFileInput): string {
  if (input.resources.length === 0) return "";
  const shapes = shapesFor(input);
  const names = namesFor(shapes);
  const ctx = new ConvertContext(input, shapes, names, HELPER_NAMES);

  const resources = shapes.resources.map((resource) => resourceConverters(resource, names.resources.get(resource)!, ctx));
  const registry = ctx.protobuf("Registry", true);
  const preamble = [
    `/** A value that cannot be converted: \`path\` is where in the custom resource, \`reason\` why. */\n` +
      `export class ConversionError extends Error {\n` +
      `  readonly path: string;\n` +
      `  readonly reason: string;\n\n` +
      `  constructor(path: string, reason: string) {\n` +
      `    super(path === "" ? reason : \`\${path}: \${reason}\`);\n` +
      `    this.name = "ConversionError";\n` +
      `    this.path = path;\n` +
      `    this.reason = reason;\n` +
      `  }\n` +
      `}\n`,
    `/** Options of the from… functions. */\n` +
      `export interface FromOptions {\n` +
      `  /** Skip properties the CRD does not define instead of failing on them (the API server prunes them). */\n` +
      `  ignoreUnknownFields?: boolean;\n` +
      `  /** The message types google.protobuf.Any values may hold. */\n` +
      `  registry?: ${registry};\n` +
      `}\n`,
  ];
  if (ctx.toOptions) {
    preamble.push(
      `/** Options of the to… functions. */\n` +
        `export interface ToOptions {\n` +
        `  /** The message types google.protobuf.Any values may hold. */\n` +
        `  registry?: ${registry};\n` +
        `}\n`,
    );
  }
  const declarations = [...ctx.declarations.values()];
  const helpers = ctx.helpers.render(ctx.ref);
  return [fileHeader(input.protoFile) + ctx.imports.render(), ...preamble, ...resources, ...declarations, helpers].filter((s) => s !== "").join("\n");
}

function resourceConverters(resource: ResourceShape, names: ResourceNames, ctx: ConvertContext): string {
  const { root } = resource;
  const desc = root.desc;
  const message = ctx.shape(desc);
  const object = ctx.crd(names.object);
  const apiVersion = ctx.crd(names.apiVersionConst, false);
  const kind = ctx.crd(names.kindConst, false);
  const meta = ctx.crd("ObjectMeta");
  const toParams = ctx.toOptions ? `message: ${message}, meta: ${meta}, options: ToOptions = {}` : `message: ${message}, meta: ${meta}`;
  const to =
    `/**\n` +
    ` * A ${resource.kind} object (${resource.apiVersion}) from a \`${desc.typeName}\` message and the object's metadata.\n` +
    ` * Fields the message does not set are omitted, as protojson omits them.\n` +
    ` *\n` +
    ` * @throws ConversionError when the message holds a value the CRD cannot hold, with its path in the object.\n` +
    ` */\n` +
    `export function ${names.to}(${toParams}): ${object} {\n` +
    `  const cr = { apiVersion: ${apiVersion}, kind: ${kind}, metadata: meta } as ${object};\n` +
    propertiesToJson(root.properties, "message", "cr", PathExpr.root(), ctx) +
    `  return cr;\n` +
    `}\n`;

  const known = knownProperties(["apiVersion", "kind", "metadata", ...root.properties.map((p) => p.name)], names.object, ctx);
  const expected = ctx.helper("expected");
  const from =
    `/**\n` +
    ` * The \`${desc.typeName}\` message of a ${resource.kind} object (${resource.apiVersion}), e.g. one read from the API\n` +
    ` * server or a manifest. The object's metadata is not part of the message.\n` +
    ` *\n` +
    ` * @throws ConversionError when the object does not have the form the CRD defines, with the path of the first problem.\n` +
    ` */\n` +
    `export function ${names.from}(cr: unknown, options: FromOptions = {}): ${message} {\n` +
    `  const json = ${ctx.helper("objectFromJson")}(cr, "");\n` +
    `  if (json.apiVersion !== ${apiVersion}) ${expected}(JSON.stringify(${apiVersion}), json.apiVersion, "apiVersion");\n` +
    `  if (json.kind !== ${kind}) ${expected}(JSON.stringify(${kind}), json.kind, "kind");\n` +
    `  if (options.ignoreUnknownFields !== true) ${ctx.helper("checkProperties")}(json, ${known}, "");\n` +
    propertiesFromJson(root, "json", PathExpr.root(), ctx) +
    `}\n`;
  return `${to}\n${from}`;
}
