import { expect } from "vitest";
import { DomainError, type ErrorKind } from "../../src/errors/domain-error.js";
import type { ChangeBatch, RouteTable } from "../../src/route/route-table.js";
import type { DataVersion, Registration, TopicConfig } from "../../src/route/types.js";
import type {
  BrokerIdentityInput,
  DataVersionInput,
  HeartbeatInput,
  RegisterBrokerInput,
  TopicConfigInput,
} from "../../src/route/validate.js";

/**
 * Builders for unit tests. Domain values (`registration`, `topic`, `version`) feed the RouteTable;
 * `*Input` values have the generated-message shape (bigints) that Registry and validate.ts take.
 */

export const CLUSTER = "DefaultCluster";

/** A data version; equal arguments give equal versions. */
export function version(counter: number, stateVersion = 0): DataVersion {
  return { stateVersion: BigInt(stateVersion), timestamp: 1_700_000_000_000n, counter: BigInt(counter) };
}

/** A topic as a broker holds it: 8 read and 8 write queues, perm RW (6) unless overridden. */
export function topic(topicName: string, overrides: Partial<TopicConfig> = {}): TopicConfig {
  return { topicName, readQueueNums: 8, writeQueueNums: 8, perm: 6, topicSysFlag: 0, ...overrides };
}

/** A validated registration: the master of broker-a at 10.0.0.1:10911 with no topics, version 1. */
export function registration(overrides: Partial<Registration> = {}): Registration {
  return {
    clusterName: CLUSTER,
    brokerName: "broker-a",
    brokerId: 0,
    brokerAddr: "10.0.0.1:10911",
    haServerAddr: "10.0.0.1:10912",
    zoneName: "",
    topics: [],
    dataVersion: version(1),
    heartbeatTimeoutMs: 0,
    ...overrides,
  };
}

export function dataVersionInput(counter: number, stateVersion = 0): DataVersionInput {
  return { ...version(counter, stateVersion) };
}

export function topicInput(topicName: string, overrides: Partial<TopicConfigInput> = {}): TopicConfigInput {
  return { topicName, readQueueNums: 8, writeQueueNums: 8, perm: 6, topicSysFlag: 0, ...overrides };
}

/** A RegisterBrokerRequest with its topic table as plain entries. */
export type PlainRegisterInput = RegisterBrokerInput & { topicConfigs: readonly TopicConfigInput[] };

/** A RegisterBrokerRequest: the master of broker-a at 10.0.0.1:10911, version 1, server-default timeout. */
export function registerInput(overrides: Partial<PlainRegisterInput> = {}): PlainRegisterInput {
  return {
    clusterName: CLUSTER,
    brokerName: "broker-a",
    brokerId: 0n,
    brokerAddr: "10.0.0.1:10911",
    haServerAddr: "10.0.0.1:10912",
    zoneName: "",
    topicConfigs: [],
    dataVersion: dataVersionInput(1),
    heartbeatTimeoutMs: 0n,
    ...overrides,
  };
}

/** The identity part of `reg` (UnregisterBroker). */
export function identityOf(reg: RegisterBrokerInput): BrokerIdentityInput {
  return {
    clusterName: reg.clusterName,
    brokerName: reg.brokerName,
    brokerId: reg.brokerId,
    brokerAddr: reg.brokerAddr,
  };
}

/** A heartbeat matching `reg` (same identity and data version) unless overridden. */
export function heartbeatOf(
  reg: RegisterBrokerInput,
  overrides: Partial<HeartbeatInput> = {},
): HeartbeatInput {
  return { ...identityOf(reg), dataVersion: reg.dataVersion, ...overrides };
}

/** Runs `fn`, which must throw a DomainError of `kind`; returns the error. */
export function expectDomainError(fn: () => unknown, kind: ErrorKind): DomainError {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  if (thrown === undefined) throw new Error(`expected a DomainError ${kind}, but nothing was thrown`);
  expect(thrown).toBeInstanceOf(DomainError);
  const err = thrown as DomainError;
  expect(err.kind, err.message).toBe(kind);
  return err;
}

/** Records every change batch the table announces. */
export function recordChanges(table: RouteTable): ChangeBatch[] {
  const batches: ChangeBatch[] = [];
  table.onChange((batch) => batches.push(batch));
  return batches;
}
