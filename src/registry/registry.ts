import { EventEmitter } from "node:events";
import type { Clock } from "../clock/clock.js";
import { GroupNotFound, LimitExceeded, TopicNotFound, Unavailable } from "../errors/domain-error.js";
import type { Expiry } from "../liveness/expiry.js";
import { expiryReviewer } from "../liveness/expiry-guard.js";
import { LivenessTracker, type SessionId } from "../liveness/liveness-tracker.js";
import type { MassExpirySettings } from "../liveness/mass-expiry.js";
import { Sweeper } from "../liveness/sweeper.js";
import type { Logger } from "../log/logger.js";
import { type RegisterOutcome, RouteTable } from "../route/route-table.js";
import type { RegistrationHeader, RouteState } from "../route/types.js";
import {
  type BrokerIdentityInput,
  type HeartbeatInput,
  parseHeartbeat,
  parseIdentity,
  parseName,
  parseOptionalName,
  parseRegistrationHeader,
  parseTopicRegistration,
  parseTopicTable,
  type QueueDataInput,
  type RegisterBrokerInput,
  topicTableOf,
} from "../route/validate.js";
import { AdminQueries } from "./admin-queries.js";
import { type Judged, judgeHeartbeat } from "./heartbeat-judge.js";
import { HeartbeatMemo } from "./heartbeat-memo.js";
import type { RouteReader } from "./read-port.js";
import type { HeartbeatVerdict, RegisterResult, Versioned } from "./results.js";

export type { RouteReader } from "./read-port.js";
export type { HeartbeatAction, HeartbeatVerdict, RegisterResult, Versioned } from "./results.js";

export interface RegistryOptions {
  readonly clock: Clock;
  readonly logger: Logger;
  /** Random per process start; see `randomEpoch`. */
  readonly epoch: bigint;
  /** Default silent-expiry timeout for brokers that ask for none, ms. */
  readonly heartbeatTimeoutMs: number;
  /** Heartbeat interval advised to brokers, ms. */
  readonly heartbeatIntervalMs: number;
  /** How long a broker whose heartbeat stream broke stays routable, ms. */
  readonly streamLossGraceMs: number;
  /** How often expiry is checked, ms. */
  readonly sweepIntervalMs: number;
  readonly maxTopicsPerRegistration: number;
  /** Topic removals remembered so that route watches can resume across them (default 100000). */
  readonly retainedRemovals?: number;
  /** Most heartbeat streams open with no registered broker yet (default: no limit). */
  readonly maxPendingHeartbeatStreams?: number;
  /** Present a masterless group's smallest slave as acting master (see RouteTableOptions). */
  readonly actingMaster?: boolean;
  /** Mass-expiry protection (src/liveness/mass-expiry.ts); absent: every expiry is acted on at once. */
  readonly massExpiry?: MassExpirySettings;
  /** While `active`, route lookups are refused with UNAVAILABLE "warming up". Default: none. */
  readonly warmUp?: { readonly active: boolean; remainingMs(): number };
}

/** The settings a running registry takes changes of (AdminService.UpdateRuntimeConfig). */
export type RegistrySettings = Pick<
  RegistryOptions,
  "heartbeatTimeoutMs" | "heartbeatIntervalMs" | "maxTopicsPerRegistration"
>;

export interface RouteResult extends Versioned, RouteState {}

/** Events for observers (tests await them instead of sleeping). */
export interface RegistryEvents {
  /** A heartbeat stream was closed; `addrs` started their stream-loss grace. */
  "stream-closed": [session: SessionId, addrs: string[]];
  /** Brokers were removed because their lease ended. */
  expired: [expiries: Expiry[]];
  /** A RegisterBroker was answered (`changed`, `unchanged`) or refused (invalid input). For metrics. */
  registration: [result: RegistrationResult];
  /** A heartbeat was judged (whatever the verdict). For metrics. */
  heartbeat: [];
  /** A broker left the table by UnregisterBroker. For metrics. */
  unregistered: [addr: string];
}

/** How a RegisterBroker ended, as metrics count it. */
export type RegistrationResult = "changed" | "unchanged" | "refused";

/** What the dashboard shows of a registered broker beyond its route. */
export interface BrokerLiveness {
  /** Time since the broker was last heard from (heartbeat or registration), ms. */
  readonly lastSeenAgeMs: number;
  /** Its heartbeat stream broke and it is in its stream-loss grace. */
  readonly streamLost: boolean;
}

/**
 * The NameServer's domain front door: the route table (private) plus broker liveness. Every
 * transport goes through it, and nothing else reaches the table:
 * - the write port: broker registration, unregistration and heartbeat streams; the admin writes
 *   (drain, topic delete and register, ordered-topic configuration);
 * - the read port `routes` (RouteReader): route state by topic and zone, the change log and change
 *   notification, read by the watch hub and the transports' caches;
 * - `route` for lookups (validated, refused during the warm-up) and `queries` for the lists.
 * Requests are validated here (src/route/validate.ts), in the shape the generated messages have,
 * so every transport gets the same rules and messages.
 *
 * Expiry is detected by the tracker (a pure decision), reported by the sweeper, and acted on here:
 * all brokers found expired in one sweep leave the table in one revision.
 */
export class Registry {
  readonly epoch: bigint;
  readonly events = new EventEmitter<RegistryEvents>();
  /** The read port. */
  readonly routes: RouteReader;
  /** The admin plane's and RouteService's list queries. */
  readonly queries: AdminQueries;
  private readonly table: RouteTable;
  private readonly liveness: LivenessTracker;
  private readonly sweeper: Sweeper;
  private readonly log: Logger;
  private opts: RegistryOptions;
  /** One per open heartbeat stream. */
  private readonly memos = new Map<SessionId, HeartbeatMemo<Judged>>();

  constructor(opts: RegistryOptions) {
    this.opts = opts;
    this.epoch = opts.epoch;
    this.table = new RouteTable(opts.retainedRemovals, { actingMaster: opts.actingMaster ?? false });
    this.routes = this.table;
    this.queries = new AdminQueries(this.table.view, () => this.version());
    this.log = opts.logger;
    this.liveness = new LivenessTracker(opts.clock, opts.streamLossGraceMs);
    const review = expiryReviewer(opts.clock, opts.logger, opts.massExpiry);
    this.sweeper = new Sweeper(
      opts.clock,
      opts.sweepIntervalMs,
      () => review(this.liveness.expired(), this.liveness.size),
      (expired) => this.expire(expired),
    );
  }

  /**
   * A broker registration. With an unchanged data version it renews the lease and reads the topic
   * table only to heal the group (see RouteTable.needsHeal); otherwise it applies the table.
   */
  register(input: RegisterBrokerInput): RegisterResult {
    let result: RegisterResult;
    try {
      result = this.registerValid(input);
    } catch (err) {
      this.events.emit("registration", "refused");
      throw err;
    }
    this.events.emit("registration", result.changed ? "changed" : "unchanged");
    return result;
  }

  private registerValid(input: RegisterBrokerInput): RegisterResult {
    const header = parseRegistrationHeader(input);
    const source = topicTableOf(input);
    const renewal = this.table.renewal(header);
    if (renewal !== undefined) {
      if (!this.table.needsHeal(header, source.digest)) return this.registered(header, renewal);
      const reg = { ...header, topics: parseTopicTable(source, this.opts) };
      const healed = this.table.heal(reg, source.digest);
      if (healed.changed) {
        this.log.info(
          { broker: reg.brokerAddr, brokerName: reg.brokerName, revision: healed.revision },
          "broker re-registered: listed topics the group lacked were added back",
        );
      }
      return this.registered(header, healed);
    }
    const reg = { ...header, topics: parseTopicTable(source, this.opts) };
    const isNew = this.table.member(reg.brokerAddr) === undefined;
    const outcome = this.table.apply(reg, source.digest);
    for (const addr of outcome.displaced) {
      this.liveness.remove(addr);
      this.log.warn(
        { broker: addr, brokerName: reg.brokerName, brokerId: reg.brokerId },
        "broker id taken over",
      );
    }
    this.log.info(
      {
        broker: reg.brokerAddr,
        cluster: reg.clusterName,
        brokerName: reg.brokerName,
        brokerId: reg.brokerId,
        topics: reg.topics.length,
        changed: outcome.changed,
        revision: outcome.revision,
      },
      isNew ? "broker registered" : "broker re-registered with a new topic table",
    );
    return this.registered(reg, outcome);
  }

  /** Renews the broker's lease and answers its registration. */
  private registered(reg: RegistrationHeader, outcome: RegisterOutcome): RegisterResult {
    const timeoutMs = reg.heartbeatTimeoutMs === 0 ? this.opts.heartbeatTimeoutMs : reg.heartbeatTimeoutMs;
    this.liveness.renew(reg.brokerAddr, timeoutMs);
    return {
      epoch: this.epoch,
      revision: outcome.revision,
      changed: outcome.changed,
      masterAddr: outcome.masterAddr,
      haServerAddr: outcome.masterHaServerAddr,
      heartbeatIntervalMs: this.opts.heartbeatIntervalMs,
      heartbeatTimeoutMs: timeoutMs,
      orderTopicConfig: this.table.orderTopicConfs(),
    };
  }

  /**
   * Changes settings at runtime. They apply to what happens from now on: registrations get the
   * new default timeout, interval and size limit; leases already granted keep their timeout until
   * the broker registers again.
   */
  updateSettings(changes: Partial<RegistrySettings>): void {
    this.opts = { ...this.opts, ...changes };
  }

  unregister(input: BrokerIdentityInput): Versioned & { removed: boolean } {
    const id = parseIdentity(input);
    const removed = this.table.unregister(id);
    this.liveness.remove(id.brokerAddr);
    if (removed) {
      this.events.emit("unregistered", id.brokerAddr);
      this.log.info(
        {
          broker: id.brokerAddr,
          cluster: id.clusterName,
          brokerName: id.brokerName,
          revision: this.table.revision,
        },
        "broker unregistered",
      );
    }
    return { ...this.version(), removed };
  }

  /**
   * A heartbeat stream opened; pass the id to `heartbeat` and `closeStream`. LIMIT_EXCEEDED when
   * too many open streams carry no registered broker yet (maxPendingHeartbeatStreams).
   */
  openStream(): SessionId {
    const max = this.opts.maxPendingHeartbeatStreams ?? Number.POSITIVE_INFINITY;
    const pending = this.liveness.pendingSessions();
    if (pending >= max) {
      throw new LimitExceeded(
        "max-pending-heartbeat-streams",
        `${pending} heartbeat streams carry no registered broker yet (limit --max-pending-heartbeat-streams ${max}); register before opening the stream`,
      );
    }
    const session = this.liveness.openSession();
    this.memos.set(session, new HeartbeatMemo());
    return session;
  }

  /**
   * One heartbeat on stream `session`. Unknown brokers, and brokers registered under another
   * identity, are asked to register again without renewing anything; a known broker whose data
   * version differs is renewed and asked to register again.
   */
  heartbeat(session: SessionId, input: HeartbeatInput): HeartbeatVerdict {
    // A stream's beats repeat themselves: its memo skips validating an unchanged heartbeat again
    // and hands out the same verdict while nothing it depends on changed (HeartbeatMemo).
    const memo = this.memos.get(session);
    const hb = memo === undefined ? parseHeartbeat(input) : memo.parse(input);
    const member = this.table.member(hb.brokerAddr);
    const revision = this.table.revision;
    let judged = memo?.answer(hb, member, revision);
    if (judged === undefined) {
      judged = judgeHeartbeat(hb, member, this.epoch, revision);
      memo?.remember(hb, member, revision, judged);
    }
    this.events.emit("heartbeat");
    if (judged.renews) {
      this.liveness.heartbeat(hb.brokerAddr, session);
      this.log.debug({ broker: hb.brokerAddr }, "heartbeat");
    }
    return judged.verdict;
  }

  /** The stream ended; its brokers start their stream-loss grace. Idempotent. */
  closeStream(session: SessionId, cause: string): void {
    const addrs = this.liveness.closeSession(session);
    this.memos.delete(session);
    if (addrs.length > 0) {
      this.log.info({ brokers: addrs, cause, graceMs: this.opts.streamLossGraceMs }, "heartbeat stream lost");
      this.sweeper.checkAfter(this.opts.streamLossGraceMs);
    }
    this.events.emit("stream-closed", session, addrs);
  }

  /** Checks expiry now (the sweeper also does, every sweepIntervalMs). */
  sweep(): void {
    this.sweeper.sweep();
  }

  /**
   * A topic's route for a lookup; with `zoneName`, as a client of that zone sees it. Refusals as
   * `locate`'s.
   */
  route(topic: string, zoneName = ""): RouteResult {
    const at = this.locate(topic, zoneName);
    const found = this.table.route(at.topic, at.zone) as RouteState;
    return { ...this.version(), ...found };
  }

  /**
   * A lookup of `topic` (in zone `zoneName`, "" = none), without building the route: validates the
   * names, answers TOPIC_NOT_FOUND for an unknown topic, and is refused with UNAVAILABLE during
   * the warm-up (the table may not hold every broker again yet). Transports that keep encoded
   * routes (RouteBytesCache) then read them from the read port in the same synchronous step.
   */
  locate(topic: string, zoneName = ""): Versioned & { topic: string; zone: string; topicRevision: number } {
    const name = parseName(topic, "topic");
    const zone = parseOptionalName(zoneName, "zone_name") ?? "";
    const warmUp = this.opts.warmUp;
    if (warmUp?.active) {
      throw new Unavailable(
        "WARMING_UP",
        `warming up: routes are served once brokers have had time to register again (${warmUp.remainingMs()} ms left); retry later or ask another NameServer`,
      );
    }
    const topicRevision = this.table.topicRevision(name);
    if (topicRevision === undefined) throw new TopicNotFound(name);
    return { epoch: this.epoch, revision: this.table.revision, topic: name, zone, topicRevision };
  }

  /**
   * Drains a broker group (`writable` false) or ends its drain (true): one revision for the
   * group's topics whose route changes. GROUP_NOT_FOUND for an unknown group.
   */
  setWritable(brokerName: string, writable: boolean): Versioned & { topicCount: number } {
    const name = parseName(brokerName, "broker_name");
    const topicCount = this.table.setWritable(name, writable);
    if (topicCount === undefined) throw new GroupNotFound(name);
    this.log.info(
      { brokerName: name, writable, topics: topicCount, revision: this.table.revision },
      writable ? "write permission of broker group restored" : "write permission of broker group wiped",
    );
    return { ...this.version(), topicCount };
  }

  /** Deletes a topic from every group, or from one cluster's groups; idempotent. */
  deleteTopic(
    topic: string,
    clusterName: string,
  ): Versioned & { removedFrom: string[]; topicRemoved: boolean } {
    const name = parseName(topic, "topic");
    const cluster = parseOptionalName(clusterName, "cluster_name");
    const r = this.table.deleteTopic(name, cluster);
    if (r.removedFrom.length > 0) {
      this.log.info(
        {
          topic: name,
          cluster,
          brokerNames: r.removedFrom,
          removed: r.topicRemoved,
          revision: this.table.revision,
        },
        "topic deleted",
      );
    }
    return { ...this.version(), ...r };
  }

  /** Sets a topic's queue data on registered groups (AdminService.RegisterTopic). */
  registerTopic(input: { topic: string; queueDatas: QueueDataInput[] }): Versioned & { changed: boolean } {
    const reg = parseTopicRegistration(input);
    const changed = this.table.registerTopic(reg.topic, reg.queueDatas);
    if (changed) {
      this.log.info(
        {
          topic: reg.topic,
          brokerNames: reg.queueDatas.map((q) => q.brokerName),
          revision: this.table.revision,
        },
        "topic registered by admin",
      );
    }
    return { ...this.version(), changed };
  }

  /**
   * Sets or removes a topic's ordered-topic configuration (the KV namespace ORDER_TOPIC_CONFIG
   * feeds it). A change of an existing topic's configuration is a new revision of its route.
   */
  setOrderTopicConf(topic: string, conf: string | undefined): void {
    if (this.table.setOrderTopicConf(topic, conf) && this.table.hasTopic(topic)) {
      this.log.info({ topic, conf, revision: this.table.revision }, "ordered-topic configuration changed");
    }
  }

  /** The current epoch and revision. */
  version(): Versioned {
    return { epoch: this.epoch, revision: this.table.revision };
  }

  /** Number of topics in the table (metrics read it at every scrape: no copy, no sort). */
  topicCount(): number {
    return this.table.view.topics.size;
  }

  /** When broker `addr` was last heard from; undefined when it holds no lease. For the dashboard. */
  brokerLiveness(addr: string): BrokerLiveness | undefined {
    const lease = this.liveness.lease(addr);
    if (lease === undefined) return undefined;
    return {
      lastSeenAgeMs: this.opts.clock.now() - lease.lastSeenMs,
      streamLost: lease.streamLostAtMs !== null,
    };
  }

  /** Whether broker group `brokerName` is drained (its write permission wiped by an operator). */
  isDrained(brokerName: string): boolean {
    return this.table.view.groups.get(brokerName)?.writeWiped === true;
  }

  /** Stops the sweeper. Idempotent. */
  close(): void {
    this.sweeper.close();
  }

  private expire(expired: Expiry[]): void {
    const removed = this.table.removeBrokers(expired.map((e) => e.addr));
    for (const e of expired) this.liveness.remove(e.addr);
    for (const e of expired) {
      this.log.info({ broker: e.addr, reason: e.reason, revision: this.table.revision }, "broker expired");
    }
    if (removed.length > 0) this.events.emit("expired", expired);
  }
}
