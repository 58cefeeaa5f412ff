/**
 * The bare grpc-js baseline: a server with namesrv's method paths and message-size options that
 * answers with fixed, pre-encoded bytes and has no logic at all. Whatever namesrv costs beyond this
 * server is ours; what this server costs is the transport's.
 *
 *   node dist/scripts/bench/bare-server.js '{"listen":"127.0.0.1:0","payloads":"FILE"}'
 *
 * FILE is JSON with base64 messages (each optional): `lookup` (GetRouteInfoByTopicResponse),
 * `register` (RegisterBrokerResponse), `unregister`, `heartbeat` (HeartbeatResponse, sent once per
 * received heartbeat), `watchInitial` (frames sent when a WatchRoutes stream opens) and
 * `watchChange` (the frame /bench.v1.Bare/Push writes to every open watch stream).
 * Prints `{"msg":"bare ready","address":...}` when bound; stops on SIGTERM.
 */
import { readFileSync } from "node:fs";
import {
  type MethodDefinition,
  Server,
  ServerCredentials,
  type ServerDuplexStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type sendUnaryData,
} from "@grpc/grpc-js";

interface BareConfig {
  readonly listen: string;
  readonly payloads: string;
  /** Same default as namesrv's --max-message-bytes. */
  readonly maxMessageBytes?: number;
}

interface Payloads {
  lookup?: string;
  register?: string;
  unregister?: string;
  heartbeat?: string;
  watchInitial?: string[];
  watchChange?: string;
}

const identity = (b: Buffer): Buffer => b;

function method(
  path: string,
  requestStream: boolean,
  responseStream: boolean,
): MethodDefinition<Buffer, Buffer> {
  return {
    path,
    requestStream,
    responseStream,
    requestSerialize: identity,
    requestDeserialize: identity,
    responseSerialize: identity,
    responseDeserialize: identity,
  };
}

function main(): void {
  const config = JSON.parse(process.argv[2] ?? "{}") as BareConfig;
  const p = JSON.parse(readFileSync(config.payloads, "utf8")) as Payloads;
  const bytes = (b64: string | undefined) => Buffer.from(b64 ?? "", "base64");
  const lookup = bytes(p.lookup);
  const register = bytes(p.register);
  const unregister = bytes(p.unregister);
  const heartbeat = bytes(p.heartbeat);
  const watchInitial = (p.watchInitial ?? []).map(bytes);
  const watchChange = bytes(p.watchChange);
  const watchers = new Set<ServerWritableStream<Buffer, Buffer>>();

  const fixed = (answer: Buffer) => (_call: ServerUnaryCall<Buffer, Buffer>, cb: sendUnaryData<Buffer>) =>
    cb(null, answer);
  const max = config.maxMessageBytes ?? 64 * 1024 * 1024;
  // namesrv's options that bear on per-message cost: message limits, and no channelz bookkeeping.
  const server = new Server({
    "grpc.max_receive_message_length": max,
    "grpc.max_send_message_length": max,
    "grpc.enable_channelz": 0,
  });
  server.addService(
    {
      getRouteInfoByTopic: method("/namesrv.v1.RouteService/GetRouteInfoByTopic", false, false),
      watchRoutes: method("/namesrv.v1.RouteService/WatchRoutes", false, true),
    },
    {
      getRouteInfoByTopic: fixed(lookup),
      watchRoutes(call: ServerWritableStream<Buffer, Buffer>) {
        watchers.add(call);
        const forget = () => watchers.delete(call);
        call.on("cancelled", forget);
        call.on("close", forget);
        call.on("error", forget);
        for (const frame of watchInitial) call.write(frame);
      },
    },
  );
  server.addService(
    {
      registerBroker: method("/namesrv.v1.BrokerService/RegisterBroker", false, false),
      unregisterBroker: method("/namesrv.v1.BrokerService/UnregisterBroker", false, false),
      heartbeat: method("/namesrv.v1.BrokerService/Heartbeat", true, true),
    },
    {
      registerBroker: fixed(register),
      unregisterBroker: fixed(unregister),
      heartbeat(call: ServerDuplexStream<Buffer, Buffer>) {
        call.on("data", () => call.write(heartbeat));
        call.on("end", () => call.end());
        call.on("error", () => {});
      },
    },
  );
  server.addService(
    { push: method("/bench.v1.Bare/Push", false, false) },
    {
      push(_call: ServerUnaryCall<Buffer, Buffer>, cb: sendUnaryData<Buffer>) {
        for (const w of watchers) w.write(watchChange);
        cb(null, Buffer.alloc(0));
      },
    },
  );
  server.bindAsync(config.listen, ServerCredentials.createInsecure(), (err, port) => {
    if (err) {
      process.stderr.write(`bare-server: ${err.message}\n`);
      process.exit(1);
    }
    const host = config.listen.slice(0, config.listen.lastIndexOf(":"));
    process.stdout.write(
      `${JSON.stringify({ msg: "bare ready", address: `${host}:${port}`, pid: process.pid })}\n`,
    );
  });
  process.once("SIGTERM", () => {
    server.forceShutdown();
    process.exit(0);
  });
}

main();
