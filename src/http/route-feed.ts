import type { ServerResponse } from "node:http";
import type { Registry } from "../registry/registry.js";
import type { UpdateSizes, WatchFrame, WatchSink } from "../watch/frames.js";
import type { WatchHub, WatchSubscription } from "../watch/watch-hub.js";
import { routeSummary } from "./dashboard-api.js";

/** One entry of the dashboard's live feed. */
export interface FeedEntry {
  readonly revision: number;
  readonly topic: string;
  /** "added", "removed" or "changed". */
  readonly kind: "added" | "removed" | "changed";
  /** The route now ("broker-a RW 4/4, ..."), and before for a change. */
  readonly route: string;
  readonly before?: string;
}

/** Every topic counts the same for frame splitting: the feed sends names, not encoded routes. */
const FEED_SIZES: UpdateSizes = { updateBytes: () => 64 };

/**
 * The dashboard's live feed of route changes: a watch of every topic on the server's own WatchHub,
 * written to an HTTP response as server-sent events. The snapshot the hub sends first only fills
 * the summaries changes are compared with; after it, every `routes` frame becomes one `route`
 * event per topic. Backpressure is the hub's: a write that returns false stops the sink until the
 * response drains, and a feed backed up too long is evicted like any watch.
 */
export function routeFeed(
  hub: WatchHub,
  registry: Registry,
  res: ServerResponse,
  send: SseWriter,
): () => void {
  const known = new Map<string, string>();
  let live = false;
  let subscription: WatchSubscription | undefined;
  let done = false;
  const describe = (topic: string): string | undefined => {
    try {
      return routeSummary(registry.route(topic).route);
    } catch {
      return undefined; // removed (NOT_FOUND), or the warm-up
    }
  };
  const sink: WatchSink = {
    send(frame: WatchFrame): boolean {
      if (done) return false;
      let ok = true;
      if (frame.kind === "routes") {
        for (const topic of frame.topics) {
          const now = describe(topic);
          const before = known.get(topic);
          if (now === undefined) known.delete(topic);
          else known.set(topic, now);
          if (!live) continue;
          const entry: FeedEntry =
            now === undefined
              ? { revision: frame.revision, topic, kind: "removed", route: before ?? "" }
              : before === undefined
                ? { revision: frame.revision, topic, kind: "added", route: now }
                : { revision: frame.revision, topic, kind: "changed", route: now, before };
          ok = send("route", entry) && ok;
        }
      } else if (frame.kind === "end-of-snapshot") {
        live = true;
        ok = send("revision", { revision: frame.revision });
      } else if (frame.kind === "snapshot-begin") {
        live = false;
      }
      if (!ok) res.once("drain", () => subscription?.drained());
      return ok;
    },
    sizes: FEED_SIZES,
    evict(message) {
      send("evicted", { message });
      stop();
      res.end();
    },
  };
  const stop = () => {
    if (done) return;
    done = true;
    subscription?.close();
  };
  subscription = hub.subscribe({ topics: "all" }, sink);
  if (done) subscription.close();
  return stop;
}

/** Writes one server-sent event; false when the response is backed up. */
export type SseWriter = (event: string, data: unknown) => boolean;

/** An SSE writer for `res`. */
export function sseWriter(res: ServerResponse): SseWriter {
  return (event, data) => res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}
