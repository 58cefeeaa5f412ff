import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { ResetReason, TopicRouteUpdate, WatchRoutesResponse } from "../../gen/ts/namesrv/v1/route_service.js";
import type { RouteTable } from "../route/route-table.js";
import type { ResetReason as DomainResetReason, UpdateSizes, WatchFrame } from "../watch/frames.js";
import { topicRouteData } from "./codec.js";
import { varintSize, writeVarint } from "./varint.js";

const RESET_REASONS: Record<DomainResetReason, ResetReason> = {
  "epoch-changed": ResetReason.RESET_REASON_EPOCH_CHANGED,
  "revision-compacted": ResetReason.RESET_REASON_REVISION_COMPACTED,
  "revision-ahead": ResetReason.RESET_REASON_REVISION_AHEAD,
};

/** Wire tags of WatchRoutesResponse and RouteBatch fields (field number << 3 | wire type). */
const TAG = {
  epoch: (1 << 3) | 0,
  revision: (2 << 3) | 0,
  routes: (4 << 3) | 2,
  batchUpdate: (1 << 3) | 2,
  batchMore: (2 << 3) | 0,
} as const;

/**
 * Encodes watch frames into WatchRoutesResponse bytes. Each topic's TopicRouteUpdate is encoded
 * once per revision and the same bytes are spliced into every stream's frames. The cache holds only
 * existing topics: entries of changed topics are dropped as each batch is applied.
 *
 * A change usually sends the same `routes` frame (same revision, same topics) to many streams, so
 * the last one is kept and handed out again as is: a fan-out to 10,000 streams builds it once, not
 * 10,000 times (profiled: building it per stream, with a growing writer, cost more CPU than the
 * transport's own writes).
 */
export class WatchEncoder implements UpdateSizes {
  private readonly cache = new Map<string, { revision: number; bytes: Uint8Array }>();
  private lastRoutes: { revision: number; more: boolean; topics: readonly string[]; bytes: Buffer } | null =
    null;

  constructor(
    private readonly table: RouteTable,
    private readonly epoch: bigint,
  ) {
    table.onChange((batch) => {
      for (const t of batch.topics) this.cache.delete(t);
    });
  }

  /** `topic`'s update as of now: its route, or its removal. */
  update(topic: string): Uint8Array {
    const cached = this.cache.get(topic);
    if (cached !== undefined && cached.revision === this.table.topicRevision(topic)) return cached.bytes;
    const found = this.table.route(topic);
    if (found === undefined) {
      return TopicRouteUpdate.encode({
        topic,
        route: undefined,
        topicRevision: BigInt(this.table.removedAt(topic) ?? this.table.revision),
        removed: true,
      }).finish();
    }
    const bytes = TopicRouteUpdate.encode({
      topic,
      route: topicRouteData(found.route),
      topicRevision: BigInt(found.topicRevision),
      removed: false,
    }).finish();
    this.cache.set(topic, { revision: found.topicRevision, bytes });
    return bytes;
  }

  /** Size in bytes of `topic`'s update as of now (the hub's frame budget). */
  updateBytes(topic: string): number {
    return this.update(topic).byteLength;
  }

  frame(frame: WatchFrame): Buffer {
    if (frame.kind === "routes") {
      const last = this.lastRoutes;
      if (
        last !== null &&
        last.revision === frame.revision &&
        last.more === frame.more &&
        sameTopics(last.topics, frame.topics)
      ) {
        return last.bytes;
      }
      const bytes = this.routesFrame(frame.revision, frame.topics, frame.more);
      this.lastRoutes = { revision: frame.revision, more: frame.more, topics: frame.topics, bytes };
      return bytes;
    }
    const base = { epoch: this.epoch, revision: BigInt(frame.revision) };
    let message: WatchRoutesResponse;
    switch (frame.kind) {
      case "snapshot-begin":
        message = { ...base, snapshotBegin: {} };
        break;
      case "end-of-snapshot":
        message = { ...base, endOfSnapshot: {} };
        break;
      case "progress":
        message = { ...base, progress: {} };
        break;
      case "reset":
        message = { ...base, reset: { reason: frame.message, code: RESET_REASONS[frame.reason] } };
        break;
    }
    return toBuffer(WatchRoutesResponse.encode(message).finish());
  }

  /** A `routes` frame, written into one buffer of the exact size (all tags are one byte). */
  private routesFrame(revision: number, topics: readonly string[], more: boolean): Buffer {
    const head = new BinaryWriter()
      .uint32(TAG.epoch)
      .uint64(this.epoch)
      .uint32(TAG.revision)
      .uint64(revision)
      .finish();
    const updates = topics.map((t) => this.update(t));
    let batchBytes = more ? 2 : 0;
    for (const u of updates) batchBytes += 1 + varintSize(u.byteLength) + u.byteLength;
    const out = Buffer.allocUnsafe(head.byteLength + 1 + varintSize(batchBytes) + batchBytes);
    out.set(head, 0);
    let pos = head.byteLength;
    out[pos++] = TAG.routes;
    pos = writeVarint(out, pos, batchBytes);
    for (const u of updates) {
      out[pos++] = TAG.batchUpdate;
      pos = writeVarint(out, pos, u.byteLength);
      out.set(u, pos);
      pos += u.byteLength;
    }
    if (more) {
      out[pos++] = TAG.batchMore;
      out[pos++] = 1;
    }
    return out;
  }
}

function sameTopics(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
