import { constants, type ServerHttp2Stream } from "node:http2";

/**
 * The RST_STREAM code of an evicted watch: ENHANCE_YOUR_CALM (0xb). gRPC clients map it to
 * RESOURCE_EXHAUSTED (grpc-js "Bandwidth exhausted or memory limit exceeded", grpc-go, grpc-java
 * and C-core alike, per gRPC's PROTOCOL-HTTP2.md), which a watcher retries and resumes from; it is
 * not retried transparently (grpc-js does that for REFUSED_STREAM only, which would also claim the
 * call was never processed, and would replay the original request, not the client's resume point).
 * Tried with a paused grpc-js 1.14 client on Node 20: ENHANCE_YOUR_CALM gives RESOURCE_EXHAUSTED
 * at once; CANCEL gives CANCELLED ("Call cancelled", which reads as the client's own doing);
 * NO_ERROR gives nothing while paused (Node's client keeps a stream reset with NO_ERROR open until
 * its reader has read everything received before it: nodejs/node#27863), then INTERNAL "Received
 * RST_STREAM with code 0 (Call ended without gRPC status)".
 */
export const EVICTED_RST_CODE = constants.NGHTTP2_ENHANCE_YOUR_CALM;

/** What a grpc-js call object may hold on the way to its HTTP/2 stream (private fields). */
interface CallLink {
  readonly call?: unknown;
  readonly nextCall?: unknown;
  readonly stream?: unknown;
}

function isServerStream(value: unknown): value is ServerHttp2Stream {
  if (typeof value !== "object" || value === null) return false;
  const s = value as Partial<ServerHttp2Stream>;
  return typeof s.close === "function" && typeof s.respond === "function" && "rstCode" in s;
}

/**
 * The HTTP/2 stream under a grpc-js server call, or undefined. grpc-js has no public way to reset
 * a call's stream: a handler's call holds its ServerInterceptingCall chain in `call`, each link
 * the next in `nextCall` (one per interceptor layer), and the last one, BaseServerInterceptingCall,
 * the ServerHttp2Stream in `stream` (grpc-js 1.14; test/integration/watch-memory.test.ts fails if
 * an upgrade moves them). The walk is bounded and checks what it finds.
 */
export function http2StreamOf(call: object): ServerHttp2Stream | undefined {
  let link: unknown = (call as CallLink).call;
  for (let depth = 0; depth < 16 && typeof link === "object" && link !== null; depth++) {
    const { stream, nextCall } = link as CallLink;
    if (isServerStream(stream)) return stream;
    link = nextCall;
  }
  return undefined;
}

/**
 * Resets the HTTP/2 stream under `call` with `code`: the frames queued for it, in grpc-js, in
 * Node's stream and in nghttp2, are dropped at once, and the client learns of it as soon as it
 * reads its socket, even if it does not read the stream. Returns false (doing nothing) when the
 * stream cannot be found or is already closed.
 */
export function resetCall(call: object, code: number = EVICTED_RST_CODE): boolean {
  const stream = http2StreamOf(call);
  if (stream === undefined || stream.closed || stream.destroyed) return false;
  // Node reports a stream closed with a code other than NO_ERROR or CANCEL as an 'error' on it
  // (ERR_HTTP2_STREAM_ERROR); grpc-js listens once, and an unheard one would end the process.
  stream.on("error", () => {});
  stream.close(code);
  return true;
}
