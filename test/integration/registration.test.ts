import { status } from "@grpc/grpc-js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type {
  RegisterBrokerResponse,
  UnregisterBrokerResponse,
} from "../../gen/ts/namesrv/v1/broker_service.js";
import type {
  GetClusterInfoResponse,
  GetRouteInfoByTopicResponse,
  ListTopicsResponse,
} from "../../gen/ts/namesrv/v1/route_service.js";
import { registration, topic, unary, unaryError } from "../helpers/grpc.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

let t: TestServer;
beforeEach(async () => {
  t = await startTestServer({}, 42n);
});
afterEach(async () => {
  await t.stop();
});

const register = (req = registration()) =>
  unary<RegisterBrokerResponse>((cb) => t.broker.registerBroker(req, cb));
const route = (name: string) =>
  unary<GetRouteInfoByTopicResponse>((cb) => t.route.getRouteInfoByTopic({ topic: name, zoneName: "" }, cb));
const routeError = (name: string) =>
  unaryError((cb) => t.route.getRouteInfoByTopic({ topic: name, zoneName: "" }, cb));

const master = registration();
const slave = registration({ brokerId: 1n, brokerAddr: "10.0.0.2:10911", haServerAddr: "10.0.0.2:10912" });

describe("registration through the generated client", () => {
  it("registers a master and a slave and serves their route", async () => {
    const m = await register(master);
    expect(m).toMatchObject({ epoch: 42n, revision: 1n, changed: true, masterAddr: "" });
    expect(m.heartbeatTimeoutMs).toBe(10_000n);
    expect(m.heartbeatIntervalMs).toBe(1_000n);

    const s = await register(slave);
    expect(s).toMatchObject({
      revision: 2n,
      changed: true,
      masterAddr: "10.0.0.1:10911",
      haServerAddr: "10.0.0.1:10912",
    });

    const r = await route("TopicA");
    expect(r.epoch).toBe(42n);
    expect(r.revision).toBe(2n);
    expect(r.topicRevision).toBe(2n);
    expect(r.route?.queueDatas).toEqual([
      { brokerName: "broker-a", readQueueNums: 4, writeQueueNums: 4, perm: 6, topicSysFlag: 0 },
    ]);
    expect(r.route?.brokerDatas).toHaveLength(1);
    const bd = r.route?.brokerDatas[0];
    expect(bd?.cluster).toBe("DefaultCluster");
    expect([...(bd?.brokerAddrs ?? new Map())]).toEqual([
      [0n, "10.0.0.1:10911"],
      [1n, "10.0.0.2:10911"],
    ]);
  });

  it("lists clusters and topics", async () => {
    await register(master);
    await register(
      registration({
        clusterName: "Other",
        brokerName: "broker-x",
        brokerAddr: "10.0.9.1:10911",
        topicConfigs: [topic("TopicX"), topic("TopicA")],
      }),
    );
    const info = await unary<GetClusterInfoResponse>((cb) => t.route.getClusterInfo({}, cb));
    expect([...info.brokerAddrTable.keys()].sort()).toEqual(["broker-a", "broker-x"]);
    expect(info.clusterAddrTable.get("DefaultCluster")?.brokerNames).toEqual(["broker-a"]);
    expect(info.clusterAddrTable.get("Other")?.brokerNames).toEqual(["broker-x"]);

    const all = await unary<ListTopicsResponse>((cb) =>
      t.route.listTopics({ clusterName: "", pageSize: 0, pageToken: "" }, cb),
    );
    expect(all.topics).toEqual(["TopicA", "TopicB", "TopicX"]);
    const other = await unary<ListTopicsResponse>((cb) =>
      t.route.listTopics({ clusterName: "Other", pageSize: 0, pageToken: "" }, cb),
    );
    expect(other.topics).toEqual(["TopicA", "TopicX"]);
    const missing = await unaryError((cb) =>
      t.route.listTopics({ clusterName: "Nope", pageSize: 0, pageToken: "" }, cb),
    );
    expect(missing.code).toBe(status.NOT_FOUND);

    const both = await route("TopicA");
    expect(both.route?.queueDatas.map((q) => q.brokerName)).toEqual(["broker-a", "broker-x"]);
  });

  it("answers NOT_FOUND for an unknown topic", async () => {
    const err = await routeError("NoSuchTopic");
    expect(err.code).toBe(status.NOT_FOUND);
    expect(err.details).toContain("NoSuchTopic");
  });

  it("changes nothing on a re-registration with the same data version and table", async () => {
    await register(master);
    const again = await register(master);
    expect(again).toMatchObject({ revision: 1n, changed: false });
    expect((await route("TopicA")).topicRevision).toBe(1n);
  });

  it("heals on a re-registration with the same data version: listed topics the group lacks are added back (RocketMQ)", async () => {
    await register(master);
    // A topic the broker added without bumping its data version is routed.
    const added = await register({ ...master, topicConfigs: [...master.topicConfigs, topic("Added")] });
    expect(added).toMatchObject({ revision: 2n, changed: true });
    expect((await route("Added")).topicRevision).toBe(2n);
    expect((await route("TopicA")).topicRevision).toBe(1n);
    // A topic deleted only on the NameServer comes back with the next periodic registration.
    t.server.registry.deleteTopic("TopicA", ""); // as AdminService.DeleteTopic does
    expect((await routeError("TopicA")).code).toBe(status.NOT_FOUND);
    const healed = await register({ ...master, topicConfigs: [...master.topicConfigs, topic("Added")] });
    expect(healed).toMatchObject({ revision: 4n, changed: true });
    expect((await route("TopicA")).topicRevision).toBe(4n);
    // And then it is unchanged again.
    expect(
      await register({ ...master, topicConfigs: [...master.topicConfigs, topic("Added")] }),
    ).toMatchObject({
      revision: 4n,
      changed: false,
    });
  });

  it("reads the topic table of an unchanged registration only when it differs, and refuses an invalid one", async () => {
    await register(master);
    const bad = await unaryError((cb) =>
      t.broker.registerBroker({ ...master, topicConfigs: [topic("bad name", { perm: 99 })] }, cb),
    );
    expect(bad.code).toBe(status.INVALID_ARGUMENT);
    expect(bad.details).toContain("topic_configs[0].topic_name");
    expect((await route("TopicA")).topicRevision).toBe(1n);
    const changed = await unaryError((cb) =>
      t.broker.registerBroker(
        {
          ...master,
          dataVersion: { stateVersion: 1n, timestamp: 1n, counter: 2n },
          topicConfigs: [topic("bad name")],
        },
        cb,
      ),
    );
    expect(changed.code).toBe(status.INVALID_ARGUMENT);
    expect(changed.details).toContain("topic_configs[0].topic_name");
  });

  it("replaces the topic table on a new data version, stamping only changed topics", async () => {
    await register(master);
    const next = await register({
      ...master,
      dataVersion: { stateVersion: 1n, timestamp: 2000n, counter: 2n },
      topicConfigs: [topic("TopicA"), topic("TopicC", { perm: 4 })],
    });
    expect(next).toMatchObject({ revision: 2n, changed: true });
    expect((await route("TopicA")).topicRevision).toBe(1n);
    expect((await route("TopicC")).topicRevision).toBe(2n);
    expect((await routeError("TopicB")).code).toBe(status.NOT_FOUND);
  });

  it("fences off a registration with an older state version for a taken id", async () => {
    await register({ ...master, dataVersion: { stateVersion: 5n, timestamp: 1n, counter: 1n } });
    const err = await unaryError((cb) =>
      t.broker.registerBroker(
        registration({
          brokerAddr: "10.0.0.3:10911",
          dataVersion: { stateVersion: 3n, timestamp: 9n, counter: 9n },
          topicConfigs: [topic("Hijack")],
        }),
        cb,
      ),
    );
    expect(err.code).toBe(status.FAILED_PRECONDITION);
    expect(err.details).toContain("broker_id");
    const r = await route("TopicA");
    expect(r.revision).toBe(1n);
    expect(r.route?.brokerDatas[0]?.brokerAddrs.get(0n)).toBe("10.0.0.1:10911");
    expect((await routeError("Hijack")).code).toBe(status.NOT_FOUND);
  });

  it("unregisters by address and drops the group's topics when it was the last broker", async () => {
    await register(master);
    await register(slave);
    const u = await unary<UnregisterBrokerResponse>((cb) =>
      t.broker.unregisterBroker(
        { clusterName: "DefaultCluster", brokerName: "broker-a", brokerId: 0n, brokerAddr: "10.0.0.1:10911" },
        cb,
      ),
    );
    expect(u).toMatchObject({ removed: true, revision: 3n });
    const r = await route("TopicA");
    expect([...(r.route?.brokerDatas[0]?.brokerAddrs.keys() ?? [])]).toEqual([1n]);

    const last = await unary<UnregisterBrokerResponse>((cb) =>
      t.broker.unregisterBroker(
        { clusterName: "DefaultCluster", brokerName: "broker-a", brokerId: 1n, brokerAddr: "10.0.0.2:10911" },
        cb,
      ),
    );
    expect(last).toMatchObject({ removed: true, revision: 4n });
    expect((await routeError("TopicA")).code).toBe(status.NOT_FOUND);
    expect((await routeError("TopicB")).code).toBe(status.NOT_FOUND);

    const unknown = await unary<UnregisterBrokerResponse>((cb) =>
      t.broker.unregisterBroker(
        { clusterName: "DefaultCluster", brokerName: "broker-a", brokerId: 1n, brokerAddr: "10.0.0.2:10911" },
        cb,
      ),
    );
    expect(unknown).toMatchObject({ removed: false, revision: 4n });
  });
});

describe("invalid input", () => {
  const cases: Array<[string, Parameters<typeof registration>[0], string]> = [
    ["empty cluster", { clusterName: "" }, "cluster_name: required"],
    ["bad broker name", { brokerName: "a b" }, "broker_name: must match"],
    ["negative broker id", { brokerId: -1n }, "broker_id:"],
    ["address without port", { brokerAddr: "10.0.0.1" }, "broker_addr:"],
    ["bad ha address", { haServerAddr: "x:99999" }, "ha_server_addr:"],
    ["bad zone", { zoneName: "z one" }, "zone_name:"],
    ["long topic", { topicConfigs: [topic("T".repeat(128))] }, "topic_configs[0].topic_name: at most 127"],
    [
      "bad perm",
      { topicConfigs: [topic("A"), topic("B", { perm: 8 })] },
      "topic_configs[1].perm: must be 0..7",
    ],
    [
      "too many queues",
      { topicConfigs: [topic("A", { readQueueNums: 1025 })] },
      "topic_configs[0].read_queue_nums",
    ],
    ["duplicate topic", { topicConfigs: [topic("A"), topic("A")] }, "topic_configs[1].topic_name: duplicate"],
    ["heartbeat timeout", { heartbeatTimeoutMs: 5n }, "heartbeat_timeout_ms:"],
  ];
  it.each(cases)(
    "rejects %s with INVALID_ARGUMENT naming the field, applying nothing",
    async (_n, o, msg) => {
      const err = await unaryError((cb) => t.broker.registerBroker(registration(o), cb));
      expect(err.code).toBe(status.INVALID_ARGUMENT);
      expect(err.details).toContain(msg);
      expect(t.server.registry.routes.revision).toBe(0);
      expect((await routeError("TopicA")).code).toBe(status.NOT_FOUND);
    },
  );

  it("limits the number of topics per registration", async () => {
    await t.stop();
    t = await startTestServer({ maxTopicsPerRegistration: 2 });
    const err = await unaryError((cb) =>
      t.broker.registerBroker(registration({ topicConfigs: [topic("A"), topic("B"), topic("C")] }), cb),
    );
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toContain("topic_configs: at most 2 topics");
  });

  it("rejects a bad topic name on lookup and a bad cluster name on listing", async () => {
    const err = await routeError("bad topic");
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toMatch(/^topic: must match/);
    const e2 = await unaryError((cb) =>
      t.route.listTopics({ clusterName: "no/slash", pageSize: 0, pageToken: "" }, cb),
    );
    expect(e2.code).toBe(status.INVALID_ARGUMENT);
    expect(e2.details).toMatch(/^cluster_name:/);
  });

  it("rejects a bad unregister request", async () => {
    const err = await unaryError((cb) =>
      t.broker.unregisterBroker({ clusterName: "C", brokerName: "b", brokerId: 0n, brokerAddr: "nope" }, cb),
    );
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toMatch(/^broker_addr:/);
  });

  it("accepts 50,000 topics in one registration message", async () => {
    const many = Array.from({ length: 50_000 }, (_, i) => topic(`Topic_${i}`));
    const r = await register(registration({ topicConfigs: many }));
    expect(r.changed).toBe(true);
    const all = await unary<ListTopicsResponse>((cb) =>
      t.route.listTopics({ clusterName: "", pageSize: 0, pageToken: "" }, cb),
    );
    expect(all.topics).toHaveLength(50_000);
  });
});
