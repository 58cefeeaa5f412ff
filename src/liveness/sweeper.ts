import type { Clock, Timer } from "../clock/clock.js";
import type { Expiry } from "./expiry.js";

/**
 * A thin loop: every `intervalMs` it asks `detect` for expired leases and hands any it finds to
 * `onExpired`. It decides nothing itself. `close()` is idempotent.
 */
export class Sweeper {
  private timer: Timer | null;

  constructor(
    clock: Clock,
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

  close(): void {
    this.timer?.cancel();
    this.timer = null;
  }
}
