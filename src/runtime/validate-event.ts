// The one place the store validates a HealthEvent before sending it. It defers to the generated
// validator (generated/ts/.../health_event_crd_validate.ts) once that exists; until then it
// checks the few rules an insert can break without the caller noticing.
import type { HealthEvent } from "../../generated/ts/nvsentinel/health/v1alpha1/health_event_crd.js";

export interface EventProblem {
  path: string;
  message: string;
}

export class InvalidHealthEventError extends Error {
  constructor(readonly problems: EventProblem[]) {
    super(`invalid HealthEvent: ${problems.map((p) => `${p.path}: ${p.message}`).join("; ")}`);
    this.name = "InvalidHealthEventError";
  }
}

export function validateEvent(event: HealthEvent): EventProblem[] {
  const problems: EventProblem[] = [];
  const spec = event.spec;
  if (typeof spec.nodeName !== "string" || spec.nodeName === "") problems.push({ path: "spec.nodeName", message: "Required value" });
  if (spec.recommendedAction === "CUSTOM" && !spec.customRecommendedAction) {
    problems.push({ path: "spec.customRecommendedAction", message: "customRecommendedAction is required when recommendedAction is CUSTOM" });
  }
  return problems;
}

export function assertValidEvent(event: HealthEvent): void {
  const problems = validateEvent(event);
  if (problems.length > 0) throw new InvalidHealthEventError(problems);
}
