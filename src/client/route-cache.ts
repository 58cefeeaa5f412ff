import { EventEmitter } from "node:events";
import { status } from "@grpc/grpc-js";
import type { TopicRouteData } from "../../gen/ts/namesrv/v1/route.js";
import type { Clock } from "../clock/clock.js";
import { NameServerError } from "./errors.js";
import type { SdkLogger } from "./logger.js";
import { ReadyWaiters } from "./ready-waiters.js";
import type { RouteCacheChange, RouteCacheOptions } from "./route-cache-options.js";
import { type PollSource, RoutePoller } from "./route-poller.js";
import type { RouteWatcher } from "./route-watcher.js";
import type { ChannelSecurity } from "./security.js";
import { startCacheWatch } from "./watch-poll-fallback.js";

/** A topic's route and where it came from. */
export interface RouteInfo {
  readonly topic: string;
  readonly route: TopicRouteData;
  /** Epoch of the NameServer the route came from. */
  readonly epoch: bigint;
  /** Route table revision the route was read at (for the cache: the view's revision). */
  readonly revision: bigint;
  /** Revision of the topic's last change. */
  readonly topicRevision: bigint;
  /** The NameServer that answered (or that the cache follows). */
  readonly namesrv: string;
  /** "rpc": asked just now; "cache": from the live watch or the last poll. */
  readonly source: "rpc" | "cache";
}

export interface RouteCacheEvents {
  /** The view changed. */
  change: [change: RouteCacheChange];
  /** The watch stream (or a poll) failed; the view is kept and retried. */
  disconnected: [namesrv: string, error: NameServerError];
  /** The watch gave way to polling (`reason`). */
  fallback: [reason: string];
}

export interface RouteCacheDeps {
  readonly addrs: readonly string[];
  /** The NameServer unary calls currently go to: where the watch starts, and the cache's address while it has no watch. */
  readonly currentAddress: () => string;
  /** The RouteClient's failover calls, for polling. */
  readonly pollSource: PollSource;
  readonly clock: Clock;
  readonly random: () => number;
  readonly log: SdkLogger;
  readonly security: ChannelSecurity;
}

/**
 * The RouteClient's local copy of some topics' routes: kept by a RouteWatcher (see
 * watch-poll-fallback.ts: pushed changes, and polling once the NameServer turns out not to
 * implement WatchRoutes) or by a RoutePoller (`mode: "poll"`). It tracks whether the copy is live
 * (up to date: a consistent frame since the last disconnect, or a good poll), answers lookups only
 * while it is, and resolves `ready()` waiters when it becomes so.
 */
export class RouteCache extends EventEmitter<RouteCacheEvents> {
  private watcher: RouteWatcher | null = null;
  private poller: RoutePoller | null = null;
  private isLive = false;
  private readonly waiters: ReadyWaiters;

  /** Throws an Error for an empty topic list. */
  constructor(
    private readonly options: RouteCacheOptions,
    private readonly deps: RouteCacheDeps,
  ) {
    super();
    if (options.topics !== "all" && options.topics.length === 0) throw new Error("cache.topics is empty");
    this.waiters = new ReadyWaiters(deps.clock);
    if (options.mode === "poll") this.startPolling();
    else this.startWatching();
  }

  /** "watch", or "poll" (configured, or fallen back to). */
  get mode(): "watch" | "poll" {
    return this.watcher !== null ? "watch" : "poll";
  }

  /** The NameServer the watch streams from, or null when polling. */
  get watchAddress(): string | null {
    return this.watcher?.address ?? null;
  }

  /** True while the copy is up to date. */
  get live(): boolean {
    return this.isLive;
  }

  /** The cached route of `topic`, live or not, or undefined. */
  get(topic: string): TopicRouteData | undefined {
    return this.watcher?.get(topic) ?? this.poller?.get(topic)?.route;
  }

  /** Topics in the copy, sorted. */
  topics(): string[] {
    return this.watcher?.topics() ?? this.poller?.topicNames() ?? [];
  }

  /**
   * The answer for `topic`: its route, null when the live copy knows it has none, or undefined
   * when the copy cannot answer (not live, or the topic is not among those kept): ask the server.
   */
  lookup(topic: string): RouteInfo | null | undefined {
    const topics = this.options.topics;
    if (!this.isLive || (topics !== "all" && !topics.includes(topic))) return undefined;
    if (this.watcher !== null) {
      const route = this.watcher.get(topic);
      const at = this.watcher.position;
      if (at === null) return undefined;
      if (route === undefined) return null;
      return {
        topic,
        route,
        epoch: at.epoch,
        revision: at.revision,
        topicRevision: this.watcher.topicRevision(topic) ?? 0n,
        namesrv: this.watcher.address,
        source: "cache",
      };
    }
    const polled = this.poller?.get(topic);
    if (polled === undefined) return this.poller?.synced ? null : undefined;
    return { topic, ...polled, source: "cache" };
  }

  /** The NameServer the copy follows (for errors about it). */
  address(): string {
    return this.watcher?.address ?? this.deps.currentAddress();
  }

  /** Resolves when the copy is live (at once if it is); rejects with DEADLINE_EXCEEDED after `timeoutMs`. */
  ready(timeoutMs: number): Promise<void> {
    if (this.isLive) return Promise.resolve();
    return this.waiters.wait(
      timeoutMs,
      () => new NameServerError(status.DEADLINE_EXCEEDED, "route cache not synced in time", this.address()),
    );
  }

  /** Stops the watch or the polls. Idempotent. */
  close(): void {
    this.watcher?.close();
    this.poller?.close();
  }

  private setLive(live: boolean): void {
    this.isLive = live;
    if (live) this.waiters.release();
  }

  private startWatching(): void {
    const d = this.deps;
    this.watcher = startCacheWatch(
      this.options,
      {
        addrs: d.addrs,
        address: d.currentAddress(),
        clock: d.clock,
        random: d.random,
        log: d.log,
        security: d.security,
      },
      {
        live: () => this.setLive(true),
        change: (c) => this.emit("change", c),
        lost: (address, err) => {
          this.isLive = false;
          this.emit("disconnected", address, err);
        },
        unsupported: (address) => {
          d.log.info({ peer: address }, "WatchRoutes not implemented, polling routes instead");
          this.watcher = null;
          this.emit("fallback", `WatchRoutes not implemented by ${address}`);
          this.startPolling();
        },
      },
    );
  }

  private startPolling(): void {
    const p = new RoutePoller(
      this.deps.pollSource,
      this.options.topics,
      this.options.pollIntervalMs ?? 30_000,
      this.deps.clock,
    );
    this.poller = p;
    let first = true;
    p.on("change", (c) => {
      this.setLive(true);
      this.emit("change", { ...c, snapshot: first });
      first = false;
    });
    p.on("failed", (err) => {
      this.isLive = false;
      this.emit("disconnected", err.address, err);
    });
    p.on("polled", () => this.setLive(true));
  }
}
