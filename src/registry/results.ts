/** What the registry answers: plain values, each carrying the table's version. */

/** Every answer carries the table's version. */
export interface Versioned {
  /** Random per process start. */
  readonly epoch: bigint;
  /** The table's revision after the operation. */
  readonly revision: number;
}

export interface RegisterResult extends Versioned {
  readonly changed: boolean;
  readonly masterAddr: string;
  readonly haServerAddr: string;
  readonly heartbeatIntervalMs: number;
  readonly heartbeatTimeoutMs: number;
  /** The KV namespace ORDER_TOPIC_CONFIG (topic -> conf, sorted), returned to brokers as RocketMQ does. */
  readonly orderTopicConfig: ReadonlyMap<string, string>;
}

export type HeartbeatAction = "OK" | "REGISTER_AGAIN";

export interface HeartbeatVerdict extends Versioned {
  readonly action: HeartbeatAction;
  readonly reason: string;
  readonly brokerAddr: string;
}
