import { once } from "node:events";
import http2 from "node:http2";
import { connect as netConnect, type Socket } from "node:net";

/**
 * A hand-driven HTTP/2 client, for the abuse tests: calls that never send their message, streams
 * that never read, compressed or malformed messages, and a chosen loopback source address
 * (127.0.0.2, 127.0.0.3 ...) so that an attacker and a real client are different addresses.
 */
export interface RawSession {
  readonly session: http2.ClientHttp2Session;
  /** Opens a gRPC call on `path` with `extra` headers; nothing is sent on it yet. */
  open(path: string, extra?: http2.OutgoingHttpHeaders): RawCall;
  close(): void;
}

export interface RawCall {
  readonly stream: http2.ClientHttp2Stream;
  /** Resolves with grpc-status and grpc-message (from trailers, or trailers-only headers), or with code -1 on a reset. */
  readonly status: Promise<{ code: number; message: string }>;
  /** Sends one length-prefixed gRPC message; `compressed` sets the flag byte. */
  send(message: Buffer, compressed?: boolean): void;
}

/** Connects to `address` ("host:port"), from `localAddress` if given. */
export async function rawSession(address: string, localAddress?: string): Promise<RawSession> {
  const [host, port] = splitHostPort(address);
  const session = http2.connect(`http://${address}`, {
    createConnection: () => netConnect({ host, port, ...(localAddress ? { localAddress } : {}) }) as Socket,
  });
  session.on("error", () => {});
  await once(session, "remoteSettings");
  return {
    session,
    open(path, extra = {}) {
      const stream = session.request({
        ":method": "POST",
        ":path": path,
        "content-type": "application/grpc",
        te: "trailers",
        ...extra,
      });
      stream.on("error", () => {});
      const status = new Promise<{ code: number; message: string }>((resolve) => {
        const from = (h: http2.IncomingHttpHeaders) => {
          if (h["grpc-status"] !== undefined) {
            resolve({
              code: Number(h["grpc-status"]),
              message: decodeURIComponent(String(h["grpc-message"] ?? "")),
            });
          }
        };
        stream.on("response", from);
        stream.on("trailers", from);
        stream.on("close", () => resolve({ code: -1, message: `reset ${stream.rstCode}` }));
      });
      return {
        stream,
        status,
        send(message, compressed = false) {
          const frame = Buffer.alloc(5 + message.length);
          frame[0] = compressed ? 1 : 0;
          frame.writeUInt32BE(message.length, 1);
          message.copy(frame, 5);
          stream.write(frame);
        },
      };
    },
    close: () => session.destroy(),
  };
}

function splitHostPort(address: string): [string, number] {
  const colon = address.lastIndexOf(":");
  return [address.slice(0, colon).replace(/^\[(.*)\]$/, "$1"), Number(address.slice(colon + 1))];
}
