// spec.names (crd-rules §C 23): the resource names kubectl and the REST paths use.
import type { CustomResourceDefinition } from "../schema/kubernetes.js";
import { dns1035LabelError } from "./dns-names.js";
import { duplicate, invalid, problemAt, required } from "./field-error.js";
import type { Problem } from "./problem.js";

const NAMES_PATH = ["spec", "names"];
/** Kubernetes' convention for kinds; the apiserver itself only asks for a DNS label in any case (a warning). */
const CAMEL_CASE = /^[A-Z][A-Za-z0-9]*$/;

export function checkNames(crd: CustomResourceDefinition, out: Problem[]): void {
  const names = crd.spec.names;
  for (const field of ["plural", "singular", "kind", "listKind"] as const) {
    if (!names[field]) out.push(problemAt("crd/names-required", [], [...NAMES_PATH, field], required()));
  }
  for (const field of ["plural", "singular"] as const) {
    checkResourceName(names[field], [field], out);
  }
  names.shortNames?.forEach((name, i) => checkResourceName(name, ["shortNames", i], out));
  names.categories?.forEach((name, i) => checkResourceName(name, ["categories", i], out));
  checkKind(names.kind, "kind", out);
  checkKind(names.listKind, "listKind", out);
  if (names.kind && names.kind === names.listKind) {
    out.push(problemAt("crd/list-kind-same-as-kind", [], [...NAMES_PATH, "listKind"], invalid(names.listKind, "kind and listKind may not be the same")));
  } else if (names.kind && names.listKind && names.listKind !== `${names.kind}List`) {
    const detail = `should be kind+"List" ("${names.kind}List"), as kubectl and client libraries assume`;
    out.push(problemAt("crd/list-kind-convention", [], [...NAMES_PATH, "listKind"], invalid(names.listKind, detail), "warning"));
  }
  checkShortNames(crd, out);
}

function checkResourceName(value: string, field: (string | number)[], out: Problem[]): void {
  const error = value ? dns1035LabelError(value) : undefined;
  if (error) out.push(problemAt("crd/resource-name-invalid", [], [...NAMES_PATH, ...field], invalid(value, error)));
}

function checkKind(value: string, field: "kind" | "listKind", out: Problem[]): void {
  if (!value) return;
  const error = dns1035LabelError(value.toLowerCase());
  if (error) {
    out.push(problemAt("crd/kind-invalid", [], [...NAMES_PATH, field], invalid(value, `may have mixed case, but should otherwise match: ${error}`)));
  } else if (!CAMEL_CASE.test(value)) {
    const detail = "should be CamelCase: an uppercase letter, then letters and digits (kube-apiserver accepts it; Kubernetes' conventions and client generators assume it)";
    out.push(problemAt("crd/kind-not-camel-case", [], [...NAMES_PATH, field], invalid(value, detail), "warning"));
  }
}

/**
 * A short name equal to the plural or singular, or to another short name: kube-apiserver accepts them
 * (ValidateCustomResourceDefinitionNames checks only that each is a DNS label), but the repetition is
 * useless or ambiguous for `kubectl get <name>`; warnings.
 */
function checkShortNames(crd: CustomResourceDefinition, out: Problem[]): void {
  const { plural, singular, shortNames = [] } = crd.spec.names;
  const seen = new Set<string>();
  shortNames.forEach((name, i) => {
    const field = [...NAMES_PATH, "shortNames", i];
    if (name === plural) {
      out.push(problemAt("crd/short-name-plural", [], field, invalid(name, "is the same as spec.names.plural, so it adds nothing"), "warning"));
    } else if (name === singular) {
      out.push(problemAt("crd/short-name-singular", [], field, invalid(name, "is the same as spec.names.singular, so it adds nothing"), "warning"));
    } else if (seen.has(name)) {
      out.push(problemAt("crd/short-name-duplicate", [], field, duplicate(name), "warning"));
    }
    seen.add(name);
  });
}
