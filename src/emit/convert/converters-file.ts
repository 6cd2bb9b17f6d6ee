// Converters between protobuf-es messages and custom resource objects: `to<Kind>(message, meta)` and
// `from<Kind>(cr)` per resource version. The module holds what is specific to its messages, a table per
// message (tables.ts); the runtime (src/conversion) walks them, following the model's decisions as the CRD
// and the types do. The converters never throw on a value the CRD and the message both accept, and throw a
// ConversionError with the path in the custom resource and the reason otherwise.
import { ConvertContext } from "./context.js";
import { tablesExpression } from "./tables.js";
import { fileHeader, RUNTIME_MODULE } from "../shared/header.js";
import { namesFor, type ResourceNames } from "../shared/names.js";
import { annotation, localStatement, typeOnly, typeStatement, type GeneratedModule, type Statement } from "../shared/printer.js";
import { shapesFor, type ResourceShape } from "../shared/shapes.js";
import type { TypeScriptFileInput } from "../shared/typescript-input.js";

/** The module `<proto>_crd_convert`, or undefined when there is nothing to emit. */
export function convertersFile(input: TypeScriptFileInput): GeneratedModule | undefined {
  if (input.resources.length === 0) return undefined;
  const shapes = shapesFor(input);
  const names = namesFor(shapes);
  const ctx = new ConvertContext(input, shapes, names);

  const resources = shapes.resources.flatMap((resource) => resourceConverters(resource, names.resources.get(resource)!, ctx));
  const tables =
    `/**\n` +
    ` * The properties of each message in the CRD: property name: field number, or { field, required (the CRD\n` +
    ` * requires it), allowed (the values its enum lists) }. The runtime derives the rest from the descriptor.\n` +
    ` */\n` +
    `const converters = ${tablesExpression(ctx)};\n`;
  // The error and the options live in the runtime; re-exported so that a program imports one module.
  const optionTypes = ctx.toOptions ? "FromOptions, ToOptions" : "FromOptions";
  const reexports: Statement[] = [
    { code: `export { ConversionError } from ${JSON.stringify(RUNTIME_MODULE)};\n`, declaration: `export { ConversionError } from ${JSON.stringify(RUNTIME_MODULE)};\n` },
    typeStatement(`export type { ${optionTypes} } from ${JSON.stringify(RUNTIME_MODULE)};\n`),
  ];
  const declarations = [...ctx.declarations.values(), tables].map(localStatement);
  return { header: fileHeader(input.protoFile), imports: ctx.imports.declarations(), statements: [...reexports, ...resources, ...declarations] };
}

function resourceConverters(resource: ResourceShape, names: ResourceNames, ctx: ConvertContext): Statement[] {
  const desc = resource.root.desc;
  const message = ctx.shape(desc);
  const schema = ctx.schema(desc);
  const object = ctx.crd(names.object);
  const apiVersion = ctx.crd(names.apiVersionConst, false);
  const kind = ctx.crd(names.kindConst, false);
  const meta = ctx.runtime("ObjectMeta", true);
  const toOptions = ctx.toOptions ? ctx.runtime("ToOptions", true) : "";
  const toParams = ctx.toOptions
    ? `message${annotation(message)}, meta${annotation(meta)}, options${annotation(toOptions)} = {}`
    : `message${annotation(message)}, meta${annotation(meta)}`;
  const toDoc =
    `/**\n` +
    ` * A ${resource.kind} object (${resource.apiVersion}) from a \`${desc.typeName}\` message and the object's metadata.\n` +
    ` * Fields the message does not set are omitted, as protojson omits them.\n` +
    ` *\n` +
    ` * @throws ConversionError when the message holds a value the CRD cannot hold, with its path in the object.\n` +
    ` */\n`;
  const to =
    toDoc +
    `export function ${names.to}(${toParams})${annotation(object)} {\n` +
    `  return converters.toResource${typeOnly(`<${object}>`)}(${schema}, message, ${apiVersion}, ${kind}, meta${ctx.toOptions ? ", options" : ""});\n` +
    `}\n`;

  const fromOptions = ctx.runtime("FromOptions", true);
  const fromDoc =
    `/**\n` +
    ` * The \`${desc.typeName}\` message of a ${resource.kind} object (${resource.apiVersion}), e.g. one read from the API\n` +
    ` * server or a manifest. The object's metadata is not part of the message.\n` +
    ` *\n` +
    ` * @throws ConversionError when the object does not have the form the CRD defines, with the path of the first problem.\n` +
    ` */\n`;
  const from =
    fromDoc +
    `export function ${names.from}(cr${annotation("unknown")}, options${annotation(fromOptions)} = {})${annotation(message)} {\n` +
    `  return converters.fromResource(${schema}, cr, ${apiVersion}, ${kind}, options);\n` +
    `}\n`;
  return [
    { code: to, declaration: toDoc + `export declare function ${names.to}(${ctx.toOptions ? `message: ${message}, meta: ${meta}, options?: ${toOptions}` : `message: ${message}, meta: ${meta}`}): ${object};\n` },
    { code: from, declaration: fromDoc + `export declare function ${names.from}(cr: unknown, options?: ${fromOptions}): ${message};\n` },
  ];
}
