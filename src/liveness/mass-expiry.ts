/**
 * Mass-expiry protection: a pure decision over the expiries one sweep found. It guards against the
 * Nacos "pushed 0 instances" failure, where a registry that was itself stalled (SIGSTOP, a long GC
 * pause, a VM freeze) wakes up, finds every lease past its deadline because it did not read the
 * heartbeats waiting in its socket buffers, and removes every broker in one revision.
 *
 * Two rules, applied in this order:
 * 1. Stall: a review that comes far later than the sweep interval means this process did not run
 *    for a while. Nothing expires until one full interval after the late review, so that the event
 *    loop reads what arrived meanwhile (heartbeats renew leases) before liveness is judged.
 * 2. Self-preservation (Eureka's idea, bounded): when the brokers leaving would make more than
 *    `thresholdPercent` of the brokers leave within one `windowMs`, the removals are held. They are
 *    released once the evidence holds: the share falls back to or under the threshold (some came
 *    back), or the held brokers stayed silent for a whole `holdMs` while this process ran. Unlike
 *    Eureka, a hold never lasts forever: a real mass failure is removed `holdMs` late, not never.
 *    Populations under `minBrokers` are exempt: with one or two brokers a share says nothing, and
 *    a dead broker must leave on time (rule 1 still covers a stalled NameServer).
 *
 * No clock, no timers: `reviewExpiries` takes the time and the state and returns the next state,
 * so it is tested with tables.
 */
import type { Expiry } from "./expiry.js";

export interface MassExpirySettings {
  /** Off: every expiry is released at once (the behaviour before this protection). */
  readonly enabled: boolean;
  /** Hold removals when more than this percentage of brokers would leave within `windowMs` (1..100). */
  readonly thresholdPercent: number;
  /** The sliding window over which removals are counted, ms. */
  readonly windowMs: number;
  /** How long held brokers must stay silent, with this process running, before they leave, ms. */
  readonly holdMs: number;
  /** The sweep interval, ms: reviews normally come this often. */
  readonly intervalMs: number;
  /** A review later than intervalMs + this is a stall of the process, ms. */
  readonly stallToleranceMs: number;
  /** Fewer brokers than this (live plus recently removed) are not protected by the share rule. */
  readonly minBrokers: number;
}

/** What a review decided, for logs and counters. */
export type MassExpiryVerdict =
  /** Nothing expiring, no hold in progress. */
  | "none"
  /** Expiries released normally. */
  | "released"
  /** The process was stalled: expiries deferred until the sockets were read. */
  | "stalled"
  /** The share rule started holding these expiries. */
  | "hold-started"
  /** A hold continues. */
  | "holding"
  /** Held brokers stayed silent for holdMs: released. */
  | "released-after-hold"
  /** Enough held brokers came back that the rest are under the threshold: released. */
  | "released-under-threshold"
  /** Every held broker came back: the hold ended with no removal. */
  | "hold-ended";

export interface MassExpiryState {
  /** Time of the previous review, or null before the first. */
  readonly lastReviewMs: number | null;
  /** No expiry is released before this time (set by a stall). */
  readonly deferUntilMs: number;
  /** When the current hold started, or null when none is in progress. */
  readonly holdSinceMs: number | null;
  /** Times of the removals released within the last windowMs, oldest first. */
  readonly recentRemovals: readonly number[];
}

export const INITIAL_MASS_EXPIRY_STATE: MassExpiryState = {
  lastReviewMs: null,
  deferUntilMs: Number.NEGATIVE_INFINITY,
  holdSinceMs: null,
  recentRemovals: [],
};

export interface MassExpiryInput {
  readonly nowMs: number;
  /** What the liveness tracker found expired now (held ones are found again at every review). */
  readonly expiring: readonly Expiry[];
  /** Brokers holding a lease now, the expiring ones included. */
  readonly liveCount: number;
}

export interface MassExpiryReview {
  /** Expiries to act on now. */
  readonly release: readonly Expiry[];
  /** Expiries held back by this review. */
  readonly held: readonly Expiry[];
  readonly verdict: MassExpiryVerdict;
  /** Share of brokers leaving within the window had these been released, percent (0 when not computed). */
  readonly sharePercent: number;
  readonly state: MassExpiryState;
}

/** Decides which of `input.expiring` leave now. Pure. */
export function reviewExpiries(
  state: MassExpiryState,
  input: MassExpiryInput,
  s: MassExpirySettings,
): MassExpiryReview {
  const { nowMs, expiring } = input;
  const recent = state.recentRemovals.filter((t) => t > nowMs - s.windowMs);
  const base = { ...state, lastReviewMs: nowMs, recentRemovals: recent };
  const releaseAll = (verdict: MassExpiryVerdict, sharePercent = 0): MassExpiryReview => ({
    release: expiring,
    held: [],
    verdict,
    sharePercent,
    state: {
      ...base,
      holdSinceMs: null,
      recentRemovals: [...recent, ...expiring.map(() => nowMs)],
    },
  });
  if (!s.enabled) return releaseAll(expiring.length > 0 ? "released" : "none");

  const late = state.lastReviewMs !== null && nowMs - state.lastReviewMs > s.intervalMs + s.stallToleranceMs;
  if (late || nowMs < state.deferUntilMs) {
    // A stall proves nothing about the brokers; a hold in progress starts its count again.
    return {
      release: [],
      held: expiring,
      verdict: expiring.length > 0 ? "stalled" : "none",
      sharePercent: 0,
      state: {
        ...base,
        deferUntilMs: late ? nowMs + s.intervalMs : state.deferUntilMs,
        holdSinceMs: state.holdSinceMs === null ? null : nowMs,
      },
    };
  }

  if (expiring.length === 0) {
    return {
      release: [],
      held: [],
      verdict: state.holdSinceMs === null ? "none" : "hold-ended",
      sharePercent: 0,
      state: { ...base, holdSinceMs: null },
    };
  }

  const population = input.liveCount + recent.length;
  const sharePercent = population === 0 ? 0 : (100 * (recent.length + expiring.length)) / population;
  const over = population >= s.minBrokers && sharePercent > s.thresholdPercent;
  if (!over)
    return releaseAll(state.holdSinceMs === null ? "released" : "released-under-threshold", sharePercent);
  if (state.holdSinceMs === null) {
    return {
      release: [],
      held: expiring,
      verdict: "hold-started",
      sharePercent,
      state: { ...base, holdSinceMs: nowMs },
    };
  }
  if (nowMs - state.holdSinceMs >= s.holdMs) return releaseAll("released-after-hold", sharePercent);
  return { release: [], held: expiring, verdict: "holding", sharePercent, state: base };
}

/** The settings of a NameServer config: the window and the hold are one default heartbeat timeout. */
export function massExpirySettingsOf(config: {
  readonly massExpiryProtection: boolean;
  readonly massExpiryThresholdPercent: number;
  readonly heartbeatTimeoutMs: number;
  readonly sweepIntervalMs: number;
}): MassExpirySettings {
  return {
    enabled: config.massExpiryProtection,
    thresholdPercent: config.massExpiryThresholdPercent,
    windowMs: config.heartbeatTimeoutMs,
    holdMs: config.heartbeatTimeoutMs,
    intervalMs: config.sweepIntervalMs,
    // Event-loop lag of a busy process is tens of ms; a second or more is a stall worth a deferral
    // (which costs one sweep interval).
    stallToleranceMs: Math.max(1_000, 2 * config.sweepIntervalMs),
    minBrokers: MASS_EXPIRY_MIN_BROKERS,
  };
}

/** With fewer brokers than this, a share says nothing: the share rule does not apply. */
export const MASS_EXPIRY_MIN_BROKERS = 3;
