import type { Clock } from "../clock/clock.js";
import type { Logger } from "../log/logger.js";

/** Offenders remembered at once; beyond it the oldest is forgotten (it is logged again, that is all). */
const MAX_OFFENDERS = 10_000;

/**
 * Logs refusals by a limit at warn, once per limit and offender per interval, so that every
 * offender is seen and a flood of refusals cannot flood the log: the first refusal is logged at
 * once, later ones within the interval are counted and reported (`suppressed`) with the next line
 * logged for that offender after the interval.
 */
export class LimitLog {
  private readonly seen = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly intervalMs: number,
  ) {}

  /**
   * Records a refusal by `limit` (the flag, "--max-unary-calls-per-address") of `offender` (an address
   * or "principal:<name>"); `fields` are added to the log line.
   */
  refused(limit: string, offender: string, reason: string, fields: Record<string, unknown> = {}): void {
    const key = `${limit} ${offender}`;
    const now = this.clock.now();
    const last = this.seen.get(key);
    if (last !== undefined && now - last.at < this.intervalMs) {
      last.suppressed++;
      return;
    }
    this.seen.delete(key);
    if (this.seen.size >= MAX_OFFENDERS) {
      const oldest = this.seen.keys().next().value;
      if (oldest !== undefined) this.seen.delete(oldest);
    }
    this.seen.set(key, { at: now, suppressed: 0 });
    this.log.warn(
      { limit, offender, reason, suppressed: last?.suppressed ?? 0, ...fields },
      "refused by a limit",
    );
  }
}
