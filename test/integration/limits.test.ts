import { once } from "node:events";
import { createConnection } from "node:net";
import { status } from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import { HeartbeatAction } from "../../gen/ts/namesrv/v1/broker_service.js";
import type { NameServerConfig } from "../../src/config/config.js";
import {
  type Clients,
  connect,
  HeartbeatStream,
  heartbeatOf,
  registration,
  topic,
  unary,
  unaryError,
} from "../helpers/grpc.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { FrameRecorder } from "../helpers/watch.js";

/** Each limit is enforced with RESOURCE_EXHAUSTED and a message naming the flag that sets it. */

let t: TestServer;
const extra: Clients[] = [];
const streams: Array<{ cancel(): void }> = [];
afterEach(async () => {
  for (const s of streams.splice(0)) s.cancel();
  for (const c of extra.splice(0)) c.close();
  await t.stop();
});

async function server(limits: Partial<NameServerConfig>) {
  t = await startTestServer(limits);
}
/** Another client connection (each generated client of the helpers has its own connection). */
function otherConnection(): Clients {
  const c = connect(t.server.address);
  extra.push(c);
  return c;
}
function heartbeatStream(c: Clients): HeartbeatStream {
  const s = new HeartbeatStream(c.broker);
  streams.push(s);
  return s;
}
/** A heartbeat of a broker the server does not know: the answer proves the stream is open. */
const stranger = heartbeatOf(registration({ brokerAddr: "10.9.9.9:10911" }));

describe("limits", () => {
  it("--max-streams-per-connection bounds the long-lived streams of one connection", async () => {
    await server({ maxStreamsPerConnection: 2 });
    const open = [heartbeatStream(t), heartbeatStream(t)];
    for (const s of open)
      expect((await s.beat(stranger)).action).toBe(HeartbeatAction.HEARTBEAT_ACTION_REGISTER_AGAIN);
    const refused = heartbeatStream(t);
    refused.call.write(stranger);
    const st = await refused.status;
    expect(st.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(st.details).toContain("--max-streams-per-connection 2");

    // Another connection is not affected, and a closed stream frees its place.
    expect((await heartbeatStream(otherConnection()).beat(stranger)).action).toBe(
      HeartbeatAction.HEARTBEAT_ACTION_REGISTER_AGAIN,
    );
    const closed = t.streamClosed();
    open[0]?.cancel();
    await closed;
    expect((await heartbeatStream(t).beat(stranger)).action).toBe(
      HeartbeatAction.HEARTBEAT_ACTION_REGISTER_AGAIN,
    );
  });

  it("--max-watch-subscribers bounds the route watches over all connections", async () => {
    await server({ maxWatchSubscribers: 2 });
    const watches = [t, otherConnection()].map((c) => {
      const r = new FrameRecorder(c.route, { allTopics: true });
      streams.push(r);
      return r;
    });
    for (const w of watches) await w.at(0);
    const third = new FrameRecorder(otherConnection().route, { allTopics: true });
    streams.push(third);
    const st = await third.status;
    expect(st.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(st.details).toContain("--max-watch-subscribers 2");
  });

  it("--max-pending-heartbeat-streams bounds streams that carry no registered broker", async () => {
    await server({ maxPendingHeartbeatStreams: 2 });
    const pending = [heartbeatStream(t), heartbeatStream(otherConnection())];
    for (const s of pending) await s.beat(stranger);
    const refused = heartbeatStream(otherConnection());
    refused.call.write(stranger);
    const st = await refused.status;
    expect(st.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(st.details).toContain("--max-pending-heartbeat-streams 2");

    // Once a stream carries a registered broker it is no longer pending.
    const broker = registration();
    await unary((cb) => t.broker.registerBroker(broker, cb));
    expect((await pending[0]?.beat(heartbeatOf(broker)))?.action).toBe(HeartbeatAction.HEARTBEAT_ACTION_OK);
    expect((await heartbeatStream(otherConnection()).beat(stranger)).action).toBe(
      HeartbeatAction.HEARTBEAT_ACTION_REGISTER_AGAIN,
    );
  });

  it("--max-message-bytes refuses a larger message and applies none of it", async () => {
    await server({ maxMessageBytes: 1_048_576 });
    const big = Array.from({ length: 12_000 }, (_, i) => topic(`Topic_${i}_${"x".repeat(80)}`));
    const err = await unaryError((cb) => t.broker.registerBroker(registration({ topicConfigs: big }), cb));
    expect(err.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(t.server.registry.routes.revision).toBe(0);
  });

  it("--keepalive-time-ms and --keepalive-timeout-ms close a connection whose pings go unanswered", async () => {
    await server({ keepaliveTimeMs: 1_000, keepaliveTimeoutMs: 1_000 });
    const port = Number(t.server.address.split(":").pop());
    // A raw HTTP/2 peer that opens the connection and then never answers anything, like a
    // machine that vanished without a FIN; a live grpc-js client on the same server stays up.
    const silent = createConnection({ host: "127.0.0.1", port });
    silent.on("error", () => {});
    silent.on("data", () => {});
    silent.write(
      Buffer.concat([
        Buffer.from("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
        Buffer.from([0, 0, 0, 4, 0, 0, 0, 0, 0]),
      ]),
    );
    const live = otherConnection();
    await unary((cb) => live.route.getClusterInfo({}, cb));
    await once(silent, "close");
    await expect(unary((cb) => live.route.getClusterInfo({}, cb))).resolves.toBeDefined();
  });
});
