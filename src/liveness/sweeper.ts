import type { Clock, Timer } from "../clock/clock.js";
import type { Expiry } from "./expiry.js";

/**
 * A thin loop: every `intervalMs` it asks `detect` for expired leases and hands any it finds to
 * `onExpired`. It decides nothing itself. A known deadline (the end of a stream-loss grace) can
 * also be checked exactly with `checkAfter`, so a crashed broker leaves the routes at the end of
 * its grace rather than up to one interval later. `close()` is idempotent.
 */
export class Sweeper {
  private timer: Timer | null;
  private readonly oneShots = new Set<Timer>();

  constructor(
    private readonly clock: Clock,
    intervalMs: number,
    private readonly detect: () => Expiry[],
    private readonly onExpired: (expired: Expiry[]) => void,
  ) {
    this.timer = clock.setInterval(() => this.sweep(), intervalMs);
  }

  /** Runs one check now. */
  sweep(): void {
    const expired = this.detect();
    if (expired.length > 0) this.onExpired(expired);
  }

  /** Runs one check `delayMs` from now (in addition to the periodic ones). */
  checkAfter(delayMs: number): void {
    if (this.timer === null) return;
    const timer = this.clock.setTimeout(() => {
      this.oneShots.delete(timer);
      this.sweep();
    }, delayMs);
    this.oneShots.add(timer);
  }

  close(): void {
    this.timer?.cancel();
    this.timer = null;
    for (const t of this.oneShots) t.cancel();
    this.oneShots.clear();
  }
}
