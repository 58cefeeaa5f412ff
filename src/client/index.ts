/**
 * The namesrv TypeScript SDK: what brokers and clients run.
 *
 * - `BrokerAgent`: keeps a broker registered with every NameServer (heartbeat streams,
 *   re-registration, full-jitter reconnects, unregister on close).
 * - `RouteClient`: finds routes on a set of NameServers (random sticky choice, random failover,
 *   deadlines), optionally with a local cache kept fresh by `WatchRoutes` or by polling.
 * - `RouteWatcher`: a local copy of some routes kept fresh by one `WatchRoutes` stream.
 *
 * Each takes `security` (ClientSecurity: TLS with a CA, a client certificate and a server-name
 * override, and a bearer token); the default is plaintext without a token.
 *
 * None of it imports the server or the domain; it talks to NameServers through the generated
 * clients in gen/ts. Every object with a timer or stream has an idempotent `close()`.
 *
 * Installed as a package it is `import { RouteClient } from "namesrv/client"` (package.json
 * `exports`); docs/clients/typescript.md shows it in use.
 */

// The generated message types that the SDK's API takes and returns.
export type {
  BrokerData,
  DataVersion,
  QueueData,
  TopicConfig,
  TopicRouteData,
} from "../../gen/ts/namesrv/v1/route.js";
export { parseNameServerList } from "./addresses.js";
export { backoffCeiling, fullJitterDelay } from "./backoff.js";
export {
  BrokerAgent,
  type BrokerAgentEvents,
  type BrokerAgentOptions,
  type BrokerIdentity,
  type BrokerLinkState,
  type BrokerLinkStatus,
  type Registration,
  type UnregisterOutcome,
} from "./broker-agent.js";
export { isUnreachable, NameServerError } from "./errors.js";
export type { SdkLogger } from "./logger.js";
export {
  type RouteCacheChange,
  type RouteCacheOptions,
  RouteClient,
  type RouteClientEvents,
  type RouteClientOptions,
  type RouteInfo,
} from "./route-client.js";
export {
  type RouteChange,
  RouteWatcher,
  type RouteWatcherEvents,
  type RouteWatcherOptions,
} from "./route-watcher.js";
export {
  bearerTokenInterceptor,
  ChannelSecurity,
  type ClientSecurity,
  ClientSecurityError,
  type ClientTlsOptions,
  resolveClientSecurity,
} from "./security.js";
