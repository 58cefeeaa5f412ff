/**
 * What a route watch sends, as the domain sees it. The transport turns each frame into a
 * WatchRoutesResponse; a `routes` frame names its topics and the transport encodes each topic's
 * update as of the frame's revision (once per topic and revision, shared by all streams).
 */

export type ResetReason = "epoch-changed" | "revision-compacted" | "revision-ahead";

export type WatchFrame =
  | { readonly kind: "snapshot-begin"; readonly revision: number }
  | {
      readonly kind: "routes";
      readonly revision: number;
      /** Topics whose current route (or removal) this frame carries. */
      readonly topics: readonly string[];
      /** More frames of the same change set follow. */
      readonly more: boolean;
    }
  | { readonly kind: "end-of-snapshot"; readonly revision: number }
  | {
      readonly kind: "reset";
      readonly revision: number;
      readonly reason: ResetReason;
      readonly message: string;
    }
  | { readonly kind: "progress"; readonly revision: number };

/** The transport side of one watch stream. */
export interface WatchSink {
  /**
   * Sends one frame now. Returns false when the transport is backed up: the hub sends nothing more
   * until the transport calls `WatchSubscription.drained()`.
   */
  send(frame: WatchFrame): boolean;
  /**
   * Measures topics' updates (for splitting large change sets). Sinks that share one `sizes`
   * object share the frames cut for them (see ChunkMemo): give every stream of one encoder the same.
   */
  readonly sizes: UpdateSizes;
  /** Ends the stream with a status that tells the client to resume (it was stuck too long). */
  evict(message: string): void;
}

/** How big a topic's update is, as the transport would encode it now. */
export interface UpdateSizes {
  /** Size in bytes of `topic`'s update as it would be sent now. */
  updateBytes(topic: string): number;
}

/** A validated WatchRoutes request. */
export interface WatchRequest {
  /** Watched topic names, or "all". */
  readonly topics: ReadonlySet<string> | "all";
  /** Where the client left off, if it is resuming. */
  readonly resume?: { readonly epoch: bigint; readonly revision: number };
}
