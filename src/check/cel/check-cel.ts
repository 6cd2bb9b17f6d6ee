import type { CustomResourceDefinition } from "../../schema/kubernetes.js";
import type { Problem } from "../problem.js";

export function checkCelRules(crd: CustomResourceDefinition): Problem[] {
  void crd;
  return [];
}
