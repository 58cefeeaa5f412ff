import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { ResetReason, WatchRoutesResponse } from "../../gen/ts/namesrv/v1/route_service.js";
import type { ResetReason as DomainResetReason, WatchFrame } from "../watch/frames.js";
import type { RouteBytesCache } from "./route-bytes-cache.js";
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
 * Encodes watch frames into WatchRoutesResponse bytes. Each topic's TopicRouteUpdate comes from the
 * server's one RouteBytesCache (encoded once per topic revision, shared with GetRouteInfoByTopic)
 * and is spliced into every stream's frames.
 *
 * A change usually sends the same `routes` frame (same revision, same topics) to many streams, so
 * the last one is kept and handed out again as is: a fan-out to 10,000 streams builds it once, not
 * 10,000 times (profiled: building it per stream, with a growing writer, cost more CPU than the
 * transport's own writes). Frames the hub shares (the same object handed to many streams: a
 * change's frame, a snapshot plan's frames) are encoded once while they live: a snapshot storm
 * (1,000 streams starting together) otherwise encoded a 1 MiB buffer per frame and stream.
 */
export class WatchEncoder {
  private lastRoutes: { revision: number; more: boolean; topics: readonly string[]; bytes: Buffer } | null =
    null;
  private readonly encoded = new WeakMap<WatchFrame, Buffer>();

  constructor(
    private readonly routeBytes: RouteBytesCache,
    private readonly epoch: bigint,
  ) {}

  frame(frame: WatchFrame): Buffer {
    if (frame.kind === "routes") {
      const shared = this.encoded.get(frame);
      if (shared !== undefined) return shared;
      const last = this.lastRoutes;
      if (
        last !== null &&
        last.revision === frame.revision &&
        last.more === frame.more &&
        sameTopics(last.topics, frame.topics)
      ) {
        this.encoded.set(frame, last.bytes);
        return last.bytes;
      }
      const bytes = this.routesFrame(frame.revision, frame.topics, frame.more);
      this.lastRoutes = { revision: frame.revision, more: frame.more, topics: frame.topics, bytes };
      this.encoded.set(frame, bytes);
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
    const updates = topics.map((t) => this.routeBytes.update(t));
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
