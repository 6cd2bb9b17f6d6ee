// The one place the store validates a HealthEvent before sending it: the generated validator
// (schema, metadata, CEL rules, as the API server would check them on create).
import type { HealthEvent } from "../../generated/ts/nvsentinel/health/v1/health_event_crd.js";
import { validateHealthEvent } from "../../generated/ts/nvsentinel/health/v1/health_event_crd_validate.js";

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
  return validateHealthEvent(event).map((v) => ({ path: v.path, message: v.message }));
}

export function assertValidEvent(event: HealthEvent): void {
  const problems = validateEvent(event);
  if (problems.length > 0) throw new InvalidHealthEventError(problems);
}
