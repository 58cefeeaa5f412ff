import { invalidArgument } from "../errors/domain-error.js";
import { parseHostPort } from "../net/host-port.js";
import type {
  BrokerIdentity,
  DataVersion,
  HeartbeatSignal,
  QueueData,
  Registration,
  RegistrationHeader,
  TopicConfig,
} from "./types.js";
import { ZERO_DATA_VERSION } from "./types.js";

/**
 * Validation of incoming requests. Each function takes the request as received (the shape of the
 * generated message, declared here structurally so the domain never imports gen/) and returns a
 * validated domain value, or throws INVALID_ARGUMENT naming the field and the rule. Nothing is
 * applied before validation passes, so a bad request never half-changes the table.
 */

/** RocketMQ's topic rule (TopicValidator): also used for cluster, group and zone names. */
export const NAME_PATTERN = /^[%|a-zA-Z0-9_-]+$/;
export const MAX_NAME_LENGTH = 127;
/** Queue counts per topic and group. RocketMQ's defaults are 8 or 16; 1024 leaves ample room. */
export const MAX_QUEUE_NUMS = 1024;
export const MAX_PERM = 7;
export const MAX_BROKER_ID = Number.MAX_SAFE_INTEGER;
export const MAX_ADDR_LENGTH = 261; // "[" + 255-char host + "]:" + 5-digit port
/** Bounds of a broker-chosen heartbeat timeout (RegisterBrokerRequest.heartbeat_timeout_ms). */
export const MIN_HEARTBEAT_TIMEOUT_MS = 1_000;
export const MAX_HEARTBEAT_TIMEOUT_MS = 600_000;

export interface DataVersionInput {
  stateVersion: bigint;
  timestamp: bigint;
  counter: bigint;
}

export interface TopicConfigInput {
  topicName: string;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
  topicSysFlag: number;
}

/** A RegisterBroker request as received, without its topic table. */
export interface RegistrationHeaderInput {
  clusterName: string;
  brokerName: string;
  brokerId: bigint;
  brokerAddr: string;
  haServerAddr: string;
  zoneName: string;
  dataVersion?: DataVersionInput | undefined;
  heartbeatTimeoutMs: bigint;
}

/**
 * A registration's topic table as the transport received it, decoded only when read: brokers
 * re-register their whole table periodically with an unchanged data version, and an unchanged
 * table need not be decoded at all. Decoding is the transport's business; a failure comes back as
 * a value (`TopicTableFault`), which the domain turns into its own INVALID_ARGUMENT.
 */
export interface TopicTableSource {
  /**
   * Identifies the encoded table: equal digests mean equal tables. Undefined when the transport
   * has none (plain data): the table is then read whenever it might heal the group.
   */
  readonly digest: string | undefined;
  /** The entries, or why they cannot be read. */
  read(): readonly TopicConfigInput[] | TopicTableFault;
}

/** Why a topic table cannot be read: the entry's field and the rule it broke. */
export interface TopicTableFault {
  readonly field: string;
  readonly rule: string;
}

/** A RegisterBroker request: its topic table as plain entries, or as a source decoded on demand. */
export type RegisterBrokerInput = RegistrationHeaderInput &
  ({ topicConfigs: readonly TopicConfigInput[] } | { topicTable: TopicTableSource });

/** The topic table of a registration, whichever form it came in. */
export function topicTableOf(input: RegisterBrokerInput): TopicTableSource {
  if ("topicTable" in input) return input.topicTable;
  const topics = input.topicConfigs;
  return { digest: undefined, read: () => topics };
}

/** Reads and validates a topic table; INVALID_ARGUMENT names the entry that cannot be read. */
export function parseTopicTable(source: TopicTableSource, limits: RegistrationLimits): TopicConfig[] {
  const entries = source.read();
  if ("rule" in entries) throw invalidArgument(entries.field, entries.rule);
  return parseTopicConfigs(entries, limits);
}

export interface BrokerIdentityInput {
  clusterName: string;
  brokerName: string;
  brokerId: bigint;
  brokerAddr: string;
}

export interface HeartbeatInput extends BrokerIdentityInput {
  dataVersion?: DataVersionInput | undefined;
}

/** QueueData as received (AdminService.RegisterTopic). */
export interface QueueDataInput {
  brokerName: string;
  readQueueNums: number;
  writeQueueNums: number;
  perm: number;
  topicSysFlag: number;
}

/** A validated RegisterTopic request. */
export interface TopicRegistration {
  readonly topic: string;
  readonly queueDatas: readonly QueueData[];
}

/** Most queue datas one RegisterTopic may carry (one per broker group). */
export const MAX_TOPIC_QUEUE_DATAS = 1_000;

export interface RegistrationLimits {
  maxTopicsPerRegistration: number;
}

export function parseRegistration(input: RegisterBrokerInput, limits: RegistrationLimits): Registration {
  return { ...parseRegistrationHeader(input), topics: parseTopicTable(topicTableOf(input), limits) };
}

/** Everything of a registration but its topic table (which an unchanged registration never reads). */
export function parseRegistrationHeader(input: RegistrationHeaderInput): RegistrationHeader {
  const id = parseIdentity(input);
  const haServerAddr = input.haServerAddr === "" ? "" : parseAddress(input.haServerAddr, "ha_server_addr");
  const zoneName = parseOptionalName(input.zoneName, "zone_name") ?? "";
  const timeout = input.heartbeatTimeoutMs;
  if (timeout !== 0n && (timeout < MIN_HEARTBEAT_TIMEOUT_MS || timeout > MAX_HEARTBEAT_TIMEOUT_MS)) {
    throw invalidArgument(
      "heartbeat_timeout_ms",
      `must be 0 (server default) or ${MIN_HEARTBEAT_TIMEOUT_MS}..${MAX_HEARTBEAT_TIMEOUT_MS}`,
    );
  }
  return {
    ...id,
    haServerAddr,
    zoneName,
    dataVersion: parseDataVersion(input.dataVersion),
    heartbeatTimeoutMs: Number(timeout),
  };
}

/** A registration's topic table: at most the limit, each topic valid, names unique. */
export function parseTopicConfigs(
  configs: readonly TopicConfigInput[],
  limits: RegistrationLimits,
): TopicConfig[] {
  if (configs.length > limits.maxTopicsPerRegistration) {
    throw invalidArgument(
      "topic_configs",
      `at most ${limits.maxTopicsPerRegistration} topics per registration (got ${configs.length})`,
    );
  }
  const seen = new Set<string>();
  return configs.map((tc, i) => {
    const topic = parseTopicConfig(tc, `topic_configs[${i}]`);
    if (seen.has(topic.topicName))
      throw invalidArgument(`topic_configs[${i}].topic_name`, "duplicate topic name");
    seen.add(topic.topicName);
    return topic;
  });
}

export function parseIdentity(input: BrokerIdentityInput): BrokerIdentity {
  const brokerId = input.brokerId;
  if (brokerId < 0n || brokerId > BigInt(MAX_BROKER_ID)) {
    throw invalidArgument("broker_id", `must be 0 (master) or a positive slave id up to ${MAX_BROKER_ID}`);
  }
  return {
    clusterName: parseName(input.clusterName, "cluster_name"),
    brokerName: parseName(input.brokerName, "broker_name"),
    brokerId: Number(brokerId),
    brokerAddr: parseAddress(input.brokerAddr, "broker_addr"),
  };
}

export function parseHeartbeat(input: HeartbeatInput): HeartbeatSignal {
  return { ...parseIdentity(input), dataVersion: parseDataVersion(input.dataVersion) };
}

/** A cluster, group, zone or topic name: RocketMQ's character rule and length limit. */
export function parseName(value: string, field: string): string {
  if (value === "") throw invalidArgument(field, "required");
  if (value.length > MAX_NAME_LENGTH) throw invalidArgument(field, `at most ${MAX_NAME_LENGTH} characters`);
  if (!NAME_PATTERN.test(value)) throw invalidArgument(field, `must match ${NAME_PATTERN.source}`);
  return value;
}

/** "host:port": a hostname or IPv4 address, or an IPv6 address in brackets; port 1..65535. */
export function parseAddress(value: string, field: string): string {
  if (value === "") throw invalidArgument(field, "required");
  const parsed = value.length <= MAX_ADDR_LENGTH ? parseHostPort(value) : undefined;
  if (parsed === undefined || parsed.port === 0) {
    throw invalidArgument(field, 'must be "host:port" (IPv6 in brackets) with port 1..65535');
  }
  return value;
}

/** AdminService.RegisterTopic: a topic name and 1..1000 queue datas, one per broker group. */
export function parseTopicRegistration(input: {
  topic: string;
  queueDatas: QueueDataInput[];
}): TopicRegistration {
  const topic = parseName(input.topic, "topic");
  if (input.queueDatas.length === 0) throw invalidArgument("queue_datas", "required (at least one)");
  if (input.queueDatas.length > MAX_TOPIC_QUEUE_DATAS) {
    throw invalidArgument(
      "queue_datas",
      `at most ${MAX_TOPIC_QUEUE_DATAS} entries (got ${input.queueDatas.length})`,
    );
  }
  const seen = new Set<string>();
  const queueDatas = input.queueDatas.map((qd, i) => {
    const field = `queue_datas[${i}]`;
    const brokerName = parseName(qd.brokerName, `${field}.broker_name`);
    if (seen.has(brokerName)) throw invalidArgument(`${field}.broker_name`, "duplicate broker name");
    seen.add(brokerName);
    checkRange(qd.readQueueNums, 0, MAX_QUEUE_NUMS, `${field}.read_queue_nums`);
    checkRange(qd.writeQueueNums, 0, MAX_QUEUE_NUMS, `${field}.write_queue_nums`);
    checkRange(qd.perm, 0, MAX_PERM, `${field}.perm`);
    return {
      brokerName,
      readQueueNums: qd.readQueueNums,
      writeQueueNums: qd.writeQueueNums,
      perm: qd.perm,
      topicSysFlag: qd.topicSysFlag,
    };
  });
  return { topic, queueDatas };
}

/** An optional name: "" means "not given" (undefined). */
export function parseOptionalName(value: string, field: string): string | undefined {
  if (value === "") return undefined;
  // ts-proto's encoders write an omitted string field of a plain object as "undefined" (or
  // "null"), which would silently filter everything out: refused, naming the likely cause.
  if (value === "undefined" || value === "null") {
    throw invalidArgument(
      field,
      `${JSON.stringify(value)} is what a JavaScript client sends for an omitted field; send "" for none (or build the request with fromPartial)`,
    );
  }
  return parseName(value, field);
}

function parseTopicConfig(tc: TopicConfigInput, field: string): TopicConfig {
  parseName(tc.topicName, `${field}.topic_name`);
  checkRange(tc.readQueueNums, 0, MAX_QUEUE_NUMS, `${field}.read_queue_nums`);
  checkRange(tc.writeQueueNums, 0, MAX_QUEUE_NUMS, `${field}.write_queue_nums`);
  checkRange(tc.perm, 0, MAX_PERM, `${field}.perm`);
  return {
    topicName: tc.topicName,
    readQueueNums: tc.readQueueNums,
    writeQueueNums: tc.writeQueueNums,
    perm: tc.perm,
    topicSysFlag: tc.topicSysFlag,
  };
}

function checkRange(value: number, min: number, max: number, field: string): void {
  if (!Number.isInteger(value) || value < min || value > max)
    throw invalidArgument(field, `must be ${min}..${max}`);
}

function parseDataVersion(v: DataVersionInput | undefined): DataVersion {
  if (v === undefined) return ZERO_DATA_VERSION;
  return { stateVersion: v.stateVersion, timestamp: v.timestamp, counter: v.counter };
}
