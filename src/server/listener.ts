import { createServer as createNetServer, type Server as NetServer, type Socket } from "node:net";
import { createServer as createTlsServer, type SecureContextOptions, type TLSSocket } from "node:tls";
import {
  experimental,
  type Server,
  ServerCredentials,
  ServerInterceptingCall,
  type ServerInterceptor,
  status,
} from "@grpc/grpc-js";
import type { Clock, Timer } from "../clock/clock.js";
import type { TlsClientAuth, TlsMode } from "../config/config.js";
import type { Logger } from "../log/logger.js";
import { parseHostPort } from "../net/host-port.js";
import type { LimitLog } from "./limit-log.js";
import { dispatchByFirstByte, dispatchWhenReadable } from "./protocol-dispatch.js";

/** A connection that has not sent its first byte, or not finished its TLS handshake, this long is closed, ms. */
export const HANDSHAKE_TIMEOUT_MS = 10_000;

/** First byte of a TLS record carrying a handshake; an HTTP/2 preface starts with "P". */
const TLS_HANDSHAKE_RECORD = 0x16;

export interface ListenerOptions {
  /** "host:port"; port 0 picks a free one. */
  readonly listen: string;
  readonly tlsMode: TlsMode;
  readonly tlsClientAuth: TlsClientAuth;
  /** cert, key and (for client certificates) ca; null when tlsMode is "disabled". */
  readonly tls: SecureContextOptions | null;
  /** Takes RocketMQ remoting connections (see protocol-dispatch.ts); null or absent = gRPC only. */
  readonly remotingSink?: ((socket: Socket) => void) | null;
  /** Most connections open at once from one IP address; the next one is closed at once. */
  readonly maxConnectionsPerAddress: number;
  /** Most TLS handshakes in progress at once; the next TLS connection is closed at once. */
  readonly maxPendingTlsHandshakes: number;
}

/** The bound port of a server. */
export interface Listener {
  readonly port: number;
  /** New TLS connections get `options`; connections already open keep theirs. */
  setTls(options: SecureContextOptions): void;
  /** Stops accepting and closes connections that have not sent their first byte yet. */
  close(): void;
  /** Destroys every connection still open, whatever it holds (the shutdown's hard deadline). */
  destroyAll(): void;
}

/**
 * Binds `server` as the TLS mode says. We accept every TCP connection ourselves, so that we can
 * bound the connections of one IP address (a flood would exhaust file descriptors) and destroy
 * every socket at the shutdown's hard deadline, whatever its client holds open.
 *
 * - disabled: plaintext connections are handed to grpc-js (or remoting) by their first byte.
 * - permissive, enforcing: we accept the TCP connections and look at the first byte: a TLS
 *   handshake goes through a node:tls server (holding the current certificate, swapped by
 *   `setTls`), and the decrypted socket is handed to grpc-js; a plaintext connection is handed over
 *   as it is (permissive) or to a copy of the server that answers every call UNAUTHENTICATED
 *   "TLS required" (enforcing: the client learns why instead of seeing a broken handshake).
 *   Terminating TLS here, not in grpc-js, is what makes plaintext and TLS share a port, lets
 *   `optional` client authentication refuse a certificate that does not verify, and applies a
 *   new certificate to new connections only.
 */
export async function listen(
  server: Server,
  opts: ListenerOptions,
  clock: Clock,
  log: Logger,
  limitLog: LimitLog,
): Promise<Listener> {
  const remoting = opts.remotingSink ?? null;
  const connections = new Connections(opts.maxConnectionsPerAddress, limitLog);
  if (opts.tlsMode !== "disabled" && opts.tls === null) {
    throw new Error(`tlsMode ${opts.tlsMode} without TLS material`);
  }

  const grpc = server.createConnectionInjector(ServerCredentials.createInsecure());
  const plaintext =
    opts.tlsMode !== "enforcing"
      ? grpc
      : server.createConnectionInjector(
          experimental.createServerCredentialsWithInterceptors(ServerCredentials.createInsecure(), [
            tlsRequired,
          ]),
        );
  const plainDispatch = {
    grpc: plaintext,
    remoting,
    remotingRefusal:
      opts.tlsMode === "enforcing"
        ? "plaintext remoting connection refused: this NameServer accepts TLS connections only (tlsMode enforcing)"
        : null,
    log,
  };
  const tlsServer = createTlsServer({
    ...(opts.tls ?? {}),
    requestCert: opts.tlsClientAuth !== "none",
    rejectUnauthorized: opts.tlsClientAuth === "require",
    ALPNProtocols: ["h2"],
    handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
  });
  const handshakes = new Handshakes(opts.maxPendingTlsHandshakes, limitLog);
  const pending = new Map<Socket, Timer>();
  const settle = (socket: Socket) => {
    pending.get(socket)?.cancel();
    pending.delete(socket);
  };
  tlsServer.on("secureConnection", (tlsSocket: TLSSocket) => {
    handshakes.ended(tlsSocket);
    if (!tlsSocket.authorized && Object.keys(tlsSocket.getPeerCertificate()).length > 0) {
      // tlsClientAuth "optional": a certificate that is presented must verify.
      log.warn(
        { peer: `${tlsSocket.remoteAddress}:${tlsSocket.remotePort}`, reason: tlsSocket.authorizationError },
        "TLS client certificate refused",
      );
      tlsSocket.destroy();
      return;
    }
    dispatchWhenReadable(tlsSocket, clock, HANDSHAKE_TIMEOUT_MS, { grpc, remoting, log });
  });
  tlsServer.on("tlsClientError", (err: Error, tlsSocket: TLSSocket) => {
    handshakes.ended(tlsSocket);
    log.warn(
      { peer: `${tlsSocket.remoteAddress}:${tlsSocket.remotePort}`, reason: err.message },
      "TLS handshake failed",
    );
    // Node 20 emits tlsClientError (a handshake timeout too) without destroying the socket: a
    // client that sent half a ClientHello would otherwise hold its descriptor forever.
    tlsSocket.destroy();
  });

  const accept = (socket: Socket) => {
    if (!connections.admit(socket)) return;
    socket.on("error", () => {}); // a reset before the hand-over concerns nobody; after it, TLS and HTTP/2 report their own
    pending.set(
      socket,
      clock.setTimeout(() => socket.destroy(), HANDSHAKE_TIMEOUT_MS),
    );
    socket.once("close", () => settle(socket));
    socket.once("readable", () => {
      const first = socket.read(1) as Buffer | null;
      if (first === null) return; // ended before any byte; "close" cleans up
      settle(socket);
      socket.unshift(first);
      if (first[0] !== TLS_HANDSHAKE_RECORD) dispatchByFirstByte(socket, first[0] as number, plainDispatch);
      else if (opts.tlsMode !== "disabled") {
        if (handshakes.begin(socket)) tlsServer.emit("connection", socket);
      } else plaintext.injectConnection(socket); // TLS while it is off: HTTP/2 answers, as before remoting
    });
  };
  const netServer = createNetServer(accept);
  watchAcceptErrors(netServer, limitLog);
  const port = await bindNet(netServer, opts.listen);
  return {
    port,
    setTls: (options) => tlsServer.setSecureContext(options),
    close() {
      netServer.close();
      for (const [socket, timer] of pending) {
        timer.cancel();
        socket.destroy();
      }
      pending.clear();
    },
    destroyAll: () => connections.destroyAll(),
  };
}

/**
 * The TLS handshakes in progress, over all addresses: each holds about 80 KiB of TLS state until
 * it ends or times out, and the per-address limit alone lets an attacker on many addresses hold
 * thousands. A handshake is known by its connection's remote address and port, the one key both
 * the raw socket and the TLSSocket wrapping it report.
 */
class Handshakes {
  private readonly inProgress = new Map<string, Socket>();

  constructor(
    private readonly max: number,
    private readonly limitLog: LimitLog,
  ) {}

  /** Counts `socket`'s handshake until it ends or the socket closes; destroys it (false) at the limit. */
  begin(socket: Socket): boolean {
    if (this.inProgress.size >= this.max) {
      this.limitLog.refused(
        "--max-pending-tls-handshakes",
        socket.remoteAddress ?? "unknown",
        `${this.inProgress.size} TLS handshakes in progress (limit --max-pending-tls-handshakes ${this.max}); connection closed`,
      );
      socket.destroy();
      return false;
    }
    const key = keyOf(socket);
    this.inProgress.set(key, socket);
    socket.once("close", () => {
      if (this.inProgress.get(key) === socket) this.inProgress.delete(key);
    });
    return true;
  }

  /** The handshake of `tlsSocket`'s connection is over (done or failed). */
  ended(tlsSocket: TLSSocket): void {
    this.inProgress.delete(keyOf(tlsSocket));
  }
}

function keyOf(socket: Socket): string {
  return `${socket.remoteAddress}|${socket.remotePort}`;
}

/** The open connections, counted per IP address. */
class Connections {
  private readonly open = new Set<Socket>();
  private readonly perAddress = new Map<string, number>();

  constructor(
    private readonly maxPerAddress: number,
    private readonly limitLog: LimitLog,
  ) {}

  /** Tracks `socket` until it closes; destroys it (false) when its address is at the limit. */
  admit(socket: Socket): boolean {
    const address = socket.remoteAddress ?? "unknown";
    const held = this.perAddress.get(address) ?? 0;
    if (held >= this.maxPerAddress) {
      this.limitLog.refused(
        "--max-connections-per-address",
        address,
        `${held} connections open from this address (limit --max-connections-per-address ${this.maxPerAddress})`,
      );
      socket.on("error", () => {});
      socket.destroy();
      return false;
    }
    this.perAddress.set(address, held + 1);
    this.open.add(socket);
    socket.once("close", () => {
      this.open.delete(socket);
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.perAddress.set(address, left);
      else this.perAddress.delete(address);
    });
    return true;
  }

  destroyAll(): void {
    for (const socket of this.open) socket.destroy();
  }
}

/**
 * Accept failures (EMFILE when the process runs out of file descriptors) drop a connection
 * without a word from Node; we log them, rate-limited, so the cause is seen.
 */
function watchAcceptErrors(netServer: NetServer, limitLog: LimitLog): void {
  netServer.on("error", (err: NodeJS.ErrnoException) => {
    limitLog.refused("accept", err.code ?? "error", `cannot accept a connection: ${err.message}`);
  });
}

/** Answers every call UNAUTHENTICATED: the server is enforcing TLS and the connection is plaintext. */
const tlsRequired: ServerInterceptor = (_method, call) =>
  new ServerInterceptingCall(call, {
    start: (next) =>
      next({
        onReceiveMetadata: () =>
          call.sendStatus({
            code: status.UNAUTHENTICATED,
            details: "this NameServer accepts TLS connections only (tlsMode enforcing); connect with TLS",
          }),
      }),
  });

function bindNet(netServer: NetServer, address: string): Promise<number> {
  const hostPort = parseHostPort(address);
  if (hostPort === undefined) return Promise.reject(new Error(`listen: not host:port: ${address}`));
  const host = hostPort.host.replace(/^\[(.*)\]$/, "$1");
  return new Promise((resolve, reject) => {
    netServer.once("error", reject);
    netServer.listen({ host, port: hostPort.port }, () => {
      netServer.off("error", reject);
      const bound = netServer.address();
      resolve(typeof bound === "object" && bound !== null ? bound.port : hostPort.port);
    });
  });
}
