import { randomBytes } from "node:crypto";

/**
 * A fresh epoch: a random non-zero 63-bit number chosen once per process start. Revisions restart
 * with every process, so a client that sees another epoch knows its revision means nothing here
 * (xDS control planes that reused versions after a restart made clients miss updates).
 */
export function randomEpoch(): bigint {
  for (;;) {
    const epoch = randomBytes(8).readBigUInt64BE() >> 1n;
    if (epoch !== 0n) return epoch;
  }
}
