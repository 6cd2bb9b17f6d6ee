// Group commit: concurrent save requests share writes. A request made while a write is in
// flight is served by the next write, which starts after it and stores the latest state.
export class CoalescingSaver {
  private inflight: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  constructor(private readonly write: () => Promise<void>) {}

  save(): Promise<void> {
    if (this.next !== undefined) return this.next;
    if (this.inflight === undefined) return this.start();
    this.next = this.inflight
      .catch(() => undefined)
      .then(() => {
        this.next = undefined;
        return this.start();
      });
    return this.next;
  }

  private start(): Promise<void> {
    const run = this.write().finally(() => {
      if (this.inflight === run) this.inflight = undefined;
    });
    this.inflight = run;
    return run;
  }
}
