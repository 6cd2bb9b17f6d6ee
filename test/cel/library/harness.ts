// Evaluates and analyses one rule against a small schema, for the library tests.
import { analyzeCelRule, compileCelRule, type CelOutcome } from "../../../src/cel/index.js";
import type { KubernetesVersion } from "../../../src/cel/library/versions.js";
import type { JSONSchemaProps } from "../../../src/schema/kubernetes.js";

export const schema: JSONSchemaProps = {
  type: "object",
  properties: {
    s: { type: "string", maxLength: 64 },
    n: { type: "integer" },
  },
};

/** The value of `expr` (through `expr == <expected>` would hide errors, so the rule is `expr == true`-free): */
export function evaluate(expr: string, self: unknown = {}, kubernetesVersion: KubernetesVersion = "1.34"): CelOutcome {
  return compileCelRule(schema, { rule: expr }, { kubernetesVersion }).evaluate(self, undefined);
}

/** Runtime error text without the " evaluating rule: …" suffix. */
export function errorOf(expr: string, self: unknown = {}): string {
  const outcome = evaluate(expr, self);
  if (outcome.kind !== "error") throw new Error(`expected an error from ${expr}, got ${JSON.stringify(outcome)}`);
  return outcome.message.replace(/ evaluating rule: [\s\S]*$/, "");
}

export function compileErrors(expr: string, kubernetesVersion: KubernetesVersion = "1.34"): string[] {
  return analyzeCelRule(schema, { rule: expr }, { kubernetesVersion }).errors;
}

export function estimatedCost(expr: string): number {
  return analyzeCelRule(schema, { rule: expr }, { kubernetesVersion: "1.34" }).estimatedCost;
}

export function problemsOf(expr: string, kubernetesVersion: KubernetesVersion = "1.34"): { rule: string }[] {
  return analyzeCelRule(schema, { rule: expr }, { kubernetesVersion }).problems;
}
