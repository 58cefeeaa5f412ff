import { authReloader } from "./auth/auth-reloader.js";
import { exposureWarnings, httpExposureWarnings } from "./auth/exposure.js";
import type { Clock } from "./clock/clock.js";
import { systemClock } from "./clock/system-clock.js";
import { isListenerOff, kvConfigPathOf, type NameServerConfig, RuntimeConfig } from "./config/config.js";
import { type HttpSide, startHttpSide } from "./http/observability.js";
import { AtomicFile } from "./kv/atomic-file.js";
import { KvStore } from "./kv/kv-store.js";
import { ORDER_TOPIC_CONFIG, routableOrderTopicConfs } from "./kv/order-topic-conf.js";
import { massExpirySettingsOf } from "./liveness/mass-expiry.js";
import type { Logger } from "./log/logger.js";
import { GrpcCallStats } from "./metrics/grpc-call-stats.js";
import { createMetrics, type NameServerMetrics } from "./metrics/namesrv-metrics.js";
import { WatchStats } from "./metrics/watch-stats.js";
import { Registry } from "./registry/registry.js";
import { RequestProcessor } from "./remoting/processor.js";
import { RemotingServer } from "./remoting/remoting-server.js";
import { randomEpoch } from "./route/epoch.js";
import { type GrpcServer, startGrpcServer } from "./server/server.js";
import { tlsReloader } from "./tls/tls-reloader.js";
import { buildInfo } from "./version.js";
import { WarmUp } from "./watch/warm-up.js";
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
  /** The HTTP listener's address ("host:port"), or null when httpListen is off. */
  readonly httpAddress: string | null;
  readonly registry: Registry;
  readonly watchHub: WatchHub;
  readonly kv: KvStore;
  readonly warmUp: WarmUp;
  readonly runtimeConfig: RuntimeConfig;
  /** Bytes of WatchRoutes frames queued in the transport now, over all streams. */
  watchQueuedBytes(): number;
  /** Graceful stop: ends streams with UNAVAILABLE, drains, stops timers. Idempotent. */
  close(): Promise<void>;
}

/**
 * Loads the TLS material, the auth file and the KV config (an unusable file fails the start with
 * an error naming it), wires the registry, watch hub and admin plane to a gRPC server and starts
 * listening. The TLS and auth files are then watched and reloaded while the server runs.
 */
export async function startNameServer(config: NameServerConfig, deps: NameServerDeps): Promise<NameServer> {
  const clock = deps.clock ?? systemClock;
  const log = deps.logger;
  const epoch = deps.epoch ?? randomEpoch();
  const startedAt = clock.now();
  const httpOn = !isListenerOff(config.httpListen);
  for (const warning of exposureWarnings(config)) log.warn({ security: "exposed" }, warning);
  if (httpOn) for (const warning of httpExposureWarnings(config)) log.warn({ security: "exposed" }, warning);
  let server: GrpcServer | undefined;
  let http: HttpSide | undefined;
  const tls = tlsReloader(config, clock, log, (m) => {
    server?.setTls(m.options);
    http?.setTls(m.options);
  });
  let auth: ReturnType<typeof authReloader>;
  try {
    auth = authReloader(config, clock, log);
  } catch (err) {
    tls?.close();
    throw err;
  }
  const stopSecurity = () => {
    tls?.close();
    auth?.close();
  };
  const kvFile = AtomicFile.at(kvConfigPathOf(config));
  let kv: KvStore;
  try {
    await kvFile.checkWritable();
    await kvFile.removeLeftovers();
    kv = await KvStore.open(kvFile, log);
  } catch (err) {
    stopSecurity();
    throw err;
  }
  const warmUp = new WarmUp(clock, config.warmUpMs);
  const registry = new Registry({
    clock,
    logger: log,
    epoch,
    retainedRemovals: config.watchRetainedRemovals,
    maxPendingHeartbeatStreams: config.maxPendingHeartbeatStreams,
    heartbeatTimeoutMs: config.heartbeatTimeoutMs,
    heartbeatIntervalMs: config.heartbeatIntervalMs,
    streamLossGraceMs: config.streamLossGraceMs,
    sweepIntervalMs: config.sweepIntervalMs,
    massExpiry: massExpirySettingsOf(config),
    maxTopicsPerRegistration: config.maxTopicsPerRegistration,
    actingMaster: config.actingMaster,
    warmUp,
  });
  // The KV namespace ORDER_TOPIC_CONFIG feeds routes: the table mirrors it, and each change is a
  // route-table batch (a new revision for the topic) made right after the KV change is durable.
  // Seeding an empty table changes no route (no topic exists yet), so it is silent. Entries a
  // RocketMQ file holds that are no ordered-topic configuration were loaded with a warning and
  // stay out of routes (puts are checked, so only the file can hold them).
  for (const [topic, conf] of routableOrderTopicConfs(kv.entries(ORDER_TOPIC_CONFIG))) {
    registry.setOrderTopicConf(topic, conf);
  }
  kv.onChange((c) => {
    if (c.namespace === ORDER_TOPIC_CONFIG) registry.setOrderTopicConf(c.key, c.value);
  });
  // Metrics exist with the HTTP listener that serves them; without it nothing is counted.
  const watchStats = httpOn ? new WatchStats() : undefined;
  const callStats = httpOn ? new GrpcCallStats() : null;
  const watchHub = new WatchHub(registry.routes, {
    ...(watchStats ? { observer: watchStats } : {}),
    clock,
    logger: log,
    epoch,
    progressIntervalMs: config.watchProgressIntervalMs,
    stuckTimeoutMs: config.watchStuckTimeoutMs,
    warmUp,
  });
  if (warmUp.active) {
    log.info({ warmUpMs: config.warmUpMs }, "warming up: route lookups refused, watch snapshots held");
    warmUp.onDone(() => log.info({ revision: registry.routes.revision }, "warm-up over: serving routes"));
  }
  const runtimeConfig = new RuntimeConfig(config, (next, updated) => {
    if (updated.includes("logLevel")) log.level = next.logLevel;
    registry.updateSettings({
      heartbeatTimeoutMs: next.heartbeatTimeoutMs,
      heartbeatIntervalMs: next.heartbeatIntervalMs,
      maxTopicsPerRegistration: next.maxTopicsPerRegistration,
    });
    log.info({ updated: Object.fromEntries(updated.map((k) => [k, next[k]])) }, "runtime config updated");
  });
  const stopDomain = () => {
    stopSecurity();
    warmUp.close();
    watchHub.close();
    registry.close();
  };
  const remoting = config.remoting
    ? new RemotingServer(
        new RequestProcessor({
          registry,
          kv,
          runtimeConfig,
          log,
          maxInflatedBytes: config.remotingMaxFrameBytes,
          auth: auth?.gate ?? null,
        }),
        remotingLimits(config),
        clock,
        log,
      )
    : null;
  let started: GrpcServer;
  try {
    started = await startGrpcServer(registry, watchHub, config, clock, log, {
      kv,
      runtimeConfig,
      warmUp,
      tls: tls?.current.options ?? null,
      auth: auth?.gate ?? null,
      callStats,
      facts: { version: buildInfo().version, uptimeMs: () => clock.now() - startedAt },
      remoting,
    });
  } catch (err) {
    stopDomain();
    throw err;
  }
  server = started;
  let metrics: NameServerMetrics | undefined;
  let shuttingDown = false;
  if (httpOn && watchStats && callStats) {
    const build = buildInfo();
    metrics = createMetrics({
      registry,
      hub: watchHub,
      watch: watchStats,
      grpc: callStats,
      streams: {
        get heartbeatStreams() {
          return started.streams.heartbeatStreams;
        },
        watchQueuedBytes: () => started.watchQueuedBytes(),
      },
      build,
    });
    try {
      http = await startHttpSide({
        config,
        tls: tls?.current.options ?? null,
        auth: auth?.gate ?? null,
        registry,
        hub: watchHub,
        metrics,
        watch: watchStats,
        grpc: callStats,
        clock,
        startedAt,
        version: build.version,
        ready: () => !shuttingDown && !warmUp.active,
        log,
      });
    } catch (err) {
      metrics.close();
      await started.shutdown();
      stopDomain();
      throw err;
    }
    log.info({ httpAddress: http.address }, "HTTP listener: /metrics, /healthz, /readyz, dashboard");
  }
  const httpSide = http;
  let closing: Promise<void> | null = null;
  return {
    address: started.address,
    port: started.port,
    httpAddress: httpSide?.address ?? null,
    registry,
    watchHub,
    kv,
    warmUp,
    runtimeConfig,
    watchQueuedBytes: () => started.watchQueuedBytes(),
    close() {
      shuttingDown = true;
      // The HTTP side closes after the gRPC drain: /readyz answers 503 while calls finish.
      closing ??= started
        .shutdown()
        .finally(() => httpSide?.close())
        .then(() => kv.close())
        .finally(() => {
          metrics?.close();
          stopDomain();
        });
      return closing;
    },
  };
}

/** The remoting limits of `config`; the fixed ones are far above what a NameServer request needs. */
function remotingLimits(config: NameServerConfig) {
  return {
    maxFrameBytes: config.remotingMaxFrameBytes,
    /** RocketMQ headers of NameServer requests are well under 1 KiB. */
    maxHeaderBytes: 65_536,
    frameTimeoutMs: config.remotingFrameTimeoutMs,
    maxInFlightPerConnection: 64,
    maxQueuedResponseBytes: 4 * 1_048_576,
  };
}
