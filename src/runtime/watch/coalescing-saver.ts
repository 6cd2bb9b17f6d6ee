// Group commit: concurrent save requests share writes. A request made while a write is in
// flight is served by the next write, which starts after it and stores the latest state.
// With `delayMs`, a write waits that long first, so requests arriving meanwhile share it.
export class CoalescingSaver {
  private inflight: Promise<void> | undefined;
  private next: Promise<void> | undefined;

  constructor(
    private readonly write: () => Promise<void>,
    private readonly delayMs = 0,
  ) {}

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
    const delayed = this.delayMs > 0 ? new Promise<void>((resolve) => setTimeout(resolve, this.delayMs)).then(this.write) : this.write();
    const run = delayed.finally(() => {
      if (this.inflight === run) this.inflight = undefined;
    });
    this.inflight = run;
    return run;
  }
}
