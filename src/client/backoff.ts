/**
 * Full-jitter backoff (AWS architecture blog, "Exponential Backoff and Jitter"): wait a uniformly
 * random time in [0, ceiling), where the ceiling doubles per failed attempt up to a cap. Spreads
 * reconnect storms after a NameServer restart instead of synchronising them.
 */
export function fullJitterDelay(ceilingMs: number, random: () => number): number {
  return Math.floor(random() * ceilingMs);
}

/** The ceiling for attempt `n` (0-based): min(cap, initial * 2^n). */
export function backoffCeiling(attempt: number, initialMs: number, maxMs: number): number {
  return Math.min(maxMs, initialMs * 2 ** Math.min(attempt, 30));
}
