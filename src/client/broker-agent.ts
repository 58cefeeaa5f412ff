import { EventEmitter } from "node:events";
import {
  RegisterBrokerRequest,
  type RegisterBrokerResponse,
  type UnregisterBrokerResponse,
} from "../../gen/ts/namesrv/v1/broker_service.js";
import type { DataVersion, TopicConfig } from "../../gen/ts/namesrv/v1/route.js";
import type { Clock } from "../clock/clock.js";
import { systemClock } from "../clock/system-clock.js";
import { checkNameServerList } from "./addresses.js";
import { BrokerLink, type BrokerLinkStatus } from "./broker-link.js";
import { NameServerError } from "./errors.js";
import { type SdkLogger, silentSdkLogger } from "./logger.js";
import {
  type ChannelSecurity,
  type ClientSecurity,
  resolveClientSecurity,
  warnPlaintextToken,
} from "./security.js";

export type { BrokerLinkState, BrokerLinkStatus } from "./broker-link.js";

/** Who the broker is. Its address is its identity at the NameServer. */
export interface BrokerIdentity {
  /** Cluster of the broker group. */
  readonly clusterName: string;
  /** Broker group name. */
  readonly brokerName: string;
  /** 0 = master, > 0 = slave. */
  readonly brokerId: bigint | number;
  /** The broker's own "host:port". */
  readonly brokerAddr: string;
  /** HA (replication) address; default none. */
  readonly haServerAddr?: string;
  /** Availability zone; default none. */
  readonly zoneName?: string;
}

export interface BrokerAgentOptions {
  /** Every NameServer, "host:port". The agent registers with all of them. */
  readonly namesrvAddrs: readonly string[];
  readonly broker: BrokerIdentity;
  /** The broker's whole topic table; replace it later with `setTopics`. */
  readonly topics: readonly TopicConfig[];
  /** Silent-expiry timeout asked of the NameServers, ms; 0 (default) = the server's default. */
  readonly heartbeatTimeoutMs?: number;
  /** DataVersion.state_version (bumped on role changes; fences stale brokers off an id). Default 0. */
  readonly stateVersion?: bigint;
  /** Deadline of each RegisterBroker/UnregisterBroker call, ms. Default 3000. */
  readonly callTimeoutMs?: number;
  /** Reconnect backoff, full jitter: first ceiling and cap, ms. Defaults 100 and 10000. */
  readonly initialBackoffMs?: number;
  readonly maxBackoffMs?: number;
  /** Heartbeats left unanswered on a stream before it is replaced by a new one. Default 3. */
  readonly maxUnansweredHeartbeats?: number;
  readonly clock?: Clock;
  /** Random source in [0, 1) for backoff jitter. Default Math.random. */
  readonly random?: () => number;
  /**
   * Wall-clock milliseconds for DataVersion.timestamp, which tells this process's topic tables
   * from those of an earlier run of the same broker (whose counter also started at 1). Only a
   * label: the agent never measures time with it. Default Date.now.
   */
  readonly wallClockMs?: () => number;
  /** Logs state changes at info (registered, link down). Default: silent. */
  readonly logger?: SdkLogger;
  /**
   * TLS and bearer token of the channels (files are read here, in the constructor, which throws
   * ClientSecurityError for a bad setting). Default: plaintext, no token.
   */
  readonly security?: ClientSecurity | ChannelSecurity;
}

/** What a successful registration told the agent. */
export interface Registration {
  readonly epoch: bigint;
  readonly revision: bigint;
  /** True when the NameServer's route table changed (false: only the lease was renewed). */
  readonly changed: boolean;
  readonly dataVersion: DataVersion;
  readonly heartbeatIntervalMs: number;
}

/** How unregistering from one NameServer went on `close()`. */
export type UnregisterOutcome =
  | { readonly address: string; readonly ok: true; readonly removed: boolean }
  | { readonly address: string; readonly ok: false; readonly error: NameServerError };

export interface BrokerAgentEvents {
  /** Registered with `address` (first time, after REGISTER_AGAIN, or with a new topic table). */
  registered: [address: string, registration: Registration];
  /** `address` answered a heartbeat with REGISTER_AGAIN (it restarted, or lost this broker). */
  registerAgain: [address: string, reason: string];
  /** A call or the heartbeat stream to `address` failed; the agent retries after `delayMs`. */
  disconnected: [address: string, error: NameServerError, delayMs: number];
}

/**
 * Keeps one broker registered with every NameServer, as a RocketMQ broker does: it registers with
 * all of them in parallel, keeps one heartbeat stream per NameServer (beating at the interval the
 * server asks for), registers again when a NameServer answers REGISTER_AGAIN (restart, expiry, data
 * version change), reconnects with exponential backoff and full jitter, registers everywhere when
 * the topic table changes (with a new data version), and on `close()` unregisters everywhere and
 * ends its streams. Each NameServer has its own link: one that is down or slow delays no other.
 * Starts working on construction.
 */
export class BrokerAgent extends EventEmitter<BrokerAgentEvents> {
  private readonly links: BrokerLink[];
  private readonly wallClockMs: () => number;
  private topicTable: readonly TopicConfig[];
  private version: DataVersion;
  private closing: Promise<UnregisterOutcome[]> | null = null;

  constructor(private readonly opts: BrokerAgentOptions) {
    super();
    const addrs = checkNameServerList(opts.namesrvAddrs);
    const security = resolveClientSecurity(opts.security);
    this.wallClockMs = opts.wallClockMs ?? Date.now;
    this.topicTable = [...opts.topics];
    this.version = { stateVersion: opts.stateVersion ?? 0n, timestamp: this.now(), counter: 1n };
    const host = {
      clock: opts.clock ?? systemClock,
      random: opts.random ?? Math.random,
      log: (opts.logger ?? silentSdkLogger).child({ broker: opts.broker.brokerAddr }),
      callTimeoutMs: opts.callTimeoutMs ?? 3000,
      initialBackoffMs: opts.initialBackoffMs ?? 100,
      maxBackoffMs: opts.maxBackoffMs ?? 10_000,
      maxUnansweredHeartbeats: opts.maxUnansweredHeartbeats ?? 3,
      security,
      registration: () => this.registration(),
      onRegistered: (address: string, req: RegisterBrokerRequest, res: RegisterBrokerResponse) => {
        host.log.info(
          { peer: address, epoch: String(res.epoch), revision: String(res.revision), changed: res.changed },
          "registered",
        );
        this.emit("registered", address, {
          epoch: res.epoch,
          revision: res.revision,
          changed: res.changed,
          dataVersion: req.dataVersion ?? { stateVersion: 0n, timestamp: 0n, counter: 0n },
          heartbeatIntervalMs: Number(res.heartbeatIntervalMs),
        });
      },
      onRegisterAgain: (address: string, reason: string) => this.emit("registerAgain", address, reason),
      onDisconnected: (address: string, err: NameServerError, delayMs: number) =>
        this.emit("disconnected", address, err, delayMs),
    };
    warnPlaintextToken(host.log, security, addrs);
    this.links = addrs.map((a) => new BrokerLink(a, host));
    for (const link of this.links) link.register();
  }

  /** The topic table as last set. */
  get topics(): readonly TopicConfig[] {
    return this.topicTable;
  }

  /** The current data version (changes with every `setTopics`). */
  get dataVersion(): DataVersion {
    return this.version;
  }

  /**
   * Replaces the topic table: bumps the data version (counter + 1) and registers with every
   * NameServer (a link that is down registers when it is back, via REGISTER_AGAIN).
   */
  setTopics(topics: readonly TopicConfig[]): void {
    if (this.closing !== null) throw new Error("BrokerAgent is closed");
    this.topicTable = [...topics];
    this.version = {
      stateVersion: this.version.stateVersion,
      timestamp: this.now(),
      counter: this.version.counter + 1n,
    };
    for (const link of this.links) link.register();
  }

  /** One entry per NameServer, in the order given. */
  status(): BrokerLinkStatus[] {
    return this.links.map((l) => l.status());
  }

  /**
   * Unregisters from every NameServer in parallel (each bounded by the call timeout), ends every
   * heartbeat stream, cancels every timer. Idempotent: later calls return the first call's result.
   * Never rejects: per-NameServer failures are in the outcomes.
   */
  close(): Promise<UnregisterOutcome[]> {
    this.closing ??= Promise.all(
      this.links.map(async (link): Promise<UnregisterOutcome> => {
        const r: UnregisterBrokerResponse | NameServerError = await link.close();
        return r instanceof NameServerError
          ? { address: link.address, ok: false, error: r }
          : { address: link.address, ok: true, removed: r.removed };
      }),
    );
    return this.closing;
  }

  private registration(): RegisterBrokerRequest {
    const b = this.opts.broker;
    return RegisterBrokerRequest.fromPartial({
      clusterName: b.clusterName,
      brokerName: b.brokerName,
      brokerId: BigInt(b.brokerId),
      brokerAddr: b.brokerAddr,
      haServerAddr: b.haServerAddr ?? "",
      zoneName: b.zoneName ?? "",
      topicConfigs: [...this.topicTable],
      dataVersion: this.version,
      heartbeatTimeoutMs: BigInt(this.opts.heartbeatTimeoutMs ?? 0),
    });
  }

  private now(): bigint {
    return BigInt(Math.floor(this.wallClockMs()));
  }
}
