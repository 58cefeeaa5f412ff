/**
 * A histogram's buckets as plain numbers: an observation is a loop over a few bounds and an add,
 * with no label hashing, and one call can record the same value for many events (the watch hub
 * reports one latency for every subscriber a flush reached). Read at scrape time.
 */
export class Buckets {
  /** Observations per bucket, not cumulative; the last one is +Inf. */
  readonly counts: Float64Array;
  sum = 0;
  count = 0;

  /** `bounds`: upper bounds, ascending, in the unit observed (seconds for every histogram here). */
  constructor(readonly bounds: readonly number[]) {
    this.counts = new Float64Array(bounds.length + 1);
  }

  /** Records `times` observations of `value`. */
  observe(value: number, times = 1): void {
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > (bounds[i] as number)) i++;
    this.counts[i] = (this.counts[i] as number) + times;
    this.sum += value * times;
    this.count += times;
  }
}

/** Sub-millisecond to seconds: a lookup is answered in well under a millisecond. */
export const LATENCY_BUCKETS_S: readonly number[] = [
  0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
