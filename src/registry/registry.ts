import { EventEmitter } from "node:events";
import type { Clock } from "../clock/clock.js";
import { notFound } from "../errors/domain-error.js";
import type { Expiry } from "../liveness/expiry.js";
import { LivenessTracker, type SessionId } from "../liveness/liveness-tracker.js";
import { Sweeper } from "../liveness/sweeper.js";
import type { Logger } from "../log/logger.js";
import { RouteTable } from "../route/route-table.js";
import type { BrokerData, TopicRoute } from "../route/types.js";
import { sameDataVersion } from "../route/types.js";
import {
  type BrokerIdentityInput,
  type HeartbeatInput,
  parseHeartbeat,
  parseIdentity,
  parseName,
  parseRegistration,
  type RegisterBrokerInput,
} from "../route/validate.js";

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
}

/** Every answer carries the table's version. */
export interface Versioned {
  readonly epoch: bigint;
  readonly revision: number;
}

export interface RegisterResult extends Versioned {
  readonly changed: boolean;
  readonly masterAddr: string;
  readonly haServerAddr: string;
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
}

export type HeartbeatAction = "OK" | "REGISTER_AGAIN";

export interface HeartbeatVerdict extends Versioned {
  readonly action: HeartbeatAction;
  readonly reason: string;
  readonly brokerAddr: string;
}

export interface RouteResult extends Versioned {
  readonly route: TopicRoute;
  readonly topicRevision: number;
}

/** Events for observers (tests await them instead of sleeping). */
export interface RegistryEvents {
  /** A heartbeat stream was closed; `addrs` started their stream-loss grace. */
  "stream-closed": [session: SessionId, addrs: string[]];
  /** Brokers were removed because their lease ended. */
  expired: [expiries: Expiry[]];
}

/**
 * The NameServer's domain service: the route table plus broker liveness. Transport-agnostic: the
 * gRPC handlers validate nothing themselves and call these methods with the received messages.
 * Expiry is detected by the tracker (a pure decision), reported by the sweeper, and acted on here:
 * all brokers found expired in one sweep leave the table in one revision.
 */
export class Registry {
  readonly table: RouteTable;
  readonly epoch: bigint;
  readonly events = new EventEmitter<RegistryEvents>();
  private readonly liveness: LivenessTracker;
  private readonly sweeper: Sweeper;
  private readonly log: Logger;

  constructor(private readonly opts: RegistryOptions) {
    this.epoch = opts.epoch;
    this.table = new RouteTable(opts.retainedRemovals);
    this.log = opts.logger;
    this.liveness = new LivenessTracker(opts.clock, opts.streamLossGraceMs);
    this.sweeper = new Sweeper(
      opts.clock,
      opts.sweepIntervalMs,
      () => this.liveness.expired(),
      (expired) => this.expire(expired),
    );
  }

  register(input: RegisterBrokerInput): RegisterResult {
    const reg = parseRegistration(input, this.opts);
    const isNew = this.table.member(reg.brokerAddr) === undefined;
    const outcome = this.table.register(reg);
    for (const addr of outcome.displaced) {
      this.liveness.remove(addr);
      this.log.warn(
        { broker: addr, brokerName: reg.brokerName, brokerId: reg.brokerId },
        "broker id taken over",
      );
    }
    const timeoutMs = reg.heartbeatTimeoutMs === 0 ? this.opts.heartbeatTimeoutMs : reg.heartbeatTimeoutMs;
    this.liveness.renew(reg.brokerAddr, timeoutMs);
    if (isNew || outcome.changed) {
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
    }
    return {
      epoch: this.epoch,
      revision: outcome.revision,
      changed: outcome.changed,
      masterAddr: outcome.masterAddr,
      haServerAddr: outcome.masterHaServerAddr,
      heartbeatIntervalMs: this.opts.heartbeatIntervalMs,
      heartbeatTimeoutMs: timeoutMs,
    };
  }

  unregister(input: BrokerIdentityInput): Versioned & { removed: boolean } {
    const id = parseIdentity(input);
    const removed = this.table.unregister(id);
    this.liveness.remove(id.brokerAddr);
    if (removed) {
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
    return { epoch: this.epoch, revision: this.table.revision, removed };
  }

  /** A heartbeat stream opened; pass the id to `heartbeat` and `closeStream`. */
  openStream(): SessionId {
    return this.liveness.openSession();
  }

  /**
   * One heartbeat on stream `session`. Unknown brokers, and brokers registered under another
   * identity, are asked to register again without renewing anything; a known broker whose data
   * version differs is renewed and asked to register again.
   */
  heartbeat(session: SessionId, input: HeartbeatInput): HeartbeatVerdict {
    const hb = parseHeartbeat(input);
    const member = this.table.member(hb.brokerAddr);
    const answer = (action: HeartbeatAction, reason: string): HeartbeatVerdict => ({
      epoch: this.epoch,
      revision: this.table.revision,
      action,
      reason,
      brokerAddr: hb.brokerAddr,
    });
    if (member === undefined) return answer("REGISTER_AGAIN", "broker not registered");
    if (
      member.clusterName !== hb.clusterName ||
      member.brokerName !== hb.brokerName ||
      member.brokerId !== hb.brokerId
    ) {
      return answer(
        "REGISTER_AGAIN",
        `address registered as broker ${member.brokerName} id ${member.brokerId} of cluster ${member.clusterName}`,
      );
    }
    this.liveness.heartbeat(hb.brokerAddr, session);
    this.log.debug({ broker: hb.brokerAddr }, "heartbeat");
    if (!sameDataVersion(member.dataVersion, hb.dataVersion)) {
      return answer("REGISTER_AGAIN", "data version differs from the registered one");
    }
    return answer("OK", "");
  }

  /** The stream ended; its brokers start their stream-loss grace. Idempotent. */
  closeStream(session: SessionId, cause: string): void {
    const addrs = this.liveness.closeSession(session);
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

  route(topic: string): RouteResult {
    const name = parseName(topic, "topic");
    const found = this.table.route(name);
    if (found === undefined) throw notFound(`topic ${name} not found`);
    return { epoch: this.epoch, revision: this.table.revision, ...found };
  }

  brokerGroups(): Versioned & { groups: BrokerData[] } {
    return { epoch: this.epoch, revision: this.table.revision, groups: this.table.brokerGroups() };
  }

  /** All topic names, or those of one cluster's groups (NOT_FOUND for an unknown cluster). */
  topicNames(clusterName: string): Versioned & { topics: string[] } {
    let topics: string[];
    if (clusterName === "") {
      topics = this.table.topicNames();
    } else {
      const name = parseName(clusterName, "cluster_name");
      if (!this.table.hasCluster(name)) throw notFound(`cluster ${name} not found`);
      topics = this.table.topicNames(name);
    }
    return { epoch: this.epoch, revision: this.table.revision, topics };
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
