// Request counts by verb, so benchmarks can report API requests per operation.

export type Verb = "get" | "list" | "watch" | "create" | "update" | "patch" | "delete" | "deletecollection";

export class RequestMetrics {
  total = 0;
  byVerb: Record<Verb, number> = this.zero();
  /** Writes that reached the store (create, update, patch, delete), excluding failed ones. */
  writes = 0;

  private zero(): Record<Verb, number> {
    return { get: 0, list: 0, watch: 0, create: 0, update: 0, patch: 0, delete: 0, deletecollection: 0 };
  }

  count(verb: Verb): void {
    this.total++;
    this.byVerb[verb]++;
  }

  reset(): void {
    this.total = 0;
    this.writes = 0;
    this.byVerb = this.zero();
  }

  snapshot(): { total: number; writes: number; byVerb: Record<Verb, number> } {
    return { total: this.total, writes: this.writes, byVerb: { ...this.byVerb } };
  }
}
