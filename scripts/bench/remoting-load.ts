/**
 * Route-lookup load generator of `npm run bench:rocketmq`, the same for every server it is pointed
 * at: `connections` connections, each with `inflight` GET_ROUTEINFO_BY_TOPIC requests outstanding
 * (remoting, RocketMQ's JSON headers, as the Java client sends them) or GetRouteInfoByTopic calls
 * (gRPC), for `durationMs` after `warmupMs`. Prints one JSON line: calls/s and latency percentiles.
 *
 * Usage: node dist/scripts/bench/remoting-load.js '{"kind":"remoting","address":"127.0.0.1:9876",...}'
 */
import { connect, type Socket } from "node:net";
import { credentials } from "@grpc/grpc-js";
import { RouteServiceClient } from "../../gen/ts/namesrv/v1/route_service.js";
import { RequestCode, ResponseCode } from "../../src/remoting/codes.js";
import { encodeCommand } from "../../src/remoting/command.js";
import { FrameDecoder } from "../../src/remoting/frame-decoder.js";
import { nowUs, percentile } from "./lib/stats.js";

interface LoadConfig {
  kind: "remoting" | "grpc";
  address: string;
  topic: string;
  connections: number;
  inflight: number;
  durationMs: number;
  warmupMs: number;
}

const cfg = JSON.parse(process.argv[2] ?? "{}") as LoadConfig;
const latencies: number[] = [];
let errors = 0;
let measuring = false;
let stopping = false;

function record(startUs: number, ok: boolean): void {
  if (!measuring) return;
  if (ok) latencies.push(nowUs() - startUs);
  else errors++;
}

async function remotingWorker(): Promise<() => void> {
  const i = cfg.address.lastIndexOf(":");
  const socket: Socket = connect({ host: cfg.address.slice(0, i), port: Number(cfg.address.slice(i + 1)) });
  socket.setNoDelay(true);
  await new Promise((resolve, reject) => socket.once("connect", resolve).once("error", reject));
  const decoder = new FrameDecoder({ maxFrameBytes: 1 << 26, maxHeaderBytes: 1 << 20 });
  const started = new Map<number, number>();
  let opaque = 0;
  const send = () => {
    const o = ++opaque;
    started.set(o, nowUs());
    socket.write(
      encodeCommand({
        code: RequestCode.GET_ROUTEINFO_BY_TOPIC,
        language: 0,
        version: 479,
        opaque: o,
        flag: 0,
        remark: undefined,
        extFields: new Map([["topic", cfg.topic]]),
        body: undefined,
        serialization: "JSON",
      }),
    );
  };
  socket.on("data", (chunk: Buffer) => {
    for (const r of decoder.push(chunk)) {
      const t = started.get(r.opaque);
      started.delete(r.opaque);
      if (t !== undefined) record(t, r.code === ResponseCode.SUCCESS);
      if (!stopping) send();
    }
  });
  for (let k = 0; k < cfg.inflight; k++) send();
  return () => socket.destroy();
}

async function grpcWorker(): Promise<() => void> {
  const client = new RouteServiceClient(cfg.address, credentials.createInsecure(), {
    "grpc.use_local_subchannel_pool": 1,
  });
  const call = () => {
    const t = nowUs();
    client.getRouteInfoByTopic({ topic: cfg.topic, zoneName: "" }, (err) => {
      record(t, err === null);
      if (!stopping) call();
    });
  };
  for (let k = 0; k < cfg.inflight; k++) call();
  return () => client.close();
}

async function main(): Promise<void> {
  const closers: Array<() => void> = [];
  for (let c = 0; c < cfg.connections; c++) {
    closers.push(await (cfg.kind === "remoting" ? remotingWorker() : grpcWorker()));
  }
  await new Promise((r) => setTimeout(r, cfg.warmupMs));
  measuring = true;
  const t0 = nowUs();
  await new Promise((r) => setTimeout(r, cfg.durationMs));
  measuring = false;
  const elapsedS = (nowUs() - t0) / 1e6;
  stopping = true;
  for (const close of closers) close();
  process.stdout.write(
    `${JSON.stringify({
      result: true,
      calls: latencies.length,
      errors,
      callsPerS: latencies.length / elapsedS,
      p50Us: percentile(latencies, 50),
      p99Us: percentile(latencies, 99),
    })}\n`,
  );
  process.exit(0);
}

void main();
