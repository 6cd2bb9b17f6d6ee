// Fault injection for tests of clients: errors the real apiserver (or the network) produces under
// load, injected at random with the configured probabilities and changeable while the server runs.

export interface FaultOptions {
  /** Probability of 409 Conflict on an update or patch (nothing written). */
  conflict?: number;
  /** Probability of 429 Too Many Requests with Retry-After (any request). */
  tooManyRequests?: number;
  /** Retry-After of the injected 429s, in seconds (default 1). */
  retryAfterSeconds?: number;
  /** Probability of 500 Internal Server Error (any request, nothing written). */
  serverError?: number;
  /** Probability of destroying the connection before handling the request. */
  dropConnection?: number;
  /** Probability of destroying the connection after a write was applied, without answering. */
  dropAfterWrite?: number;
  /** Probability that a watch is ended early, at a random time within closeWatchAfterMs. */
  closeWatch?: number;
  /** Upper bound of the early end of a closed watch (default 1000 ms). */
  closeWatchAfterMs?: number;
  /** Probability that a watch from a resourceVersion gets an ERROR 410 Gone event at once. */
  goneWatch?: number;
  /** Plural resource names the faults apply to; default every resource (never discovery). */
  resources?: string[];
  /** Seed of the random source, for reproducible runs. */
  seed?: number;
}

export type FaultKind =
  | "conflict"
  | "tooManyRequests"
  | "serverError"
  | "dropConnection"
  | "dropAfterWrite"
  | "closeWatch"
  | "goneWatch";

/** mulberry32: small, seedable, good enough to pick faults. */
function randomSource(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Faults {
  private options: FaultOptions = {};
  private random: () => number = Math.random;
  /** How many faults of each kind were injected since the last reset. */
  readonly injected: Record<FaultKind, number> = {
    conflict: 0,
    tooManyRequests: 0,
    serverError: 0,
    dropConnection: 0,
    dropAfterWrite: 0,
    closeWatch: 0,
    goneWatch: 0,
  };

  constructor(options: FaultOptions = {}) {
    this.set(options);
  }

  /** Replaces the fault options (an empty object turns all faults off). */
  set(options: FaultOptions): void {
    this.options = { ...options };
    this.random = options.seed !== undefined ? randomSource(options.seed) : Math.random;
  }

  get current(): Readonly<FaultOptions> {
    return this.options;
  }

  reset(): void {
    this.set({});
    for (const kind of Object.keys(this.injected) as FaultKind[]) this.injected[kind] = 0;
  }

  /** Whether to inject `kind` now, for a request on `resource`. */
  roll(kind: FaultKind, resource: string): boolean {
    const probability = this.options[kind] ?? 0;
    if (probability <= 0) return false;
    if (this.options.resources && !this.options.resources.includes(resource)) return false;
    if (this.random() >= probability) return false;
    this.injected[kind]++;
    return true;
  }

  get retryAfterSeconds(): number {
    return this.options.retryAfterSeconds ?? 1;
  }

  /** When an early-closed watch ends, in ms after it started. */
  closeDelayMs(): number {
    return Math.floor(this.random() * (this.options.closeWatchAfterMs ?? 1000));
  }
}
