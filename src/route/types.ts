/**
 * Domain types of the route table. Plain data, no gRPC: the server adapter converts between these
 * and the generated messages.
 */

/** Permission bits of a topic's queues (RocketMQ's PermName). */
export const Perm = { READ: 4, WRITE: 2, INHERIT: 1 } as const;

/** Version of a broker's topic table; equal versions mean an equal table. */
export interface DataVersion {
  readonly stateVersion: bigint;
  readonly timestamp: bigint;
  readonly counter: bigint;
}

export const ZERO_DATA_VERSION: DataVersion = { stateVersion: 0n, timestamp: 0n, counter: 0n };

export function sameDataVersion(a: DataVersion, b: DataVersion): boolean {
  return a.stateVersion === b.stateVersion && a.timestamp === b.timestamp && a.counter === b.counter;
}

/** One topic as a broker holds it. */
export interface TopicConfig {
  readonly topicName: string;
  readonly readQueueNums: number;
  readonly writeQueueNums: number;
  readonly perm: number;
  readonly topicSysFlag: number;
}

/** One broker group's queues of a topic. */
export interface QueueData {
  readonly brokerName: string;
  readonly readQueueNums: number;
  readonly writeQueueNums: number;
  readonly perm: number;
  readonly topicSysFlag: number;
}

export function sameQueueData(a: QueueData, b: QueueData): boolean {
  return (
    a.brokerName === b.brokerName &&
    a.readQueueNums === b.readQueueNums &&
    a.writeQueueNums === b.writeQueueNums &&
    a.perm === b.perm &&
    a.topicSysFlag === b.topicSysFlag
  );
}

/** One broker group as routes show it: broker id -> address, id 0 the master. */
export interface BrokerData {
  readonly cluster: string;
  readonly brokerName: string;
  /** Sorted by broker id. */
  readonly brokerAddrs: ReadonlyMap<number, string>;
  readonly zoneName: string;
  /**
   * True when id 0 is not a master but the group's smallest slave presented as master (acting
   * master mode; the group is read-only). Absent otherwise.
   */
  readonly actingMaster?: true;
}

/** A topic's route: queues per group (sorted by group name) and those groups' addresses. */
export interface TopicRoute {
  readonly queueDatas: readonly QueueData[];
  readonly brokerDatas: readonly BrokerData[];
  readonly orderTopicConf: string;
}

/** A topic's route as presented now, and the revision of the topic's last change. */
export interface RouteState {
  readonly route: TopicRoute;
  readonly topicRevision: number;
}

/**
 * The route as a client of zone `zoneName` sees it (RocketMQ's ZoneRouteRPCHook): the groups of
 * that zone (compared ignoring case) plus the groups without a master (consumers can still read
 * from their slaves; an acting master is not a master), and only the queue datas of the groups
 * kept. Pure; the result may be empty.
 */
export function routeForZone(route: TopicRoute, zoneName: string): TopicRoute {
  const zone = zoneName.toLowerCase();
  const kept = route.brokerDatas.filter(
    (b) => b.zoneName.toLowerCase() === zone || !b.brokerAddrs.has(0) || b.actingMaster === true,
  );
  if (kept.length === route.brokerDatas.length) return route;
  const dropped = new Set(route.brokerDatas.filter((b) => !kept.includes(b)).map((b) => b.brokerName));
  return {
    queueDatas: route.queueDatas.filter((q) => !dropped.has(q.brokerName)),
    brokerDatas: kept,
    orderTopicConf: route.orderTopicConf,
  };
}

/** A validated RegisterBroker request without its topic table. */
export interface RegistrationHeader {
  readonly clusterName: string;
  readonly brokerName: string;
  readonly brokerId: number;
  readonly brokerAddr: string;
  readonly haServerAddr: string;
  readonly zoneName: string;
  readonly dataVersion: DataVersion;
  /** 0 = the server default. */
  readonly heartbeatTimeoutMs: number;
}

/** A validated RegisterBroker request. */
export interface Registration extends RegistrationHeader {
  readonly topics: readonly TopicConfig[];
}

/** Who a broker says it is (UnregisterBroker, Heartbeat). */
export interface BrokerIdentity {
  readonly clusterName: string;
  readonly brokerName: string;
  readonly brokerId: number;
  readonly brokerAddr: string;
}

/** A validated heartbeat. */
export interface HeartbeatSignal extends BrokerIdentity {
  readonly dataVersion: DataVersion;
}

/** A registered broker, as the table keeps it. */
export interface BrokerMember extends BrokerIdentity {
  readonly haServerAddr: string;
  readonly zoneName: string;
  readonly dataVersion: DataVersion;
}
