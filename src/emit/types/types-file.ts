// TypeScript types for custom resources: the CR object, spec, status and list types, and the JSON form
// of every message and enum they reach. Read from the schema model (see ../shared/shapes.ts), so a type
// accepts what the CRD accepts: same names, 64-bit and enum policies, well-known types, nullability.
import { fileHeader, RUNTIME_MODULE } from "../shared/header.js";
import { typeStatement, type GeneratedModule, type Statement } from "../shared/printer.js";
import { jsDoc, namesFor, type ResourceNames } from "../shared/names.js";
import { TypeRenderer } from "./render.js";
import { shapesFor, type ResourceShape } from "../shared/shapes.js";
import type { TypeScriptFileInput } from "../shared/typescript-input.js";

/** The module `<proto>_crd`, or undefined when there is nothing to emit. */
export function typesFile(input: TypeScriptFileInput): GeneratedModule | undefined {
  if (input.resources.length === 0) return undefined;
  const shapes = shapesFor(input);
  const names = namesFor(shapes);
  const render = new TypeRenderer(names, input.options);

  const statements: Statement[] = [];
  for (const resource of shapes.resources) statements.push(...resourceTypes(resource, names.resources.get(resource)!, render));
  for (const message of shapes.messages.values()) statements.push(typeStatement(render.messageInterface(message)));
  for (const desc of shapes.enums.values()) {
    if (desc.typeName !== "google.protobuf.NullValue") statements.push(typeStatement(render.enumAlias(desc)));
  }
  // Kubernetes metadata and JSON value types come from the runtime; re-exported for programs that name them.
  const runtimeTypes = ["ListMeta", "ObjectMeta", ...(render.usesJsonValue ? ["JsonObject", "JsonValue"] : [])];
  const text = statements.map((st) => st.code).join("");
  const used = runtimeTypes.filter((name) => new RegExp(`\\b${name}\\b`).test(text));
  used.push(...[...render.jsonForms].sort());
  statements.push(typeStatement(`export type { ${runtimeTypes.join(", ")} } from ${JSON.stringify(RUNTIME_MODULE)};\n`));
  return {
    header: fileHeader(input.protoFile),
    imports: [{ from: RUNTIME_MODULE, names: used.map((name) => ({ name, typeOnly: true })) }],
    statements,
  };
}

function resourceTypes(resource: ResourceShape, names: ResourceNames, render: TypeRenderer): Statement[] {
  const { kind, apiVersion, root } = resource;
  const properties = root.properties
    .map((p) => {
      if (p === resource.spec && names.spec) return render.property(p, "  ", names.spec);
      if (p === resource.status && names.status) return render.property(p, "  ", names.status);
      return render.property(p);
    })
    .join("");
  const scope = resource.input.model.crd.spec.scope === "Namespaced" ? "namespaced" : "cluster-scoped";
  const constant = (doc: string, name: string, value: string): Statement => ({
    code: `/** ${doc} */\nexport const ${name} = ${JSON.stringify(value)};\n`,
    declaration: `/** ${doc} */\nexport declare const ${name} = ${JSON.stringify(value)};\n`,
  });
  const parts: Statement[] = [
    constant(`The apiVersion of ${kind} objects.`, names.apiVersionConst, apiVersion),
    constant(`The kind of ${kind} objects.`, names.kindConst, kind),
  ];
  const types = [
    `${jsDoc(render.describe(root.desc), "", [`A ${scope} ${kind} object (${resource.input.model.crd.metadata.name}, version ${resource.input.version.name}), made from \`${root.desc.typeName}\`.`])}` +
      `export interface ${names.object} {\n` +
      `  apiVersion: typeof ${names.apiVersionConst};\n` +
      `  kind: typeof ${names.kindConst};\n` +
      `  metadata: ObjectMeta;\n` +
      `${properties}}\n`,
    `/** A list of ${kind} objects, as the API returns it. */\n` +
      `export interface ${names.list} {\n` +
      `  apiVersion: typeof ${names.apiVersionConst};\n` +
      `  kind: ${JSON.stringify(resource.listKind)};\n` +
      `  metadata: ListMeta;\n` +
      `  items: ${names.object}[];\n` +
      `}\n`,
  ];
  for (const [property, alias] of [
    [resource.spec, names.spec],
    [resource.status, names.status],
  ] as const) {
    if (!property || !alias) continue;
    types.push(`/** The ${property.name} of a ${kind} object. */\nexport type ${alias} = ${render.typeOf(property.value)};\n`);
  }
  return [...parts, ...types.map(typeStatement)];
}
