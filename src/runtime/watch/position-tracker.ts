// A consumer's progress through the change stream, and the proof it resumes exactly.
//
// Persisted form: { epoch, floor, cutoff, done }.
//   floor  — a resourceVersion R such that every change with resourceVersion <= R was processed
//            by the consumer (or was filtered out, or is superseded by a processed later state).
//   done   — changes ("name@resourceVersion") above R that were processed out of order.
//   cutoff — changes to events created before it are never delivered (operator reset).
//   epoch  — bumped by an operator reset, so a running instance notices it was reset.
//
// Guarantee. A restarted consumer watches from R: the server sends exactly the changes after R,
// in resourceVersion order; those in `done` are skipped, every other one is delivered. So no
// processed change is repeated and none after R is lost. If R is too old (410 Gone), the
// consumer relists: an object whose current resourceVersion is <= R or in `done` is processed
// state and skipped; every other object is delivered in its current state (intermediate
// versions were compacted away by the server; their effect is in the current state).
//
// Why the floor is sound: deliveries (and skipped events) enter a FIFO in stream order. The
// floor moves to an entry's resourceVersion only when that entry and all before it are
// processed. Watch events arrive in increasing resourceVersion, so every change <= that
// version was delivered before it. A relist's deliveries carry no resourceVersion bound; the
// relist ends with a marker of the list's resourceVersion L, reached only when all of them are
// processed, which makes every change <= L processed (state at L is processed).
//
// resourceVersions are compared as integers, which holds for etcd-backed API servers and the
// local server. A non-numeric resourceVersion never compares as <= R (delivered again rather
// than lost).

export interface PersistedPosition {
  epoch: number;
  floor?: string;
  cutoff?: string;
  done: string[];
}

export interface Position {
  consumer: string;
  name: string;
  resourceVersion: string;
  /** Order of delivery within this run of the consumer. */
  seq: number;
}

interface Entry {
  seq: number;
  id?: string;
  floorAfter?: string;
  processed: boolean;
}

/** Whether both are numeric resourceVersions and `rv` is strictly below `bound`. */
export function rvBelow(rv: string, bound: string): boolean {
  if (!/^\d+$/.test(rv) || !/^\d+$/.test(bound)) return false;
  return BigInt(rv) < BigInt(bound);
}

export function rvAtMost(rv: string, bound: string | undefined): boolean {
  if (bound === undefined || !/^\d+$/.test(rv) || !/^\d+$/.test(bound)) return false;
  return BigInt(rv) <= BigInt(bound);
}

export class PositionTracker {
  floor: string | undefined;
  readonly cutoff: Date | undefined;
  readonly epoch: number;
  private readonly done: Set<string>;
  private readonly fifo: Entry[] = [];
  private head = 0;
  private nextSeq = 0;
  private readonly bySeq = new Map<number, Entry>();

  constructor(
    readonly consumer: string,
    persisted: PersistedPosition,
  ) {
    this.floor = persisted.floor;
    this.cutoff = persisted.cutoff === undefined ? undefined : new Date(persisted.cutoff);
    this.epoch = persisted.epoch;
    this.done = new Set(persisted.done);
  }

  /** Whether this version of the object was already processed (by this run or an earlier one). */
  isProcessed(name: string, resourceVersion: string): boolean {
    return rvAtMost(resourceVersion, this.floor) || this.done.has(`${name}@${resourceVersion}`);
  }

  isBeforeCutoff(creationTimestamp: string | undefined): boolean {
    return this.cutoff !== undefined && Date.parse(creationTimestamp ?? "") < this.cutoff.getTime();
  }

  /** A change handed to the consumer; `floorAfter` is set for watch events (their resourceVersion). */
  deliver(name: string, resourceVersion: string, floorAfter: string | undefined): Position {
    const entry: Entry = { seq: this.nextSeq++, id: `${name}@${resourceVersion}`, floorAfter, processed: false };
    this.fifo.push(entry);
    this.bySeq.set(entry.seq, entry);
    return { consumer: this.consumer, name, resourceVersion, seq: entry.seq };
  }

  /** A change (or bookmark, or relist end) that needs no processing; the floor may pass it. */
  pass(floorAfter: string): void {
    this.fifo.push({ seq: this.nextSeq++, floorAfter, processed: true });
    this.advance();
  }

  markProcessed(position: Position): void {
    const entry = this.bySeq.get(position.seq);
    if (entry === undefined || entry.processed) return;
    entry.processed = true;
    this.bySeq.delete(entry.seq);
    if (entry.id !== undefined) this.done.add(entry.id);
    this.advance();
  }

  /**
   * The store went back in time (a restore, a crash that lost writes, a new etcd cluster): its
   * resourceVersions no longer mean what the floor and `done` recorded. Forget both, and make
   * the deliveries still outstanding move nothing when they are marked, so the next relist
   * delivers every current object whose processing this tracker cannot prove.
   */
  rewind(): void {
    this.floor = undefined;
    this.done.clear();
    for (let i = this.head; i < this.fifo.length; i++) {
      this.fifo[i].floorAfter = undefined;
      this.fifo[i].id = undefined;
    }
  }

  get outstanding(): number {
    return this.bySeq.size;
  }

  snapshot(): PersistedPosition {
    return {
      epoch: this.epoch,
      floor: this.floor,
      cutoff: this.cutoff?.toISOString(),
      done: [...this.done],
    };
  }

  private advance(): void {
    let moved = false;
    while (this.head < this.fifo.length && this.fifo[this.head].processed) {
      const entry = this.fifo[this.head++];
      if (entry.floorAfter !== undefined && !rvAtMost(entry.floorAfter, this.floor)) {
        this.floor = entry.floorAfter;
        moved = true;
      }
    }
    if (this.head > 1024 && this.head * 2 > this.fifo.length) {
      this.fifo.splice(0, this.head);
      this.head = 0;
    }
    // A processed change leaves `done` only once the floor covers it.
    if (moved) for (const id of this.done) if (rvAtMost(id.slice(id.lastIndexOf("@") + 1), this.floor)) this.done.delete(id);
  }
}
