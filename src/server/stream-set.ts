import { type Metadata, status } from "@grpc/grpc-js";
import { LimitExceeded, Unavailable } from "../errors/domain-error.js";
import { PRINCIPAL_METADATA_KEY } from "./call-guard.js";
import type { LimitLog } from "./limit-log.js";
import { serviceError } from "./status.js";

/** A server stream that can be ended with a status (grpc-js: emitting 'error' sends it). */
interface EndableStream {
  emit(event: "error", err: Error): boolean;
  /** The call's metadata; carries the principal set by the auth interceptor, if any. */
  readonly metadata?: Metadata;
}

export type StreamKind = "heartbeat" | "watch";

export interface StreamLimits {
  /** Most long-lived streams one connection (peer) may hold. */
  readonly maxStreamsPerConnection: number;
  /** Most watch streams over all connections. */
  readonly maxWatchSubscribers: number;
  /** Most watch streams of one client (principal, else IP address). */
  readonly maxWatchesPerClient: number;
  /** Most heartbeat streams without a first heartbeat on one connection. */
  readonly maxPendingHeartbeatStreamsPerConnection: number;
  /** Most heartbeat streams without a first heartbeat of one client (principal, else IP address). */
  readonly maxPendingHeartbeatStreamsPerClient: number;
}

interface Tracked {
  readonly peer: string;
  readonly client: string;
  readonly kind: StreamKind;
  /** A heartbeat stream whose first heartbeat has not been answered yet. */
  pending: boolean;
}

/** Counts per key, deleting keys that drop to zero (so the maps hold only live clients). */
class Counts {
  private readonly map = new Map<string, number>();
  get(key: string): number {
    return this.map.get(key) ?? 0;
  }
  add(key: string, delta: number): void {
    const next = this.get(key) + delta;
    if (next > 0) this.map.set(key, next);
    else this.map.delete(key);
  }
}

/** "127.0.0.1:5000" -> "127.0.0.1", "[::1]:5000" -> "::1". */
export function addressOf(peer: string): string {
  const colon = peer.lastIndexOf(":");
  const host = colon > 0 ? peer.slice(0, colon) : peer;
  return host.replace(/^\[(.*)\]$/, "$1");
}

/** Who a stream belongs to for fairness: its principal when authenticated, else its IP address. */
function clientOf(stream: EndableStream, peer: string): string {
  const principal = stream.metadata?.get(PRINCIPAL_METADATA_KEY)[0];
  return typeof principal === "string" ? `principal:${principal}` : addressOf(peer);
}

/**
 * The long-lived streams currently open. It enforces the stream limits when a stream opens (per
 * connection, per client and in total, so that one client cannot starve the others), and lets
 * shutdown end every stream explicitly with UNAVAILABLE "shutting down" before the server drains
 * (otherwise a graceful shutdown would wait for clients that never hang up).
 */
export class StreamSet {
  private readonly open = new Map<EndableStream, Tracked>();
  private readonly perPeer = new Counts();
  private readonly pendingPerPeer = new Counts();
  private readonly pendingPerClient = new Counts();
  private readonly watchesPerClient = new Counts();
  private watches = 0;
  private heartbeats = 0;
  private closing = false;

  constructor(
    private readonly limits: StreamLimits,
    private readonly limitLog?: LimitLog,
  ) {}

  /**
   * Tracks `stream` of connection `peer` (a heartbeat stream starts pending: see `active`);
   * returns the function that stops tracking it (idempotent). Throws UNAVAILABLE while shutting
   * down and RESOURCE_EXHAUSTED naming the flag when a limit is reached.
   */
  add(stream: EndableStream, peer: string, kind: StreamKind): () => void {
    if (this.closing) throw new Unavailable("SHUTTING_DOWN", "shutting down");
    const client = clientOf(stream, peer);
    const l = this.limits;
    this.check(
      peer,
      this.perPeer.get(peer),
      l.maxStreamsPerConnection,
      "--max-streams-per-connection",
      "this connection already holds",
      "streams",
    );
    if (kind === "watch") {
      this.check(
        client,
        this.watches,
        l.maxWatchSubscribers,
        "--max-watch-subscribers",
        "the server already serves",
        "route watches",
      );
      this.check(
        client,
        this.watchesPerClient.get(client),
        l.maxWatchesPerClient,
        "--max-watches-per-client",
        `client ${client} already holds`,
        "route watches",
      );
    } else {
      this.check(
        peer,
        this.pendingPerPeer.get(peer),
        l.maxPendingHeartbeatStreamsPerConnection,
        "--max-pending-heartbeat-streams-per-connection",
        "this connection already holds",
        "heartbeat streams without a first heartbeat",
      );
      this.check(
        client,
        this.pendingPerClient.get(client),
        l.maxPendingHeartbeatStreamsPerClient,
        "--max-pending-heartbeat-streams-per-client",
        `client ${client} already holds`,
        "heartbeat streams without a first heartbeat",
      );
    }
    const tracked: Tracked = { peer, client, kind, pending: kind === "heartbeat" };
    this.open.set(stream, tracked);
    this.perPeer.add(peer, 1);
    if (kind === "watch") {
      this.watches++;
      this.watchesPerClient.add(client, 1);
    } else {
      this.heartbeats++;
      this.pendingPerPeer.add(peer, 1);
      this.pendingPerClient.add(client, 1);
    }
    return () => this.remove(stream);
  }

  /** A heartbeat stream got its first heartbeat: it no longer counts as pending. Idempotent. */
  active(stream: EndableStream): void {
    const tracked = this.open.get(stream);
    if (tracked === undefined || !tracked.pending) return;
    tracked.pending = false;
    this.pendingPerPeer.add(tracked.peer, -1);
    this.pendingPerClient.add(tracked.client, -1);
  }

  get size(): number {
    return this.open.size;
  }

  /** Ends every tracked stream with UNAVAILABLE; later streams are refused the same way. Idempotent. */
  endAll(): void {
    this.closing = true;
    // One error for all: each would otherwise capture a stack trace (~10 µs, 10,000 watches).
    const shuttingDown = serviceError(status.UNAVAILABLE, "shutting down");
    for (const stream of [...this.open.keys()]) {
      this.remove(stream);
      stream.emit("error", shuttingDown);
    }
  }

  private check(offender: string, held: number, max: number, flag: string, who: string, what: string): void {
    if (held < max) return;
    const reason = `${who} ${held} ${what} (limit ${flag} ${max})`;
    this.limitLog?.refused(flag, offender, reason);
    throw new LimitExceeded(flag.slice(2), reason);
  }

  private remove(stream: EndableStream): void {
    const tracked = this.open.get(stream);
    if (tracked === undefined) return;
    this.active(stream);
    this.open.delete(stream);
    this.perPeer.add(tracked.peer, -1);
    if (tracked.kind === "watch") {
      this.watches--;
      this.watchesPerClient.add(tracked.client, -1);
    } else {
      this.heartbeats--;
    }
  }

  /** Open heartbeat streams (for metrics). */
  get heartbeatStreams(): number {
    return this.heartbeats;
  }
}
