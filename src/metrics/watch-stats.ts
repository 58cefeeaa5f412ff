import type { ResetReason } from "../watch/frames.js";
import type { WatchObserver } from "../watch/watch-hub.js";
import { Buckets, LATENCY_BUCKETS_S } from "./buckets.js";

/** The watch hub's observer: plain counters, read at scrape time. */
export class WatchStats implements WatchObserver {
  frames = 0;
  readonly resets = new Map<ResetReason, number>();
  /** Commit to frame handed to a subscriber's stream, s. */
  readonly notify = new Buckets(LATENCY_BUCKETS_S);

  framesSent(count: number): void {
    this.frames += count;
  }

  reset(reason: ResetReason): void {
    this.resets.set(reason, (this.resets.get(reason) ?? 0) + 1);
  }

  notified(latencyMs: number, subscribers: number): void {
    this.notify.observe(latencyMs / 1000, subscribers);
  }
}
