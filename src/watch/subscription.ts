import type { RouteReader } from "../registry/read-port.js";
import type { UpdateSizes, WatchFrame, WatchRequest, WatchSink } from "./frames.js";

/** A `routes` frame is closed once it holds this many bytes of updates (gRPC clients accept 4 MiB). */
export const FRAME_BUDGET_BYTES = 1024 * 1024;

type RoutesFrame = Extract<WatchFrame, { kind: "routes" }>;

/**
 * The last `routes` frame cut from a dirty set, shared by a hub's subscriptions. One change marks
 * the same topics, in the same order, on every subscription that watches them, so at one revision
 * most of them cut the very same frame: measuring every dirty topic's update on every stream was
 * a large part of the hub's CPU per change (bench:fanout, 10,000 streams). A subscription whose
 * dirty set holds exactly the last input's topics, in the same order, at the same table revision,
 * measured by the same `UpdateSizes`, gets the same frame object; anything else is cut anew.
 * (Update sizes only change with a topic's revision, which only changes with the table's.)
 */
export class ChunkMemo {
  sizes: UpdateSizes | null = null;
  /** The dirty topics the last frame was cut from, in order. */
  input: readonly string[] = [];
  frame: RoutesFrame | null = null;
}

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
  /** In the hub's list of subscriptions to pump at the next flush. */
  queued = false;

  constructor(
    readonly id: number,
    readonly request: WatchRequest,
    private readonly sink: WatchSink,
    private readonly table: RouteReader,
    private readonly progressDelay: () => number,
    private readonly chunks: ChunkMemo = new ChunkMemo(),
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

  /**
   * Sends frames until there is nothing to send or the transport is backed up; returns how many
   * frames were handed to the transport. `now` is the
   * clock's reading for the whole flush that pumps many subscriptions (the progress and stuck
   * timings it dates are seconds long; one reading per stream cost ~2 % of a fan-out).
   */
  pump(now: number): number {
    if (this.phase === "closed" || this.blockedSince !== null) return 0;
    let sent = 0;
    for (;;) {
      const frame = this.nextFrame();
      if (frame === null) break;
      sent++;
      if (!this.sink.send(frame)) {
        this.blockedSince = now;
        break;
      }
    }
    // The progress mark is due a delay after the frames.
    if (sent > 0) this.nextProgressAt = now + this.progressDelay();
    return sent;
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
    if (this.dirty.size > 0) return this.takeChunk(revision);
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

  /** The next `routes` frame: dirty topics in order, up to the frame budget (at least one). */
  private takeChunk(revision: number): RoutesFrame {
    const memo = this.chunks;
    const sizes = this.sink.sizes;
    const last = memo.frame;
    if (last !== null && last.revision === revision && memo.sizes === sizes && this.holds(memo.input)) {
      const taken = last.topics;
      if (taken.length === this.dirty.size) this.dirty.clear();
      else for (const name of taken) this.dirty.delete(name);
      return last;
    }
    const input = [...this.dirty];
    const topics: string[] = [];
    let bytes = 0;
    for (const name of input) {
      const size = sizes.updateBytes(name);
      if (topics.length > 0 && bytes + size > FRAME_BUDGET_BYTES) break;
      topics.push(name);
      bytes += size;
    }
    for (const name of topics) this.dirty.delete(name);
    const frame: RoutesFrame = { kind: "routes", revision, topics, more: this.dirty.size > 0 };
    memo.sizes = sizes;
    memo.input = input;
    memo.frame = frame;
    return frame;
  }

  /** Whether the dirty set holds exactly `input`'s topics, in the same order. */
  private holds(input: readonly string[]): boolean {
    if (input.length !== this.dirty.size) return false;
    let i = 0;
    for (const name of this.dirty) if (name !== input[i++]) return false;
    return true;
  }
}
