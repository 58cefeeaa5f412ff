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
}

/** The bound port of a server. */
export interface Listener {
  readonly port: number;
  /** New TLS connections get `options`; connections already open keep theirs. */
  setTls(options: SecureContextOptions): void;
  /** Stops accepting and closes connections that have not sent their first byte yet. */
  close(): void;
}

/**
 * Binds `server` as the TLS mode says.
 *
 * - disabled: grpc-js binds a plaintext port itself.
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
): Promise<Listener> {
  const remoting = opts.remotingSink ?? null;
  if (opts.tlsMode === "disabled" && remoting === null) return bindPlaintext(server, opts.listen);
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
  const pending = new Map<Socket, Timer>();
  const settle = (socket: Socket) => {
    pending.get(socket)?.cancel();
    pending.delete(socket);
  };
  tlsServer.on("secureConnection", (tlsSocket: TLSSocket) => {
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
    log.warn(
      { peer: `${tlsSocket.remoteAddress}:${tlsSocket.remotePort}`, reason: err.message },
      "TLS handshake failed",
    );
  });

  const accept = (socket: Socket) => {
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
      else if (opts.tlsMode !== "disabled") tlsServer.emit("connection", socket);
      else plaintext.injectConnection(socket); // TLS while it is off: HTTP/2 answers, as before remoting
    });
  };
  const netServer = createNetServer(accept);
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
  };
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

function bindPlaintext(server: Server, address: string): Promise<Listener> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, ServerCredentials.createInsecure(), (err, port) =>
      err
        ? reject(err)
        : resolve({
            port,
            setTls: () => {},
            close: () => {},
          }),
    );
  });
}

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
