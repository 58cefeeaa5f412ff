/**
 * One broker for the failover scenario, in its own process: registers its topics, keeps a Heartbeat
 * stream (a heartbeat at once, then every `intervalMs`) and prints {"ready":true} after the first OK
 * answer. It never registers again, so a removal stays visible. The scenario SIGKILLs it (a crash:
 * the kernel resets its connection) or unregisters it.
 *
 *   node dist/scripts/bench/broker.js '{"address":..,"brokerName":"victim","brokerAddr":"10.3.0.1:10911","topics":["t1"],"intervalMs":1000}'
 */
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

interface BrokerConfig {
  readonly address: string;
  readonly clusterName: string;
  readonly brokerName: string;
  readonly brokerAddr: string;
  readonly topics: readonly string[];
  readonly intervalMs: number;
}

const config = JSON.parse(process.argv[2] ?? "{}") as BrokerConfig;
const out = (line: unknown) => process.stdout.write(`${JSON.stringify(line)}\n`);

async function main(): Promise<void> {
  const client = new BrokerServiceClient(
    config.address,
    credentials.createInsecure(),
    ownConnection("broker"),
  );
  const reg = RegisterBrokerRequest.fromPartial({
    clusterName: config.clusterName,
    brokerName: config.brokerName,
    brokerId: 0n,
    brokerAddr: config.brokerAddr,
    topicConfigs: config.topics.map((t) => topicConfig(t)),
    dataVersion: { stateVersion: 1n, timestamp: BigInt(Date.now()), counter: 1n },
  });
  await new Promise<void>((resolve, reject) =>
    client.registerBroker(reg, new Metadata(), { deadline: Date.now() + 30_000 }, (err) =>
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
  let ready = false;
  stream.on("data", (r: HeartbeatResponse) => {
    if (!ready && r.action === HeartbeatAction.HEARTBEAT_ACTION_OK) {
      ready = true;
      out({ ready: true, pid: process.pid });
    }
  });
  stream.on("error", (err: Error) => out({ streamError: err.message }));
  stream.write(beat);
  setInterval(() => stream.write(beat), config.intervalMs);
}

process.once("SIGTERM", () => process.exit(0));
main().catch((err: unknown) => {
  process.stderr.write(`broker: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
