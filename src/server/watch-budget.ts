/**
 * Bytes of WatchRoutes frames queued in the transport (written, not yet handed to the socket),
 * per stream and over all streams. A stream that stops reading pinned up to 16 frames of 1 MiB in
 * grpc-js's buffers, and 100 of them on a table of 100,000 topics held +1.7 GB; with the budget a
 * stream takes frames only while it holds less than its share, so a snapshot is written as the
 * stream drains, and all streams together never hold more than the global budget.
 */
export class WatchBudget {
  private used = 0;
  /** Streams waiting for the global budget, woken in arrival order. */
  private readonly waiting = new Set<() => boolean>();

  constructor(
    /** Most bytes one stream may have queued before it is told to wait (it may exceed it by one frame). */
    readonly perStreamBytes: number,
    /** Most bytes all streams together may have queued. */
    readonly totalBytes: number,
  ) {}

  /** Bytes queued over all streams now. */
  get queued(): number {
    return this.used;
  }

  /** Whether a stream holding `held` bytes may be given another frame now. */
  admits(held: number): boolean {
    return held < this.perStreamBytes && this.used < this.totalBytes;
  }

  take(bytes: number): void {
    this.used += bytes;
  }

  /**
   * Returns `bytes` to the budget and wakes waiting streams, in arrival order, while there is
   * room. A `wake` returns true when it no longer waits (woken, or gone).
   */
  release(bytes: number): void {
    this.used -= bytes;
    if (this.waiting.size === 0) return;
    for (const wake of [...this.waiting]) {
      if (this.used >= this.totalBytes) break;
      if (wake()) this.waiting.delete(wake);
    }
  }

  /** Calls `wake` when the global budget has room, until it returns true. Idempotent. */
  wait(wake: () => boolean): void {
    this.waiting.add(wake);
  }

  forget(wake: () => boolean): void {
    this.waiting.delete(wake);
  }
}
