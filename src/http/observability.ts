import type { ServerResponse } from "node:http";
import type { SecureContextOptions } from "node:tls";
import type { AuthGate } from "../auth/auth-gate.js";
import type { Clock } from "../clock/clock.js";
import type { NameServerConfig } from "../config/config.js";
import type { Logger } from "../log/logger.js";
import type { GrpcCallStats } from "../metrics/grpc-call-stats.js";
import type { NameServerMetrics } from "../metrics/namesrv-metrics.js";
import type { WatchStats } from "../metrics/watch-stats.js";
import type { Registry } from "../registry/registry.js";
import type { WatchHub } from "../watch/watch-hub.js";
import { listenHttp } from "./http-listener.js";
import { httpRoutes } from "./http-routes.js";
import { StatsSampler } from "./stats-sampler.js";
import { webRoot } from "./web-root.js";

/** The running HTTP side: its address, and what shutdown and certificate reloads need. */
export interface HttpSide {
  readonly address: string;
  setTls(options: SecureContextOptions): void;
  /** Ends the event streams, closes connections and stops the sampler. Idempotent. */
  close(): Promise<void>;
}

export interface HttpSideDeps {
  readonly config: Pick<NameServerConfig, "httpListen" | "tlsMode" | "tlsClientAuth">;
  readonly tls: SecureContextOptions | null;
  readonly auth: AuthGate | null;
  readonly registry: Registry;
  readonly hub: WatchHub;
  readonly metrics: NameServerMetrics;
  readonly watch: WatchStats;
  readonly grpc: GrpcCallStats;
  readonly clock: Clock;
  readonly startedAt: number;
  readonly version: string;
  ready(): boolean;
  readonly log: Logger;
}

const LOOKUP_PATH = "/namesrv.v1.RouteService/GetRouteInfoByTopic";

/** Starts the HTTP listener with the metrics, health endpoints and dashboard. */
export async function startHttpSide(deps: HttpSideDeps): Promise<HttpSide> {
  const lookups = deps.grpc.method(LOOKUP_PATH, "unary");
  const sampler = new StatsSampler(
    {
      lookups: () => lookups.started,
      heartbeats: () => deps.metrics.liveness.heartbeats,
      subscribers: () => deps.hub.size,
      notify: deps.watch.notify,
    },
    deps.clock,
    deps.startedAt,
  );
  const openStreams = new Set<ServerResponse>();
  const handler = httpRoutes({
    registry: deps.registry,
    hub: deps.hub,
    prom: deps.metrics.prom,
    openMetrics: () => deps.metrics.openMetrics(),
    sampler,
    auth: deps.auth,
    clock: deps.clock,
    startedAt: deps.startedAt,
    version: deps.version,
    ready: deps.ready,
    webRoot: webRoot(),
    log: deps.log,
    openStreams,
  });
  let listener: Awaited<ReturnType<typeof listenHttp>>;
  try {
    listener = await listenHttp(
      {
        listen: deps.config.httpListen,
        tlsMode: deps.config.tlsMode,
        tlsClientAuth: deps.config.tlsClientAuth,
        tls: deps.tls,
      },
      handler,
      deps.clock,
      deps.log,
    );
  } catch (err) {
    sampler.close();
    throw err;
  }
  let closing: Promise<void> | null = null;
  return {
    address: listener.address,
    setTls: (options) => listener.setTls(options),
    close() {
      closing ??= (async () => {
        sampler.close();
        for (const res of [...openStreams]) res.end();
        await listener.close();
      })();
      return closing;
    },
  };
}
