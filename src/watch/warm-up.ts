import type { Clock, Timer } from "../clock/clock.js";

/**
 * The warm-up after a NameServer starts: for `durationMs` its route table holds only the brokers
 * that have registered again since the restart, so routes read from it could be emptier than the
 * truth. While it lasts, route lookups are refused (UNAVAILABLE) and watch snapshots wait. Nacos
 * pushed "0 instances" during restarts; RocketMQ's NameServer has the same switch
 * (needWaitForService / waitSecondsForService).
 *
 * States: active from construction until the timer fires (then `onDone` callbacks run once, in
 * registration order), or never active when `durationMs` is 0. `close()` cancels the timer
 * without running the callbacks; idempotent.
 */
export class WarmUp {
  private active_: boolean;
  private readonly endsAt: number;
  private timer: Timer | null = null;
  private readonly waiters = new Set<() => void>();

  constructor(
    private readonly clock: Clock,
    /** How long the warm-up lasts after construction, ms; 0 = no warm-up. */
    readonly durationMs: number,
  ) {
    this.active_ = durationMs > 0;
    this.endsAt = clock.now() + durationMs;
    if (this.active_) this.timer = clock.setTimeout(() => this.finish(), durationMs);
  }

  /** True while the warm-up lasts. */
  get active(): boolean {
    return this.active_;
  }

  /** Milliseconds until the warm-up ends; 0 once it has. */
  remainingMs(): number {
    return this.active_ ? Math.max(0, Math.ceil(this.endsAt - this.clock.now())) : 0;
  }

  /**
   * Runs `fn` when the warm-up ends (at once if it is not active). Returns a function that
   * forgets `fn`.
   */
  onDone(fn: () => void): () => void {
    if (!this.active_) {
      fn();
      return () => {};
    }
    this.waiters.add(fn);
    return () => this.waiters.delete(fn);
  }

  close(): void {
    this.timer?.cancel();
    this.timer = null;
    this.waiters.clear();
  }

  private finish(): void {
    this.timer = null;
    this.active_ = false;
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const fn of waiters) fn();
  }
}
