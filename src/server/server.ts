import type { SecureContextOptions } from "node:tls";
import { Server, type ServerInterceptor } from "@grpc/grpc-js";
import { AdminServiceService } from "../../gen/ts/namesrv/v1/admin_service.js";
import { BrokerServiceService } from "../../gen/ts/namesrv/v1/broker_service.js";
import { RouteServiceService } from "../../gen/ts/namesrv/v1/route_service.js";
import type { AuthGate } from "../auth/auth-gate.js";
import type { Clock } from "../clock/clock.js";
import type { Logger } from "../log/logger.js";
import type { GrpcCallStats } from "../metrics/grpc-call-stats.js";
import type { Registry } from "../registry/registry.js";
import type { RemotingServer } from "../remoting/remoting-server.js";
import type { WarmUp } from "../watch/warm-up.js";
import type { WatchHub } from "../watch/watch-hub.js";
import { type AdminDeps, adminService } from "./admin-service.js";
import { authInterceptor } from "./auth-interceptor.js";
import { brokerService } from "./broker-service.js";
import { callCounter } from "./call-counter.js";
import { callGuard, guardDeserializers } from "./call-guard.js";
import { Health } from "./health.js";
import { LimitLog } from "./limit-log.js";
import { type ListenerOptions, listen } from "./listener.js";
import { addReflection } from "./reflection.js";
import { decodeRegisterBrokerRequest } from "./register-request-decoder.js";
import { RouteBytesCache } from "./route-bytes-cache.js";
import { routeService, type ServerFacts } from "./route-service.js";
import { type StreamLimits, StreamSet } from "./stream-set.js";
import { WatchBudget } from "./watch-budget.js";
import { WatchEncoder } from "./watch-encoder.js";
import { watchRoutesHandler } from "./watch-service.js";

export interface GrpcServerOptions extends Omit<ListenerOptions, "tls">, StreamLimits {
  readonly maxMessageBytes: number;
  readonly shutdownTimeoutMs: number;
  readonly keepaliveTimeMs: number;
  readonly keepaliveTimeoutMs: number;
  readonly maxConcurrentStreams: number;
  readonly maxUnaryCallsPerAddress: number;
  readonly maxStreamsPerAddress: number;
  readonly maxHealthWatchesPerAddress: number;
  readonly maxInflatedMessageBytes: number;
  readonly maxInflatingBytes: number;
  readonly firstHeartbeatTimeoutMs: number;
  readonly limitLogIntervalMs: number;
  readonly watchMaxQueuedBytes: number;
  readonly watchQueuedBytesBudget: number;
}

/** A bound gRPC server serving the registry. */
export interface GrpcServer {
  /** The bound address, "host:port" with the real port. */
  readonly address: string;
  readonly port: number;
  /** The open heartbeat and watch streams (for metrics). */
  readonly streams: StreamSet;
  /** New TLS connections get `options` (a reloaded certificate); open ones keep theirs. */
  setTls(options: SecureContextOptions): void;
  /** Graceful shutdown; idempotent (every call returns the same promise). */
  shutdown(): Promise<void>;
  /** Bytes of WatchRoutes frames queued in the transport now, over all streams (see WatchBudget). */
  watchQueuedBytes(): number;
}

/**
 * BrokerService with RegisterBroker decoded at the edge, its topic table only when read (see the
 * decoder), and Heartbeat answers written as bytes (see HeartbeatAnswers).
 */
const BROKER_SERVICE_DEFINITION = {
  ...BrokerServiceService,
  registerBroker: {
    ...BrokerServiceService.registerBroker,
    requestDeserialize: (bytes: Buffer) => decodeRegisterBrokerRequest(bytes),
  },
  heartbeat: { ...BrokerServiceService.heartbeat, responseSerialize: (answer: Buffer): Buffer => answer },
};

/**
 * RouteService with WatchRoutes frames and GetRouteInfoByTopic responses passed through as
 * pre-encoded bytes (see RouteBytesCache, WatchEncoder and RouteResponseWriter): the generated
 * serializer would re-encode every frame for every stream, and every route for every lookup.
 */
const ROUTE_SERVICE_DEFINITION = {
  ...RouteServiceService,
  watchRoutes: { ...RouteServiceService.watchRoutes, responseSerialize: (frame: Buffer): Buffer => frame },
  getRouteInfoByTopic: {
    ...RouteServiceService.getRouteInfoByTopic,
    responseSerialize: (response: Buffer): Buffer => response,
  },
};

/** What the server needs besides the registry and the watch hub. */
export interface GrpcServerDeps extends AdminDeps {
  /** The warm-up: RouteService reports NOT_SERVING to health checks while it lasts. */
  readonly warmUp: WarmUp;
  /** TLS material when tlsMode is not "disabled". */
  readonly tls: SecureContextOptions | null;
  /** Who may call what; null = authentication off. */
  readonly auth: AuthGate | null;
  /** Version and uptime for GetClusterInfo (namesrvctl status). */
  readonly facts?: ServerFacts;
  /** Where every call is counted (see callCounter); null = no gRPC metrics (and no work per call). */
  readonly callStats?: GrpcCallStats | null;
  /** Serves RocketMQ remoting connections on the same port; null = gRPC only. */
  readonly remoting?: RemotingServer | null;
}

/**
 * Builds the grpc-js server (BrokerService, RouteService, AdminService, health, reflection) and
 * binds it. Shutdown: health turns NOT_SERVING, open streams (Health/Watch too) end with
 * UNAVAILABLE "shutting down", in-flight unary calls get `shutdownTimeoutMs` to finish, then every
 * connection is destroyed, whatever its client holds open (the hard deadline).
 */
export async function startGrpcServer(
  registry: Registry,
  hub: WatchHub,
  opts: GrpcServerOptions,
  clock: Clock,
  log: Logger,
  deps: GrpcServerDeps,
): Promise<GrpcServer> {
  const limitLog = new LimitLog(clock, log, opts.limitLogIntervalMs);
  // The first interceptor is the innermost (closest to the transport): the call counter must get
  // grpc-js's own call (it adds no layer, see callCounter) and then sees every status, the guard's
  // and auth's refusals included; the guard sees every call before authentication does.
  const interceptors: ServerInterceptor[] = [
    ...(deps.callStats ? [callCounter(deps.callStats, clock, log)] : []),
    callGuard(opts, limitLog),
    ...(deps.auth ? [authInterceptor(deps.auth, log)] : []),
  ];
  const server = new Server({
    "grpc.max_receive_message_length": opts.maxMessageBytes,
    "grpc.max_send_message_length": opts.maxMessageBytes,
    "grpc.keepalive_time_ms": opts.keepaliveTimeMs,
    "grpc.keepalive_timeout_ms": opts.keepaliveTimeoutMs,
    "grpc.max_concurrent_streams": opts.maxConcurrentStreams,
    // Off: its per-call bookkeeping costs lookups CPU, and the call counter uses the same hooks.
    "grpc.enable_channelz": 0,
    interceptors,
  });
  guardDeserializers(server);
  const streams = new StreamSet(opts, limitLog);
  const health = new Health();
  server.addService(
    BROKER_SERVICE_DEFINITION,
    brokerService(registry, streams, log, {
      clock,
      firstHeartbeatTimeoutMs: opts.firstHeartbeatTimeoutMs,
      limitLog,
    }),
  );
  const routeBytes = new RouteBytesCache(registry.routes);
  const watchBudget = new WatchBudget(opts.watchMaxQueuedBytes, opts.watchQueuedBytesBudget);
  server.addService(ROUTE_SERVICE_DEFINITION, {
    ...routeService(registry, routeBytes, log, deps.facts),
    watchRoutes: watchRoutesHandler(
      hub,
      new WatchEncoder(routeBytes, registry.epoch),
      routeBytes,
      streams,
      log,
      watchBudget,
    ),
  });
  server.addService(AdminServiceService, adminService(registry, deps, log));
  health.addTo(server);
  if (deps.warmUp.active) {
    health.setWarmingUp("namesrv.v1.RouteService", true);
    deps.warmUp.onDone(() => health.setWarmingUp("namesrv.v1.RouteService", false));
  }
  addReflection(server);

  const remoting = deps.remoting ?? null;
  const listener = await listen(
    server,
    { ...opts, tls: deps.tls, remotingSink: remoting === null ? null : (socket) => remoting.accept(socket) },
    clock,
    log,
    limitLog,
  );
  const port = listener.port;
  const host = opts.listen.slice(0, opts.listen.lastIndexOf(":"));

  let stopping: Promise<void> | null = null;
  const shutdown = () => {
    stopping ??= new Promise<void>((resolve) => {
      listener.close();
      remoting?.close();
      health.notServing();
      health.endWatches();
      streams.endAll();
      const force = clock.setTimeout(() => {
        log.warn({ timeoutMs: opts.shutdownTimeoutMs }, "shutdown timeout: closing remaining connections");
        server.forceShutdown();
        // forceShutdown destroys the HTTP/2 sessions, but a socket whose client does not read can
        // linger (with grpc-js keepalive timers) for tens of seconds: destroy every one now.
        listener.destroyAll();
        resolve();
      }, opts.shutdownTimeoutMs);
      server.tryShutdown(() => {
        force.cancel();
        resolve();
      });
    }).finally(() => routeBytes.close());
    return stopping;
  };
  return {
    address: `${host}:${port}`,
    port,
    streams,
    setTls: (options) => listener.setTls(options),
    shutdown,
    watchQueuedBytes: () => watchBudget.queued,
  };
}
