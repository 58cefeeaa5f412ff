import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { TopicRouteData } from "../../gen/ts/namesrv/v1/route.js";
import type { RouteReader } from "../registry/read-port.js";
import type { UpdateSizes } from "../watch/frames.js";
import { topicRouteData } from "./codec.js";
import { varintSize, writeVarint } from "./varint.js";

/** Wire tags of TopicRouteUpdate fields (field number << 3 | wire type). */
const UPDATE_TAG = {
  topic: (1 << 3) | 2,
  route: (2 << 3) | 2,
  topicRevision: (3 << 3) | 0,
  removed: (4 << 3) | 0,
};

/** Zones whose routes are kept per topic; lookups for further zones are encoded on every call. */
const MAX_ZONES_PER_TOPIC = 16;

/** One topic's encodings at one topic revision. */
interface Entry {
  readonly revision: number;
  /** zone ("" = none) -> encoded TopicRouteData. */
  readonly routes: Map<string, Uint8Array>;
  /** The encoded TopicRouteUpdate of WatchRoutes (no zone), once asked for. */
  update?: Uint8Array;
}

/**
 * The server's one cache of encoded route bytes, keyed by topic, topic revision and zone. It feeds
 * GetRouteInfoByTopic (the TopicRouteData inside each response) and WatchRoutes (each topic's
 * TopicRouteUpdate, built around the same TopicRouteData bytes), and tells the watch hub how big
 * each update is (UpdateSizes). So a route is encoded once per revision, whoever asks first.
 *
 * Entries are dropped as each change batch is applied (the read port's change notification), and
 * checked against the topic's revision on every read, so a kept entry is always current: equal
 * topic revisions mean equal routes (the proto's contract).
 */
export class RouteBytesCache implements UpdateSizes {
  private readonly entries = new Map<string, Entry>();
  private readonly unlisten: () => void;

  constructor(private readonly routes: RouteReader) {
    this.unlisten = routes.onChange((batch) => {
      for (const t of batch.topics) this.entries.delete(t);
    });
  }

  /**
   * The encoded TopicRouteData of `topic` as a client of `zone` ("" = none) sees it now, and the
   * topic's revision; undefined when the topic does not exist. Validation and refusals are the
   * caller's (Registry.route for lookups).
   */
  route(topic: string, zone = ""): { bytes: Uint8Array; topicRevision: number } | undefined {
    const entry = this.entry(topic);
    if (entry === undefined) return undefined;
    let bytes = entry.routes.get(zone);
    if (bytes === undefined) {
      const found = this.routes.route(topic, zone);
      if (found === undefined) return undefined;
      bytes = TopicRouteData.encode(topicRouteData(found.route)).finish();
      if (entry.routes.size < MAX_ZONES_PER_TOPIC) entry.routes.set(zone, bytes);
    }
    return { bytes, topicRevision: entry.revision };
  }

  /** `topic`'s TopicRouteUpdate as of now: its route, or its removal (WatchRoutes). */
  update(topic: string): Uint8Array {
    const entry = this.entry(topic);
    if (entry === undefined) return removal(topic, this.routes.removedAt(topic) ?? this.routes.revision);
    if (entry.update !== undefined) return entry.update;
    const route = (this.route(topic) as { bytes: Uint8Array }).bytes;
    const topicBytes = Buffer.byteLength(topic, "utf8");
    const out = Buffer.allocUnsafeSlow(
      1 +
        varintSize(topicBytes) +
        topicBytes +
        1 +
        varintSize(route.byteLength) +
        route.byteLength +
        1 +
        varintSize(entry.revision),
    );
    let pos = 0;
    out[pos++] = UPDATE_TAG.topic;
    pos = writeVarint(out, pos, topicBytes);
    pos += out.write(topic, pos, "utf8");
    out[pos++] = UPDATE_TAG.route;
    pos = writeVarint(out, pos, route.byteLength);
    out.set(route, pos);
    pos += route.byteLength;
    out[pos++] = UPDATE_TAG.topicRevision;
    writeVarint(out, pos, entry.revision);
    entry.update = out;
    return out;
  }

  /** Size in bytes of `topic`'s update as of now (the watch hub's frame budget). */
  updateBytes(topic: string): number {
    return this.update(topic).byteLength;
  }

  /** Stops following changes. Idempotent. */
  close(): void {
    this.unlisten();
    this.entries.clear();
  }

  /** The topic's entry at its current revision (created empty), or undefined if it does not exist. */
  private entry(topic: string): Entry | undefined {
    const revision = this.routes.topicRevision(topic);
    if (revision === undefined) return undefined;
    let entry = this.entries.get(topic);
    if (entry === undefined || entry.revision !== revision) {
      entry = { revision, routes: new Map() };
      this.entries.set(topic, entry);
    }
    return entry;
  }
}

/** A removal's TopicRouteUpdate (removed = true, no route). Rare: not cached. */
function removal(topic: string, revision: number): Uint8Array {
  return new BinaryWriter()
    .uint32(UPDATE_TAG.topic)
    .string(topic)
    .uint32(UPDATE_TAG.topicRevision)
    .uint64(revision)
    .uint32(UPDATE_TAG.removed)
    .bool(true)
    .finish();
}
