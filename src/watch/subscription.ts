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
 * The topic names of an all-topics snapshot as of one table revision, shared by every subscription
 * that starts its snapshot at that revision, with the `routes` frames cut from them (by position)
 * while the table stays at the revision they were cut at. A snapshot storm (1,000 all-topics
 * watches starting together after a restart, 20,000 topics) copied the names into each
 * subscription's dirty set (~0.5 MB each, +583 MiB of heap) after sorting them anew for each, and
 * cut and encoded each subscription's frames anew (a 1 MiB buffer each); with a plan it holds one
 * list and a cursor, and shares the frames (and so their encoding, see WatchEncoder).
 */
export class SnapshotPlan {
  private readonly frames = new Map<number, RoutesFrame>();
  private framesRevision = -1;
  private framesSizes: UpdateSizes | null = null;

  constructor(
    /** The table revision the names were read at. */
    readonly revision: number,
    /** Every topic of the table at `revision`, in order. */
    readonly names: readonly string[],
  ) {}

  /** The frame cut from position `start` at `revision` with `sizes`, if one was cut. */
  frameAt(start: number, revision: number, sizes: UpdateSizes): RoutesFrame | undefined {
    if (revision !== this.framesRevision || sizes !== this.framesSizes) return undefined;
    return this.frames.get(start);
  }

  /** Keeps `frame`, cut from position `start` (frames of an older revision are dropped). */
  remember(start: number, frame: RoutesFrame, sizes: UpdateSizes): void {
    if (frame.revision !== this.framesRevision || sizes !== this.framesSizes) {
      this.frames.clear();
      this.framesRevision = frame.revision;
      this.framesSizes = sizes;
    }
    this.frames.set(start, frame);
  }
}

/**
 * Where a subscription stands:
 * - `begin`: a snapshot must start (SNAPSHOT_BEGIN not yet sent); every watched topic is to send:
 *   in `dirty` (topics named by the request), or the plan's names after `cursor` (all topics);
 * - `snapshot`: SNAPSHOT_BEGIN sent; END_OF_SNAPSHOT goes out once the plan is sent and `dirty`
 *   is empty;
 * - `live`: changes go out as `routes` frames whenever `dirty` is not empty;
 * - `closed`: unsubscribed; nothing more is sent.
 */
export type Phase = "begin" | "snapshot" | "live" | "closed";

/**
 * One watch stream's state. Routes are state, not events: `dirty` is the set of watched topics
 * whose newest route the client has not been sent, so memory is bounded by the topic count, never
 * by the churn. Each frame is built from the table as it is when the frame is sent. An all-topics
 * snapshot is a shared SnapshotPlan and a cursor into it instead of a set of every name; topics
 * changed meanwhile are marked dirty as usual and sent after the plan (unless the plan's frame
 * that carries them is cut after the change, which then covers it).
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
  /** The all-topics snapshot being sent, and the position of the next name to send. */
  private plan: SnapshotPlan | null = null;
  private cursor = 0;

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

  /**
   * Starts a snapshot of every watched topic that exists now: for an all-topics watch, of `plan`
   * (the hub's SnapshotPlan of the table as it is now).
   */
  startSnapshot(plan: () => SnapshotPlan): void {
    this.phase = "begin";
    this.dirty.clear();
    if (this.request.topics === "all") {
      this.plan = plan();
      this.cursor = 0;
      return;
    }
    this.plan = null;
    for (const name of this.request.topics) if (this.table.hasTopic(name)) this.dirty.add(name);
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
    if (this.plan !== null) {
      if (this.cursor < this.plan.names.length) return this.takePlanned(this.plan, revision);
      this.plan = null;
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

  /**
   * The next `routes` frame of the plan: its names from the cursor, up to the frame budget (at
   * least one), shared with every subscription at the same position and revision. A name sent
   * here is no longer dirty: the frame carries its route as of now.
   */
  private takePlanned(plan: SnapshotPlan, revision: number): RoutesFrame {
    const sizes = this.sink.sizes;
    const start = this.cursor;
    let frame = plan.frameAt(start, revision, sizes);
    if (frame === undefined) {
      const names = plan.names;
      const topics: string[] = [];
      let bytes = 0;
      for (let i = start; i < names.length; i++) {
        const name = names[i] as string;
        const size = sizes.updateBytes(name);
        if (topics.length > 0 && bytes + size > FRAME_BUDGET_BYTES) break;
        topics.push(name);
        bytes += size;
      }
      frame = { kind: "routes", revision, topics, more: start + topics.length < names.length };
      plan.remember(start, frame, sizes);
    }
    this.cursor = start + frame.topics.length;
    if (this.dirty.size > 0) for (const name of frame.topics) this.dirty.delete(name);
    // Changes made during the snapshot follow it in this change set: not the last frame then.
    if (!frame.more && this.dirty.size > 0) return { ...frame, more: true };
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
