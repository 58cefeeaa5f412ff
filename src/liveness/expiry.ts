/**
 * Pure expiry decisions. A lease says when its broker was last heard from and whether the stream
 * that carried its heartbeats broke; `findExpired` says which leases are over at a given time.
 * No clock, no timers: the caller passes `nowMs`, so these are tested with tables.
 */

/**
 * A broker's lease. States:
 * - streaming or unary: `streamLostAtMs === null`; the broker expires `timeoutMs` after it was
 *   last heard from (heartbeat or registration);
 * - stream lost: the stream carrying its heartbeats ended at `streamLostAtMs`; the broker also
 *   expires `graceMs` after that, unless a heartbeat on a new stream or a registration clears it.
 */
export interface Lease {
  readonly addr: string;
  /** Silent-expiry timeout of this broker, ms. */
  readonly timeoutMs: number;
  /** When the broker was last heard from, ms on the clock's time line. */
  readonly lastSeenMs: number;
  /** When its heartbeat stream broke, or null while it has one (or never had one). */
  readonly streamLostAtMs: number | null;
}

export type ExpiryReason = "silent" | "stream-lost";

export interface Expiry {
  readonly addr: string;
  readonly reason: ExpiryReason;
  /** The moment the lease ended, ms. */
  readonly atMs: number;
}

/** When the lease ends and why: whichever of its deadlines comes first. */
export function deadlineOf(lease: Lease, graceMs: number): { atMs: number; reason: ExpiryReason } {
  const silentAt = lease.lastSeenMs + lease.timeoutMs;
  if (lease.streamLostAtMs !== null) {
    const lostAt = lease.streamLostAtMs + graceMs;
    if (lostAt < silentAt) return { atMs: lostAt, reason: "stream-lost" };
  }
  return { atMs: silentAt, reason: "silent" };
}

/** The leases whose deadline is at or before `nowMs`. */
export function findExpired(leases: Iterable<Lease>, nowMs: number, graceMs: number): Expiry[] {
  const expired: Expiry[] = [];
  for (const lease of leases) {
    const { atMs, reason } = deadlineOf(lease, graceMs);
    if (atMs <= nowMs) expired.push({ addr: lease.addr, reason, atMs });
  }
  return expired;
}
