// The de-duplication window: a repeat of an unhealthy event (same node, check, impacted
// entities as a set, error codes as a set, strategy, healthiness) within `windowMs` of the
// original is stored downgraded to STORE_AND_ANALYSE. The index is bounded (least recently
// used keys are forgotten first); after a cold start each node's recent events are loaded once.
import type { HealthEventSpec } from "../../generated/ts/nvsentinel/health/v1/health_event_crd.js";

export interface Original {
  name: string;
  /** Insertion time of the original, ms since the epoch. */
  at: number;
}

/** The de-duplication key of a spec, or undefined for events the window never downgrades. */
export function dedupKeyOf(spec: HealthEventSpec): string | undefined {
  if (spec.isHealthy === true) return undefined;
  if ((spec.processingStrategy ?? "EXECUTE_REMEDIATION") !== "EXECUTE_REMEDIATION") return undefined;
  const entities = [...new Set((spec.entitiesImpacted ?? []).map((e) => `${e.entityType ?? ""}\u0000${e.entityValue ?? ""}`))].sort();
  const codes = [...new Set(spec.errorCode ?? [])].sort();
  return JSON.stringify([spec.nodeName, spec.checkName ?? "", entities, codes, "EXECUTE_REMEDIATION", false]);
}

export class DedupWindow {
  private readonly originals = new Map<string, Original>();
  private readonly loadedNodes = new Map<string, Promise<void>>();

  constructor(
    readonly windowMs: number,
    private readonly capacity = 100_000,
  ) {}

  /** The original this key repeats, when it was stored less than windowMs before `now`. */
  originalFor(key: string, now: number): Original | undefined {
    const original = this.originals.get(key);
    if (original === undefined) return undefined;
    if (now - original.at >= this.windowMs) {
      this.originals.delete(key);
      return undefined;
    }
    this.originals.delete(key);
    this.originals.set(key, original);
    return original;
  }

  /** Records an original; an older original never replaces a newer one. */
  record(key: string, original: Original): void {
    const known = this.originals.get(key);
    if (known !== undefined && known.at >= original.at) return;
    this.originals.delete(key);
    this.originals.set(key, original);
    while (this.originals.size > this.capacity) this.originals.delete(this.originals.keys().next().value as string);
  }

  /** Runs `load` once per node (concurrent callers share it); forgotten with the oldest nodes. */
  loadNodeOnce(node: string, load: () => Promise<void>): Promise<void> {
    let loading = this.loadedNodes.get(node);
    if (loading === undefined) {
      loading = load().catch((error: unknown) => {
        this.loadedNodes.delete(node);
        throw error;
      });
      this.loadedNodes.set(node, loading);
      while (this.loadedNodes.size > this.capacity) this.loadedNodes.delete(this.loadedNodes.keys().next().value as string);
    }
    return loading;
  }
}
