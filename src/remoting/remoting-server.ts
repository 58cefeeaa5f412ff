import type { Socket } from "node:net";
import type { Clock, Timer } from "../clock/clock.js";
import type { Logger } from "../log/logger.js";
import { encodeCommand, isResponse, ProtocolError, type RemotingCommand } from "./command.js";
import { FrameDecoder, type FrameLimits } from "./frame-decoder.js";
import type { ConnectionState, RequestProcessor } from "./processor.js";

export interface RemotingLimits extends FrameLimits {
  /** A frame begun must be complete within this, ms; a slower sender is disconnected. */
  readonly frameTimeoutMs: number;
  /** Requests of one connection being processed at once; past it the socket is not read. */
  readonly maxInFlightPerConnection: number;
  /** Response bytes queued on one socket past which it is not read until they drain. */
  readonly maxQueuedResponseBytes: number;
}

/**
 * Serves RocketMQ's remoting protocol on sockets handed over by the listener. Each connection
 * decodes frames, has its requests answered by the processor (responses carry the request's
 * opaque, so they may go out in any order), and stops reading while too many requests are in
 * flight or too many response bytes wait to be sent: a client cannot make the server buffer
 * without bound. A protocol violation closes the connection (RocketMQ does the same); the
 * server goes on serving the others.
 */
export class RemotingServer {
  private readonly sockets = new Set<Socket>();
  private closed = false;

  constructor(
    private readonly processor: RequestProcessor,
    private readonly limits: RemotingLimits,
    private readonly clock: Clock,
    private readonly log: Logger,
  ) {}

  /** Serves `socket` (plaintext or decrypted TLS) whose first bytes are not an HTTP/2 preface. */
  accept(socket: Socket): void {
    if (this.closed) {
      socket.destroy();
      return;
    }
    const peer = `${socket.remoteAddress}:${socket.remotePort}`;
    const conn: ConnectionState = { peer, session: undefined, brokers: new Map() };
    const decoder = new FrameDecoder(this.limits);
    let inFlight = 0;
    let writeBlocked = false;
    let frameTimer: Timer | undefined;
    this.sockets.add(socket);

    const flow = () => {
      if (socket.destroyed) return;
      if (inFlight >= this.limits.maxInFlightPerConnection || writeBlocked) socket.pause();
      else socket.resume();
    };
    const refuse = (reason: string) => {
      this.log.warn({ peer, reason }, "remoting connection closed: protocol violation");
      socket.destroy();
    };
    const send = (response: RemotingCommand) => {
      if (socket.destroyed) return;
      socket.write(encodeCommand(response));
      if (socket.writableLength > this.limits.maxQueuedResponseBytes && !writeBlocked) {
        writeBlocked = true;
        socket.once("drain", () => {
          writeBlocked = false;
          flow();
        });
      }
    };
    const handle = (cmd: RemotingCommand) => {
      if (isResponse(cmd)) return; // this server sends no requests; a stray response is dropped
      inFlight++;
      flow();
      this.processor.process(cmd, conn).then(
        (response) => {
          inFlight--;
          if (response !== undefined) send(response);
          flow();
        },
        (err: unknown) => {
          // process() answers every failure itself; this is a bug, not the client's doing.
          this.log.error({ peer, err }, "remoting request failed unexpectedly; connection closed");
          socket.destroy();
        },
      );
    };

    socket.on("data", (chunk: Buffer) => {
      let commands: RemotingCommand[];
      try {
        commands = decoder.push(chunk);
      } catch (err) {
        if (err instanceof ProtocolError) return refuse(err.message);
        throw err;
      }
      if (decoder.pending === 0) {
        frameTimer?.cancel();
        frameTimer = undefined;
      } else if (commands.length > 0 || frameTimer === undefined) {
        // A new frame has begun: it gets frameTimeoutMs from now.
        frameTimer?.cancel();
        frameTimer = this.clock.setTimeout(
          () => refuse(`frame not complete after ${this.limits.frameTimeoutMs} ms (slow sender)`),
          this.limits.frameTimeoutMs,
        );
      }
      for (const cmd of commands) handle(cmd);
    });
    socket.on("error", (err) => this.log.debug({ peer, err: err.message }, "remoting connection error"));
    socket.once("close", () => {
      frameTimer?.cancel();
      this.sockets.delete(socket);
      this.processor.closed(conn, "remoting connection closed");
    });
    socket.resume();
  }

  /** Open connections. */
  get connections(): number {
    return this.sockets.size;
  }

  /** Closes every connection and refuses new ones. Idempotent. */
  close(): void {
    this.closed = true;
    for (const socket of this.sockets) socket.destroy();
  }
}
