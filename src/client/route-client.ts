import { EventEmitter } from "node:events";
import { type CallOptions, type Metadata, type ServiceError, type StatusObject, status } from "@grpc/grpc-js";
import { TopicRouteData } from "../../gen/ts/namesrv/v1/route.js";
import {
  GetClusterInfoRequest,
  type GetClusterInfoResponse,
  GetRouteInfoByTopicRequest,
  type GetRouteInfoByTopicResponse,
  ListTopicsRequest,
  type ListTopicsResponse,
  RouteServiceClient,
} from "../../gen/ts/namesrv/v1/route_service.js";
import type { Clock } from "../clock/clock.js";
import { systemClock } from "../clock/system-clock.js";
import { checkNameServerList, pickRandom } from "./addresses.js";
import { sdkChannelOptions } from "./channel.js";
import { NameServerError, toNameServerError } from "./errors.js";
import { type SdkLogger, silentSdkLogger } from "./logger.js";
import { RoutePoller } from "./route-poller.js";
import { type RouteChange, RouteWatcher } from "./route-watcher.js";
import {
  type ChannelSecurity,
  type ClientSecurity,
  resolveClientSecurity,
  warnPlaintextToken,
} from "./security.js";
import { unaryCall } from "./unary.js";

export interface RouteClientOptions {
  /** Every NameServer, "host:port". The client sticks to one chosen at random. */
  readonly namesrvAddrs: readonly string[];
  /** Deadline of each attempt of a unary call, ms. Default 3000. */
  readonly callTimeoutMs?: number;
  /** Keep a local copy of some routes (see RouteCacheOptions); default none: every lookup is a call. */
  readonly cache?: RouteCacheOptions;
  readonly clock?: Clock;
  /** Random source in [0, 1): NameServer choice and backoff jitter. Default Math.random. */
  readonly random?: () => number;
  /** Logs failovers and cache state changes at info. Default: silent. */
  readonly logger?: SdkLogger;
  /**
   * TLS and bearer token of the channels, the cache's watch included (files are read here, in
   * the constructor, which throws ClientSecurityError for a bad setting). Default: plaintext, no
   * token.
   */
  readonly security?: ClientSecurity | ChannelSecurity;
}

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

/** A change of the cache, as RouteWatcher reports it, plus where it came from. */
export interface RouteCacheChange extends RouteChange {
  readonly namesrv: string;
  /** True when this change is a fresh snapshot (first sync, a RESET, another NameServer). */
  readonly snapshot: boolean;
}

export interface RouteClientEvents {
  /** Unary calls moved from `from` (unreachable) to `to`, chosen at random among the others. */
  failover: [from: string, to: string, error: NameServerError];
  /** The cache changed; read it with `cached`/`cachedTopics`. */
  change: [change: RouteCacheChange];
  /** The cache's watch stream (or a poll) failed; the cache keeps its view and retries. */
  disconnected: [namesrv: string, error: NameServerError];
  /** The watch-backed cache fell back to polling (`reason`, e.g. WatchRoutes not implemented). */
  fallback: [reason: string];
}

/**
 * Finds routes on a set of NameServers. Unary calls stick to one NameServer chosen at random;
 * when it is unreachable (UNAVAILABLE, DEADLINE_EXCEEDED) the call is retried on a random other
 * one, which becomes the new choice. Every attempt has a deadline (`callTimeoutMs`).
 *
 * With `cache`, a local copy of the chosen topics' routes is kept by a RouteWatcher (pushed
 * changes; on a random NameServer, moving to a random other one when it stays unavailable) or, as
 * a fallback, by polling. `getRoute` answers from the copy while it is live and falls back to a
 * call while it is not (before its first sync, while its stream reconnects).
 */
export class RouteClient extends EventEmitter<RouteClientEvents> {
  private readonly addrs: string[];
  private readonly clients = new Map<string, RouteServiceClient>();
  private readonly callTimeoutMs: number;
  private readonly random: () => number;
  private readonly clock: Clock;
  private readonly log: SdkLogger;
  private readonly security: ChannelSecurity;
  private current: string;
  private watcher: RouteWatcher | null = null;
  private poller: RoutePoller | null = null;
  /** The cache's view is up to date (a consistent frame since the last disconnect, or a good poll). */
  private live = false;
  private closed = false;
  private readyWaiters: Array<() => void> = [];

  constructor(private readonly opts: RouteClientOptions) {
    super();
    this.addrs = checkNameServerList(opts.namesrvAddrs);
    this.security = resolveClientSecurity(opts.security);
    this.callTimeoutMs = opts.callTimeoutMs ?? 3000;
    this.random = opts.random ?? Math.random;
    this.clock = opts.clock ?? systemClock;
    this.log = opts.logger ?? silentSdkLogger;
    warnPlaintextToken(this.log, this.security, this.addrs);
    this.current = pickRandom(this.addrs, this.random) as string;
    const cache = opts.cache;
    if (cache !== undefined) {
      if (cache.topics !== "all" && cache.topics.length === 0) throw new Error("cache.topics is empty");
      if (cache.mode === "poll") this.startPolling();
      else this.startWatching(cache);
    }
  }

  /** The NameServer unary calls currently go to. */
  get namesrv(): string {
    return this.current;
  }

  /** "watch", "poll" (configured, or fallen back to), or "none" without a cache. */
  get cacheMode(): "watch" | "poll" | "none" {
    return this.watcher !== null ? "watch" : this.poller !== null ? "poll" : "none";
  }

  /** The NameServer the cache's watch streams from, or null when not watching. */
  get watchNamesrv(): string | null {
    return this.watcher?.address ?? null;
  }

  /**
   * The route of `topic`: from the cache when it covers the topic and is live (NOT_FOUND there if
   * the topic has no route), else by GetRouteInfoByTopic with failover. `zoneName` asks for the
   * route filtered for a zone (RocketMQ's zone mode; always a call). Rejects with a
   * NameServerError: NOT_FOUND, INVALID_ARGUMENT, or UNAVAILABLE/DEADLINE_EXCEEDED when no
   * NameServer could be reached.
   */
  async getRoute(topic: string, options: { timeoutMs?: number; zoneName?: string } = {}): Promise<RouteInfo> {
    this.checkOpen();
    const zoneName = options.zoneName ?? "";
    // The cache holds whole routes; a zone-filtered one is asked of the server.
    const cached = zoneName === "" ? this.fromCache(topic) : undefined;
    if (cached !== undefined) {
      if (cached === null) {
        throw new NameServerError(status.NOT_FOUND, `topic ${topic} not found`, this.cacheAddress());
      }
      return cached;
    }
    const { value, address } = await this.call<GetRouteInfoByTopicResponse>(
      options.timeoutMs,
      (c, md, o, cb) =>
        c.getRouteInfoByTopic(GetRouteInfoByTopicRequest.fromPartial({ topic, zoneName }), md, o, cb),
    );
    return {
      topic,
      route: value.route ?? TopicRouteData.fromPartial({}),
      epoch: value.epoch,
      revision: value.revision,
      topicRevision: value.topicRevision,
      namesrv: address,
      source: "rpc",
    };
  }

  /** Every live broker group and cluster (GetClusterInfo), with failover. */
  async getClusterInfo(
    options: { timeoutMs?: number } = {},
  ): Promise<GetClusterInfoResponse & { namesrv: string }> {
    this.checkOpen();
    const { value, address } = await this.call<GetClusterInfoResponse>(options.timeoutMs, (c, md, o, cb) =>
      c.getClusterInfo(GetClusterInfoRequest.fromPartial({}), md, o, cb),
    );
    return { ...value, namesrv: address };
  }

  /** Topic names, all or one cluster's (ListTopics, every page), with failover. */
  async listTopics(
    clusterName = "",
    options: { timeoutMs?: number } = {},
  ): Promise<ListTopicsResponse & { namesrv: string }> {
    this.checkOpen();
    // Large lists come in pages (each under a client's 4 MiB receive limit); tokens name the last
    // topic of a page, so a page may come from another NameServer after a failover.
    const topics: string[] = [];
    let pageToken = "";
    for (;;) {
      const { value, address } = await this.call<ListTopicsResponse>(options.timeoutMs, (c, md, o, cb) =>
        c.listTopics(ListTopicsRequest.fromPartial({ clusterName, pageToken }), md, o, cb),
      );
      topics.push(...value.topics);
      if (value.nextPageToken === "") return { ...value, topics, namesrv: address };
      pageToken = value.nextPageToken;
    }
  }

  /** The cached route of `topic`, or undefined (not cached, no route, or no cache). Never calls out. */
  cached(topic: string): TopicRouteData | undefined {
    return this.watcher?.get(topic) ?? this.poller?.get(topic)?.route;
  }

  /** Topics in the cache, sorted. */
  cachedTopics(): string[] {
    return this.watcher?.topics() ?? this.poller?.topicNames() ?? [];
  }

  /** True while the cache is up to date (synced and connected, or the last poll succeeded). */
  get cacheLive(): boolean {
    return this.live;
  }

  /**
   * Resolves when the cache is live (at once if it is). Rejects after `timeoutMs` (default: the
   * call timeout) with DEADLINE_EXCEEDED, and at once when there is no cache.
   */
  ready(timeoutMs = this.callTimeoutMs): Promise<void> {
    if (this.cacheMode === "none") return Promise.reject(new Error("RouteClient has no cache"));
    if (this.live) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = this.clock.setTimeout(() => {
        this.readyWaiters = this.readyWaiters.filter((w) => w !== done);
        reject(
          new NameServerError(
            status.DEADLINE_EXCEEDED,
            "route cache not synced in time",
            this.cacheAddress(),
          ),
        );
      }, timeoutMs);
      const done = () => {
        timer.cancel();
        resolve();
      };
      this.readyWaiters.push(done);
    });
  }

  /** Stops the cache and closes every channel. Idempotent. Calls in flight fail with CANCELLED. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.watcher?.close();
    this.poller?.close();
    for (const c of this.clients.values()) c.close();
    this.clients.clear();
  }

  private checkOpen(): void {
    if (this.closed) throw new Error("RouteClient is closed");
  }

  private client(address: string): RouteServiceClient {
    // A call that fails over after close() must not open a channel nobody closes.
    if (this.closed) throw new NameServerError(status.CANCELLED, "RouteClient is closed", address);
    let c = this.clients.get(address);
    if (c === undefined) {
      c = new RouteServiceClient(
        address,
        this.security.credentials,
        this.security.clientOptions(sdkChannelOptions(100)),
      );
      this.clients.set(address, c);
    }
    return c;
  }

  /** One unary call on the current NameServer, failing over to random others while unreachable. */
  private async call<Res>(
    timeoutMs: number | undefined,
    invoke: (
      client: RouteServiceClient,
      metadata: Metadata,
      options: CallOptions,
      cb: (err: ServiceError | null, res?: Res) => void,
    ) => unknown,
  ): Promise<{ value: Res; address: string }> {
    const tried = new Set<string>();
    let address = this.current;
    for (;;) {
      try {
        const value = await unaryCall<Res>(address, timeoutMs ?? this.callTimeoutMs, (md, o, cb) =>
          invoke(this.client(address), md, o, cb),
        );
        return { value, address };
      } catch (e) {
        const err = e as NameServerError;
        if (!err.unreachable || this.closed) throw err;
        tried.add(address);
        const next = pickRandom(this.addrs, this.random, tried);
        if (next === undefined) {
          const all = [...tried].join(", ");
          throw new NameServerError(
            err.code,
            `no NameServer reachable (tried ${all}): ${err.details}`,
            address,
          );
        }
        if (this.current === address) {
          this.current = next;
          this.log.info({ peer: address, next, err: err.message }, "NameServer unreachable, failing over");
          this.emit("failover", address, next, err);
        }
        address = next;
      }
    }
  }

  /** The cache's answer for `topic`: a route, null (no such topic), or undefined (ask the server). */
  private fromCache(topic: string): RouteInfo | null | undefined {
    const topics = this.opts.cache?.topics;
    if (!this.live || topics === undefined || (topics !== "all" && !topics.includes(topic))) return undefined;
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

  private cacheAddress(): string {
    return this.watcher?.address ?? this.current;
  }

  private setLive(live: boolean): void {
    this.live = live;
    if (!live) return;
    const waiters = this.readyWaiters;
    this.readyWaiters = [];
    for (const w of waiters) w();
  }

  private startWatching(cache: RouteCacheOptions): void {
    const failoverAfter = Math.max(1, cache.failoverAfter ?? 2);
    const w = new RouteWatcher({
      address: this.current,
      topics: cache.topics,
      initialBackoffMs: cache.initialBackoffMs ?? 100,
      channelOptions: sdkChannelOptions(cache.initialBackoffMs ?? 100),
      security: this.security,
      maxBackoffMs: cache.maxBackoffMs ?? 10_000,
      clock: this.clock,
      random: this.random,
      nextAddress: (address, failures) => {
        if (failures < failoverAfter) return address;
        const next = pickRandom(this.addrs, this.random, new Set([address])) ?? address;
        if (next !== address)
          this.log.info({ peer: address, next }, "route watch moves to another NameServer");
        return next;
      },
    });
    this.watcher = w;
    let snapshot = false;
    w.on("synced", () => {
      snapshot = true;
    });
    w.on("change", (c) => {
      this.setLive(true);
      this.emit("change", { ...c, namesrv: w.address, snapshot });
      snapshot = false;
    });
    w.on("progress", () => this.setLive(true));
    w.on("disconnected", (s: StatusObject) => {
      this.live = false;
      const err = toNameServerError(s, w.address);
      this.emit("disconnected", w.address, err);
      if (s.code === status.UNIMPLEMENTED) {
        this.log.info({ peer: w.address }, "WatchRoutes not implemented, polling routes instead");
        w.close();
        this.watcher = null;
        this.emit("fallback", `WatchRoutes not implemented by ${w.address}`);
        this.startPolling();
      }
    });
  }

  private startPolling(): void {
    const cache = this.opts.cache as RouteCacheOptions;
    const p = new RoutePoller(
      {
        listTopics: () => this.listTopics(),
        getRoute: async (topic) => {
          const { value, address } = await this.call<GetRouteInfoByTopicResponse>(undefined, (c, md, o, cb) =>
            c.getRouteInfoByTopic(GetRouteInfoByTopicRequest.fromPartial({ topic }), md, o, cb),
          );
          return {
            route: value.route ?? TopicRouteData.fromPartial({}),
            epoch: value.epoch,
            revision: value.revision,
            topicRevision: value.topicRevision,
            namesrv: address,
          };
        },
      },
      cache.topics,
      cache.pollIntervalMs ?? 30_000,
      this.clock,
    );
    this.poller = p;
    let first = true;
    p.on("change", (c) => {
      this.setLive(true);
      this.emit("change", { ...c, snapshot: first });
      first = false;
    });
    p.on("failed", (err) => {
      this.live = false;
      this.emit("disconnected", err.address, err);
    });
    p.on("polled", () => this.setLive(true));
  }
}
