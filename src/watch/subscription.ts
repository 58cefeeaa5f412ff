import type { Clock } from "../clock/clock.js";
import type { RouteTable } from "../route/route-table.js";
import type { WatchFrame, WatchRequest, WatchSink } from "./frames.js";

/** A `routes` frame is closed once it holds this many bytes of updates (gRPC clients accept 4 MiB). */
export const FRAME_BUDGET_BYTES = 1024 * 1024;

/**
 * Where a subscription stands:
 * - `begin`: a snapshot must start (SNAPSHOT_BEGIN not yet sent); `dirty` holds every watched topic;
 * - `snapshot`: SNAPSHOT_BEGIN sent; END_OF_SNAPSHOT goes out once `dirty` is empty;
 * - `live`: changes go out as `routes` frames whenever `dirty` is not empty;
 * - `closed`: unsubscribed; nothing more is sent.
 */
export type Phase = "begin" | "snapshot" | "live" | "closed";

/**
 * One watch stream's state. Routes are state, not events: `dirty` is the set of watched topics
 * whose newest route the client has not been sent, so memory is bounded by the topic count, never
 * by the churn. Each frame is built from the table as it is when the frame is sent.
 */
export class Subscription {
  phase: Phase = "begin";
  readonly dirty = new Set<string>();
  /** A RESET to send before the snapshot. */
  pendingReset: Extract<WatchFrame, { kind: "reset" }> | null = null;
  /** A progress mark is owed (idle interval passed, or a resume just succeeded). */
  progressDue = false;
  /** When the transport last refused a frame; null while it takes them. */
  blockedSince: number | null = null;
  nextProgressAt = 0;

  constructor(
    readonly id: number,
    readonly request: WatchRequest,
    private readonly sink: WatchSink,
    private readonly table: RouteTable,
    private readonly clock: Clock,
    private readonly progressDelay: () => number,
  ) {}

  watches(topic: string): boolean {
    return this.request.topics === "all" || this.request.topics.has(topic);
  }

  /** Starts a snapshot of every watched topic that exists now. */
  startSnapshot(): void {
    this.phase = "begin";
    this.dirty.clear();
    const names = this.request.topics === "all" ? this.table.topicNames() : this.request.topics;
    for (const name of names) if (this.table.hasTopic(name)) this.dirty.add(name);
  }

  /** Sends frames until there is nothing to send or the transport is backed up. */
  pump(): void {
    if (this.phase === "closed" || this.blockedSince !== null) return;
    for (;;) {
      const frame = this.nextFrame();
      if (frame === null) return;
      this.nextProgressAt = this.clock.now() + this.progressDelay();
      if (!this.sink.send(frame)) {
        this.blockedSince = this.clock.now();
        return;
      }
    }
  }

  evict(message: string): void {
    this.phase = "closed";
    this.sink.evict(message);
  }

  private nextFrame(): WatchFrame | null {
    const revision = this.table.revision;
    if (this.pendingReset !== null) {
      const reset = this.pendingReset;
      this.pendingReset = null;
      return reset;
    }
    if (this.phase === "begin") {
      this.phase = "snapshot";
      return { kind: "snapshot-begin", revision };
    }
    if (this.dirty.size > 0) {
      const topics = this.takeChunk();
      return { kind: "routes", revision, topics, more: this.dirty.size > 0 };
    }
    if (this.phase === "snapshot") {
      this.phase = "live";
      return { kind: "end-of-snapshot", revision };
    }
    if (this.progressDue && this.phase === "live") {
      this.progressDue = false;
      return { kind: "progress", revision };
    }
    return null;
  }

  private takeChunk(): string[] {
    const topics: string[] = [];
    let bytes = 0;
    for (const name of this.dirty) {
      const size = this.sink.updateBytes(name);
      if (topics.length > 0 && bytes + size > FRAME_BUDGET_BYTES) break;
      topics.push(name);
      bytes += size;
    }
    for (const name of topics) this.dirty.delete(name);
    return topics;
  }
}
