import type { IncomingMessage, ServerResponse } from "node:http";
import type { TLSSocket } from "node:tls";
import type { Registry as PromRegistry } from "prom-client";
import type { AuthGate } from "../auth/auth-gate.js";
import type { Clock } from "../clock/clock.js";
import { DomainError, Unauthenticated } from "../errors/domain-error.js";
import type { Logger } from "../log/logger.js";
import type { Registry } from "../registry/registry.js";
import type { WatchHub } from "../watch/watch-hub.js";
import { overview, routeView, searchTopics } from "./dashboard-api.js";
import type { RequestHandler } from "./http-listener.js";
import { HTTP_STATUS_OF } from "./http-status.js";
import { routeFeed, sseWriter } from "./route-feed.js";
import { staticFile } from "./static-files.js";
import type { StatsSampler } from "./stats-sampler.js";

/** The "service" names the auth gate knows the HTTP endpoints by (src/auth/principals.ts). */
export const HTTP_METRICS_SERVICE = "namesrv.http.Metrics";
export const HTTP_DASHBOARD_SERVICE = "namesrv.http.Dashboard";

const OPENMETRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

export interface HttpRoutesDeps {
  readonly registry: Registry;
  readonly hub: WatchHub;
  readonly prom: PromRegistry;
  /** OpenMetrics twin of `prom` (same metrics), for scrapers that ask for it. */
  openMetrics(): PromRegistry;
  readonly sampler: StatsSampler;
  readonly auth: AuthGate | null;
  readonly clock: Clock;
  readonly startedAt: number;
  readonly version: string;
  /** Serving routes: false during the warm-up and once shutdown began. */
  ready(): boolean;
  /** The built dashboard (dist/web). */
  readonly webRoot: string;
  readonly log: Logger;
  /** Streams the shutdown must end (event streams never end by themselves). */
  readonly openStreams: Set<ServerResponse>;
}

/**
 * The HTTP endpoints. Read-only: nothing here changes state, and only GET and HEAD are accepted.
 * - /healthz: 200 while the process runs; /readyz: 200 when serving, 503 during warm-up/shutdown.
 * - /metrics: Prometheus text format, OpenMetrics when the Accept header asks for it.
 * - /api/overview, /api/topics?q=, /api/route?topic=, /api/events (server-sent events): the dashboard's data.
 * - anything else: the dashboard's files.
 * With authentication on, /metrics and /api/* need a principal (bearer token or client
 * certificate), any role; the health endpoints and the page's files (which hold no data) do not.
 */
export function httpRoutes(deps: HttpRoutesDeps): RequestHandler {
  return (req, res) => {
    handle(deps, req, res).catch((err: unknown) => {
      deps.log.error({ err, path: req.url }, "HTTP request failed");
      if (!res.headersSent) sendJson(res, 500, { error: "internal error" });
      else res.destroy();
    });
  };
}

async function handle(deps: HttpRoutesDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { allow: "GET, HEAD", "content-type": "text/plain; charset=utf-8" });
    res.end("read-only: GET and HEAD only\n");
    return;
  }
  const url = new URL(req.url ?? "/", "http://namesrv");
  const path = url.pathname;
  if (path === "/healthz") return sendText(res, 200, "ok\n");
  if (path === "/readyz")
    return deps.ready() ? sendText(res, 200, "ready\n") : sendText(res, 503, "not ready\n");
  if (path === "/metrics") {
    if (!admitted(deps, req, res, HTTP_METRICS_SERVICE)) return;
    const open = (req.headers.accept ?? "").includes("application/openmetrics-text");
    const reg = open ? deps.openMetrics() : deps.prom;
    const body = await reg.metrics();
    res.writeHead(200, { "content-type": open ? OPENMETRICS : deps.prom.contentType });
    res.end(body);
    return;
  }
  if (path.startsWith("/api/")) {
    if (!admitted(deps, req, res, HTTP_DASHBOARD_SERVICE)) return;
    return api(deps, path, url, req, res);
  }
  const file = await staticFile(deps.webRoot, path);
  if (file === null) {
    const index = path.includes(".") ? null : await staticFile(deps.webRoot, "/");
    if (index === null) return sendText(res, 404, "not found (is the dashboard built? npm run build)\n");
    res.writeHead(200, { "content-type": index.type, "cache-control": "no-cache" });
    res.end(index.body);
    return;
  }
  const hashed = path.startsWith("/assets/");
  res.writeHead(200, {
    "content-type": file.type,
    "cache-control": hashed ? "public, max-age=31536000, immutable" : "no-cache",
    "x-content-type-options": "nosniff",
  });
  res.end(file.body);
}

function api(deps: HttpRoutesDeps, path: string, url: URL, req: IncomingMessage, res: ServerResponse): void {
  if (path === "/api/events") {
    events(deps, req, res);
    return;
  }
  try {
    const body = apiAnswer(deps, path, url);
    if (body === undefined) sendJson(res, 404, { error: `no such endpoint: ${path}` });
    else sendJson(res, 200, body);
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    sendJson(res, HTTP_STATUS_OF[err.kind], { error: err.message });
  }
}

/** The JSON answer of a data endpoint; undefined for an unknown one. Domain errors propagate. */
function apiAnswer(deps: HttpRoutesDeps, path: string, url: URL): unknown {
  const { registry } = deps;
  switch (path) {
    case "/api/overview":
      return overview(registry, {
        version: deps.version,
        uptimeMs: deps.clock.now() - deps.startedAt,
        ready: deps.ready(),
      });
    case "/api/topics":
      return searchTopics(registry, url.searchParams.get("q") ?? "");
    case "/api/route": {
      const r = registry.route(url.searchParams.get("topic") ?? "");
      return routeView(r.route, r.topicRevision, r.revision);
    }
    default:
      return undefined;
  }
}

/** The live feed and the chart points, as one server-sent event stream. */
function events(deps: HttpRoutesDeps, req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, {
    "content-type": "text/event-stream; charset=utf-8",
    "cache-control": "no-cache",
    "x-accel-buffering": "no",
  });
  const send = sseWriter(res);
  send("hello", { epoch: deps.registry.epoch.toString(), history: deps.sampler.history() });
  const stopSamples = deps.sampler.onSample((point) => send("stats", point));
  const stopFeed = routeFeed(deps.hub, deps.registry, res, send);
  deps.openStreams.add(res);
  const finish = () => {
    stopSamples();
    stopFeed();
    deps.openStreams.delete(res);
  };
  req.once("close", finish);
  res.once("close", finish);
}

/** Whether the request may proceed; answers 401/403 with the reason when not. */
function admitted(deps: HttpRoutesDeps, req: IncomingMessage, res: ServerResponse, service: string): boolean {
  if (deps.auth === null) return true;
  const header = req.headers.authorization;
  const certCommonName = commonNameOf(req);
  try {
    if (header === undefined && certCommonName === undefined) {
      // The gate's own words name gRPC metadata; say it in HTTP's.
      throw new Unauthenticated(
        'no credentials: send the header "Authorization: Bearer <token>" or a client certificate',
      );
    }
    deps.auth.admit(service, { authorization: header === undefined ? [] : [header], certCommonName });
    return true;
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    deps.log.warn(
      { path: req.url, peer: req.socket.remoteAddress, reason: err.message },
      "HTTP request refused by auth",
    );
    res.writeHead(HTTP_STATUS_OF[err.kind], {
      "content-type": "application/json",
      ...(err.kind === "unauthenticated" ? { "www-authenticate": 'Bearer realm="namesrv"' } : {}),
    });
    res.end(JSON.stringify({ error: err.message }));
    return false;
  }
}

function commonNameOf(req: IncomingMessage): string | undefined {
  const socket = req.socket as Partial<TLSSocket>;
  if (typeof socket.getPeerCertificate !== "function" || socket.authorized !== true) return undefined;
  const cn = socket.getPeerCertificate().subject?.CN;
  return typeof cn === "string" ? cn : undefined;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json", "cache-control": "no-store" });
  res.end(JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { "content-type": "text/plain; charset=utf-8" });
  res.end(body);
}
