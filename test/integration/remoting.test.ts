import { deflateSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { GetRouteInfoByTopicResponse } from "../../gen/ts/namesrv/v1/route_service.js";
import { RequestCode as Rq, ResponseCode as Rs } from "../../src/remoting/codes.js";
import { type AdminTestServer, startAdminTestServer } from "../helpers/admin.js";
import { unary, unaryError } from "../helpers/grpc.js";
import { RemotingClient, registerBody, registerHeader } from "../helpers/remoting-client.js";
import { TEST_LIVENESS } from "../helpers/server.js";
import { startSecureServer } from "../helpers/tls.js";
import { FrameRecorder } from "../helpers/watch.js";

let t: AdminTestServer;
let clients: RemotingClient[];
beforeEach(async () => {
  t = await startAdminTestServer();
  clients = [];
});
afterEach(async () => {
  for (const c of clients) c.close();
  await t.stop();
});

const { streamLossGraceMs: GRACE } = TEST_LIVENESS;
const ADDR = "127.0.0.1:10911";

async function client(address = t.server.address): Promise<RemotingClient> {
  const c = await RemotingClient.connect(address);
  clients.push(c);
  return c;
}

const grpcRoute = (topic: string) =>
  unary<GetRouteInfoByTopicResponse>((cb) => t.route.getRouteInfoByTopic({ topic, zoneName: "" }, cb));
const routable = (topic: string) => {
  try {
    t.server.registry.route(topic);
    return true;
  } catch {
    return false;
  }
};

async function registerBroker(
  c: RemotingClient,
  topics = ["T1"],
  extra: Record<string, string> = {},
  counter = 1,
) {
  const r = await c.request(
    Rq.REGISTER_BROKER,
    registerHeader(ADDR, extra),
    registerBody(
      topics.map((name) => ({ name })),
      { counter, stateVersion: 0, timestamp: 1 },
    ),
  );
  expect(r.remark).toBeUndefined();
  expect(r.code).toBe(Rs.SUCCESS);
  return r;
}

describe("remoting: brokers", () => {
  it("a registration shows in gRPC lookups and WatchRoutes, and remoting lookups answer in both JSON dialects", async () => {
    const watch = new FrameRecorder(t.route, { allTopics: true });
    await watch.at(0);
    const c = await client();
    const r = await registerBroker(c, ["T1", "T2"]);
    expect(r.extFields.get("masterAddr")).toBe("");
    expect(JSON.parse(r.body?.toString() ?? "")).toEqual({ table: {} });

    const route = await grpcRoute("T1");
    expect(route.route?.brokerDatas[0]?.brokerAddrs).toEqual(new Map([[0n, ADDR]]));
    await watch.until((w) => w.view.has("T1") && w.view.has("T2"));
    watch.cancel();

    const modern = await c.request(Rq.GET_ROUTEINFO_BY_TOPIC, { topic: "T1" });
    expect(modern.code).toBe(Rs.SUCCESS);
    expect(JSON.parse(modern.body?.toString() ?? "")).toEqual({
      brokerDatas: [
        { brokerAddrs: { "0": ADDR }, brokerName: "broker-a", cluster: "C1", enableActingMaster: false },
      ],
      filterServerTable: {},
      queueDatas: [{ brokerName: "broker-a", perm: 6, readQueueNums: 4, topicSysFlag: 0, writeQueueNums: 4 }],
    });
    // Clients before 4.9.4 get fastjson's default dialect: numeric keys unquoted.
    const old = await c.request(Rq.GET_ROUTEINFO_BY_TOPIC, { topic: "T1" }, undefined, { version: 317 });
    expect(old.body?.toString()).toContain(`"brokerAddrs":{0:"${ADDR}"}`);
    const missing = await c.request(Rq.GET_ROUTEINFO_BY_TOPIC, { topic: "nope" });
    expect(missing.code).toBe(Rs.TOPIC_NOT_EXIST);
  });

  it("a route looked up before a change is answered as changed after it, and gone after a delete", async () => {
    const c = await client();
    await registerBroker(c, ["T1"]);
    const perm = async (version?: number) => {
      const r = await c.request(
        Rq.GET_ROUTEINFO_BY_TOPIC,
        { topic: "T1" },
        undefined,
        version ? { version } : {},
      );
      // Read with a pattern: the old clients' dialect is not JSON (unquoted numeric keys).
      return r.code === Rs.SUCCESS ? Number(/"perm":(\d+)/.exec(r.body?.toString() ?? "")?.[1]) : r.code;
    };
    expect(await perm()).toBe(6);
    expect(await perm()).toBe(6); // the second answer is the kept body
    expect((await c.request(Rq.WIPE_WRITE_PERM_OF_BROKER, { brokerName: "broker-a" })).code).toBe(Rs.SUCCESS);
    expect(await perm()).toBe(4);
    expect(await perm(317)).toBe(4); // the old clients' dialect is kept apart and follows too
    expect((await c.request(Rq.DELETE_TOPIC_IN_NAMESRV, { topic: "T1" })).code).toBe(Rs.SUCCESS);
    expect(await perm()).toBe(Rs.TOPIC_NOT_EXIST);
  });

  it("zone-aware lookups with __ZONE_MODE and __ZONE_NAME, as RocketMQ's ZoneRouteRPCHook", async () => {
    const c = await client();
    await registerBroker(c, ["T1"], { __ZONE_NAME: "z1" });
    const lookup = async (zone: string) => {
      const r = await c.request(Rq.GET_ROUTEINFO_BY_TOPIC, {
        topic: "T1",
        __ZONE_MODE: "true",
        __ZONE_NAME: zone,
      });
      return JSON.parse(r.body?.toString() ?? "").brokerDatas.length;
    };
    expect(await lookup("Z1")).toBe(1);
    expect(await lookup("z2")).toBe(0);
    const off = await c.request(Rq.GET_ROUTEINFO_BY_TOPIC, { topic: "T1", __ZONE_NAME: "z2" });
    expect(JSON.parse(off.body?.toString() ?? "").brokerDatas[0].zoneName).toBe("z1");
  });

  it("takes the compressed registration body of brokers with compressedRegister", async () => {
    const c = await client();
    const part = (text: string) => {
      const b = Buffer.from(text);
      const len = Buffer.alloc(4);
      len.writeInt32BE(b.length);
      return Buffer.concat([len, b]);
    };
    const count = Buffer.alloc(4);
    count.writeInt32BE(2);
    const body = deflateSync(
      Buffer.concat([
        part('{"counter":5,"stateVersion":0,"timestamp":1}'),
        count,
        part("Z1 2 2 6 SINGLE_TAG {}"),
        part("Z2 3 3 4 SINGLE_TAG {}"),
        part("[]"),
        Buffer.alloc(4),
      ]),
    );
    const r = await c.request(Rq.REGISTER_BROKER, registerHeader(ADDR, { compressed: "true" }), body);
    expect(r.code).toBe(Rs.SUCCESS);
    expect((await grpcRoute("Z2")).route?.queueDatas[0]).toMatchObject({ readQueueNums: 3, perm: 4 });
  });

  it("answers a ROCKETMQ-serialized request in the same serialization", async () => {
    const c = await client();
    await registerBroker(c);
    const r = await c.request(Rq.GET_ROUTEINFO_BY_TOPIC, { topic: "T1" }, undefined, {
      serialization: "ROCKETMQ",
    });
    expect(r.serialization).toBe("ROCKETMQ");
    expect(r.code).toBe(Rs.SUCCESS);
  });

  it("merges partial registrations as RocketMQ does, without resurrecting a deleted topic", async () => {
    const c = await client();
    await registerBroker(c, ["T1", "T2"], {}, 1);
    await registerBroker(c, ["T3"], {}, 2); // a topic just created on the broker
    expect(["T1", "T2", "T3"].map(routable)).toEqual([true, true, true]);
    const del = await c.request(Rq.DELETE_TOPIC_IN_NAMESRV, { topic: "T2" });
    expect(del.code).toBe(Rs.SUCCESS);
    await registerBroker(c, ["T4"], {}, 3);
    expect(["T1", "T2", "T3", "T4"].map(routable)).toEqual([true, false, true, true]);
  });

  it("a closed connection removes its broker after the stream-loss grace", async () => {
    const watch = new FrameRecorder(t.route, { topics: ["T1"] });
    const c = await client();
    await registerBroker(c);
    await watch.until((w) => w.view.has("T1"));
    const closed = t.streamClosed();
    c.close();
    await closed;
    t.advance(GRACE - 1);
    expect(routable("T1")).toBe(true);
    t.advance(1);
    expect(routable("T1")).toBe(false);
    await watch.until((w) => !w.view.has("T1"));
    watch.cancel();
  });

  it("heartbeatTimeoutMillis is the silent timeout; BROKER_HEARTBEAT renews it", async () => {
    const c = await client();
    await registerBroker(c, ["T1"], { heartbeatTimeoutMillis: "5000" });
    t.advance(4_000);
    c.oneway(Rq.BROKER_HEARTBEAT, { clusterName: "C1", brokerName: "broker-a", brokerAddr: ADDR });
    await c.request(Rq.GET_KV_CONFIG, { namespace: "N", key: "k" }); // in order after the beat
    t.advance(4_000);
    expect(routable("T1")).toBe(true);
    t.advance(1_000);
    expect(routable("T1")).toBe(false);
  });

  it("a broker without heartbeatTimeoutMillis gets RocketMQ's 120 s, not the gRPC default", async () => {
    const c = await client();
    await registerBroker(c);
    t.advance(119_000);
    expect(routable("T1")).toBe(true);
    t.advance(1_000);
    expect(routable("T1")).toBe(false);
  });

  it("QUERY_DATA_VERSION says whether the registered version differs", async () => {
    const c = await client();
    const identity = { clusterName: "C1", brokerName: "broker-a", brokerAddr: ADDR, brokerId: "0" };
    const unknown = await c.request(
      Rq.QUERY_DATA_VERSION,
      identity,
      '{"counter":1,"stateVersion":0,"timestamp":1}',
    );
    expect(unknown.extFields.get("changed")).toBe("true");
    await registerBroker(c);
    const same = await c.request(
      Rq.QUERY_DATA_VERSION,
      identity,
      '{"counter":1,"stateVersion":0,"timestamp":1}',
    );
    expect(same.extFields.get("changed")).toBe("false");
    const other = await c.request(
      Rq.QUERY_DATA_VERSION,
      identity,
      '{"counter":2,"stateVersion":0,"timestamp":1}',
    );
    expect(other.extFields.get("changed")).toBe("true");
  });

  it("refuses a body that does not match its code, and applies nothing", async () => {
    const c = await client();
    const r = await c.request(Rq.REGISTER_BROKER, registerHeader(ADDR), "not json");
    expect(r.code).toBe(Rs.INVALID_PARAMETER);
    expect(r.remark).toMatch(/not valid JSON/);
    const crc = await c.request(
      Rq.REGISTER_BROKER,
      registerHeader(ADDR, { bodyCrc32: "12345" }),
      registerBody([{ name: "T1" }]),
    );
    expect(crc.code).toBe(Rs.SYSTEM_ERROR);
    expect(crc.remark).toBe("crc32 not match");
    const bad = await c.request(
      Rq.REGISTER_BROKER,
      registerHeader("no-port"),
      registerBody([{ name: "T1" }]),
    );
    expect(bad.code).toBe(Rs.INVALID_PARAMETER);
    expect(bad.remark).toMatch(/broker_addr/);
    const noHeader = await c.request(Rq.UNREGISTER_BROKER, {});
    expect(noHeader.code).toBe(Rs.INVALID_PARAMETER);
    expect(t.server.registry.queries.brokerGroups().groups).toEqual([]);
  });
});

describe("remoting: admin and lists", () => {
  it("KV put, get, list and delete", async () => {
    const c = await client();
    expect((await c.request(Rq.PUT_KV_CONFIG, { namespace: "N", key: "k", value: "v" })).code).toBe(
      Rs.SUCCESS,
    );
    const got = await c.request(Rq.GET_KV_CONFIG, { namespace: "N", key: "k" });
    expect(got.extFields.get("value")).toBe("v");
    const list = await c.request(Rq.GET_KVLIST_BY_NAMESPACE, { namespace: "N" });
    expect(JSON.parse(list.body?.toString() ?? "")).toEqual({ table: { k: "v" } });
    expect((await c.request(Rq.DELETE_KV_CONFIG, { namespace: "N", key: "k" })).code).toBe(Rs.SUCCESS);
    expect((await c.request(Rq.GET_KV_CONFIG, { namespace: "N", key: "k" })).code).toBe(Rs.QUERY_NOT_FOUND);
    expect((await c.request(Rq.GET_KVLIST_BY_NAMESPACE, { namespace: "N" })).code).toBe(Rs.QUERY_NOT_FOUND);
  });

  it("write permission, cluster info, topic lists, topic registration and deletion", async () => {
    const c = await client();
    await registerBroker(c, ["T1", "T2"]);
    const wipe = await c.request(Rq.WIPE_WRITE_PERM_OF_BROKER, { brokerName: "broker-a" });
    expect(wipe.extFields.get("wipeTopicCount")).toBe("2");
    expect((await grpcRoute("T1")).route?.queueDatas[0]?.perm).toBe(4);
    const add = await c.request(Rq.ADD_WRITE_PERM_OF_BROKER, { brokerName: "broker-a" });
    expect(add.extFields.get("addTopicCount")).toBe("2");
    const unknown = await c.request(Rq.WIPE_WRITE_PERM_OF_BROKER, { brokerName: "nope" });
    expect(unknown.extFields.get("wipeTopicCount")).toBe("0");

    const info = await c.request(Rq.GET_BROKER_CLUSTER_INFO);
    expect(info.body?.toString()).toBe(
      `{"brokerAddrTable":{"broker-a":{"brokerAddrs":{0:"${ADDR}"},"brokerName":"broker-a","cluster":"C1","enableActingMaster":false}},"clusterAddrTable":{"C1":["broker-a"]}}`,
    );
    const all = await c.request(Rq.GET_ALL_TOPIC_LIST_FROM_NAMESERVER);
    expect(JSON.parse(all.body?.toString() ?? "")).toEqual({ topicList: ["T1", "T2"] });
    const byCluster = await c.request(Rq.GET_TOPICS_BY_CLUSTER, { cluster: "C1" });
    expect(JSON.parse(byCluster.body?.toString() ?? "")).toEqual({ topicList: ["T1", "T2"] });
    const none = await c.request(Rq.GET_TOPICS_BY_CLUSTER, { cluster: "other" });
    expect(JSON.parse(none.body?.toString() ?? "")).toEqual({ topicList: [] });
    const sys = await c.request(Rq.GET_SYSTEM_TOPIC_LIST_FROM_NS);
    expect(JSON.parse(sys.body?.toString() ?? "").topicList).toEqual(
      expect.arrayContaining(["C1", "broker-a"]),
    );
    for (const code of [
      Rq.GET_UNIT_TOPIC_LIST,
      Rq.GET_HAS_UNIT_SUB_TOPIC_LIST,
      Rq.GET_HAS_UNIT_SUB_UNUNIT_TOPIC_LIST,
    ]) {
      expect(JSON.parse((await c.request(code)).body?.toString() ?? "")).toEqual({ topicList: [] });
    }
    const group = await c.request(Rq.GET_BROKER_MEMBER_GROUP, {
      clusterName: "C1",
      brokerName: "broker-a",
      brokerId: "0",
    });
    expect(group.body?.toString()).toBe(
      `{"brokerMemberGroup":{"brokerAddrs":{0:"${ADDR}"},"brokerName":"broker-a","cluster":"C1"}}`,
    );

    const reg = await c.request(
      Rq.REGISTER_TOPIC_IN_NAMESRV,
      { topic: "T9" },
      `{"queueDatas":[{"brokerName":"broker-a","perm":6,"readQueueNums":2,"topicSysFlag":0,"writeQueueNums":2}],"brokerDatas":[{"brokerAddrs":{0:"${ADDR}"}}]}`,
    );
    expect(reg.code).toBe(Rs.SUCCESS);
    expect((await grpcRoute("T9")).route?.queueDatas[0]?.readQueueNums).toBe(2);
    expect((await c.request(Rq.DELETE_TOPIC_IN_NAMESRV, { topic: "T9", clusterName: "C1" })).code).toBe(
      Rs.SUCCESS,
    );
    expect(routable("T9")).toBe(false);

    expect(
      (
        await c.request(Rq.UNREGISTER_BROKER, {
          clusterName: "C1",
          brokerName: "broker-a",
          brokerAddr: ADDR,
          brokerId: "0",
        })
      ).code,
    ).toBe(Rs.SUCCESS);
    expect(routable("T1")).toBe(false);
  });

  it("namesrv config: read, update through the whitelist, path keys refused with NO_PERMISSION", async () => {
    const c = await client();
    const got = await c.request(Rq.GET_NAMESRV_CONFIG);
    expect(got.body?.toString()).toContain("heartbeatTimeoutMs=10000\n");
    const ok = await c.request(Rq.UPDATE_NAMESRV_CONFIG, {}, "heartbeatTimeoutMs=20000\n");
    expect(ok.code).toBe(Rs.SUCCESS);
    expect(t.server.runtimeConfig.current().heartbeatTimeoutMs).toBe(20_000);
    for (const key of ["kvConfigPath", "dataDir", "configStorePath", "rocketmqHome", "authFile"]) {
      const r = await c.request(Rq.UPDATE_NAMESRV_CONFIG, {}, `${key}=/tmp/x\n`);
      expect(r.code).toBe(Rs.NO_PERMISSION);
    }
    const listen = await c.request(Rq.UPDATE_NAMESRV_CONFIG, {}, "listen=0.0.0.0:1\n");
    expect(listen.code).toBe(Rs.INVALID_PARAMETER);
    expect(listen.remark).toMatch(/cannot be changed at runtime/);
    const unknown = await c.request(Rq.UPDATE_NAMESRV_CONFIG, {}, "orderMessageEnable=true\n");
    expect(unknown.code).toBe(Rs.INVALID_PARAMETER);
    expect(t.server.runtimeConfig.current().kvConfigPath).toBe("");
  });
});

describe("remoting: bad input", () => {
  it("an unknown code gets REQUEST_CODE_NOT_SUPPORTED and the connection goes on", async () => {
    const c = await client();
    const r = await c.request(12345);
    expect(r.code).toBe(Rs.REQUEST_CODE_NOT_SUPPORTED);
    expect((await c.request(Rq.GET_ALL_TOPIC_LIST_FROM_NAMESERVER)).code).toBe(Rs.SUCCESS);
  });

  it.each([
    ["an oversized length", Buffer.from([0x01, 0x00, 0x00, 0x01])],
    ["a length below 4", Buffer.from([0, 0, 0, 1, 0])],
    ["an unknown serialization", Buffer.from([0, 0, 0, 6, 9, 0, 0, 2, 0x7b, 0x7d])],
    ["broken JSON", Buffer.from([0, 0, 0, 7, 0, 0, 0, 3, 0x7b, 0x22, 0x7d])],
  ])("%s closes that connection; the server keeps serving", async (_name, bytes) => {
    const bad = await client();
    bad.socket.write(bytes);
    await bad.closed;
    const good = await client();
    expect((await good.request(Rq.GET_ALL_TOPIC_LIST_FROM_NAMESERVER)).code).toBe(Rs.SUCCESS);
    await grpcRoute("x").catch(() => {}); // gRPC still answers
  });

  it("a slow sender is disconnected after remotingFrameTimeoutMs", async () => {
    const c = await client();
    // A whole request, then the first bytes of a frame that never completes: the answer to the
    // request proves the server has read the partial frame too.
    const answered = c.request(Rq.GET_ALL_TOPIC_LIST_FROM_NAMESERVER);
    c.socket.write(Buffer.from([0, 0, 0, 100, 0, 0]));
    await answered;
    t.clock.advance(29_999);
    await new Promise((r) => setImmediate(r));
    expect(c.socket.destroyed).toBe(false);
    t.clock.advance(1);
    await c.closed;
  });
});

describe("remoting: one port", () => {
  it("--remoting false: a remoting connection is not served, gRPC is", async () => {
    const off = await startAdminTestServer({ remoting: false });
    try {
      const c = await RemotingClient.connect(off.server.address);
      await expect(c.request(Rq.GET_ALL_TOPIC_LIST_FROM_NAMESERVER)).rejects.toThrow(/closed/);
      const err = await unaryError((cb) => off.route.getRouteInfoByTopic({ topic: "T1", zoneName: "" }, cb));
      expect(err.details).toMatch(/not found/);
    } finally {
      await off.stop();
    }
  });

  it("TLS permissive: remoting over TLS and over plaintext; enforcing: plaintext remoting refused", async () => {
    const ca = await import("node:fs/promises").then((fs) =>
      fs.readFile(new URL("../fixtures/tls/ca.crt", import.meta.url)),
    );
    for (const tlsMode of ["permissive", "enforcing"] as const) {
      const s = await startSecureServer({ config: { tlsMode } });
      try {
        const overTls = await RemotingClient.connect(s.server.address, { ca });
        expect((await overTls.request(Rq.GET_ALL_TOPIC_LIST_FROM_NAMESERVER)).code).toBe(Rs.SUCCESS);
        overTls.close();
        const plain = await RemotingClient.connect(s.server.address);
        if (tlsMode === "permissive") {
          expect((await plain.request(Rq.GET_ALL_TOPIC_LIST_FROM_NAMESERVER)).code).toBe(Rs.SUCCESS);
          plain.close();
        } else {
          await expect(plain.request(Rq.GET_ALL_TOPIC_LIST_FROM_NAMESERVER)).rejects.toThrow(/closed/);
          expect(s.logged("plaintext remoting connection refused")).toHaveLength(1);
        }
      } finally {
        await s.stop();
      }
    }
  });
});
