/**
 * Time as a dependency. Every component that measures time or sets a timer takes a `Clock`, so
 * tests drive a `ManualClock` and liveness and expiry tests are exact and instant; `system-clock.ts`
 * is the one implementation on real time. The wall clock is read elsewhere only as a date, never
 * to measure: call deadlines (src/client/unary.ts; grpc-js takes a Date), the broker agent's
 * registration timestamp and certificate validity (src/tls/tls-reloader.ts), each injectable. The
 * CLI entry points also hold a keep-alive interval that never fires.
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
