import type { Clock, Timer } from "../clock/clock.js";

/**
 * Promises waiting for the route cache to become live. `release()` resolves every waiter at once;
 * a waiter not released within its timeout is rejected with the error its caller built and
 * forgotten, so a late `release()` never touches it. Each waiter holds one timer, cancelled when it
 * is released: nothing is left scheduled once every waiter has settled.
 */
export class ReadyWaiters {
  private waiters: Array<{ resolve: () => void; timer: Timer }> = [];

  constructor(private readonly clock: Clock) {}

  /** Waiters not settled yet. */
  get size(): number {
    return this.waiters.length;
  }

  /**
   * Resolves on the next `release()`, or rejects with `timeoutError()` (built when the time is up,
   * so that it can name the state of that moment) after `timeoutMs`.
   */
  wait(timeoutMs: number, timeoutError: () => Error): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve,
        timer: this.clock.setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(timeoutError());
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Resolves every waiter and cancels their timers. */
  release(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) {
      w.timer.cancel();
      w.resolve();
    }
  }
}
