// Label keys the store sets on every HealthEvent, and a safe encoding of arbitrary strings as
// label values. Labels only narrow server-side selections: the real values stay in spec and
// every query re-checks them, so two values sharing an encoding can never be confused.
import { createHash } from "node:crypto";
import type { HealthEvent } from "../../generated/ts/nvsentinel/health/v1/health_event_crd.js";

const prefix = "nvsentinel.dgxc.nvidia.com/";

export const labelKeys = {
  node: `${prefix}node`,
  check: `${prefix}check`,
  agent: `${prefix}agent`,
  /** unresolved | recovered | remediated | remediation-failed; see resolutionOf. */
  state: `${prefix}state`,
  /** "true" once the event needs no more handling: cleanup selects on it. */
  terminal: `${prefix}terminal`,
  /** UTC hour of insertion, e.g. 2026-11-25T13: lets creation-order iteration go hour by hour. */
  createdHour: `${prefix}created-hour`,
} as const;

export const annotationKeys = {
  /** Set on an event stored downgraded by the de-duplication window: the name of the original. */
  duplicateOf: `${prefix}duplicate-of`,
  /** A random value per insert call, so a create retried after a lost response recognises its own object. */
  insertNonce: `${prefix}insert-nonce`,
} as const;

export type EventState = "unresolved" | "recovered" | "remediated" | "remediation-failed";

const maxLabelValue = 63;
const plainValue = /^(?:[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)?$/;

/**
 * A valid label value for any string: the string itself when it is one, else a readable
 * prefix of its safe characters, "-h", and 16 hex digits of its SHA-256.
 */
export function labelValueFor(value: string): string {
  if (value.length <= maxLabelValue && plainValue.test(value) && !looksEncoded(value)) return value;
  const hash = createHash("sha256").update(value).digest("hex").slice(0, 16);
  const readable = value
    .replace(/[^A-Za-z0-9._-]/g, "-")
    .slice(0, maxLabelValue - 19)
    .replace(/^[^A-Za-z0-9]+/, "")
    .replace(/[^A-Za-z0-9]+$/, "");
  return readable === "" ? `h${hash}` : `${readable}-h${hash}`;
}

/** Values of the encoded shape are themselves encoded, so an encoding never equals a real value. */
function looksEncoded(value: string): boolean {
  return /(?:^|-)h[0-9a-f]{16}$/.test(value);
}

/** The handling state of an event, from its spec and status. */
export function stateOf(event: Pick<HealthEvent, "spec" | "status">): EventState {
  const remediated = event.status?.faultRemediated;
  if (remediated === true) return "remediated";
  if (remediated === false) return "remediation-failed";
  return event.spec.isHealthy === true ? "recovered" : "unresolved";
}

export function isTerminal(state: EventState): boolean {
  return state !== "unresolved";
}

export function createdHourOf(date: Date): string {
  return date.toISOString().slice(0, 13);
}

export function labelsFor(event: Pick<HealthEvent, "spec" | "status">, createdAt: Date): Record<string, string> {
  const state = stateOf(event);
  return {
    [labelKeys.node]: labelValueFor(event.spec.nodeName),
    [labelKeys.check]: labelValueFor(event.spec.checkName ?? ""),
    [labelKeys.agent]: labelValueFor(event.spec.agent ?? ""),
    [labelKeys.state]: state,
    [labelKeys.terminal]: String(isTerminal(state)),
    [labelKeys.createdHour]: createdHourOf(createdAt),
  };
}

/** A label selector of equality requirements; values must already be valid label values. */
export function selector(requirements: Record<string, string | undefined>): string | undefined {
  const parts = Object.entries(requirements)
    .filter((entry): entry is [string, string] => entry[1] !== undefined)
    .map(([key, value]) => `${key}=${value}`);
  return parts.length === 0 ? undefined : parts.join(",");
}
