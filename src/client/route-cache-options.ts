import type { RouteChange } from "./route-watcher.js";

/** The cached mode: routes of these topics are kept fresh locally and `getRoute` answers from them. */
export interface RouteCacheOptions {
  /** Topics to keep, or "all". */
  readonly topics: readonly string[] | "all";
  /**
   * "watch" (default): a WatchRoutes stream pushes every change within milliseconds; it falls back
   * to "poll" by itself when the NameServer does not implement WatchRoutes (UNIMPLEMENTED).
   * "poll": fetch every topic every `pollIntervalMs`.
   */
  readonly mode?: "watch" | "poll";
  /** Poll period, ms. Default 30000 (RocketMQ clients' route poll). */
  readonly pollIntervalMs?: number;
  /**
   * A watch moves to a random other NameServer after this many connects in a row that did not
   * bring its view up to date (the NameServer stays unavailable). Default 2: one quick retry of the
   * same one (it may just have restarted), then move.
   */
  readonly failoverAfter?: number;
  /** Watch reconnect backoff, full jitter: first ceiling and cap, ms. Defaults 100 and 10000. */
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
}

/** A change of the cache, as RouteWatcher reports it, plus where it came from. */
export interface RouteCacheChange extends RouteChange {
  readonly namesrv: string;
  /** True when this change is a fresh snapshot (first sync, a RESET, another NameServer). */
  readonly snapshot: boolean;
  /** Set on a snapshot that follows a RESET: the server's reason (e.g. "epoch changed"). */
  readonly resetReason?: string;
}
