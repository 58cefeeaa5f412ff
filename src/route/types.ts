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
}

/** A topic's route: queues per group (sorted by group name) and those groups' addresses. */
export interface TopicRoute {
  readonly queueDatas: readonly QueueData[];
  readonly brokerDatas: readonly BrokerData[];
  readonly orderTopicConf: string;
}

/** A validated RegisterBroker request. */
export interface Registration {
  readonly clusterName: string;
  readonly brokerName: string;
  readonly brokerId: number;
  readonly brokerAddr: string;
  readonly haServerAddr: string;
  readonly zoneName: string;
  readonly topics: readonly TopicConfig[];
  readonly dataVersion: DataVersion;
  /** 0 = the server default. */
  readonly heartbeatTimeoutMs: number;
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
