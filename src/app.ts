import type { Clock } from "./clock/clock.js";
import { systemClock } from "./clock/system-clock.js";
import type { NameServerConfig } from "./config/config.js";
import type { Logger } from "./log/logger.js";
import { Registry } from "./registry/registry.js";
import { randomEpoch } from "./route/epoch.js";
import { startGrpcServer } from "./server/server.js";
import { WatchHub } from "./watch/watch-hub.js";

/** Injected dependencies; production uses the defaults, tests pass a ManualClock and a fixed epoch. */
export interface NameServerDeps {
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly epoch?: bigint;
}

/** A running NameServer. */
export interface NameServer {
  /** Bound address, "host:port". */
  readonly address: string;
  readonly port: number;
  readonly registry: Registry;
  readonly watchHub: WatchHub;
  /** Graceful stop: ends streams with UNAVAILABLE, drains, stops timers. Idempotent. */
  close(): Promise<void>;
}

/** Wires the registry to a gRPC server and starts listening. */
export async function startNameServer(config: NameServerConfig, deps: NameServerDeps): Promise<NameServer> {
  const clock = deps.clock ?? systemClock;
  const log = deps.logger;
  const epoch = deps.epoch ?? randomEpoch();
  const registry = new Registry({
    clock,
    logger: log,
    epoch,
    retainedRemovals: config.watchRetainedRemovals,
    heartbeatTimeoutMs: config.heartbeatTimeoutMs,
    heartbeatIntervalMs: config.heartbeatIntervalMs,
    streamLossGraceMs: config.streamLossGraceMs,
    sweepIntervalMs: config.sweepIntervalMs,
    maxTopicsPerRegistration: config.maxTopicsPerRegistration,
  });
  const watchHub = new WatchHub(registry.table, {
    clock,
    logger: log,
    epoch,
    progressIntervalMs: config.watchProgressIntervalMs,
    stuckTimeoutMs: config.watchStuckTimeoutMs,
  });
  const stopDomain = () => {
    watchHub.close();
    registry.close();
  };
  let server: Awaited<ReturnType<typeof startGrpcServer>>;
  try {
    server = await startGrpcServer(registry, watchHub, config, clock, log);
  } catch (err) {
    stopDomain();
    throw err;
  }
  let closing: Promise<void> | null = null;
  return {
    address: server.address,
    port: server.port,
    registry,
    watchHub,
    close() {
      closing ??= server.shutdown().finally(stopDomain);
      return closing;
    },
  };
}
