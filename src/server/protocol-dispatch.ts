import type { Socket } from "node:net";
import type { Clock } from "../clock/clock.js";
import type { Logger } from "../log/logger.js";

/**
 * One port, two protocols: a connection whose first byte starts the HTTP/2 client preface
 * ("PRI * HTTP/2.0...") is gRPC; anything else is RocketMQ's remoting protocol. No remoting frame
 * can start with "P" (0x50): its 4-byte length would be 1.3 GB, far past any frame limit.
 * The listener makes the TLS choice first and this one after it, in and out of TLS alike, as
 * RocketMQ's tlsMode does for remoting.
 */
export const HTTP2_PREFACE_FIRST_BYTE = 0x50;

/** Something that takes over a connection (grpc-js's connection injector has this shape). */
export interface ConnectionSink {
  injectConnection(socket: Socket): void;
}

export interface ProtocolDispatchOptions {
  /** gRPC for this kind of connection (plaintext, TLS, or the enforcing-mode refuser). */
  readonly grpc: ConnectionSink;
  /** Remoting; null = remoting off (everything goes to gRPC, as before). */
  readonly remoting: ((socket: Socket) => void) | null;
  /** Why remoting is refused on this kind of connection (plaintext while TLS is enforced); null = allowed. */
  readonly remotingRefusal?: string | null;
  readonly log: Logger;
}

/** Hands `socket`, whose first byte is `first` (already read and put back), to its protocol. */
export function dispatchByFirstByte(socket: Socket, first: number, opts: ProtocolDispatchOptions): void {
  if (first === HTTP2_PREFACE_FIRST_BYTE || opts.remoting === null) {
    opts.grpc.injectConnection(socket);
  } else if (opts.remotingRefusal) {
    opts.log.warn({ peer: `${socket.remoteAddress}:${socket.remotePort}` }, opts.remotingRefusal);
    socket.destroy();
  } else {
    opts.remoting(socket);
  }
}

/**
 * Waits for the first byte of `socket` (a decrypted TLS socket), puts it back and dispatches.
 * A connection that sends nothing within `timeoutMs` is closed. Without remoting the socket goes
 * to gRPC at once, unread, exactly as before remoting existed.
 */
export function dispatchWhenReadable(
  socket: Socket,
  clock: Clock,
  timeoutMs: number,
  opts: ProtocolDispatchOptions,
): void {
  if (opts.remoting === null) {
    opts.grpc.injectConnection(socket);
    return;
  }
  const timer = clock.setTimeout(() => socket.destroy(), timeoutMs);
  socket.once("close", () => timer.cancel());
  socket.once("readable", () => {
    const first = socket.read(1) as Buffer | null;
    if (first === null) return; // ended before any byte; "close" cleans up
    timer.cancel();
    socket.unshift(first);
    dispatchByFirstByte(socket, first[0] as number, opts);
  });
}
