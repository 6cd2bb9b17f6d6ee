// Retries of transient API failures: 429 (waiting at least Retry-After), 5xx, 0 (dropped
// connection, reset, refused) with capped exponential backoff and full jitter.
import { ApiError, isApiError } from "./kube-api.js";

export interface RetryPolicy {
  /** Attempts in total, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Upper bound on a server-requested Retry-After wait. */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 10, baseDelayMs: 50, maxDelayMs: 5_000, maxRetryAfterMs: 30_000 };

export function isTransient(error: unknown): boolean {
  return isApiError(error) && (error.code === 0 || error.code === 429 || error.code >= 500);
}

/** Delay before attempt number `attempt + 1`, in ms. */
export function retryDelayMs(error: ApiError, attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt) * random();
  if (error.code === 429 && error.retryAfterSeconds !== undefined) {
    return Math.max(backoff, Math.min(policy.maxRetryAfterMs, error.retryAfterSeconds * 1000));
  }
  return backoff;
}

export interface RetryHooks {
  /** Called before each retry; `attempt` counts from 1. */
  onRetry?(error: ApiError, attempt: number, delayMs: number): void;
}

/**
 * Runs `request` until it succeeds, fails with a non-transient error, or runs out of attempts.
 * `request` receives the attempt number so callers can tell a first try from a retry whose
 * predecessor may have reached the server (a create answered 409 after a dropped connection).
 */
export async function withRetry<T>(request: (attempt: number) => Promise<T>, policy: RetryPolicy, hooks: RetryHooks = {}): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await request(attempt);
    } catch (error) {
      if (!isTransient(error) || attempt + 1 >= policy.maxAttempts) throw error;
      const delay = retryDelayMs(error as ApiError, attempt, policy);
      hooks.onRetry?.(error as ApiError, attempt + 1, delay);
      await sleep(delay);
    }
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
