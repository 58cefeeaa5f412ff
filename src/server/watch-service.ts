import { type ServerWritableStream, status } from "@grpc/grpc-js";
import type { WatchRoutesRequest } from "../../gen/ts/namesrv/v1/route_service.js";
import type { Logger } from "../log/logger.js";
import type { UpdateSizes, WatchSink } from "../watch/frames.js";
import type { WatchHub, WatchSubscription } from "../watch/watch-hub.js";
import { parseWatchRequest } from "../watch/watch-request.js";
import { resetCall } from "./http2-reset.js";
import { serviceError, toServiceError } from "./status.js";
import type { StreamSet } from "./stream-set.js";
import type { WatchBudget } from "./watch-budget.js";
import type { WatchEncoder } from "./watch-encoder.js";

/**
 * The WatchRoutes handler. Frames are written as pre-encoded bytes (the service definition's
 * serializer for this method passes Buffers through), so a route shared by many streams is
 * encoded once. `sizes` (the RouteBytesCache) measures updates for the hub's frame budget; every
 * stream gets the same one, so they share the frames cut for them (see ChunkMemo).
 *
 * Backpressure in bytes (WatchBudget): a frame counts as queued from `write()` until grpc-js hands
 * it to the HTTP/2 stream's socket (the write callback). The hub stops sending to a stream that
 * holds its share, or when all streams hold the global budget, and resumes it as its bytes leave.
 *
 * An evicted stream is stuck, so a status sent after its queued frames would wait for its client to
 * read them all, holding them meanwhile. It is reset at the HTTP/2 level instead (RST_STREAM
 * ENHANCE_YOUR_CALM, see http2-reset.ts): its queued frames are dropped and leave the budget at
 * once, and the client sees RESOURCE_EXHAUSTED as soon as it reads its socket, whether or not it
 * reads the stream, and resumes from its last revision. The reset carries no message; the hub
 * logs the eviction. (The code matters: with NO_ERROR, the default of Http2Stream.close() and
 * destroy(), Node's client holds the stream open until its reader has read everything received
 * before the reset, so a paused grpc-js client saw no status at all, and after resuming INTERNAL
 * "Call ended without gRPC status"; test/integration/watch.test.ts, watch-eviction.test.ts.)
 */
export function watchRoutesHandler(
  hub: WatchHub,
  encoder: WatchEncoder,
  sizes: UpdateSizes,
  streams: StreamSet,
  log: Logger,
  budget: WatchBudget,
) {
  return (call: ServerWritableStream<WatchRoutesRequest, Buffer>): void => {
    let request: ReturnType<typeof parseWatchRequest>;
    let untrack: () => void;
    try {
      request = parseWatchRequest(call.request);
      untrack = streams.add(call, call.getPeer(), "watch");
    } catch (err) {
      call.emit("error", toServiceError(err, log, "WatchRoutes"));
      return;
    }
    let subscription: WatchSubscription | undefined;
    let done = false;
    let held = 0;
    let blocked = false;
    /** The stream is gone: its queued frames die with it (grpc-js never calls back for them). */
    let gone = false;
    /** Resumes the hub's sending when the stream may take frames; false while the global budget is short. */
    const wake = (): boolean => {
      if (done || !blocked) return true;
      if (call.writableNeedDrain) return true; // grpc-js's own queue is full: its 'drain' wakes it
      // Hysteresis, as Node streams wait for an empty buffer before 'drain': resume once half its
      // share has left, so that a client whose window lets a few frames out is not woken per frame
      // (and a paused one stays blocked, hence evicted when stuck). Its own write callbacks wake it.
      if (held > budget.perStreamBytes / 2) return true;
      if (!budget.admits(held)) return false;
      blocked = false;
      subscription?.drained();
      return true;
    };
    const onDrain = () => {
      if (!wake()) budget.wait(wake);
    };
    const finish = () => {
      if (done) return;
      done = true;
      untrack();
      budget.forget(wake);
      subscription?.close();
    };
    const sink: WatchSink = {
      send(frame) {
        if (done) return false;
        const bytes = encoder.frame(frame);
        const size = bytes.length;
        held += size;
        budget.take(size);
        const written = () => {
          if (gone) return;
          held -= size;
          budget.release(size);
          if (blocked && !wake()) budget.wait(wake);
        };
        const ok = call.write(bytes, written);
        if (ok && budget.admits(held)) return true;
        blocked = true;
        if (!ok) call.once("drain", onDrain);
        else if (held < budget.perStreamBytes) budget.wait(wake); // only the global budget is short
        return false;
      },
      sizes,
      evict(message) {
        finish();
        if (resetCall(call)) {
          release(); // the reset dropped its queued frames (grpc-js calls back for none of them)
          log.debug({ peer: call.getPeer() }, "route watch evicted: stream reset (ENHANCE_YOUR_CALM)");
        } else {
          call.emit("error", serviceError(status.UNAVAILABLE, message)); // the stream is out of reach
        }
      },
    };
    function release() {
      if (gone) return;
      gone = true;
      budget.release(held);
      held = 0;
    }
    call.on("cancelled", release);
    call.on("close", release);
    call.on("cancelled", finish);
    call.on("close", finish);
    call.on("error", finish);
    subscription = hub.subscribe(request, sink);
    if (done) subscription.close();
  };
}
