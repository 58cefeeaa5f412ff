import type { Clock, Timer } from "../clock/clock.js";
import type { Buckets } from "../metrics/buckets.js";

/** One point of the dashboard's charts. */
export interface StatsSample {
  /** Milliseconds since the server started (clock time line). */
  readonly t: number;
  /** Route lookups per second over the last interval. */
  readonly lookupsPerS: number;
  readonly heartbeatsPerS: number;
  readonly subscribers: number;
  /** p99 push latency over the last interval, ms (bucket upper bound); null without pushes. */
  readonly pushP99Ms: number | null;
}

/** The cumulative figures the sampler differentiates. */
export interface StatsSource {
  lookups(): number;
  heartbeats(): number;
  subscribers(): number;
  readonly notify: Buckets;
}

/** Seconds of history kept: a fresh page shows the last minutes at once. */
export const STATS_HISTORY = 300;

/**
 * Samples the figures the dashboard charts once per `intervalMs` and keeps the last STATS_HISTORY
 * points; event streams get each new point as it is taken (pushed, not polled).
 */
export class StatsSampler {
  private readonly points: StatsSample[] = [];
  private readonly listeners = new Set<(s: StatsSample) => void>();
  private timer: Timer | null;
  private last: { at: number; lookups: number; heartbeats: number; notify: Float64Array };

  constructor(
    private readonly src: StatsSource,
    private readonly clock: Clock,
    private readonly startedAt: number,
    intervalMs = 1000,
  ) {
    this.last = this.reading();
    this.timer = clock.setInterval(() => this.sample(), intervalMs);
  }

  history(): readonly StatsSample[] {
    return this.points;
  }

  /** Calls `fn` with every new point; returns the unsubscribe function. */
  onSample(fn: (s: StatsSample) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Takes a point now (the timer calls this). */
  sample(): StatsSample {
    const now = this.reading();
    const seconds = Math.max((now.at - this.last.at) / 1000, 1e-3);
    const point: StatsSample = {
      t: Math.round(now.at - this.startedAt),
      lookupsPerS: round1((now.lookups - this.last.lookups) / seconds),
      heartbeatsPerS: round1((now.heartbeats - this.last.heartbeats) / seconds),
      subscribers: this.src.subscribers(),
      pushP99Ms: p99Ms(this.src.notify.bounds, now.notify, this.last.notify),
    };
    this.last = now;
    this.points.push(point);
    if (this.points.length > STATS_HISTORY) this.points.shift();
    for (const fn of this.listeners) fn(point);
    return point;
  }

  close(): void {
    this.timer?.cancel();
    this.timer = null;
    this.listeners.clear();
  }

  private reading() {
    return {
      at: this.clock.now(),
      lookups: this.src.lookups(),
      heartbeats: this.src.heartbeats(),
      notify: Float64Array.from(this.src.notify.counts),
    };
  }
}

/** The upper bound of the bucket holding the 99th percentile of the observations between two readings, ms. */
export function p99Ms(bounds: readonly number[], now: Float64Array, before: Float64Array): number | null {
  let total = 0;
  for (let i = 0; i < now.length; i++) total += (now[i] as number) - (before[i] as number);
  if (total <= 0) return null;
  const rank = Math.ceil(total * 0.99);
  let seen = 0;
  for (let i = 0; i < now.length; i++) {
    seen += (now[i] as number) - (before[i] as number);
    if (seen >= rank) return (bounds[Math.min(i, bounds.length - 1)] as number) * 1000;
  }
  return null;
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
