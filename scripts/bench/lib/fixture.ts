/**
 * The route table the benchmarks load: a realistic shape by default (10 clusters, 100 broker groups
 * of 2 brokers, 10,000 topics, each topic on 4 groups, so 400 topics per group).
 */
import { credentials } from "@grpc/grpc-js";
import {
  BrokerServiceClient,
  RegisterBrokerRequest,
  type RegisterBrokerResponse,
} from "../../../gen/ts/namesrv/v1/broker_service.js";
import type { TopicConfig } from "../../../gen/ts/namesrv/v1/route.js";

export interface TableShape {
  readonly clusters: number;
  readonly groups: number;
  readonly topics: number;
  readonly brokersPerGroup: number;
  readonly groupsPerTopic: number;
}

export const REALISTIC: TableShape = {
  clusters: 10,
  groups: 100,
  topics: 10_000,
  brokersPerGroup: 2,
  groupsPerTopic: 4,
};

/** The longest heartbeat timeout a broker may ask for: table brokers never heartbeat in a run. */
export const LONG_TIMEOUT_MS = 600_000n;

export function topicName(i: number): string {
  return `topic-${String(i).padStart(6, "0")}`;
}

export function groupName(g: number): string {
  return `broker-${String(g).padStart(3, "0")}`;
}

export function topicConfig(name: string, queues = 8, perm = 6): TopicConfig {
  return { topicName: name, readQueueNums: queues, writeQueueNums: queues, perm, topicSysFlag: 0 };
}

/** Indexes of the groups serving topic `i`: spread evenly over all groups. */
export function groupsOfTopic(shape: TableShape, i: number): number[] {
  const step = Math.floor(shape.groups / shape.groupsPerTopic);
  return Array.from({ length: shape.groupsPerTopic }, (_, k) => (i + k * step) % shape.groups);
}

/** Topic indexes of each group. */
export function topicsByGroup(shape: TableShape): number[][] {
  const byGroup: number[][] = Array.from({ length: shape.groups }, () => []);
  for (let i = 0; i < shape.topics; i++) for (const g of groupsOfTopic(shape, i)) byGroup[g]?.push(i);
  return byGroup;
}

/** The registration of broker `id` of group `g` (its topic table at `version`, queue count `queues`). */
export function groupRegistration(
  shape: TableShape,
  g: number,
  id: number,
  topics: readonly number[],
  version = 1n,
  queues = 8,
): RegisterBrokerRequest {
  return RegisterBrokerRequest.fromPartial({
    clusterName: `cluster-${String(g % shape.clusters).padStart(2, "0")}`,
    brokerName: groupName(g),
    brokerId: BigInt(id),
    brokerAddr: `10.1.${g}.${id + 1}:10911`,
    haServerAddr: `10.1.${g}.${id + 1}:10912`,
    zoneName: `zone-${g % 3}`,
    topicConfigs: topics.map((i) => topicConfig(topicName(i), queues)),
    dataVersion: { stateVersion: 1n, timestamp: 1_700_000_000_000n + version, counter: version },
    heartbeatTimeoutMs: LONG_TIMEOUT_MS,
  });
}

/** Registers every broker of the table at `address` (several calls in flight). */
export async function loadTable(address: string, shape: TableShape = REALISTIC): Promise<void> {
  const client = new BrokerServiceClient(address, credentials.createInsecure(), {
    "grpc.max_send_message_length": 256 * 1024 * 1024,
  });
  try {
    const byGroup = topicsByGroup(shape);
    const requests: RegisterBrokerRequest[] = [];
    for (let g = 0; g < shape.groups; g++) {
      for (let id = 0; id < shape.brokersPerGroup; id++) {
        requests.push(groupRegistration(shape, g, id, byGroup[g] ?? []));
      }
    }
    let next = 0;
    const worker = async () => {
      while (next < requests.length) {
        const req = requests[next++] as RegisterBrokerRequest;
        await new Promise<RegisterBrokerResponse>((resolve, reject) =>
          client.registerBroker(req, (err, res) => (err ? reject(err) : resolve(res))),
        );
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  } finally {
    client.close();
  }
}
