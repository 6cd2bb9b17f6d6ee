// CustomResourceDefinition objects stored by the server: their admission and the status the
// apiserver gives an established CRD.
import { apiserverRejections } from "../check/apiserver-rules.js";
import type { CustomResourceDefinition } from "../schema/kubernetes.js";
import type { JsonObject } from "./json-values.js";
import type { FieldError } from "./status.js";

export function validateCrd(crd: CustomResourceDefinition): FieldError[] {
  const errors: FieldError[] = [];
  const expected = `${crd.spec?.names?.plural}.${crd.spec?.group}`;
  if (crd.metadata?.name !== expected) {
    errors.push({
      type: "FieldValueInvalid",
      field: "metadata.name",
      body: `Invalid value: ${JSON.stringify(crd.metadata?.name)}: must be spec.names.plural+"."+spec.group`,
    });
    return errors;
  }
  let problems;
  try {
    problems = apiserverRejections(crd);
  } catch (error) {
    return [{ type: "FieldValueInvalid", field: "spec", body: `Invalid value: "object": ${(error as Error).message}` }];
  }
  for (const problem of problems) {
    if (problem.severity === "error") errors.push({ type: "FieldValueInvalid", field: "", body: problem.message });
  }
  return errors;
}

export function establishedStatus(crd: CustomResourceDefinition, now: string): JsonObject {
  const storage = crd.spec.versions.find((v) => v.storage) ?? crd.spec.versions[0];
  const condition = (type: string, reason: string, message: string) => ({
    type,
    status: "True",
    lastTransitionTime: now,
    reason,
    message,
  });
  return {
    acceptedNames: crd.spec.names,
    conditions: [
      condition("NamesAccepted", "NoConflicts", "no conflicts found"),
      condition("Established", "InitialNamesAccepted", "the initial names have been accepted"),
    ],
    storedVersions: [storage.name],
  };
}
