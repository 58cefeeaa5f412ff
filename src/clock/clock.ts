/**
 * Time as a dependency. Every component that reads the time or sets a timer takes a `Clock`, so
 * tests drive a `ManualClock` and liveness and expiry tests are exact and instant. This file and
 * `system-clock.ts` are the only places that touch the real time.
 */

/** A cancellable timer. `cancel()` is idempotent. */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  /**
   * Milliseconds on a monotonic time line (not wall-clock time: it never jumps back when the
   * system clock is set). Only differences between two readings mean anything.
   */
  now(): number;
  /** Runs `fn` once after `ms` milliseconds. Real timers are unref'd: they never keep the process alive. */
  setTimeout(fn: () => void, ms: number): Timer;
  /** Runs `fn` every `ms` milliseconds until cancelled. Real timers are unref'd. */
  setInterval(fn: () => void, ms: number): Timer;
}
