// Validators that enforce what the API server enforces for a CRD version: `validate<Kind>(obj, { oldObject })`
// returns every violation with the apiserver's path and wording. The module holds only what is specific to
// the schema: the version's schema as an object literal and its identity (apiVersion, kind, scope). The
// runtime it imports (protoc-gen-crd-ts: resourceValidator, src/validation/resource-validator.ts) runs
// src/crd-eval's admission over it, compiled at the first call.
import type { JSONSchemaProps } from "../../schema/kubernetes.js";
import { fileHeader, RUNTIME_MODULE } from "../shared/header.js";
import { objectLiteral } from "../shared/literal.js";
import { annotation, localStatement, typeOnly, typeStatement, type GeneratedModule, type ImportDeclaration, type Statement } from "../shared/printer.js";
import { namesFor } from "../shared/names.js";
import { shapesFor } from "../shared/shapes.js";
import { siblingImport, type TypeScriptFileInput } from "../shared/typescript-input.js";

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
  const runtime = new Set(["CrdSchema", "ResourceValidator", "ValidateOptions", "Violation", "resourceValidator"]);
  const statements: Statement[] = [typeStatement(`export type { ResourceValidator, ValidateOptions, Violation } from ${JSON.stringify(RUNTIME_MODULE)};\n`)];
  const table: string[] = [];
  for (const { object, apiVersion, kind, namespaced, schema } of resources) {
    const scope = namespaced ? "Namespaced" : "Cluster";
    statements.push(
      localStatement(
        `/** The schema of ${kind} ${apiVersion} as in its CRD (descriptions left out). */\n` +
          `const ${object}_schema${annotation("CrdSchema")} = ${objectLiteral(validationSchema(schema))};\n` +
          `const ${object}_validator = resourceValidator({ apiVersion: ${JSON.stringify(apiVersion)}, kind: ${JSON.stringify(kind)}, scope: ${JSON.stringify(scope)}, schema: ${object}_schema });\n`,
      ),
    );
    const doc =
      `/**\n` +
      ` * Checks a ${kind} object (${apiVersion}) as the API server would, with its paths and messages: the OpenAPI\n` +
      ` * schema after pruning and defaulting, metadata, list types, unknown fields (which it would prune) and\n` +
      ` * the CEL rules. Pass \`oldObject\` to check an update: transition rules (\`oldSelf\`) run and unchanged\n` +
      ` * values ratchet. Never throws; [] means valid.\n` +
      ` */\n`;
    statements.push({
      code:
        doc +
        `export function validate${object}(obj${annotation("unknown")}, options${typeOnly("?: ValidateOptions")})${annotation("Violation[]")} {\n` +
        `  return ${object}_validator.validate(obj, options);\n` +
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

  const imports: ImportDeclaration[] = [];
  if (typesModule !== undefined) imports.push({ from: typesModule, names: [...new Set(objectNames)].sort().map((name) => ({ name, typeOnly: true })) });
  imports.push({ from: RUNTIME_MODULE, names: [...runtime].sort().map((name) => ({ name, typeOnly: name !== "resourceValidator" })) });
  return { header, imports, statements };
}

/**
 * The schema as validation needs it: the CRD's schema without `description` (the CRD YAML and the
 * generated types carry them). Only the keyword is dropped, never a property named "description".
 */
export function validationSchema(schema: JSONSchemaProps): JSONSchemaProps {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === "description" || value === undefined) continue;
    if ((key === "items" || key === "additionalProperties" || key === "not") && isSchema(value)) out[key] = validationSchema(value);
    else if ((key === "allOf" || key === "anyOf" || key === "oneOf") && Array.isArray(value)) out[key] = value.map((v) => (isSchema(v) ? validationSchema(v) : v));
    else if (key === "properties" && isSchema(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, isSchema(sub) ? validationSchema(sub) : sub]));
    } else out[key] = value;
  }
  return out as JSONSchemaProps;
}

function isSchema(value: unknown): value is JSONSchemaProps {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
