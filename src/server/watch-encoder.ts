import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { ResetReason, TopicRouteUpdate, WatchRoutesResponse } from "../../gen/ts/namesrv/v1/route_service.js";
import type { RouteTable } from "../route/route-table.js";
import type { ResetReason as DomainResetReason, WatchFrame } from "../watch/frames.js";
import { topicRouteData } from "./codec.js";

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
 */
export class WatchEncoder {
  private readonly cache = new Map<string, { revision: number; bytes: Uint8Array }>();

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

  frame(frame: WatchFrame): Buffer {
    if (frame.kind === "routes") {
      const w = new BinaryWriter();
      w.uint32(TAG.epoch).uint64(this.epoch);
      w.uint32(TAG.revision).uint64(frame.revision);
      w.uint32(TAG.routes).fork();
      for (const topic of frame.topics) w.uint32(TAG.batchUpdate).bytes(this.update(topic));
      if (frame.more) w.uint32(TAG.batchMore).bool(true);
      w.join();
      return toBuffer(w.finish());
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
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
