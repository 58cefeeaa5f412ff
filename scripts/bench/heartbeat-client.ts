/**
 * A swarm of brokers for the heartbeat scenario, in one process: each broker has its own connection,
 * registers, opens its Heartbeat stream and sends one heartbeat every `intervalMs` (phases spread
 * evenly over the interval). Talks JSON lines: prints {"ready":true} once every stream is open,
 * answers {"cmd":"stats"} with {"stats":{...}} (heartbeats sent and answers by kind).
 *
 *   node dist/scripts/bench/heartbeat-client.js '{"address":"127.0.0.1:9876","first":0,"count":500,"intervalMs":1000}'
 */
import { createInterface } from "node:readline";
import { credentials, Metadata } from "@grpc/grpc-js";
import {
  BrokerServiceClient,
  HeartbeatAction,
  HeartbeatRequest,
  type HeartbeatResponse,
  RegisterBrokerRequest,
} from "../../gen/ts/namesrv/v1/broker_service.js";
import { topicConfig } from "./lib/fixture.js";
import { ownConnection } from "./lib/raw-client.js";

interface SwarmConfig {
  readonly address: string;
  readonly first: number;
  readonly count: number;
  readonly intervalMs: number;
  readonly topicsPerBroker?: number;
}

const config = JSON.parse(process.argv[2] ?? "{}") as SwarmConfig;
const stats = { sent: 0, ok: 0, registerAgain: 0, errors: 0 };
const out = (line: unknown) => process.stdout.write(`${JSON.stringify(line)}\n`);

function brokerRegistration(i: number): RegisterBrokerRequest {
  return RegisterBrokerRequest.fromPartial({
    clusterName: `hb-cluster-${i % 10}`,
    brokerName: `hb-${String(i).padStart(5, "0")}`,
    brokerId: 0n,
    brokerAddr: `10.2.${i >> 8}.${i & 255}:10911`,
    topicConfigs: Array.from({ length: config.topicsPerBroker ?? 4 }, (_, k) => topicConfig(`hb-${i}-t${k}`)),
    dataVersion: { stateVersion: 1n, timestamp: 1_700_000_000_000n, counter: 1n },
  });
}

async function startBroker(i: number): Promise<void> {
  const client = new BrokerServiceClient(
    config.address,
    credentials.createInsecure(),
    ownConnection(`hb-${i}`),
  );
  const reg = brokerRegistration(i);
  await new Promise<void>((resolve, reject) =>
    client.registerBroker(reg, new Metadata(), { deadline: Date.now() + 60_000 }, (err) =>
      err ? reject(err) : resolve(),
    ),
  );
  const beat = HeartbeatRequest.fromPartial({
    clusterName: reg.clusterName,
    brokerName: reg.brokerName,
    brokerId: reg.brokerId,
    brokerAddr: reg.brokerAddr,
    dataVersion: reg.dataVersion,
  });
  const stream = client.heartbeat();
  stream.on("data", (r: HeartbeatResponse) => {
    if (r.action === HeartbeatAction.HEARTBEAT_ACTION_OK) stats.ok++;
    else stats.registerAgain++;
  });
  stream.on("error", () => {
    stats.errors++;
  });
  const send = () => {
    stats.sent++;
    stream.write(beat);
  };
  const phase = ((i - config.first) / config.count) * config.intervalMs;
  setTimeout(() => {
    send();
    setInterval(send, config.intervalMs);
  }, phase);
}

async function main(): Promise<void> {
  let next = config.first;
  const end = config.first + config.count;
  const worker = async () => {
    while (next < end) await startBroker(next++);
  };
  await Promise.all(Array.from({ length: 16 }, worker));
  out({ ready: true, brokers: config.count });
  createInterface({ input: process.stdin }).on("line", (line) => {
    const cmd = (JSON.parse(line) as { cmd?: string }).cmd;
    if (cmd === "stats") out({ stats });
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`heartbeat-client: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
