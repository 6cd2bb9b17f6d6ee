// Deterministic object names: the same idempotency key always yields the same name, so a
// repeated insert collides on create (409) instead of making a second object.
import { createHash } from "node:crypto";

/** "he-" and 32 hex digits (128 bits) of SHA-256: a valid DNS-1123 subdomain of 35 characters. */
export function objectNameFor(idempotencyKey: string): string {
  return `he-${createHash("sha256").update(idempotencyKey).digest("hex").slice(0, 32)}`;
}
