// One judgement of a CustomResourceDefinition, shared by the generator's self-check, `crd-ts serve`
// (creating a CRD) and `crd-ts validate --crd` (loading one): the errors are exactly what kube-apiserver's
// apiextensions validation rejects (names, structural schema, defaults, CEL compile errors and cost
// budgets, printer columns, selectable fields, subresources); the lint is what we check beyond it
// (warnings with their own rules: column types, paths naming no field, short names, …).
import type { CustomResourceDefinition } from "../schema/kubernetes.js";
import { NEWEST_KUBERNETES_VERSION, type KubernetesVersion } from "../cel/library/versions.js";
import { checkCelRules } from "./cel/check-cel.js";
import { checkCustomResourceDefinition } from "./check-crd.js";
import { checkDefaults } from "./check-defaults.js";
import type { Problem } from "./problem.js";

export interface CrdJudgement {
  /** What kube-apiserver rejects: a CRD with any of these is not created. */
  rejections: Problem[];
  /** Stricter checks of ours that Kubernetes does not make. */
  lint: Problem[];
}

export function judgeCustomResourceDefinition(crd: CustomResourceDefinition, kubernetesVersion?: KubernetesVersion): CrdJudgement {
  const problems = [...checkCustomResourceDefinition(crd), ...checkCelRules(crd, kubernetesVersion), ...checkDefaults(crd)];
  return { rejections: problems.filter((p) => p.severity === "error"), lint: problems.filter((p) => p.severity !== "error") };
}

/** The apiserver's rejections only: what `crd-ts serve` and `crd-ts validate --crd` apply. */
/** What an API server of `kubernetesVersion` (default: the newest we know) refuses to create. */
export function apiserverRejections(crd: CustomResourceDefinition, kubernetesVersion: KubernetesVersion = NEWEST_KUBERNETES_VERSION): Problem[] {
  return judgeCustomResourceDefinition(crd, kubernetesVersion).rejections;
}
