// Every rule about one version's openAPIV3Schema, run in a single walk over its nodes.
import type { CustomResourceDefinitionVersion } from "../schema/kubernetes.js";
import { checkFormat } from "./formats.js";
import { checkJunctorCompleteness, checkJunctorEntry } from "./junctors.js";
import { checkListMapTopology } from "./list-map-topology.js";
import { checkPattern } from "./patterns.js";
import type { PathElement, Problem } from "./problem.js";
import { checkSchemaKeywords } from "./schema-keywords.js";
import { isSchemaObject, walkSchema, type SchemaNode } from "./schema-walk.js";
import { checkRootWithSubresources } from "./status-root.js";
import { checkStructuralNode } from "./structural.js";
import { checkValidationRules } from "./validation-rules.js";

const NODE_RULES: ((node: SchemaNode, out: Problem[]) => void)[] = [
  checkStructuralNode,
  checkJunctorEntry,
  checkJunctorCompleteness,
  checkPattern,
  checkSchemaKeywords,
  checkListMapTopology,
  checkValidationRules,
  checkFormat,
];

export function checkVersionSchema(version: CustomResourceDefinitionVersion, versionPath: PathElement[], out: Problem[]): void {
  const root: unknown = version.schema?.openAPIV3Schema;
  if (!isSchemaObject(root)) return;
  const rootPath = [...versionPath, "schema", "openAPIV3Schema"];
  walkSchema(root, rootPath, (node) => {
    for (const rule of NODE_RULES) rule(node, out);
  });
  checkRootWithSubresources(version, root, rootPath, out);
}
