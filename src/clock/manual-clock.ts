import type { Clock, Timer } from "./clock.js";

interface Scheduled {
  id: number;
  at: number;
  every: number | null;
  fn: () => void;
}

/**
 * A clock that moves only when told to. `advance(ms)` runs every timer that falls due, in order of
 * due time (then creation order), with `now()` set to each timer's due time while it runs.
 * Used by tests and never by production code.
 */
export class ManualClock implements Clock {
  private current: number;
  private nextId = 1;
  private readonly timers = new Map<number, Scheduled>();

  constructor(startMs = 1_000_000) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): Timer {
    return this.schedule(fn, ms, null);
  }

  setInterval(fn: () => void, ms: number): Timer {
    return this.schedule(fn, ms, Math.max(1, ms));
  }

  /** Moves time forward by `ms`, firing due timers on the way. */
  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const due = this.nextDue(target);
      if (!due) break;
      this.current = due.at;
      if (due.every === null) this.timers.delete(due.id);
      else due.at += due.every;
      due.fn();
    }
    this.current = target;
  }

  /** Number of pending timers (a test can assert that a component cleaned up after itself). */
  pendingTimers(): number {
    return this.timers.size;
  }

  private schedule(fn: () => void, ms: number, every: number | null): Timer {
    const id = this.nextId++;
    this.timers.set(id, { id, at: this.current + Math.max(0, ms), every, fn });
    return { cancel: () => this.timers.delete(id) };
  }

  private nextDue(limit: number): Scheduled | undefined {
    let best: Scheduled | undefined;
    for (const t of this.timers.values()) {
      if (t.at > limit) continue;
      if (!best || t.at < best.at || (t.at === best.at && t.id < best.id)) best = t;
    }
    return best;
  }
}
