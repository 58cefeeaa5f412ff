import { status } from "@grpc/grpc-js";
import { LimitExceeded, Unavailable } from "../errors/domain-error.js";
import { serviceError } from "./status.js";

/** A server stream that can be ended with a status (grpc-js: emitting 'error' sends it). */
interface EndableStream {
  emit(event: "error", err: Error): boolean;
  /** Bytes written to the stream and not yet taken by the transport (Node's Writable). */
  readonly writableLength?: number;
}

export type StreamKind = "heartbeat" | "watch";

export interface StreamLimits {
  /** Most long-lived streams one connection (peer) may hold. */
  readonly maxStreamsPerConnection: number;
  /** Most watch streams over all connections. */
  readonly maxWatchSubscribers: number;
}

/**
 * The long-lived streams currently open. It enforces the stream limits when a stream opens, and
 * lets shutdown end every stream explicitly with UNAVAILABLE "shutting down" before the server
 * drains (otherwise a graceful shutdown would wait for clients that never hang up).
 */
export class StreamSet {
  private readonly open = new Map<EndableStream, { peer: string; kind: StreamKind }>();
  private readonly perPeer = new Map<string, number>();
  private watches = 0;
  private heartbeats = 0;
  private closing = false;

  constructor(private readonly limits: StreamLimits) {}

  /**
   * Tracks `stream` of connection `peer`; returns the function that stops tracking it (idempotent).
   * Throws UNAVAILABLE while shutting down and RESOURCE_EXHAUSTED when a limit is reached.
   */
  add(stream: EndableStream, peer: string, kind: StreamKind): () => void {
    if (this.closing) throw new Unavailable("SHUTTING_DOWN", "shutting down");
    const held = this.perPeer.get(peer) ?? 0;
    if (held >= this.limits.maxStreamsPerConnection) {
      throw new LimitExceeded(
        "max-streams-per-connection",
        `this connection already holds ${held} streams (limit --max-streams-per-connection ${this.limits.maxStreamsPerConnection})`,
      );
    }
    if (kind === "watch" && this.watches >= this.limits.maxWatchSubscribers) {
      throw new LimitExceeded(
        "max-watch-subscribers",
        `the server already serves ${this.watches} route watches (limit --max-watch-subscribers ${this.limits.maxWatchSubscribers})`,
      );
    }
    this.open.set(stream, { peer, kind });
    this.perPeer.set(peer, held + 1);
    if (kind === "watch") this.watches++;
    else this.heartbeats++;
    return () => this.remove(stream);
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

  private remove(stream: EndableStream): void {
    const tracked = this.open.get(stream);
    if (tracked === undefined) return;
    this.open.delete(stream);
    const left = (this.perPeer.get(tracked.peer) ?? 1) - 1;
    if (left > 0) this.perPeer.set(tracked.peer, left);
    else this.perPeer.delete(tracked.peer);
    if (tracked.kind === "watch") this.watches--;
    else this.heartbeats--;
  }

  /** Open heartbeat streams. */
  get heartbeatStreams(): number {
    return this.heartbeats;
  }

  /**
   * Bytes written to open watch streams that their transport has not taken yet (backed-up
   * subscribers). One pass over the open streams: read at scrape time, never per frame.
   */
  queuedWatchBytes(): number {
    let bytes = 0;
    for (const [stream, tracked] of this.open) {
      if (tracked.kind === "watch") bytes += stream.writableLength ?? 0;
    }
    return bytes;
  }
}
