import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createServer as createNetServer, type Socket } from "node:net";
import type { SecureContextOptions } from "node:tls";
import type { Clock, Timer } from "../clock/clock.js";
import type { TlsClientAuth, TlsMode } from "../config/config.js";
import type { Logger } from "../log/logger.js";
import { parseHostPort } from "../net/host-port.js";

/** A connection that sends no first byte this long is closed, ms (as on the gRPC listener). */
export const HTTP_FIRST_BYTE_TIMEOUT_MS = 10_000;

/** First byte of a TLS record carrying a handshake. */
const TLS_HANDSHAKE_RECORD = 0x16;

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

export interface HttpListenerOptions {
  /** "host:port"; port 0 picks a free one. */
  readonly listen: string;
  readonly tlsMode: TlsMode;
  readonly tlsClientAuth: TlsClientAuth;
  /** The gRPC listener's certificate and key (and client CA); null when tlsMode is "disabled". */
  readonly tls: SecureContextOptions | null;
}

export interface HttpListener {
  /** "host:port" with the bound port. */
  readonly address: string;
  readonly port: number;
  /** New TLS connections get `options` (a reloaded certificate). */
  setTls(options: SecureContextOptions): void;
  /** Stops accepting and closes every connection (long-lived event streams included). Idempotent. */
  close(): Promise<void>;
}

/**
 * The HTTP listener of /metrics, the health endpoints and the dashboard. TLS follows the gRPC
 * listener's mode, with the same certificate: "disabled" serves plaintext; "permissive" serves TLS
 * and plaintext on one port (the first byte decides, as on the gRPC port); "enforcing" answers
 * plaintext requests 400 "TLS required".
 */
export async function listenHttp(
  opts: HttpListenerOptions,
  handler: RequestHandler,
  clock: Clock,
  log: Logger,
): Promise<HttpListener> {
  const hostPort = parseHostPort(opts.listen);
  if (hostPort === undefined) throw new Error(`httpListen: not host:port: ${opts.listen}`);
  if (opts.tlsMode !== "disabled" && opts.tls === null)
    throw new Error(`tlsMode ${opts.tlsMode} without TLS material`);

  const plain = createHttpServer(opts.tlsMode === "enforcing" ? tlsRequired : handler);
  const secure =
    opts.tls === null
      ? null
      : createHttpsServer(
          {
            ...opts.tls,
            requestCert: opts.tlsClientAuth !== "none",
            rejectUnauthorized: opts.tlsClientAuth === "require",
          },
          handler,
        );
  secure?.on("tlsClientError", (err: Error, socket: Socket) => {
    log.debug(
      { peer: `${socket.remoteAddress}:${socket.remotePort}`, reason: err.message },
      "HTTP TLS handshake failed",
    );
  });
  const sockets = new Set<Socket>();
  const pending = new Map<Socket, Timer>();
  const settle = (socket: Socket) => {
    pending.get(socket)?.cancel();
    pending.delete(socket);
  };
  const accept = (socket: Socket) => {
    sockets.add(socket);
    socket.on("error", () => {}); // a reset concerns nobody but this connection
    socket.once("close", () => {
      settle(socket);
      sockets.delete(socket);
    });
    if (secure === null) {
      plain.emit("connection", socket);
      return;
    }
    pending.set(
      socket,
      clock.setTimeout(() => socket.destroy(), HTTP_FIRST_BYTE_TIMEOUT_MS),
    );
    socket.once("readable", () => {
      const first = socket.read(1) as Buffer | null;
      if (first === null) return;
      settle(socket);
      socket.unshift(first);
      (first[0] === TLS_HANDSHAKE_RECORD ? secure : plain).emit("connection", socket);
    });
  };
  const net = createNetServer(accept);
  const host = hostPort.host.replace(/^\[(.*)\]$/, "$1");
  const port = await new Promise<number>((resolve, reject) => {
    net.once("error", reject);
    net.listen({ host, port: hostPort.port }, () => {
      net.off("error", reject);
      const bound = net.address();
      resolve(typeof bound === "object" && bound !== null ? bound.port : hostPort.port);
    });
  });
  let closing: Promise<void> | null = null;
  return {
    address: `${hostPort.host}:${port}`,
    port,
    setTls: (options) => secure?.setSecureContext(options),
    close() {
      closing ??= new Promise<void>((resolve) => {
        net.close(() => resolve());
        for (const timer of pending.values()) timer.cancel();
        pending.clear();
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

function tlsRequired(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(400, { "content-type": "text/plain; charset=utf-8", connection: "close" });
  res.end("this NameServer accepts TLS connections only (tlsMode enforcing); use https://\n");
}
