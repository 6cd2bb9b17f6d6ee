// Paths in the custom resource ("spec.entitiesImpacted[1].entityType"), built only where a failure is
// reported or a nested message is converted: a converter gets its parent's path and its own step.

/** A property name, a list index, or null when the parent path is already the value's path (map values). */
export type Step = string | number | null;

export function at(parent: string, step: Step): string {
  if (step === null) return parent;
  if (typeof step === "number") return `${parent}[${step}]`;
  return parent === "" ? step : `${parent}.${step}`;
}
