import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { Client, credentials, type ServiceError, status } from "@grpc/grpc-js";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { RegisterBrokerResponse } from "../../gen/ts/namesrv/v1/broker_service.js";
import type { GetRouteInfoByTopicResponse } from "../../gen/ts/namesrv/v1/route_service.js";
import { HeartbeatStream, heartbeatOf, registration, topic, unary, unaryError } from "../helpers/grpc.js";
import { EventStream, httpGet, sample } from "../helpers/http.js";
import { type RawSession, rawSession } from "../helpers/raw-h2.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import {
  readFixture,
  type SecureClients,
  type SecureTestServer,
  secureClients,
  startSecureServer,
} from "../helpers/tls.js";
import { FrameRecorder } from "../helpers/watch.js";

let t: TestServer | undefined;
let s: SecureTestServer | undefined;
const closers: Array<{ close(): void }> = [];
afterEach(async () => {
  for (const c of closers.splice(0)) c.close();
  await t?.stop();
  await s?.stop();
  t = undefined;
  s = undefined;
});

const HTTP = { httpListen: "127.0.0.1:0" } as const;
const LOOKUP = 'grpc_service="namesrv.v1.RouteService",grpc_method="GetRouteInfoByTopic",grpc_type="unary"';
const HEARTBEAT = 'grpc_service="namesrv.v1.BrokerService",grpc_method="Heartbeat",grpc_type="bidi_stream"';
const REGISTER = 'grpc_service="namesrv.v1.BrokerService",grpc_method="RegisterBroker",grpc_type="unary"';
const HEALTH_CHECK = 'grpc_service="grpc.health.v1.Health",grpc_method="Check",grpc_type="unary"';
const CLUSTER_INFO = 'grpc_service="namesrv.v1.RouteService",grpc_method="GetClusterInfo",grpc_type="unary"';

async function start(overrides = {}): Promise<TestServer> {
  t = await startTestServer({ ...HTTP, ...overrides }, 42n);
  return t;
}
const httpOf = (server: TestServer) => server.server.httpAddress as string;
const metrics = async (server: TestServer) => {
  const r = await httpGet(httpOf(server), "/metrics");
  expect(r.status).toBe(200);
  return r.body;
};
const register = (server: TestServer, req = registration()) =>
  unary<RegisterBrokerResponse>((cb) => server.broker.registerBroker(req, cb));
const lookup = (server: TestServer, name: string) =>
  unary<GetRouteInfoByTopicResponse>((cb) =>
    server.route.getRouteInfoByTopic({ topic: name, zoneName: "" }, cb),
  );

describe("HTTP listener", () => {
  it("is off with httpListen empty, and then no metrics are kept", async () => {
    const server = await startTestServer({}, 42n);
    t = server;
    expect(server.server.httpAddress).toBeNull();
  });

  it("answers /healthz and /readyz, and refuses anything but GET and HEAD", async () => {
    const server = await start();
    expect((await httpGet(httpOf(server), "/healthz")).status).toBe(200);
    expect((await httpGet(httpOf(server), "/readyz")).status).toBe(200);
    const post = await httpGet(httpOf(server), "/metrics", { method: "POST" });
    expect(post.status).toBe(405);
    expect((await httpGet(httpOf(server), "/api/nothing")).status).toBe(404);
  });

  it("is not ready during the warm-up, and the dashboard's route lookups say so", async () => {
    const server = await start({ warmUpMs: 5_000 });
    expect((await httpGet(httpOf(server), "/healthz")).status).toBe(200);
    expect((await httpGet(httpOf(server), "/readyz")).status).toBe(503);
    const route = await httpGet(httpOf(server), "/api/route?topic=TopicA");
    expect(route.status).toBe(503);
    expect(route.body).toContain("warming up");
    server.clock.advance(5_000);
    expect((await httpGet(httpOf(server), "/readyz")).status).toBe(200);
  });
});

describe("/metrics", () => {
  it("counts gRPC calls in go-grpc-prometheus's names, by code", async () => {
    const server = await start();
    await register(server);
    await lookup(server, "TopicA");
    await unaryError((cb) => server.route.getRouteInfoByTopic({ topic: "Nope", zoneName: "" }, cb));
    const hb = new HeartbeatStream(server.broker);
    await hb.beat(heartbeatOf(registration()));
    await hb.beat(heartbeatOf(registration()));
    const body = await metrics(server);
    expect(sample(body, `grpc_server_started_total{${LOOKUP}}`)).toBe(2);
    expect(sample(body, `grpc_server_handled_total{${LOOKUP},grpc_code="OK"}`)).toBe(1);
    expect(sample(body, `grpc_server_handled_total{${LOOKUP},grpc_code="NotFound"}`)).toBe(1);
    expect(sample(body, `grpc_server_handling_seconds_count{${LOOKUP}}`)).toBe(2);
    expect(sample(body, `grpc_server_handling_seconds_bucket{${LOOKUP},le="+Inf"}`)).toBe(2);
    expect(sample(body, `grpc_server_msg_received_total{${HEARTBEAT}}`)).toBe(2);
    expect(sample(body, `grpc_server_msg_sent_total{${HEARTBEAT}}`)).toBe(2);
    expect(sample(body, `grpc_server_started_total{${HEARTBEAT}}`)).toBe(1);
    expect(sample(body, "namesrv_heartbeat_streams")).toBe(1);
    expect(sample(body, "namesrv_heartbeats_total")).toBe(2);
    hb.cancel();
    await hb.status;
  });

  it("counts calls that end outside any handler: limit refusals, malformed requests, cancellations; and the health service", async () => {
    const server = await start({ maxStreamsPerAddress: 1 });
    const hb = new HeartbeatStream(server.broker);
    await hb.beat(heartbeatOf(registration()));
    // Refused by the call guard (one stream per address) before any handler runs.
    const refused = new HeartbeatStream(server.broker);
    expect((await refused.status).code).toBe(status.RESOURCE_EXHAUSTED);
    // Answered INVALID_ARGUMENT by the deserializer's guard, before the handler.
    const session: RawSession = await rawSession(server.server.address, "127.0.0.2");
    closers.push(session);
    const malformed = session.open("/namesrv.v1.BrokerService/RegisterBroker");
    malformed.stream.resume();
    malformed.send(Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f]));
    malformed.stream.end();
    expect((await malformed.status).code).toBe(status.INVALID_ARGUMENT);
    // A library's service, whose handlers we do not write.
    const health = new Client(server.server.address, credentials.createInsecure());
    closers.push(health);
    await new Promise<void>((resolve, reject) =>
      health.makeUnaryRequest(
        "/grpc.health.v1.Health/Check",
        (service: string) => Buffer.from(new BinaryWriter().uint32(10).string(service).finish()),
        (b: Buffer) => b,
        "",
        (err: ServiceError | null) => (err ? reject(err) : resolve()),
      ),
    );
    hb.cancel();
    await hb.status;
    await vi.waitFor(async () =>
      expect(
        sample(await metrics(server), `grpc_server_handled_total{${HEARTBEAT},grpc_code="Canceled"}`),
      ).toBe(1),
    );
    const body = await metrics(server);
    expect(sample(body, `grpc_server_started_total{${HEARTBEAT}}`)).toBe(2);
    expect(sample(body, `grpc_server_handled_total{${HEARTBEAT},grpc_code="ResourceExhausted"}`)).toBe(1);
    expect(sample(body, `grpc_server_handled_total{${HEARTBEAT},grpc_code="OK"}`)).toBeUndefined();
    expect(sample(body, `grpc_server_started_total{${REGISTER}}`)).toBe(1);
    expect(sample(body, `grpc_server_handled_total{${REGISTER},grpc_code="InvalidArgument"}`)).toBe(1);
    expect(sample(body, `grpc_server_handling_seconds_count{${REGISTER}}`)).toBe(1);
    expect(sample(body, `grpc_server_handled_total{${HEALTH_CHECK},grpc_code="OK"}`)).toBe(1);
    expect(sample(body, `grpc_server_msg_received_total{${HEALTH_CHECK}}`)).toBe(1);
    expect(sample(body, `grpc_server_msg_sent_total{${HEALTH_CHECK}}`)).toBe(1);
  });

  it("counts auth refusals with their codes: before the handler, and on an open stream", async () => {
    s = await startSecureServer({
      config: HTTP,
      principals: [
        { name: "prometheus", roles: ["client"], token: "scrape-token" },
        { name: "broker-a", roles: ["broker"], token: "tok-broker-a", brokerNames: ["broker-a"] },
      ],
    });
    const client = async (token?: string): Promise<SecureClients> => {
      const c = await secureClients((s as SecureTestServer).server.address, token ? { token } : {});
      closers.push(c);
      return c;
    };
    const anonymous = await client();
    const err = await unaryError((cb) => anonymous.route.getClusterInfo({}, cb));
    expect(err.code).toBe(status.UNAUTHENTICATED);
    const broker = await client("tok-broker-a");
    const own = registration({ brokerName: "broker-a" });
    await unary((cb) => broker.broker.registerBroker(own, cb));
    const hb = new HeartbeatStream(broker.broker);
    await hb.beat(heartbeatOf(own));
    hb.call.write(heartbeatOf({ ...own, brokerName: "broker-b" }));
    expect((await hb.status).code).toBe(status.PERMISSION_DENIED);
    const scrape = async () => {
      const r = await httpGet((s as SecureTestServer).server.httpAddress as string, "/metrics", {
        headers: { authorization: "Bearer scrape-token" },
      });
      expect(r.status).toBe(200);
      return r.body;
    };
    await vi.waitFor(async () =>
      expect(
        sample(await scrape(), `grpc_server_handled_total{${HEARTBEAT},grpc_code="PermissionDenied"}`),
      ).toBe(1),
    );
    const body = await scrape();
    expect(sample(body, `grpc_server_started_total{${CLUSTER_INFO}}`)).toBe(1);
    expect(sample(body, `grpc_server_handled_total{${CLUSTER_INFO},grpc_code="Unauthenticated"}`)).toBe(1);
    expect(sample(body, `grpc_server_handled_total{${HEARTBEAT},grpc_code="Canceled"}`)).toBeUndefined();
    expect(sample(body, `grpc_server_msg_received_total{${HEARTBEAT}}`)).toBe(2);
    expect(sample(body, `grpc_server_msg_sent_total{${HEARTBEAT}}`)).toBe(1);
  });

  it("shows the table, registrations and removals by reason", async () => {
    const server = await start();
    await register(server);
    await register(server); // same data version: unchanged
    await unaryError((cb) => server.broker.registerBroker(registration({ brokerName: "" }), cb));
    await register(
      server,
      registration({
        brokerName: "broker-b",
        brokerAddr: "10.0.0.9:10911",
        clusterName: "C2",
        topicConfigs: [topic("T9")],
      }),
    );
    let body = await metrics(server);
    expect(sample(body, 'namesrv_brokers{cluster="DefaultCluster"}')).toBe(1);
    expect(sample(body, 'namesrv_broker_groups{cluster="C2"}')).toBe(1);
    expect(sample(body, "namesrv_topics")).toBe(3);
    expect(sample(body, "namesrv_route_revision")).toBe(2);
    expect(sample(body, 'namesrv_epoch_info{epoch="42"}')).toBe(1);
    expect(sample(body, 'namesrv_broker_registrations_total{result="changed"}')).toBe(2);
    expect(sample(body, 'namesrv_broker_registrations_total{result="unchanged"}')).toBe(1);
    expect(sample(body, 'namesrv_broker_registrations_total{result="refused"}')).toBe(1);

    await unary((cb) =>
      server.broker.unregisterBroker(
        { clusterName: "C2", brokerName: "broker-b", brokerId: 0n, brokerAddr: "10.0.0.9:10911" },
        cb,
      ),
    );
    const hb = new HeartbeatStream(server.broker);
    await hb.beat(heartbeatOf(registration()));
    hb.cancel();
    await server.streamClosed();
    server.advance(2_000);
    body = await metrics(server);
    expect(sample(body, 'namesrv_broker_removals_total{reason="unregister"}')).toBe(1);
    expect(sample(body, 'namesrv_broker_removals_total{reason="stream_loss"}')).toBe(1);
    expect(sample(body, 'namesrv_broker_removals_total{reason="timeout"}')).toBe(0);
    expect(sample(body, 'namesrv_brokers{cluster="DefaultCluster"}')).toBeUndefined();
    expect(sample(body, "namesrv_topics")).toBe(0);
  });

  it("measures watches: subscribers, frames, resets, push latency", async () => {
    const server = await start();
    const watch = new FrameRecorder(server.route, { allTopics: true });
    const stale = new FrameRecorder(server.route, { allTopics: true, resumeEpoch: 7n, resumeRevision: 1n });
    await watch.until((r) => r.consistent !== null);
    await stale.until((r) => r.consistent !== null);
    const before = await metrics(server);
    expect(sample(before, "namesrv_watch_subscribers")).toBe(2);
    expect(sample(before, 'namesrv_watch_resets_total{reason="epoch-changed"}')).toBe(1);
    expect(sample(before, "namesrv_watch_notify_seconds_count")).toBe(0);
    await register(server);
    await watch.at(1);
    await stale.at(1);
    const after = await metrics(server);
    // One change reached both subscribers: two observations of its push latency.
    expect(sample(after, "namesrv_watch_notify_seconds_count")).toBe(2);
    expect(sample(after, 'namesrv_watch_notify_seconds_bucket{le="+Inf"}')).toBe(2);
    const frames =
      (sample(after, "namesrv_watch_frames_sent_total") ?? 0) -
      (sample(before, "namesrv_watch_frames_sent_total") ?? 0);
    expect(frames).toBe(2);
    expect(sample(after, "namesrv_watch_evictions_total")).toBe(0);
    expect(sample(after, "namesrv_watch_queued_bytes")).toBe(0);
    watch.cancel();
    stale.cancel();
  });

  it("carries the process metrics and the build", async () => {
    const server = await start();
    const body = await metrics(server);
    expect(body).toMatch(/^namesrv_build_info\{version="\d+\.\d+\.\d+",node="v\d+/m);
    expect(body).toMatch(/^process_resident_memory_bytes \d+/m);
    expect(body).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(body).toMatch(/^nodejs_heap_size_used_bytes /m);
    // Left out: it reads /proc/self/fd at every scrape (O(connections)).
    expect(body).not.toMatch(/^process_open_fds/m);
  });

  it("speaks OpenMetrics when asked, without renaming the plain format's counters", async () => {
    const server = await start();
    await lookup(server, "Nope").catch(() => {});
    const open = await httpGet(httpOf(server), "/metrics", {
      headers: { accept: "application/openmetrics-text; version=1.0.0" },
    });
    expect(open.headers["content-type"]).toContain("application/openmetrics-text");
    expect(open.body).toContain("# TYPE grpc_server_started counter");
    expect(open.body).toMatch(/^grpc_server_started_total\{/m);
    expect(open.body.trimEnd().endsWith("# EOF")).toBe(true);
    const plain = await httpGet(httpOf(server), "/metrics");
    expect(plain.headers["content-type"]).toContain("text/plain; version=0.0.4");
    expect(plain.body).toContain("# TYPE grpc_server_started_total counter");
  });
});

describe("the dashboard's data", () => {
  it("lists clusters, groups and brokers with heartbeat age and drain", async () => {
    const server = await start();
    await register(server);
    server.clock.advance(1_500);
    server.server.registry.setWritable("broker-a", false);
    const r = await httpGet(httpOf(server), "/api/overview");
    expect(r.status).toBe(200);
    const o = JSON.parse(r.body);
    expect(o).toMatchObject({ epoch: "42", revision: 2, topics: 2, ready: true });
    expect(o.clusters).toEqual([
      {
        name: "DefaultCluster",
        groups: [
          {
            brokerName: "broker-a",
            zone: "",
            drained: true,
            actingMaster: false,
            brokers: [
              { id: 0, addr: "10.0.0.1:10911", role: "master", lastHeartbeatAgeMs: 1_500, streamLost: false },
            ],
          },
        ],
      },
    ]);
    const topics = JSON.parse((await httpGet(httpOf(server), "/api/topics?q=topicb")).body);
    expect(topics).toEqual({ topics: ["TopicB"], matched: 1, total: 2 });
    const route = JSON.parse((await httpGet(httpOf(server), "/api/route?topic=TopicA")).body);
    expect(route.queueDatas[0]).toMatchObject({ brokerName: "broker-a", perm: 4 });
    expect(route.brokerDatas[0].brokerAddrs).toEqual({ "0": "10.0.0.1:10911" });
    expect((await httpGet(httpOf(server), "/api/route?topic=Nope")).status).toBe(404);
  });

  it("streams route changes and chart points as server-sent events, fed by the watch hub", async () => {
    const server = await start();
    await register(server);
    const events = new EventStream(httpOf(server), "/api/events");
    await events.next((e) => e.event === "revision");
    await register(
      server,
      registration({
        topicConfigs: [topic("TopicA"), topic("TopicC")],
        dataVersion: { stateVersion: 2n, timestamp: 2n, counter: 2n },
      }),
    );
    const added = await events.next(
      (e) => e.event === "route" && (e.data as { topic: string }).topic === "TopicC",
    );
    expect(added.data).toEqual({ revision: 2, topic: "TopicC", kind: "added", route: "broker-a RW 4/4" });
    const removed = await events.next(
      (e) => e.event === "route" && (e.data as { topic: string }).topic === "TopicB",
    );
    expect(removed.data).toMatchObject({ revision: 2, kind: "removed" });
    expect(sample(await metrics(server), "namesrv_watch_subscribers")).toBe(1);
    server.clock.advance(1_000);
    const point = await events.next((e) => e.event === "stats");
    expect(point.data).toMatchObject({ subscribers: 1 });
    events.close();
  });
});

describe("security of the HTTP listener", () => {
  it("wants a principal for /metrics and the data, not for health", async () => {
    s = await startSecureServer({
      config: HTTP,
      principals: [{ name: "prometheus", roles: ["client"], token: "scrape-token" }],
    });
    const addr = s.server.httpAddress as string;
    expect((await httpGet(addr, "/healthz")).status).toBe(200);
    const refused = await httpGet(addr, "/metrics");
    expect(refused.status).toBe(401);
    expect(refused.headers["www-authenticate"]).toContain("Bearer");
    expect(JSON.parse(refused.body).error).toContain("no credentials");
    expect((await httpGet(addr, "/api/overview")).status).toBe(401);
    const wrong = await httpGet(addr, "/metrics", { headers: { authorization: "Bearer nope" } });
    expect(wrong.status).toBe(401);
    const ok = await httpGet(addr, "/metrics", { headers: { authorization: "Bearer scrape-token" } });
    expect(ok.status).toBe(200);
    expect(ok.body).toContain("namesrv_topics 0");
  });

  it("follows tlsMode enforcing with the gRPC certificate; plaintext is told TLS is required", async () => {
    s = await startSecureServer({ config: { ...HTTP, tlsMode: "enforcing" } });
    const addr = s.server.httpAddress as string;
    const ca = await readFixture("ca.crt");
    const secure = await httpGet(addr, "/healthz", { ca });
    expect(secure.status).toBe(200);
    const plain = await httpGet(addr, "/healthz");
    expect(plain.status).toBe(400);
    expect(plain.body).toContain("TLS");
  });

  it("serves TLS and plaintext on one port with tlsMode permissive", async () => {
    s = await startSecureServer({ config: { ...HTTP, tlsMode: "permissive" } });
    const addr = s.server.httpAddress as string;
    expect((await httpGet(addr, "/healthz", { ca: await readFixture("ca.crt") })).status).toBe(200);
    expect((await httpGet(addr, "/healthz")).status).toBe(200);
  });
});
