import { type StatusObject, status } from "@grpc/grpc-js";
import type { Clock } from "../clock/clock.js";
import { pickRandom } from "./addresses.js";
import { sdkChannelOptions } from "./channel.js";
import { type NameServerError, toNameServerError } from "./errors.js";
import type { SdkLogger } from "./logger.js";
import type { RouteCacheChange, RouteCacheOptions } from "./route-cache-options.js";
import { RouteWatcher } from "./route-watcher.js";
import type { ChannelSecurity } from "./security.js";

/** What the watch half of the cache reports to the cache. */
export interface CacheWatchHooks {
  /** The view is up to date (a consistent change or a progress mark arrived). */
  live(): void;
  /** A change was applied. */
  change(change: RouteCacheChange): void;
  /** The stream ended; the view is kept but no longer live. */
  lost(address: string, error: NameServerError): void;
  /** `address` does not implement WatchRoutes: the watch is closed, the cache must poll instead. */
  unsupported(address: string): void;
}

export interface CacheWatchDeps {
  readonly addrs: readonly string[];
  /** The NameServer to watch first (the unary calls' choice). */
  readonly address: string;
  readonly clock: Clock;
  readonly random: () => number;
  readonly log: SdkLogger;
  readonly security: ChannelSecurity;
}

/**
 * Where the cache's watch reconnects: the same NameServer until `failoverAfter` (at least 1)
 * connects in a row failed to bring the view up to date, then a random other one.
 */
export function watchNextAddress(
  addrs: readonly string[],
  random: () => number,
  failoverAfter: number,
  log: SdkLogger,
): (address: string, failures: number) => string {
  const after = Math.max(1, failoverAfter);
  return (address, failures) => {
    if (failures < after) return address;
    const next = pickRandom(addrs, random, new Set([address])) ?? address;
    if (next !== address) log.info({ peer: address, next }, "route watch moves to another NameServer");
    return next;
  };
}

/**
 * True when a watch that ended with `code` will never work on that NameServer, so that the cache
 * polls instead: UNIMPLEMENTED (an older NameServer, or RocketMQ's own behind a gRPC proxy). Every
 * other code is a transient failure that the watcher retries by itself.
 */
export function watchFallsBackToPoll(code: status): boolean {
  return code === status.UNIMPLEMENTED;
}

/**
 * Starts the cache's RouteWatcher and turns its events into `hooks`: changes (marked `snapshot`
 * when they complete a snapshot), liveness, and disconnects. When the NameServer turns out not to
 * implement WatchRoutes the watcher is closed and `hooks.unsupported` is called, after `lost`.
 */
export function startCacheWatch(
  cache: RouteCacheOptions,
  deps: CacheWatchDeps,
  hooks: CacheWatchHooks,
): RouteWatcher {
  const initialBackoffMs = cache.initialBackoffMs ?? 100;
  const w = new RouteWatcher({
    address: deps.address,
    topics: cache.topics,
    initialBackoffMs,
    channelOptions: sdkChannelOptions(initialBackoffMs),
    security: deps.security,
    maxBackoffMs: cache.maxBackoffMs ?? 10_000,
    clock: deps.clock,
    random: deps.random,
    nextAddress: watchNextAddress(deps.addrs, deps.random, cache.failoverAfter ?? 2, deps.log),
  });
  // "synced" comes right before the "change" that completes a snapshot.
  let snapshot = false;
  let resetReason: string | undefined;
  w.on("reset", (reason) => {
    resetReason = reason;
  });
  w.on("synced", () => {
    snapshot = true;
  });
  w.on("change", (c) => {
    hooks.live();
    const reset = snapshot && resetReason !== undefined ? { resetReason } : {};
    hooks.change({ ...c, namesrv: w.address, snapshot, ...reset });
    if (snapshot) resetReason = undefined;
    snapshot = false;
  });
  w.on("progress", () => hooks.live());
  w.on("disconnected", (s: StatusObject) => {
    hooks.lost(w.address, toNameServerError(s, w.address));
    if (watchFallsBackToPoll(s.code)) {
      w.close();
      hooks.unsupported(w.address);
    }
  });
  return w;
}
