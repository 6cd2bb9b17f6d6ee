// Validators that enforce what the API server enforces for a CRD version: `validate<Kind>(obj, { oldObject })`
// returns every violation with a Kubernetes-style path and the apiserver's wording. The schema is compiled
// into straight-line code (node.ts); CEL rules are compiled once, when the module loads. Everything that
// is not specific to the schema is in the runtime the module imports (protoc-gen-crd-ts, src/index.ts).
import type { JSONSchemaProps } from "../../schema/kubernetes.js";
import { fileHeader, RUNTIME_MODULE } from "../shared/header.js";
import { objectLiteral } from "../shared/literal.js";
import { annotation, localStatement, typeOnly, typeStatement, type GeneratedModule, type ImportDeclaration, type Statement } from "../shared/printer.js";
import { namesFor } from "../shared/names.js";
import { shapesFor } from "../shared/shapes.js";
import { defaultsTree } from "./defaults.js";
import { ValidatorCompiler } from "./node.js";
import { siblingImport, type TypeScriptFileInput } from "../shared/typescript-input.js";

/** Runtime exports that are types (imported with `type`). */
const RUNTIME_TYPES = new Set(["CelRule", "DefaultsNode", "FormatTest", "ResourceValidator", "ValidateOptions", "Violation"]);

/** One resource version to validate, with the names the module gives it. */
export interface ValidatedResource {
  /** The CR object type in the types module, e.g. `HealthEvent`; also names `validateHealthEvent`. */
  object: string;
  apiVersion: string;
  kind: string;
  namespaced: boolean;
  schema: JSONSchemaProps;
}

/** The module `<proto>_crd_validate`, or undefined when there is nothing to emit. */
export function validatorsFile(input: TypeScriptFileInput): GeneratedModule | undefined {
  if (input.resources.length === 0) return undefined;
  const shapes = shapesFor(input);
  const names = namesFor(shapes);
  const resources = shapes.resources.map((resource): ValidatedResource => {
    const { model, version, schema } = resource.input;
    return {
      object: names.resources.get(resource)!.object,
      apiVersion: `${model.group}/${version.name}`,
      kind: model.kind,
      namespaced: model.crd.spec.scope === "Namespaced",
      schema,
    };
  });
  return validatorsModule(resources, fileHeader(input.protoFile), siblingImport(input.protoFile, "_crd", input.options));
}

/**
 * A validators module for `resources`. With `typesModule`, the object types are imported from it and
 * `is<Kind>` type guards are emitted too.
 */
export function validatorsModule(resources: ValidatedResource[], header: string, typesModule?: string): GeneratedModule {
  const objectNames = resources.map((r) => r.object);
  const compiler = new ValidatorCompiler([
    ...objectNames,
    ...objectNames.flatMap((n) => [`validate${n}`, `is${n}`]),
    "resourceValidators",
    "celRule",
    "ValidationContext",
  ]);
  compiler.runtime.add("Violation").add("ValidateOptions").add("ResourceValidator").add("isObject").add("checkTypeMeta");

  const statements: Statement[] = [typeStatement(`export type { ResourceValidator, ValidateOptions, Violation } from ${JSON.stringify(RUNTIME_MODULE)};\n`)];
  const table: string[] = [];
  for (const { object, apiVersion, kind, namespaced, schema } of resources) {
    const check = compiler.rootFunction(schema, `check${object}`, { apiVersion, kind, namespaced });
    const takesOld = compiler.needsOld(schema);
    const hasRules = hasCelRules(schema);
    const defaults = defaultsTree(schema);
    let defaulted = "";
    let oldObject = "options?.oldObject";
    if (defaults !== undefined) {
      compiler.runtime.add("applyDefaults").add("DefaultsNode");
      const tree = compiler.constant(`${object}_defaults`, objectLiteral(defaults), "DefaultsNode");
      defaulted = `    obj = applyDefaults(obj, ${tree}); // the apiserver defaults before it validates\n`;
      oldObject = `applyDefaults(options?.oldObject, ${tree})`;
    }
    const doc =
      `/**\n` +
      ` * Checks a ${kind} object (${apiVersion}) as the API server would: the OpenAPI schema, metadata,\n` +
      ` * list-type uniqueness, unknown fields (which it would prune) and the CEL rules. Pass \`oldObject\` to\n` +
      ` * check an update: transition rules (\`oldSelf\`) run only then. Never throws; [] means valid.\n` +
      ` */\n`;
    statements.push({
      code:
        doc +
        `export function validate${object}(obj${annotation("unknown")}, options${typeOnly("?: ValidateOptions")})${annotation("Violation[]")} {\n` +
        `  const c = new ValidationContext(options?.celRules !== false${hasRules ? "" : ", false"});\n` +
        `  try {\n` +
        defaulted +
        `    if (!isObject(obj)) c.type("", obj, "object");\n` +
        `    else if (checkTypeMeta(c, obj, ${JSON.stringify(apiVersion)}, ${JSON.stringify(kind)})) ${check}(obj, c${takesOld ? `, ${oldObject}` : ""});\n` +
        `  } catch (e) {\n` +
        `    c.add("", "internal", \`Internal error: \${e instanceof Error ? e.message : String(e)}\`);\n` +
        `  }\n` +
        `  return c.finish();\n` +
        `}\n`,
      declaration: doc + `export declare function validate${object}(obj: unknown, options?: ValidateOptions): Violation[];\n`,
    });
    if (typesModule !== undefined) {
      const guardDoc = `/** Whether \`obj\` is a valid ${kind} object (as on create). */\n`;
      statements.push({
        code: guardDoc + `export function is${object}(obj${annotation("unknown")})${annotation(`obj is ${object}`)} {\n  return validate${object}(obj).length === 0;\n}\n`,
        declaration: guardDoc + `export declare function is${object}(obj: unknown): obj is ${object};\n`,
      });
    }
    table.push(`  { apiVersion: ${JSON.stringify(apiVersion)}, kind: ${JSON.stringify(kind)}, validate: validate${object} },`);
  }
  const tableDoc = `/** The validators of this file by apiVersion and kind, for tools that dispatch on them (crd-ts validate). */\n`;
  statements.push({
    code: tableDoc + `export const resourceValidators${annotation("readonly ResourceValidator[]")} = [\n${table.join("\n")}\n];\n`,
    declaration: tableDoc + `export declare const resourceValidators: readonly ResourceValidator[];\n`,
  });
  statements.push(localStatement(compiler.constants.join("\n") + "\n"));
  statements.push(...compiler.functions.map((f) => localStatement(f + "\n")));

  if (compiler.usesCel) compiler.runtime.add("celRule");
  const imports: ImportDeclaration[] = [];
  if (typesModule !== undefined) imports.push({ from: typesModule, names: [...new Set(objectNames)].sort().map((name) => ({ name, typeOnly: true })) });
  imports.push({ from: RUNTIME_MODULE, names: [...compiler.runtime].sort().map((name) => ({ name, typeOnly: RUNTIME_TYPES.has(name) })) });
  return { header, imports, statements };
}

function hasCelRules(schema: JSONSchemaProps | undefined): boolean {
  if (schema === undefined) return false;
  if ((schema["x-kubernetes-validations"] ?? []).length > 0) return true;
  const additional = typeof schema.additionalProperties === "object" ? schema.additionalProperties : undefined;
  return hasCelRules(schema.items) || hasCelRules(additional) || Object.values(schema.properties ?? {}).some(hasCelRules);
}
