import { type ServerWritableStream, status } from "@grpc/grpc-js";
import type { WatchRoutesRequest } from "../../gen/ts/namesrv/v1/route_service.js";
import type { Logger } from "../log/logger.js";
import type { UpdateSizes, WatchSink } from "../watch/frames.js";
import type { WatchHub, WatchSubscription } from "../watch/watch-hub.js";
import { parseWatchRequest } from "../watch/watch-request.js";
import { serviceError, toServiceError } from "./status.js";
import type { StreamSet } from "./stream-set.js";
import type { WatchEncoder } from "./watch-encoder.js";

/**
 * The WatchRoutes handler. Frames are written as pre-encoded bytes (the service definition's
 * serializer for this method passes Buffers through), so a route shared by many streams is
 * encoded once. `sizes` (the RouteBytesCache) measures updates for the hub's frame budget; every
 * stream gets the same one, so they share the frames cut for them (see ChunkMemo). Backpressure: when `write()` returns false the hub stops sending to this stream
 * until 'drain'.
 */
export function watchRoutesHandler(
  hub: WatchHub,
  encoder: WatchEncoder,
  sizes: UpdateSizes,
  streams: StreamSet,
  log: Logger,
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
    const finish = () => {
      if (done) return;
      done = true;
      untrack();
      subscription?.close();
    };
    const sink: WatchSink = {
      send(frame) {
        if (done) return false;
        const ok = call.write(encoder.frame(frame));
        if (!ok) call.once("drain", () => subscription?.drained());
        return ok;
      },
      sizes,
      evict(message) {
        finish();
        call.emit("error", serviceError(status.UNAVAILABLE, message));
      },
    };
    call.on("cancelled", finish);
    call.on("close", finish);
    call.on("error", finish);
    subscription = hub.subscribe(request, sink);
    if (done) subscription.close();
  };
}
