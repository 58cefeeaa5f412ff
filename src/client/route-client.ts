import { EventEmitter } from "node:events";
import { type CallOptions, type Metadata, type ServiceError, status } from "@grpc/grpc-js";
import { TopicRouteData } from "../../gen/ts/namesrv/v1/route.js";
import {
  GetClusterInfoRequest,
  type GetClusterInfoResponse,
  GetRouteInfoByTopicRequest,
  type GetRouteInfoByTopicResponse,
  ListTopicsRequest,
  type ListTopicsResponse,
  type RouteServiceClient,
} from "../../gen/ts/namesrv/v1/route_service.js";
import type { Clock } from "../clock/clock.js";
import { systemClock } from "../clock/system-clock.js";
import { checkNameServerList } from "./addresses.js";
import { NameServerError } from "./errors.js";
import { type SdkLogger, silentSdkLogger } from "./logger.js";
import { RouteCache, type RouteInfo } from "./route-cache.js";
import type { RouteCacheChange, RouteCacheOptions } from "./route-cache-options.js";
import { RouteChannels } from "./route-channels.js";
import type { PollSource } from "./route-poller.js";
import {
  type ChannelSecurity,
  type ClientSecurity,
  resolveClientSecurity,
  warnPlaintextToken,
} from "./security.js";
import { StickyFailover } from "./sticky-failover.js";
import { unaryCall } from "./unary.js";

export type { RouteInfo } from "./route-cache.js";
// The cache's types are part of this facade's API.
export type { RouteCacheChange, RouteCacheOptions } from "./route-cache-options.js";

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
 *
 * A facade over its parts: StickyFailover (where unary calls go), RouteChannels (their
 * channels), RouteCache (the copy, with watch-poll-fallback.ts and ReadyWaiters).
 */
export class RouteClient extends EventEmitter<RouteClientEvents> {
  private readonly callTimeoutMs: number;
  private readonly failover: StickyFailover;
  private readonly channels: RouteChannels;
  private readonly cache: RouteCache | null = null;
  private closed = false;

  constructor(opts: RouteClientOptions) {
    super();
    const addrs = checkNameServerList(opts.namesrvAddrs);
    const security = resolveClientSecurity(opts.security);
    this.callTimeoutMs = opts.callTimeoutMs ?? 3000;
    const random = opts.random ?? Math.random;
    const log = opts.logger ?? silentSdkLogger;
    warnPlaintextToken(log, security, addrs);
    this.channels = new RouteChannels(security);
    this.failover = new StickyFailover(addrs, random, log, (from, to, err) =>
      this.emit("failover", from, to, err),
    );
    if (opts.cache !== undefined) {
      const cache = new RouteCache(opts.cache, {
        addrs,
        currentAddress: () => this.failover.current,
        pollSource: this.pollSource(),
        clock: opts.clock ?? systemClock,
        random,
        log,
        security,
      });
      cache.on("change", (c) => this.emit("change", c));
      cache.on("disconnected", (address, err) => this.emit("disconnected", address, err));
      cache.on("fallback", (reason) => this.emit("fallback", reason));
      this.cache = cache;
    }
  }

  /** The NameServer unary calls currently go to. */
  get namesrv(): string {
    return this.failover.current;
  }

  /** "watch", "poll" (configured, or fallen back to), or "none" without a cache. */
  get cacheMode(): "watch" | "poll" | "none" {
    return this.cache?.mode ?? "none";
  }

  /** The NameServer the cache's watch streams from, or null when not watching. */
  get watchNamesrv(): string | null {
    return this.cache?.watchAddress ?? null;
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
    const cached = zoneName === "" ? this.cache?.lookup(topic) : undefined;
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
    return this.cache?.get(topic);
  }

  /** Topics in the cache, sorted. */
  cachedTopics(): string[] {
    return this.cache?.topics() ?? [];
  }

  /** True while the cache is up to date (synced and connected, or the last poll succeeded). */
  get cacheLive(): boolean {
    return this.cache?.live ?? false;
  }

  /**
   * Resolves when the cache is live (at once if it is). Rejects after `timeoutMs` (default: the
   * call timeout) with DEADLINE_EXCEEDED, and at once when there is no cache.
   */
  ready(timeoutMs = this.callTimeoutMs): Promise<void> {
    if (this.cache === null) return Promise.reject(new Error("RouteClient has no cache"));
    return this.cache.ready(timeoutMs);
  }

  /** Stops the cache and closes every channel. Idempotent. Calls in flight fail with CANCELLED. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.failover.close();
    this.cache?.close();
    this.channels.close();
  }

  private checkOpen(): void {
    if (this.closed) throw new Error("RouteClient is closed");
  }

  private cacheAddress(): string {
    return this.cache?.address() ?? this.failover.current;
  }

  /** One unary call on the current NameServer, failing over to random others while unreachable. */
  private call<Res>(
    timeoutMs: number | undefined,
    invoke: (
      client: RouteServiceClient,
      metadata: Metadata,
      options: CallOptions,
      cb: (err: ServiceError | null, res?: Res) => void,
    ) => unknown,
  ): Promise<{ value: Res; address: string }> {
    return this.failover.run((address) =>
      unaryCall<Res>(address, timeoutMs ?? this.callTimeoutMs, (md, o, cb) =>
        invoke(this.channels.get(address), md, o, cb),
      ),
    );
  }

  /** What the cache polls with: the failover calls above. */
  private pollSource(): PollSource {
    return {
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
    };
  }
}
