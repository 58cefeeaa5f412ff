/**
 * The server's one typed, documented, validated config. Every field is described once in
 * `CONFIG_FIELDS`; validation, flag names, env names and the help text are derived from it, so adding
 * a field is one interface line, one spec entry and one default (the compiler insists on all three).
 * Reading files, env and flags happens in `load.ts`, called only by the entry point.
 */

import { join } from "node:path";
import { InvalidArgument } from "../errors/domain-error.js";
import { parseHostPort } from "../net/host-port.js";

/** Log levels accepted by pino, most severe first; "silent" logs nothing. */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** TLS on the listener (RocketMQ's names): off, TLS and plaintext on one port, or TLS only. */
export const TLS_MODES = ["disabled", "permissive", "enforcing"] as const;
export type TlsMode = (typeof TLS_MODES)[number];

/** Client certificates: not asked for, verified when presented, or required and verified. */
export const TLS_CLIENT_AUTHS = ["none", "optional", "require"] as const;
export type TlsClientAuth = (typeof TLS_CLIENT_AUTHS)[number];

/** How log lines look: JSON, pretty, or pretty on a terminal only. */
export const LOG_FORMATS = ["auto", "json", "pretty"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface NameServerConfig {
  /**
   * "host:port" to listen on; host is a hostname, IPv4 address or bracketed IPv6 ("[::1]:9876");
   * port 0 picks a free port. Default "0.0.0.0:9876": all interfaces on RocketMQ's NameServer port,
   * so operators find it where they expect.
   */
  listen: string;
  /**
   * Silent-expiry timeout for brokers that register with heartbeat_timeout_ms = 0, in ms
   * (1000..600000). Default 10000: ten missed 1 s heartbeats. RocketMQ uses 120000 because brokers
   * re-register every 30 s; we heartbeat on a stream, so we can afford to notice a dead broker 12x
   * sooner.
   */
  heartbeatTimeoutMs: number;
  /**
   * Heartbeat interval advised to brokers in the register response, in ms (100..60000; must be less
   * than heartbeatTimeoutMs). Default 1000: cheap on a stream, and ten beats fit in one timeout,
   * so a few lost beats never expire a live broker.
   */
  heartbeatIntervalMs: number;
  /**
   * How long a broker whose heartbeat stream broke stays routable while it reconnects, in ms
   * (0..600000). Default 2000: long enough for a client reconnect with backoff, short enough that a
   * crashed broker leaves the routes within about 2 s.
   */
  streamLossGraceMs: number;
  /**
   * How often deadlines are checked, in ms (10..10000). Default 250: bounds the extra delay after a
   * deadline to a quarter second while costing almost nothing when idle.
   */
  sweepIntervalMs: number;
  /**
   * Mass-expiry protection (docs/faults.md): a NameServer that was itself stalled defers expiry until
   * it has read the heartbeats that arrived meanwhile, and when more than
   * massExpiryThresholdPercent of the brokers (3 or more) would leave within one heartbeat timeout,
   * the removals are held for one more heartbeat timeout and released only if those brokers stay
   * silent. Default true: pushing "every topic removed" to every subscriber because of our own
   * pause is the worst failure a registry can have (the Nacos "pushed 0 instances" bug), and the
   * price is that a real mass failure leaves the routes one timeout later.
   */
  massExpiryProtection: boolean;
  /**
   * The share of brokers, in percent (1..100), that may leave within one heartbeat timeout before
   * mass-expiry protection holds the removals. Default 50: losing one of two broker groups is a
   * plausible failure and goes through; losing most at once is more likely our own (or our
   * network's) fault. 100 never holds.
   */
  massExpiryThresholdPercent: number;
  /**
   * Most topics one broker registration may carry (1..1000000). Default 100000: RocketMQ breaks near
   * 70000 topics on its 16 MiB frame; we must not, with headroom.
   */
  maxTopicsPerRegistration: number;
  /**
   * Largest gRPC message received or sent, in bytes (1048576..1073741824). Default 67108864 (64 MiB):
   * a registration of 100000 topics fits.
   */
  maxMessageBytes: number;
  /**
   * Most long-lived streams (heartbeat and watch) one client connection may hold open at once
   * (1..100000). Default 100: a broker needs one heartbeat stream per NameServer and a client a
   * few watches; 100 leaves room for an agent hosting many brokers while one connection cannot
   * pin unbounded server state. The next stream gets RESOURCE_EXHAUSTED.
   */
  maxStreamsPerConnection: number;
  /**
   * Most WatchRoutes streams open at once, over all connections (1..1000000). Default 20000: twice
   * the 10000-subscriber fan-out the server is benchmarked for; each costs about 12 KiB. The next
   * watch gets RESOURCE_EXHAUSTED.
   */
  maxWatchSubscribers: number;
  /**
   * Most heartbeat streams open at once that carry no registered broker yet (1..1000000). Default
   * 1000: brokers open their stream right after registering, so pending streams are few; a flood
   * of idle streams is refused with RESOURCE_EXHAUSTED instead of holding memory.
   */
  maxPendingHeartbeatStreams: number;
  /**
   * The server pings a connection after this long without activity, in ms (1000..3600000), and
   * closes it when the ping is not answered within keepaliveTimeoutMs. Default 30000: finds
   * connections to machines that vanished without a FIN well before a silent broker's own expiry
   * matters for the next ones, at one tiny frame per idle connection per 30 s.
   */
  keepaliveTimeMs: number;
  /** How long a keepalive ping may stay unanswered before the connection is closed, in ms (1000..600000). Default 10000. */
  keepaliveTimeoutMs: number;
  // --- Abuse limits (issue 13): each refusal names its flag; see docs/operating-limits.md. ---
  /**
   * HTTP/2 SETTINGS_MAX_CONCURRENT_STREAMS advertised to each connection: calls (unary or streaming)
   * one connection may have open at once (1..100000). Default 200: twice the long-lived streams a
   * connection may hold (maxStreamsPerConnection), ample for pipelined lookups (clients queue
   * beyond it). grpc-js advertised 2^32-1: 100,000 never-finished calls on one connection held
   * 588 MB. A call the server answered stays open until its client closes its side (Node cannot
   * safely reset it: a Node client then hangs in session.destroy), so this times
   * maxConnectionsPerAddress is what one address can pin: 20,000 streams, ~130 MB.
   */
  maxConcurrentStreams: number;
  /**
   * Most TCP connections open at once from one IP address (1..1000000). Default 100: a host runs a
   * few brokers and clients with a connection or two each per NameServer; more is a flood that would
   * exhaust file descriptors and, with maxConcurrentStreams, memory. Clients behind one NAT
   * address (a Kubernetes node's SNAT) may need more. The next connection is closed at once (logged).
   */
  maxConnectionsPerAddress: number;
  /**
   * Most TLS handshakes in progress at once, over all addresses (1..1000000). Default 1000: a
   * handshake takes milliseconds, so even a thousand clients reconnecting together after a restart
   * rarely hold a few hundred at once; each costs about 80 KiB until it ends or its 10 s timeout,
   * and a slow-TLS attacker on many addresses (each within maxConnectionsPerAddress) held 2,577
   * at once in bench:abuse. The next TLS connection is closed at once (logged) and its client
   * retries: about 80 MiB at the default.
   */
  maxPendingTlsHandshakes: number;
  /**
   * Most unary calls in flight at once (their HTTP/2 stream open: received and not finished, one
   * that never sends its message included) from one IP address
   * (1..1000000). Default 1000: a lookup is answered in well under a millisecond, so even a busy
   * client host has a few dozen in flight; 100,000 never-finished calls held 588 MB before. The
   * next call gets RESOURCE_EXHAUSTED.
   */
  maxUnaryCallsPerAddress: number;
  /**
   * Most streaming calls open at once (watches, heartbeats, health watches, reflection) from one
   * IP address (1..1000000). Default 20000: one benchmark host runs 10,000 watchers; this bounds
   * what one address can pin even where the other stream limits are per principal. The next
   * stream gets RESOURCE_EXHAUSTED.
   */
  maxStreamsPerAddress: number;
  /**
   * Most grpc.health.v1.Health/Watch streams open at once from one IP address (1..1000000). Health
   * is public (no credentials), so it gets its own small limit. Default 100: a load balancer or
   * probe watches a handful of services; 50,000 unauthenticated health watches held 436 MiB
   * before. RESOURCE_EXHAUSTED.
   */
  maxHealthWatchesPerAddress: number;
  /**
   * Most heartbeat streams without a registered broker yet on one connection (1..100000).
   * Default 10: a broker opens its stream and beats at once, so a connection rarely has more than
   * one pending; an agent hosting many brokers opens them one after another. RESOURCE_EXHAUSTED.
   */
  maxPendingHeartbeatStreamsPerConnection: number;
  /**
   * Most heartbeat streams without a registered broker yet from one client: its principal when
   * authentication is on, else its IP address (1..1000000). Default 100: a tenth of the global
   * maxPendingHeartbeatStreams, so that one client (even one holding a valid broker token) cannot
   * lock out the others. RESOURCE_EXHAUSTED.
   */
  maxPendingHeartbeatStreamsPerClient: number;
  /**
   * A heartbeat stream whose first heartbeat does not arrive within this long is closed with
   * RESOURCE_EXHAUSTED, in ms (1000..600000). Default 5000: a broker beats right after opening
   * (its interval is 1 s); an idle stream would otherwise hold a pending place forever.
   */
  firstHeartbeatTimeoutMs: number;
  /**
   * Most WatchRoutes streams of one client (principal, else IP address) (1..1000000). Default
   * 10000: half of maxWatchSubscribers, the fan-out one benchmark host drives; one client cannot
   * take all watch places. RESOURCE_EXHAUSTED.
   */
  maxWatchesPerClient: number;
  /**
   * Largest size a compressed (gzip/deflate) request message may inflate to, in bytes
   * (1024..1073741824). Default 16777216 (16 MiB): a compressed registration of many thousand
   * topics fits; larger ones can be sent uncompressed (up to maxMessageBytes). A 61 KB gzip bomb
   * inflating to 60 MiB is refused with RESOURCE_EXHAUSTED after 16 MiB.
   */
  maxInflatedMessageBytes: number;
  /**
   * Most bytes being inflated at once over all calls (1048576..4294967296). Default 67108864
   * (64 MiB): four maximal compressed messages at a time; 24 concurrent bombs took 1.96 GB
   * before. A message that would go over is refused with RESOURCE_EXHAUSTED (retry later).
   */
  maxInflatingBytes: number;
  /**
   * A refusal by a limit is logged at warn once per limit and offender (address or principal) per
   * this interval, in ms (1000..3600000); the rest are counted in the next line. Default 60000:
   * every offender is seen, while a flood of refusals cannot flood the log.
   */
  limitLogIntervalMs: number;
  /**
   * Most bytes of frames one WatchRoutes stream may have queued in the transport (written, not yet
   * sent to its socket) before the server waits for it to drain, in bytes (65536..1073741824); a
   * stream may exceed it by one frame (up to 1 MiB). Default 2097152 (2 MiB): two full frames keep
   * a reading client busy at any speed, while a stream that stops reading pins 2 MiB instead of
   * 16 frames of 1 MiB (100 such streams held +1.7 GB). A snapshot is written as the stream drains.
   */
  watchMaxQueuedBytes: number;
  /**
   * Most bytes of frames all WatchRoutes streams together may have queued in the transport
   * (1048576..17179869184). Default 268435456 (256 MiB): 1,000 clients snapshotting at once, as
   * after a restart, take turns instead of each holding a whole snapshot in memory.
   */
  watchQueuedBytesBudget: number;
  // --- end of abuse limits ---
  /**
   * On SIGTERM, time allowed for in-flight calls before connections are forced closed, in ms
   * (0..600000). Default 5000: unary calls finish in milliseconds; anything slower is stuck, and
   * orchestrators usually kill after 10-30 s anyway.
   */
  shutdownTimeoutMs: number;
  /**
   * An idle route watch receives a progress mark after this long without a frame, in ms
   * (100..3600000), jittered to 80..120 % so that marks of many streams spread out. Default 10000:
   * clients can checkpoint their revision often, at a cost of one tiny frame per stream per 10 s.
   */
  watchProgressIntervalMs: number;
  /**
   * A route watch that cannot take data (its transport stays backed up) for this long is reset
   * (HTTP/2 RST_STREAM ENHANCE_YOUR_CALM: clients see RESOURCE_EXHAUSTED) so that its queued frames
   * are freed at once and it resumes, in ms (1000..3600000). Default 15000: far beyond any
   * healthy client's pause, short enough that a stuck one holds no server memory for long
   * (Kubernetes closes unresponsive watchers the same way; etcd's never-evicted ones ran it OOM).
   */
  watchStuckTimeoutMs: number;
  /**
   * Topic removals remembered so that watches can resume across them (1..10000000). Default
   * 100000: a resume from before the oldest remembered removal gets RESET and a fresh snapshot.
   */
  watchRetainedRemovals: number;
  /**
   * Directory of the NameServer's persistent state (the KV config), created at start if missing; the
   * start fails, naming it and the cause, when it cannot be written.
   * Default "data", relative to the working directory: predictable for a process started by hand;
   * services and containers set an absolute path on a volume.
   */
  dataDir: string;
  /**
   * Path of the KV config file (RocketMQ's kvConfig.json format). Default "": `<dataDir>/kvConfig.json`,
   * so that one setting moves all state; set it to reuse the file of a RocketMQ NameServer.
   */
  kvConfigPath: string;
  /**
   * After start, route lookups answer UNAVAILABLE "warming up" and watch snapshots wait for this
   * long, in ms (0..600000), so that a restarted NameServer never serves routes emptied by its own
   * restart while brokers register again. Default 0 (off): with one NameServer a client would rather
   * see what is there; with several, set it to about one heartbeat timeout (RocketMQ's
   * waitSecondsForService) so that clients ask a warm peer meanwhile.
   */
  warmUpMs: number;
  /**
   * Present the smallest live slave of a broker group that has no master as its master (id 0),
   * marked acting and read-only, so that clients that read only from the master keep consuming
   * (RocketMQ's supportActingMaster). Default false: RocketMQ's default, and clients that know
   * slaves need no pretence.
   */
  actingMaster: boolean;
  // --- RocketMQ remoting protocol (issue 17) ---
  /**
   * Serve RocketMQ's own remoting protocol on the same port as gRPC (the first bytes decide), so
   * that unchanged RocketMQ brokers, clients and mqadmin can use this NameServer. Default true:
   * pointing an existing cluster's namesrvAddr here should just work.
   */
  remoting: boolean;
  /**
   * Largest remoting frame received, in bytes (65536..1073741824); also the most a compressed
   * registration may inflate to. Default 16777216 (16 MiB): RocketMQ's own frame limit
   * (com.rocketmq.remoting.frameMaxLength), so whatever a RocketMQ NameServer accepts fits.
   */
  remotingMaxFrameBytes: number;
  /**
   * A remoting frame that has begun must be complete within this, in ms (1000..600000); a slower
   * sender is disconnected. Default 30000: a 16 MiB frame at 1 MB/s fits twice; a sender that
   * trickles bytes to hold memory does not.
   */
  remotingFrameTimeoutMs: number;
  // --- end remoting ---
  /**
   * TLS on the listener: "disabled" (plaintext only), "permissive" (TLS and plaintext on the same
   * port, told apart by the first byte: for migrating clients one at a time) or "enforcing" (TLS
   * only; a plaintext client's calls fail with UNAVAILABLE). Default "disabled": a laptop needs no
   * certificates; RocketMQ's names, so operators know them.
   */
  tlsMode: TlsMode;
  /** PEM certificate chain of the server; required unless tlsMode is "disabled". Reloaded when it changes. */
  tlsCertFile: string;
  /** PEM private key of tlsCertFile; required unless tlsMode is "disabled". Reloaded when it changes. */
  tlsKeyFile: string;
  /** PEM CA certificates that client certificates must chain to; required when tlsClientAuth is not "none". Reloaded when it changes. */
  tlsClientCaFile: string;
  /**
   * Client certificates (mTLS): "none" (not asked for), "optional" (asked for; one that does not
   * chain to tlsClientCaFile fails the handshake, none at all is fine) or "require". Default
   * "none". A verified certificate's common name can be a principal in authFile.
   */
  tlsClientAuth: TlsClientAuth;
  /**
   * JSON file of principals (bearer-token SHA-256 hashes and certificate common names) and their
   * roles; see docs/security.md. "" (the default) turns authentication off: fine on a loopback
   * listener, and loudly warned about on any other. Reloaded when it changes.
   */
  authFile: string;
  /**
   * How often the certificate, key, CA and auth files are checked for changes, in ms (100..600000).
   * Default 1000: a rotated certificate is served within a second, for three stat calls a second.
   */
  reloadCheckIntervalMs: number;
  /** Log level (one of LOG_LEVELS). Default "info": state changes are logged, per-message events are not. */
  logLevel: LogLevel;
  /**
   * "host:port" of the HTTP listener (/metrics, /healthz, /readyz, the dashboard); "" or "off" turns
   * it off (and with it every metric). Default "127.0.0.1:9877": next to RocketMQ's 9876, and on
   * loopback so that nothing is exposed unless asked for (a non-loopback address is warned about
   * as the gRPC listener is). TLS and auth follow tlsMode and authFile; see docs/observability.md.
   */
  httpListen: string;
  /**
   * Log lines: "json" (one JSON object a line, for collectors), "pretty" (coloured, readable, via
   * pino-pretty) or "auto" (the default: pretty when stdout is a terminal, JSON otherwise, so
   * journald and log shippers get JSON without being told).
   */
  logFormat: LogFormat;
}

export type ConfigKey = keyof NameServerConfig;

/** Values used for whatever no file, env variable or flag sets. Frozen; copy before changing. */
export const DEFAULT_CONFIG: Readonly<NameServerConfig> = Object.freeze({
  listen: "0.0.0.0:9876",
  heartbeatTimeoutMs: 10_000,
  heartbeatIntervalMs: 1_000,
  streamLossGraceMs: 2_000,
  sweepIntervalMs: 250,
  massExpiryProtection: true,
  massExpiryThresholdPercent: 50,
  maxTopicsPerRegistration: 100_000,
  maxMessageBytes: 64 * 1024 * 1024,
  maxStreamsPerConnection: 100,
  maxWatchSubscribers: 20_000,
  maxPendingHeartbeatStreams: 1_000,
  keepaliveTimeMs: 30_000,
  keepaliveTimeoutMs: 10_000,
  maxConcurrentStreams: 200,
  maxConnectionsPerAddress: 100,
  maxPendingTlsHandshakes: 1_000,
  maxUnaryCallsPerAddress: 1_000,
  maxStreamsPerAddress: 20_000,
  maxHealthWatchesPerAddress: 100,
  maxPendingHeartbeatStreamsPerConnection: 10,
  maxPendingHeartbeatStreamsPerClient: 100,
  firstHeartbeatTimeoutMs: 5_000,
  maxWatchesPerClient: 10_000,
  maxInflatedMessageBytes: 16 * 1024 * 1024,
  maxInflatingBytes: 64 * 1024 * 1024,
  limitLogIntervalMs: 60_000,
  watchMaxQueuedBytes: 2 * 1024 * 1024,
  watchQueuedBytesBudget: 256 * 1024 * 1024,
  shutdownTimeoutMs: 5_000,
  watchProgressIntervalMs: 10_000,
  watchStuckTimeoutMs: 15_000,
  watchRetainedRemovals: 100_000,
  dataDir: "data",
  kvConfigPath: "",
  warmUpMs: 0,
  actingMaster: false,
  remoting: true,
  remotingMaxFrameBytes: 16_777_216,
  remotingFrameTimeoutMs: 30_000,
  tlsMode: "disabled",
  tlsCertFile: "",
  tlsKeyFile: "",
  tlsClientCaFile: "",
  tlsClientAuth: "none",
  authFile: "",
  reloadCheckIntervalMs: 1_000,
  logLevel: "info",
  httpListen: "127.0.0.1:9877",
  logFormat: "auto",
});

/** Raised for any invalid setting; the message is one line naming the source, the key and the rule. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  /** The fields the broken rule is about, so a loader can say where their values came from. */
  constructor(
    message: string,
    readonly keys: readonly ConfigKey[] = [],
  ) {
    super(message);
  }
}

export type FieldKind =
  | { readonly type: "integer"; readonly min: number; readonly max: number }
  /** `optional`: "" and "off" are allowed too, meaning no listener. */
  | { readonly type: "listen-address"; readonly optional?: boolean }
  | { readonly type: "enum"; readonly values: readonly string[] }
  | { readonly type: "boolean" }
  /** A file system path; `optional` allows "" (meaning: derived from another field). */
  | { readonly type: "path"; readonly optional: boolean };

/** Longest path accepted. */
export const MAX_PATH_LENGTH = 4096;

export interface FieldSpec {
  readonly kind: FieldKind;
  /** One line for the help text: what the value is and its unit. The reasons live on the interface. */
  readonly doc: string;
}

const int = (min: number, max: number): FieldKind => ({ type: "integer", min, max });

/** The spec table: one entry per field, in help-text order. */
export const CONFIG_FIELDS: { readonly [K in ConfigKey]: FieldSpec } = {
  listen: { kind: { type: "listen-address" }, doc: "host:port to listen on; port 0 picks a free port" },
  heartbeatTimeoutMs: { kind: int(1_000, 600_000), doc: "broker expiry timeout when the broker sends 0, ms" },
  heartbeatIntervalMs: { kind: int(100, 60_000), doc: "heartbeat interval advised to brokers, ms" },
  streamLossGraceMs: {
    kind: int(0, 600_000),
    doc: "how long a broker stays routable after its stream breaks, ms",
  },
  sweepIntervalMs: { kind: int(10, 10_000), doc: "how often expiry deadlines are checked, ms" },
  massExpiryProtection: {
    kind: { type: "boolean" },
    doc: "defer expiry after a stall; hold removals of too many brokers at once",
  },
  massExpiryThresholdPercent: {
    kind: int(1, 100),
    doc: "hold removals when more than this % of brokers would leave within a timeout",
  },
  maxTopicsPerRegistration: { kind: int(1, 1_000_000), doc: "most topics one broker registration may carry" },
  maxMessageBytes: {
    kind: int(1_048_576, 1_073_741_824),
    doc: "largest gRPC message received or sent, bytes",
  },
  maxStreamsPerConnection: { kind: int(1, 100_000), doc: "most heartbeat and watch streams per connection" },
  maxWatchSubscribers: { kind: int(1, 1_000_000), doc: "most WatchRoutes streams open at once" },
  maxPendingHeartbeatStreams: {
    kind: int(1, 1_000_000),
    doc: "most heartbeat streams open with no registered broker yet",
  },
  keepaliveTimeMs: { kind: int(1_000, 3_600_000), doc: "ping a connection idle this long, ms" },
  keepaliveTimeoutMs: {
    kind: int(1_000, 600_000),
    doc: "close a connection whose ping is unanswered this long, ms",
  },
  maxConcurrentStreams: { kind: int(1, 100_000), doc: "most calls open at once on one connection (HTTP/2)" },
  maxConnectionsPerAddress: { kind: int(1, 1_000_000), doc: "most connections open from one IP address" },
  maxPendingTlsHandshakes: { kind: int(1, 1_000_000), doc: "most TLS handshakes in progress at once" },
  maxUnaryCallsPerAddress: { kind: int(1, 1_000_000), doc: "most unary calls in flight from one IP address" },
  maxStreamsPerAddress: { kind: int(1, 1_000_000), doc: "most streaming calls open from one IP address" },
  maxHealthWatchesPerAddress: {
    kind: int(1, 1_000_000),
    doc: "most Health/Watch streams open from one IP address",
  },
  maxPendingHeartbeatStreamsPerConnection: {
    kind: int(1, 100_000),
    doc: "most heartbeat streams with no broker yet per connection",
  },
  maxPendingHeartbeatStreamsPerClient: {
    kind: int(1, 1_000_000),
    doc: "most heartbeat streams with no broker yet per principal or address",
  },
  firstHeartbeatTimeoutMs: {
    kind: int(1_000, 600_000),
    doc: "close a heartbeat stream with no first heartbeat after this, ms",
  },
  maxWatchesPerClient: { kind: int(1, 1_000_000), doc: "most WatchRoutes streams per principal or address" },
  maxInflatedMessageBytes: {
    kind: int(1_024, 1_073_741_824),
    doc: "largest size a compressed request may inflate to, bytes",
  },
  maxInflatingBytes: { kind: int(1_048_576, 4_294_967_296), doc: "most bytes inflating at once, all calls" },
  limitLogIntervalMs: {
    kind: int(1_000, 3_600_000),
    doc: "log a limit refusal once per offender per this, ms",
  },
  watchMaxQueuedBytes: {
    kind: int(65_536, 1_073_741_824),
    doc: "most frame bytes one route watch may have queued, bytes",
  },
  watchQueuedBytesBudget: {
    kind: int(1_048_576, 17_179_869_184),
    doc: "most frame bytes all route watches may have queued, bytes",
  },
  shutdownTimeoutMs: {
    kind: int(0, 600_000),
    doc: "on SIGTERM, time for in-flight calls before closing, ms",
  },
  watchProgressIntervalMs: {
    kind: int(100, 3_600_000),
    doc: "progress mark interval of idle route watches, ms",
  },
  watchStuckTimeoutMs: { kind: int(1_000, 3_600_000), doc: "close a route watch backed up this long, ms" },
  watchRetainedRemovals: { kind: int(1, 10_000_000), doc: "topic removals remembered for watch resume" },
  dataDir: { kind: { type: "path", optional: false }, doc: "directory of persistent state (KV config)" },
  kvConfigPath: {
    kind: { type: "path", optional: true },
    doc: 'KV config file; "" = <dataDir>/kvConfig.json',
  },
  warmUpMs: { kind: int(0, 600_000), doc: "after start, refuse route lookups this long, ms; 0 = off" },
  actingMaster: { kind: { type: "boolean" }, doc: "show a masterless group's smallest slave as master" },
  remoting: { kind: { type: "boolean" }, doc: "serve RocketMQ's remoting protocol on the same port" },
  remotingMaxFrameBytes: { kind: int(65_536, 1_073_741_824), doc: "largest remoting frame received, bytes" },
  remotingFrameTimeoutMs: {
    kind: int(1_000, 600_000),
    doc: "a remoting frame begun must complete within, ms",
  },
  tlsMode: {
    kind: { type: "enum", values: TLS_MODES },
    doc: "TLS on the listener: disabled, permissive or enforcing",
  },
  tlsCertFile: { kind: { type: "path", optional: true }, doc: "server certificate chain (PEM)" },
  tlsKeyFile: { kind: { type: "path", optional: true }, doc: "server private key (PEM)" },
  tlsClientCaFile: {
    kind: { type: "path", optional: true },
    doc: "CA certificates for client certificates (PEM)",
  },
  tlsClientAuth: {
    kind: { type: "enum", values: TLS_CLIENT_AUTHS },
    doc: "client certificates: none, optional or require",
  },
  authFile: { kind: { type: "path", optional: true }, doc: 'principals and roles (JSON); "" = auth off' },
  reloadCheckIntervalMs: { kind: int(100, 600_000), doc: "how often TLS and auth files are checked, ms" },
  logLevel: { kind: { type: "enum", values: LOG_LEVELS }, doc: "log level" },
  httpListen: {
    kind: { type: "listen-address", optional: true },
    doc: 'HTTP listener of /metrics, /healthz, /readyz and the dashboard; "" or off = none',
  },
  logFormat: {
    kind: { type: "enum", values: LOG_FORMATS },
    doc: "log lines: json, pretty, or auto (pretty on a terminal)",
  },
};

export const CONFIG_KEYS = Object.keys(CONFIG_FIELDS) as ConfigKey[];

/** "heartbeatTimeoutMs" -> "--heartbeat-timeout-ms". */
export function flagName(key: ConfigKey): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** "heartbeatTimeoutMs" -> "NAMESRV_HEARTBEAT_TIMEOUT_MS". */
export function envName(key: ConfigKey): string {
  return `NAMESRV_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/**
 * Converts text (an env value, a flag value, or a string in the config file) to the field's type.
 * Text that is not a plain decimal integer stays a string, so `checkField` rejects it with the
 * original text in the message.
 */
export function parseText(key: ConfigKey, text: string): unknown {
  const type = CONFIG_FIELDS[key].kind.type;
  if (type === "integer" && /^-?\d+$/.test(text)) return Number(text);
  if (type === "boolean" && (text === "true" || text === "false")) return text === "true";
  return text;
}

/**
 * Returns the rule `value` breaks for field `key`, as "must ... (got <shown>)", or undefined if it is
 * valid. `shown` is what the user wrote, when `value` was converted from it by `parseText`.
 */
export function checkField(key: ConfigKey, value: unknown, shown: unknown = value): string | undefined {
  const rule = brokenRule(CONFIG_FIELDS[key].kind, value);
  if (rule === undefined) return undefined;
  // JSON quoting shows strings as strings ("abc"); String() keeps NaN and undefined readable.
  const got = typeof shown === "number" ? String(shown) : (JSON.stringify(shown) ?? String(shown));
  return `${rule} (got ${got})`;
}

function brokenRule(kind: FieldKind, value: unknown): string | undefined {
  switch (kind.type) {
    case "integer": {
      const ok =
        Number.isSafeInteger(value) && (value as number) >= kind.min && (value as number) <= kind.max;
      return ok ? undefined : `must be an integer in ${kind.min}..${kind.max}`;
    }
    case "listen-address":
      if (kind.optional && isListenerOff(value)) return undefined;
      return typeof value === "string" && parseHostPort(value)
        ? undefined
        : `must be host:port (hostname, IPv4 or [IPv6] host; port 0..65535)${kind.optional ? ', "" or off' : ""}`;
    case "enum":
      return typeof value === "string" && kind.values.includes(value)
        ? undefined
        : `must be one of ${kind.values.join(", ")}`;
    case "boolean":
      return typeof value === "boolean" ? undefined : "must be true or false";
    case "path": {
      const ok =
        typeof value === "string" &&
        (kind.optional || value !== "") &&
        value.length <= MAX_PATH_LENGTH &&
        !value.includes("\0");
      const what = kind.optional ? "a path or empty" : "a non-empty path";
      return ok ? undefined : `must be ${what} (at most ${MAX_PATH_LENGTH} characters, no NUL)`;
    }
  }
}

/** Whether an optional listen address (httpListen) means "no listener". */
export function isListenerOff(value: unknown): boolean {
  return value === "" || value === "off";
}

/** Rules that involve more than one field, checked after all sources are merged. */
const CROSS_FIELD_RULES: readonly {
  keys: readonly ConfigKey[];
  broken: (c: NameServerConfig) => string | undefined;
}[] = [
  {
    // A broker told to beat no faster than it expires would flap between alive and expired.
    keys: ["heartbeatIntervalMs", "heartbeatTimeoutMs"],
    broken: (c) =>
      c.heartbeatIntervalMs < c.heartbeatTimeoutMs
        ? undefined
        : `heartbeatIntervalMs: must be less than heartbeatTimeoutMs (got ${c.heartbeatIntervalMs}, heartbeatTimeoutMs is ${c.heartbeatTimeoutMs})`,
  },
  {
    // TLS needs a certificate and its key.
    keys: ["tlsMode", "tlsCertFile", "tlsKeyFile"],
    broken: (c) =>
      c.tlsMode === "disabled" || (c.tlsCertFile !== "" && c.tlsKeyFile !== "")
        ? undefined
        : `tlsMode: ${c.tlsMode} needs tlsCertFile and tlsKeyFile`,
  },
  {
    // Certificates configured while TLS is off are almost certainly a forgotten tlsMode.
    keys: ["tlsMode", "tlsCertFile", "tlsKeyFile", "tlsClientCaFile"],
    broken: (c) =>
      c.tlsMode !== "disabled" || (c.tlsCertFile === "" && c.tlsKeyFile === "" && c.tlsClientCaFile === "")
        ? undefined
        : "tlsMode: is disabled but TLS files are set; set tlsMode to permissive or enforcing, or unset the files",
  },
  {
    // Client certificates are checked against a CA, and only over TLS.
    keys: ["tlsClientAuth", "tlsClientCaFile"],
    broken: (c) =>
      c.tlsClientAuth === "none" || c.tlsClientCaFile !== ""
        ? undefined
        : `tlsClientAuth: ${c.tlsClientAuth} needs tlsClientCaFile`,
  },
];

/**
 * Checks every field and every cross-field rule; returns `c` unchanged if all hold. Throws a
 * ConfigError "<key>: <rule> (got <value>)" for the first rule broken, with `keys` naming the fields.
 */
export function validateConfig(c: NameServerConfig): NameServerConfig {
  for (const key of CONFIG_KEYS) {
    const problem = checkField(key, c[key]);
    if (problem !== undefined) throw new ConfigError(`${key}: ${problem}`, [key]);
  }
  for (const rule of CROSS_FIELD_RULES) {
    const problem = rule.broken(c);
    if (problem !== undefined) throw new ConfigError(problem, rule.keys);
  }
  return c;
}

/** The KV config file of `config`: kvConfigPath, or `<dataDir>/kvConfig.json` when it is empty. */
export function kvConfigPathOf(config: Pick<NameServerConfig, "dataDir" | "kvConfigPath">): string {
  return config.kvConfigPath !== "" ? config.kvConfigPath : join(config.dataDir, "kvConfig.json");
}

/**
 * The keys that AdminService.UpdateRuntimeConfig may change, each read live by the component that
 * uses it: the log level (the logger), the default broker timeout and advised heartbeat interval
 * (registrations from then on), the registration size limit (registrations from then on).
 * Never paths or listen addresses (CVE-2023-37582 came through RocketMQ's config update), and no
 * setting fixed when a component is built (timers, buffers, the acting-master presentation).
 */
export const RUNTIME_UPDATABLE_KEYS: readonly ConfigKey[] = [
  "heartbeatIntervalMs",
  "heartbeatTimeoutMs",
  "logLevel",
  "maxTopicsPerRegistration",
];

/** A config value as text, as a flag would take it. */
export function configValueText(value: NameServerConfig[ConfigKey]): string {
  return String(value);
}

/**
 * `current` with `changes` (key -> text, as flags take them) applied, validated field by field and
 * across fields. Throws ConfigError "<key>: <rule>" (with `keys`) for an unknown key, a key not in
 * RUNTIME_UPDATABLE_KEYS, a bad value or a broken cross-field rule; `current` is never modified.
 * Returns the new config and the keys whose value changed.
 */
export function applyRuntimeUpdate(
  current: Readonly<NameServerConfig>,
  changes: ReadonlyMap<string, string>,
): { config: NameServerConfig; updated: ConfigKey[] } {
  const next: NameServerConfig = { ...current };
  for (const [name, text] of changes) {
    if (!Object.hasOwn(CONFIG_FIELDS, name)) {
      throw new ConfigError(`${name}: unknown config key (known: ${CONFIG_KEYS.join(", ")})`);
    }
    const key = name as ConfigKey;
    if (!RUNTIME_UPDATABLE_KEYS.includes(key)) {
      throw new ConfigError(
        `${key}: cannot be changed at runtime (updatable: ${RUNTIME_UPDATABLE_KEYS.join(", ")}); change it in the config file and restart`,
        [key],
      );
    }
    const value = parseText(key, text);
    const problem = checkField(key, value, text);
    if (problem !== undefined) throw new ConfigError(`${key}: ${problem}`, [key]);
    Object.assign(next, { [key]: value });
  }
  validateConfig(next);
  return { config: next, updated: CONFIG_KEYS.filter((key) => next[key] !== current[key]).sort() };
}

/**
 * The running NameServer's config: the loaded one plus runtime updates (AdminService). `update`
 * validates all changes first (nothing applies on error), then makes the new config current and
 * calls `apply` with it and the changed keys, synchronously, so components read the new values at
 * once. Updates live in memory only: a restart goes back to the files, env and flags.
 */
export class RuntimeConfig {
  private config: Readonly<NameServerConfig>;

  constructor(
    initial: Readonly<NameServerConfig>,
    private readonly apply: (config: Readonly<NameServerConfig>, updated: readonly ConfigKey[]) => void,
  ) {
    this.config = Object.freeze({ ...initial });
  }

  current(): Readonly<NameServerConfig> {
    return this.config;
  }

  /**
   * Applies `changes` (key -> text). Throws INVALID_ARGUMENT "values[<key>]: <rule>" for an
   * unknown key, a key not updatable at runtime, a bad value or a broken cross-field rule, or
   * "values: required" for no change at all.
   */
  update(changes: ReadonlyMap<string, string>): { config: Readonly<NameServerConfig>; updated: ConfigKey[] } {
    if (changes.size === 0) throw new InvalidArgument("values", "required (at least one key)");
    let result: ReturnType<typeof applyRuntimeUpdate>;
    try {
      result = applyRuntimeUpdate(this.config, changes);
    } catch (err) {
      if (!(err instanceof ConfigError)) throw err;
      // ConfigError messages read "<key>: <rule>".
      const colon = err.message.indexOf(":");
      if (colon < 0) throw new InvalidArgument("values", err.message);
      throw new InvalidArgument(
        `values[${err.message.slice(0, colon)}]`,
        err.message.slice(colon + 1).trim(),
      );
    }
    this.config = Object.freeze(result.config);
    if (result.updated.length > 0) this.apply(this.config, result.updated);
    return { config: this.config, updated: result.updated };
  }
}
