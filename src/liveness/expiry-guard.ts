import type { Clock } from "../clock/clock.js";
import type { Logger } from "../log/logger.js";
import type { Expiry } from "./expiry.js";
import {
  INITIAL_MASS_EXPIRY_STATE,
  type MassExpiryReview,
  type MassExpirySettings,
  type MassExpiryState,
  reviewExpiries,
} from "./mass-expiry.js";

/** Counters of the protection, since start. */
export interface ExpiryGuardCounts {
  /** Reviews that found this process had stalled and deferred expiries. */
  stalls: number;
  /** Holds started by the share rule. */
  holds: number;
  /** Brokers held at the start of a hold, summed over holds. */
  heldBrokers: number;
  /** Brokers released after staying silent through a hold. */
  releasedAfterHold: number;
  /** Holds that ended with every held broker back. */
  holdsEnded: number;
}

/**
 * The stateful shell around `reviewExpiries`: keeps the state between sweeps, reads the clock,
 * logs each change of verdict once (a hold is not logged at every sweep) and counts. The sweeper
 * passes every sweep's findings through `review`, including empty ones, so stalls are seen.
 */
export class ExpiryGuard {
  private state: MassExpiryState = INITIAL_MASS_EXPIRY_STATE;
  private lastVerdict: MassExpiryReview["verdict"] = "none";
  readonly counts: ExpiryGuardCounts = {
    stalls: 0,
    holds: 0,
    heldBrokers: 0,
    releasedAfterHold: 0,
    holdsEnded: 0,
  };

  constructor(
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly settings: MassExpirySettings,
  ) {}

  /** The expiries of `expiring` to act on now; `liveCount` is the number of brokers holding a lease. */
  review(expiring: Expiry[], liveCount: number): Expiry[] {
    const nowMs = this.clock.now();
    const r = reviewExpiries(this.state, { nowMs, expiring, liveCount }, this.settings);
    this.state = r.state;
    this.report(r, nowMs);
    this.lastVerdict = r.verdict;
    return r.release as Expiry[];
  }

  private report(r: MassExpiryReview, nowMs: number): void {
    const brokers = (list: readonly Expiry[]) => list.map((e) => e.addr);
    switch (r.verdict) {
      case "stalled":
        if (this.lastVerdict === "stalled") return;
        this.counts.stalls++;
        this.log.warn(
          { brokers: brokers(r.held), deferUntilMs: r.state.deferUntilMs - nowMs },
          "sweep ran late (this process was stalled): expiry deferred until pending heartbeats are read",
        );
        return;
      case "hold-started":
        this.counts.holds++;
        this.counts.heldBrokers += r.held.length;
        this.log.warn(
          {
            brokers: brokers(r.held),
            sharePercent: Math.round(r.sharePercent),
            thresholdPercent: this.settings.thresholdPercent,
            holdMs: this.settings.holdMs,
          },
          "mass expiry held: too many brokers would leave at once",
        );
        return;
      case "released-after-hold":
        this.counts.releasedAfterHold += r.release.length;
        this.log.warn(
          { brokers: brokers(r.release), holdMs: this.settings.holdMs },
          "mass expiry released: the held brokers stayed silent through the hold",
        );
        return;
      case "released-under-threshold":
        this.log.info(
          { brokers: brokers(r.release), sharePercent: Math.round(r.sharePercent) },
          "mass expiry released: the rest came back, the share is under the threshold",
        );
        return;
      case "hold-ended":
        this.counts.holdsEnded++;
        this.log.info({}, "mass expiry hold ended: every held broker came back");
        return;
      default:
        return;
    }
  }
}

/**
 * The review step between the liveness tracker and eviction: with `settings` absent (a registry
 * built without the protection) every expiry passes through unchanged.
 */
export function expiryReviewer(
  clock: Clock,
  log: Logger,
  settings: MassExpirySettings | undefined,
): (expiring: Expiry[], liveCount: number) => Expiry[] {
  if (settings === undefined) return (expiring) => expiring;
  const guard = new ExpiryGuard(clock, log, settings);
  return (expiring, liveCount) => guard.review(expiring, liveCount);
}
