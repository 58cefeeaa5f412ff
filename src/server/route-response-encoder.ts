import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { TopicRouteData } from "../../gen/ts/namesrv/v1/route.js";
import type { RouteResult } from "../registry/registry.js";
import type { RouteTable } from "../route/route-table.js";
import { topicRouteData } from "./codec.js";
import { varintSize, writeVarint } from "./varint.js";

/** Wire tags of GetRouteInfoByTopicResponse fields (field number << 3 | wire type). */
const TAG = {
  route: (1 << 3) | 2,
  epoch: (2 << 3) | 0,
  revision: (3 << 3) | 0,
  topicRevision: (4 << 3) | 0,
} as const;

/** Zones whose routes are kept per topic; lookups for further zones are encoded on every call. */
const MAX_ZONES_PER_TOPIC = 16;

/**
 * GetRouteInfoByTopicResponse bytes without building and encoding the route on every lookup: each
 * (topic, zone) route is encoded once per topic revision and served as bytes (the service
 * definition's serializer for this method passes Buffers through). Only the three version fields
 * around it are written per call. Profiled under h2load: building the route objects and encoding
 * them on every call cost about as much CPU as grpc-js's own work per call.
 *
 * An entry exists only after `Registry.route` answered for it, so the name checks and the warm-up
 * refusal have passed; it is dropped as soon as a batch changes its topic, and a topic's routes
 * are equal at equal topic revisions (the proto's contract), so a kept entry is always current.
 */
export class RouteResponseEncoder {
  /** topic -> zone ("" for none) -> the encoded TopicRouteData at `revision`. */
  private readonly routes = new Map<string, Map<string, { revision: number; bytes: Uint8Array }>>();
  /** The epoch field, the same in every response. */
  private readonly epochField: Uint8Array;

  constructor(
    private readonly table: RouteTable,
    epoch: bigint,
  ) {
    this.epochField = new BinaryWriter().uint32(TAG.epoch).uint64(epoch).finish();
    table.onChange((batch) => {
      for (const t of batch.topics) this.routes.delete(t);
    });
  }

  /** The response for `topic` as seen from `zone`, if its route is kept and current. */
  cached(topic: string, zone: string): Buffer | undefined {
    const entry = this.routes.get(topic)?.get(zone);
    if (entry === undefined || entry.revision !== this.table.topicRevision(topic)) return undefined;
    return this.response(entry.bytes, this.table.revision, entry.revision);
  }

  /** Encodes a route the registry just read for `topic` and `zone`, and keeps it. */
  encode(topic: string, zone: string, r: RouteResult): Buffer {
    const bytes = TopicRouteData.encode(topicRouteData(r.route)).finish();
    let zones = this.routes.get(topic);
    if (zones === undefined) {
      zones = new Map();
      this.routes.set(topic, zones);
    }
    if (zones.size < MAX_ZONES_PER_TOPIC || zones.has(zone)) {
      zones.set(zone, { revision: r.topicRevision, bytes });
    }
    return this.response(bytes, r.revision, r.topicRevision);
  }

  private response(route: Uint8Array, revision: number, topicRevision: number): Buffer {
    const out = Buffer.allocUnsafe(
      1 +
        varintSize(route.byteLength) +
        route.byteLength +
        this.epochField.byteLength +
        1 +
        varintSize(revision) +
        1 +
        varintSize(topicRevision),
    );
    out[0] = TAG.route;
    let pos = writeVarint(out, 1, route.byteLength);
    out.set(route, pos);
    pos += route.byteLength;
    out.set(this.epochField, pos);
    pos += this.epochField.byteLength;
    out[pos++] = TAG.revision;
    pos = writeVarint(out, pos, revision);
    out[pos++] = TAG.topicRevision;
    writeVarint(out, pos, topicRevision);
    return out;
  }
}
