// What allOf/anyOf/oneOf/not may hold (crd-rules §A 5–6): value validations only, and only about
// fields the structural part of the schema declares too, or pruning would drop what they validate.
import { forbidden, problemAt, renderFieldPath, required } from "./field-error.js";
import { isSetKeyword } from "./keyword-value.js";
import type { PathElement, Problem } from "./problem.js";
import { isSchemaObject, junctorsOf, propertiesOf, type SchemaNode, type SchemaObject } from "./schema-walk.js";

const MUST_BE_EMPTY = "must be empty to be structural";
const MUST_BE_UNDEFINED = "must be undefined to be structural";
const MUST_BE_FALSE = "must be false to be structural";

const FORBIDDEN_IN_JUNCTORS: [keyword: string, detail: string][] = [
  ["type", MUST_BE_EMPTY],
  ["additionalProperties", MUST_BE_UNDEFINED],
  ["default", MUST_BE_UNDEFINED],
  ["title", MUST_BE_EMPTY],
  ["description", MUST_BE_EMPTY],
  ["nullable", MUST_BE_FALSE],
  ["x-kubernetes-preserve-unknown-fields", MUST_BE_FALSE],
  ["x-kubernetes-embedded-resource", MUST_BE_FALSE],
  ["x-kubernetes-int-or-string", MUST_BE_FALSE],
  ["x-kubernetes-list-map-keys", MUST_BE_EMPTY],
  ["x-kubernetes-list-type", MUST_BE_UNDEFINED],
  ["x-kubernetes-map-type", MUST_BE_UNDEFINED],
  ["x-kubernetes-validations", MUST_BE_EMPTY],
];

/** Keywords only the structural part of a schema may carry, reported on nodes inside a junctor. */
export function checkJunctorEntry(node: SchemaNode, out: Problem[]): void {
  if (!node.nested || isIntOrStringBranch(node)) return;
  const { schema, path } = node;
  for (const [keyword, detail] of FORBIDDEN_IN_JUNCTORS) {
    const value = schema[keyword];
    const present = detail === MUST_BE_UNDEFINED ? value !== undefined && value !== null : isSetKeyword(value);
    if (present) out.push(problemAt("structural/junctor-forbidden-keyword", path, [keyword], forbidden(detail)));
  }
  if (isSchemaObject(schema.properties) && schema.properties.metadata !== undefined) {
    out.push(problemAt("structural/junctor-metadata", path, ["properties", "metadata"], forbidden("must not be specified in a nested context")));
  }
}

/** Every property or items schema a junctor of this structural node mentions must also be declared outside it. */
export function checkJunctorCompleteness(node: SchemaNode, out: Problem[]): void {
  if (node.nested) return;
  for (const entry of junctorsOf(node.schema, node.path)) compareWithStructure(entry.schema, entry.path, node.schema, node.path, out);
}

function compareWithStructure(
  nested: SchemaObject,
  nestedPath: PathElement[],
  structure: SchemaObject,
  structurePath: PathElement[],
  out: Problem[],
): void {
  const undeclared = (field: PathElement[]) =>
    out.push(
      problemAt("structural/junctor-field-undeclared", structurePath, field, required(`because it is defined in ${renderFieldPath([...nestedPath, ...field])}`)),
    );

  for (const entry of junctorsOf(nested, nestedPath)) compareWithStructure(entry.schema, entry.path, structure, structurePath, out);
  if (isSchemaObject(nested.items)) {
    if (isSchemaObject(structure.items)) {
      compareWithStructure(nested.items, [...nestedPath, "items"], structure.items, [...structurePath, "items"], out);
    } else {
      undeclared(["items"]);
    }
  }
  const declared = new Map(propertiesOf(structure));
  for (const [name, property] of propertiesOf(nested)) {
    const counterpart = declared.get(name);
    if (counterpart) {
      compareWithStructure(property, [...nestedPath, "properties", name], counterpart, [...structurePath, "properties", name], out);
    } else {
      undeclared(["properties", name]);
    }
  }
}

/**
 * The two int-or-string spellings the apiserver exempts: `anyOf: [{type: integer}, {type: string}]`
 * on a structural node, or as the first entry of its allOf.
 */
function isIntOrStringBranch(node: SchemaNode): boolean {
  const owner = node.parent;
  if (!owner || node.path[node.path.length - 2] !== "anyOf" || !isIntOrStringPair(owner.schema.anyOf)) return false;
  if (!owner.nested) return true;
  const ownerPath = owner.path;
  return ownerPath[ownerPath.length - 2] === "allOf" && ownerPath[ownerPath.length - 1] === 0 && owner.parent?.nested === false;
}

function isIntOrStringPair(list: unknown): boolean {
  if (!Array.isArray(list) || list.length !== 2) return false;
  return (["integer", "string"] as const).every((type, i) => {
    const entry: unknown = list[i];
    if (!isSchemaObject(entry) || entry.type !== type) return false;
    return Object.keys(entry).every((keyword) => keyword === "type" || !isSetKeyword(entry[keyword]));
  });
}
