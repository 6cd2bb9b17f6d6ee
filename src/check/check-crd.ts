// The generator's self-check of a CustomResourceDefinition against the apiserver's rules
// (crd-rules.md §A–C; compiling CEL is ./cel/'s job): a CRD it emits must be one Kubernetes accepts.
import type { CustomResourceDefinition } from "../schema/kubernetes.js";
import { checkVersionSchema } from "./check-schema.js";
import { checkNames } from "./crd-names.js";
import { checkCrdObject } from "./crd-object.js";
import { checkPrinterColumns } from "./printer-columns.js";
import type { PathElement, Problem } from "./problem.js";
import { checkScaleSubresource } from "./scale-subresource.js";
import { checkSelectableFields } from "./selectable-fields.js";

/** All problems, ordered by where they are in the CRD (then in the order the rules found them). */
export function checkCustomResourceDefinition(crd: CustomResourceDefinition): Problem[] {
  const problems: Problem[] = [];
  checkCrdObject(crd, problems);
  checkNames(crd, problems);
  crd.spec.versions.forEach((version, i) => {
    const versionPath: PathElement[] = ["spec", "versions", i];
    checkVersionSchema(version, versionPath, problems);
    checkPrinterColumns(version, versionPath, problems);
    checkSelectableFields(version, versionPath, problems);
    checkScaleSubresource(version, versionPath, problems);
  });
  return problems.sort((a, b) => comparePaths(a.path, b.path));
}

function comparePaths(a: readonly PathElement[], b: readonly PathElement[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (x === y) continue;
    if (typeof x === "number" && typeof y === "number") return x - y;
    if (typeof x === "number") return -1;
    if (typeof y === "number") return 1;
    return x < y ? -1 : 1;
  }
  return a.length - b.length;
}
