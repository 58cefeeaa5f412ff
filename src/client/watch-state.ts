import type { TopicRouteData } from "../../gen/ts/namesrv/v1/route.js";
import type { TopicRouteUpdate, WatchRoutesResponse } from "../../gen/ts/namesrv/v1/route_service.js";

/** One topic in the local view: its route and the revision of its last change. */
export interface WatchedRoute {
  readonly route: TopicRouteData;
  readonly topicRevision: bigint;
}

/** A consistent point of the view: the server's routes as of `revision` in `epoch`. */
export interface WatchPosition {
  readonly epoch: bigint;
  readonly revision: bigint;
}

/**
 * What applying one frame did, in order. `change` is reported at every consistent point that
 * replaced or changed the view (END_OF_SNAPSHOT, the last frame of a change set); `synced` comes
 * right before the `change` of a snapshot; `protocolError` means the stream must be dropped and
 * resumed from `position` (the view is untouched).
 */
export type WatchEvent =
  | { readonly type: "reset"; readonly reason: string }
  | { readonly type: "synced"; readonly epoch: bigint; readonly revision: bigint }
  | {
      readonly type: "change";
      readonly epoch: bigint;
      readonly revision: bigint;
      /** Topics whose route is new or changed, in frame order. */
      readonly updated: readonly string[];
      /** Topics that are gone, in frame order. */
      readonly removed: readonly string[];
    }
  | { readonly type: "progress"; readonly epoch: bigint; readonly revision: bigint }
  | { readonly type: "protocolError"; readonly message: string };

/**
 * The client side of the WatchRoutes protocol with no transport: a local view, the frames of an
 * unfinished snapshot or change set, and the resume point. RouteWatcher feeds it the frames of
 * its streams; the conformance vectors (test/vectors/) feed it recorded ones.
 *
 * States of one stream (`startStream` enters the first):
 * - live: `routes` frames collect into `pending` until one has more = false, then apply at once;
 * - snapshot (after SNAPSHOT_BEGIN): `routes` frames fill `staging`, END_OF_SNAPSHOT swaps it in.
 * The view and `position` change only at consistent points, so a reader never sees half a
 * revision, and a stream that dies mid-set loses only the unfinished part (resume re-sends it).
 */
export class WatchState {
  private view = new Map<string, WatchedRoute>();
  private staging: Map<string, WatchedRoute> | null = null;
  private pending: TopicRouteUpdate[] = [];
  private checkpoint: WatchPosition | null = null;
  private lastFrame: WatchPosition | null = null;

  /** The route of `topic` in the view, or undefined. */
  get(topic: string): WatchedRoute | undefined {
    return this.view.get(topic);
  }

  /** Topics in the view, sorted. */
  topics(): string[] {
    return [...this.view.keys()].sort();
  }

  /** The resume point: the last consistent (epoch, revision), or null before the first snapshot. */
  get position(): WatchPosition | null {
    return this.checkpoint;
  }

  /** A new stream starts: drops an unfinished snapshot or change set; the view stays. */
  startStream(): void {
    this.staging = null;
    this.pending = [];
    this.lastFrame = null;
  }

  /** Applies one frame of the current stream; returns what happened, in order. */
  apply(frame: WatchRoutesResponse): WatchEvent[] {
    const last = this.lastFrame;
    if (last !== null && last.epoch === frame.epoch && frame.revision < last.revision) {
      return [
        {
          type: "protocolError",
          message: `revision went back from ${last.revision} to ${frame.revision}`,
        },
      ];
    }
    this.lastFrame = { epoch: frame.epoch, revision: frame.revision };
    if (frame.reset !== undefined) {
      return [{ type: "reset", reason: frame.reset.reason }];
    }
    if (frame.snapshotBegin !== undefined) {
      this.staging = new Map();
      return [];
    }
    if (frame.routes !== undefined) {
      if (this.staging !== null) {
        for (const u of frame.routes.updates) applyUpdate(this.staging, u);
        return [];
      }
      this.pending.push(...frame.routes.updates);
      return frame.routes.more ? [] : [this.applyPending(frame)];
    }
    if (frame.endOfSnapshot !== undefined) {
      if (this.staging === null) {
        return [{ type: "protocolError", message: "END_OF_SNAPSHOT without SNAPSHOT_BEGIN" }];
      }
      const events = this.replaceView(this.staging, frame);
      this.staging = null;
      return events;
    }
    // A progress mark inside a snapshot or a change set is not a consistent point: ignore it.
    if (frame.progress !== undefined && this.staging === null && this.pending.length === 0) {
      this.checkpoint = { epoch: frame.epoch, revision: frame.revision };
      return [{ type: "progress", epoch: frame.epoch, revision: frame.revision }];
    }
    return [];
  }

  private applyPending(frame: WatchRoutesResponse): WatchEvent {
    const updated: string[] = [];
    const removed: string[] = [];
    for (const u of this.pending) {
      applyUpdate(this.view, u);
      (u.removed ? removed : updated).push(u.topic);
    }
    this.pending = [];
    this.checkpoint = { epoch: frame.epoch, revision: frame.revision };
    return { type: "change", epoch: frame.epoch, revision: frame.revision, updated, removed };
  }

  private replaceView(next: Map<string, WatchedRoute>, frame: WatchRoutesResponse): WatchEvent[] {
    const updated: string[] = [];
    const removed: string[] = [];
    // In another epoch topic revisions are not comparable: every topic counts as updated.
    const sameEpoch = this.checkpoint?.epoch === frame.epoch;
    for (const [topic, entry] of next) {
      if (!sameEpoch || this.view.get(topic)?.topicRevision !== entry.topicRevision) {
        updated.push(topic);
      }
    }
    for (const topic of this.view.keys()) if (!next.has(topic)) removed.push(topic);
    this.view = next;
    this.checkpoint = { epoch: frame.epoch, revision: frame.revision };
    const { epoch, revision } = frame;
    return [
      { type: "synced", epoch, revision },
      { type: "change", epoch, revision, updated, removed },
    ];
  }
}

function applyUpdate(view: Map<string, WatchedRoute>, u: TopicRouteUpdate): void {
  if (u.removed || u.route === undefined) view.delete(u.topic);
  else view.set(u.topic, { route: u.route, topicRevision: u.topicRevision });
}
