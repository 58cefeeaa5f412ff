import type { Clock } from "../clock/clock.js";
import { type Expiry, findExpired, type Lease } from "./expiry.js";

/** Identifies one heartbeat stream. */
export type SessionId = number;

interface MutableLease {
  addr: string;
  timeoutMs: number;
  lastSeenMs: number;
  streamLostAtMs: number | null;
  /** The heartbeat stream currently carrying this broker, if any. */
  session: SessionId | null;
}

/**
 * Keeps one lease per broker address and the heartbeat stream each broker is attached to. It
 * detects and reports; it removes nothing from the route table itself (`expired()` is read by the
 * sweeper, and the registry acts on it).
 */
export class LivenessTracker {
  private readonly leases = new Map<string, MutableLease>();
  private readonly sessions = new Map<SessionId, Set<string>>();
  private nextSession: SessionId = 1;

  constructor(
    private readonly clock: Clock,
    private readonly streamLossGraceMs: number,
  ) {}

  /** A registration: the broker is alive now, with this timeout. Clears a pending stream loss. */
  renew(addr: string, timeoutMs: number): void {
    const lease = this.leases.get(addr);
    if (lease === undefined) {
      this.leases.set(addr, {
        addr,
        timeoutMs,
        lastSeenMs: this.clock.now(),
        streamLostAtMs: null,
        session: null,
      });
      return;
    }
    lease.timeoutMs = timeoutMs;
    lease.lastSeenMs = this.clock.now();
    lease.streamLostAtMs = null;
  }

  /**
   * A heartbeat on `session`: renews the lease and attaches the broker to that stream (moving it
   * off any older one). Returns false when the broker has no lease.
   */
  heartbeat(addr: string, session: SessionId): boolean {
    const lease = this.leases.get(addr);
    if (lease === undefined) return false;
    lease.lastSeenMs = this.clock.now();
    const attached = this.sessions.get(session);
    // A heartbeat that raced its own stream's close cannot carry the broker any further: the
    // pending stream loss stays.
    if (attached === undefined) return true;
    lease.streamLostAtMs = null;
    if (lease.session !== session) {
      if (lease.session !== null) this.sessions.get(lease.session)?.delete(addr);
      lease.session = session;
      attached.add(addr);
    }
    return true;
  }

  /** Open sessions that carry no broker (yet, or any more). */
  pendingSessions(): number {
    let pending = 0;
    for (const addrs of this.sessions.values()) if (addrs.size === 0) pending++;
    return pending;
  }

  openSession(): SessionId {
    const id = this.nextSession++;
    this.sessions.set(id, new Set());
    return id;
  }

  /**
   * The stream ended (cancelled, broken or half-closed): every broker still attached to it starts
   * its stream-loss grace. Idempotent. Returns the addresses that started a grace.
   */
  closeSession(session: SessionId): string[] {
    const addrs = this.sessions.get(session);
    if (addrs === undefined) return [];
    this.sessions.delete(session);
    const now = this.clock.now();
    for (const addr of addrs) {
      const lease = this.leases.get(addr);
      if (lease === undefined) continue;
      lease.session = null;
      lease.streamLostAtMs = now;
    }
    return [...addrs];
  }

  remove(addr: string): void {
    const lease = this.leases.get(addr);
    if (lease === undefined) return;
    if (lease.session !== null) this.sessions.get(lease.session)?.delete(addr);
    this.leases.delete(addr);
  }

  /** Number of brokers holding a lease. */
  get size(): number {
    return this.leases.size;
  }

  lease(addr: string): Lease | undefined {
    return this.leases.get(addr);
  }

  /** Leases that are over now. Pure read: call `remove` for the ones acted upon. */
  expired(): Expiry[] {
    return findExpired(this.leases.values(), this.clock.now(), this.streamLossGraceMs);
  }
}
