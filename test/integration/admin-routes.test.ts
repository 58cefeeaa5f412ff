import { status } from "@grpc/grpc-js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UnitTopicFilter } from "../../gen/ts/namesrv/v1/admin_service.js";
import type {
  RegisterBrokerRequest,
  RegisterBrokerResponse,
} from "../../gen/ts/namesrv/v1/broker_service.js";
import type { QueueData } from "../../gen/ts/namesrv/v1/route.js";
import type { GetRouteInfoByTopicResponse } from "../../gen/ts/namesrv/v1/route_service.js";
import { type AdminTestServer, adminCall, adminError, startAdminTestServer } from "../helpers/admin.js";
import { bufCurl } from "../helpers/buf-curl.js";
import { registration, topic, unary, unaryError } from "../helpers/grpc.js";
import { FrameRecorder } from "../helpers/watch.js";

let t: AdminTestServer;
let recorders: FrameRecorder[];
beforeEach(async () => {
  t = await startAdminTestServer({}, 9n);
  recorders = [];
});
afterEach(async () => {
  for (const r of recorders) {
    r.cancel();
    expect(r.violations).toEqual([]);
  }
  await t.stop();
});

const register = (req: RegisterBrokerRequest) =>
  unary<RegisterBrokerResponse>((cb) => t.broker.registerBroker(req, cb));
const route = (name: string) =>
  unary<GetRouteInfoByTopicResponse>((cb) => t.route.getRouteInfoByTopic({ topic: name, zoneName: "" }, cb));
const routeError = (name: string) =>
  unaryError((cb) => t.route.getRouteInfoByTopic({ topic: name, zoneName: "" }, cb));
const perms = async (name: string) =>
  Object.fromEntries((await route(name)).route?.queueDatas.map((q) => [q.brokerName, q.perm]) ?? []);
const watchAll = () => {
  const r = new FrameRecorder(t.route, { allTopics: true });
  recorders.push(r);
  return r;
};
const revision = () => t.server.registry.routes.revision;
const version = (counter: bigint) => ({ stateVersion: 1n, timestamp: counter, counter });

/** Cluster C1: broker-a (TopicA rw, TopicB rw, TopicR read-only); cluster C2: broker-b (TopicB). */
const brokerA = registration({
  clusterName: "C1",
  topicConfigs: [topic("TopicA"), topic("TopicB"), topic("TopicR", { perm: 4 })],
});
const brokerB = registration({
  clusterName: "C2",
  brokerName: "broker-b",
  brokerAddr: "10.0.1.1:10911",
  topicConfigs: [topic("TopicB")],
});
const slaveA = registration({
  clusterName: "C1",
  brokerId: 1n,
  brokerAddr: "10.0.0.2:10911",
  topicConfigs: brokerA.topicConfigs,
});
const qd = (brokerName: string, o: Partial<QueueData> = {}): QueueData => ({
  brokerName,
  readQueueNums: 2,
  writeQueueNums: 2,
  perm: 6,
  topicSysFlag: 0,
  ...o,
});

describe("wipe and add write permission of a broker group", () => {
  it("drains a group in one revision that watchers see, and restores what the registration gave", async () => {
    await register(brokerA);
    await register(brokerB);
    const w = watchAll();
    await w.at(2);

    const wipe = await adminCall(t.admin, "wipeWritePermOfBroker", { brokerName: "broker-a" });
    expect(wipe).toEqual({ topicCount: 3, epoch: 9n, revision: 3n });
    expect(await perms("TopicA")).toEqual({ "broker-a": 4 });
    expect(await perms("TopicB")).toEqual({ "broker-a": 4, "broker-b": 6 });
    expect(await perms("TopicR")).toEqual({ "broker-a": 4 });
    await w.at(3);
    const change = w.frames.at(-1);
    expect(change?.revision).toBe(3n);
    expect(change?.routes?.updates.map((u) => u.topic).sort()).toEqual(["TopicA", "TopicB"]);
    expect((await route("TopicR")).topicRevision).toBe(1n);

    // Wiping again changes nothing and bumps nothing.
    expect(await adminCall(t.admin, "wipeWritePermOfBroker", { brokerName: "broker-a" })).toMatchObject({
      topicCount: 3,
      revision: 3n,
    });

    const add = await adminCall(t.admin, "addWritePermOfBroker", { brokerName: "broker-a" });
    expect(add).toEqual({ topicCount: 3, epoch: 9n, revision: 4n });
    expect(await perms("TopicA")).toEqual({ "broker-a": 6 });
    expect(await perms("TopicR")).toEqual({ "broker-a": 4 });
    await w.at(4);
    expect(w.view.get("TopicB")?.queueDatas.map((q) => q.perm)).toEqual([6, 6]);
  });

  it("the drain survives the group's re-registrations until write permission is added", async () => {
    await register(brokerA);
    await adminCall(t.admin, "wipeWritePermOfBroker", { brokerName: "broker-a" });
    await register({
      ...brokerA,
      dataVersion: version(2n),
      topicConfigs: [...brokerA.topicConfigs, topic("TopicNew")],
    });
    expect(await perms("TopicNew")).toEqual({ "broker-a": 4 });
    expect(await perms("TopicA")).toEqual({ "broker-a": 4 });
    await adminCall(t.admin, "addWritePermOfBroker", { brokerName: "broker-a" });
    expect(await perms("TopicNew")).toEqual({ "broker-a": 6 });
  });

  it("an unknown group is NOT_FOUND and a bad name INVALID_ARGUMENT, changing nothing", async () => {
    await register(brokerA);
    const unknown = await adminError(t.admin, "wipeWritePermOfBroker", { brokerName: "broker-x" });
    expect(unknown.code).toBe(status.NOT_FOUND);
    expect(unknown.details).toContain("broker-x");
    const bad = await adminError(t.admin, "addWritePermOfBroker", { brokerName: "a b" });
    expect(bad.code).toBe(status.INVALID_ARGUMENT);
    expect(bad.details).toMatch(/^broker_name: must match/);
    expect((await adminError(t.admin, "wipeWritePermOfBroker", { brokerName: "" })).details).toBe(
      "broker_name: required",
    );
    expect(revision()).toBe(1);
  });
});

describe("delete a topic", () => {
  it("from every cluster: one revision, watchers see the removal", async () => {
    await register(brokerA);
    await register(brokerB);
    const w = watchAll();
    await w.at(2);
    const r = await adminCall(t.admin, "deleteTopic", { topic: "TopicB", clusterName: "" });
    expect(r).toEqual({
      removedBrokerNames: ["broker-a", "broker-b"],
      topicRemoved: true,
      epoch: 9n,
      revision: 3n,
    });
    expect((await routeError("TopicB")).code).toBe(status.NOT_FOUND);
    await w.at(3);
    expect(w.frames.at(-1)?.routes?.updates).toMatchObject([{ topic: "TopicB", removed: true }]);
    expect(w.view.has("TopicB")).toBe(false);
    const topics = await unary<{ topics: string[] }>((cb) =>
      t.route.listTopics({ clusterName: "", pageSize: 0, pageToken: "" }, cb),
    );
    expect(topics.topics).toEqual(["TopicA", "TopicR"]);
  });

  it("from one cluster only: the other cluster's groups keep it", async () => {
    await register(brokerA);
    await register(brokerB);
    const r = await adminCall(t.admin, "deleteTopic", { topic: "TopicB", clusterName: "C2" });
    expect(r).toMatchObject({ removedBrokerNames: ["broker-b"], topicRemoved: false, revision: 3n });
    expect(await perms("TopicB")).toEqual({ "broker-a": 6 });
    expect((await route("TopicB")).route?.brokerDatas.map((b) => b.brokerName)).toEqual(["broker-a"]);
  });

  it("is idempotent: nothing there, nothing removed, no revision", async () => {
    await register(brokerA);
    expect(await adminCall(t.admin, "deleteTopic", { topic: "Nope", clusterName: "" })).toMatchObject({
      removedBrokerNames: [],
      topicRemoved: true,
      revision: 1n,
    });
    expect(await adminCall(t.admin, "deleteTopic", { topic: "TopicA", clusterName: "C9" })).toMatchObject({
      removedBrokerNames: [],
      topicRemoved: false,
      revision: 1n,
    });
  });

  it("comes back with the broker's next changed registration, as in RocketMQ", async () => {
    await register(brokerA);
    await adminCall(t.admin, "deleteTopic", { topic: "TopicA", clusterName: "" });
    await register({ ...brokerA, dataVersion: version(2n) });
    expect(await perms("TopicA")).toEqual({ "broker-a": 6 });
  });

  it("rejects bad names", async () => {
    expect((await adminError(t.admin, "deleteTopic", { topic: "", clusterName: "" })).details).toBe(
      "topic: required",
    );
    expect((await adminError(t.admin, "deleteTopic", { topic: "T", clusterName: "c d" })).details).toMatch(
      /^cluster_name: must match/,
    );
  });
});

describe("register one topic", () => {
  it("creates a topic on existing groups in one revision that watchers see", async () => {
    await register(brokerA);
    await register(brokerB);
    const w = watchAll();
    await w.at(2);
    const r = await adminCall(t.admin, "registerTopic", {
      topic: "Admin",
      queueDatas: [qd("broker-b", { perm: 7 }), qd("broker-a", { topicSysFlag: 1 })],
    });
    expect(r).toEqual({ changed: true, epoch: 9n, revision: 3n });
    const got = await route("Admin");
    expect(got.route?.queueDatas).toEqual([qd("broker-a", { topicSysFlag: 1 }), qd("broker-b", { perm: 7 })]);
    expect(got.route?.brokerDatas.map((b) => b.brokerName)).toEqual(["broker-a", "broker-b"]);
    await w.at(3);
    expect(w.view.get("Admin")).toEqual(got.route);

    // The same again changes nothing; another group's queue data is added without touching the rest.
    expect(
      await adminCall(t.admin, "registerTopic", {
        topic: "Admin",
        queueDatas: [qd("broker-b", { perm: 7 })],
      }),
    ).toMatchObject({ changed: false, revision: 3n });
    await adminCall(t.admin, "registerTopic", { topic: "TopicA", queueDatas: [qd("broker-b")] });
    expect(await perms("TopicA")).toEqual({ "broker-a": 6, "broker-b": 6 });
  });

  it("keeps the given permissions on a group without a master (as its slave's registration would), and a drained group has no WRITE", async () => {
    await register(slaveA);
    await register(brokerB);
    await adminCall(t.admin, "wipeWritePermOfBroker", { brokerName: "broker-b" });
    await adminCall(t.admin, "registerTopic", { topic: "T", queueDatas: [qd("broker-a"), qd("broker-b")] });
    expect(await perms("T")).toEqual({ "broker-a": 6, "broker-b": 4 });
  });

  it("is dropped by the group's next changed registration when the broker does not hold it", async () => {
    await register(brokerA);
    await adminCall(t.admin, "registerTopic", { topic: "Admin", queueDatas: [qd("broker-a")] });
    await register({ ...brokerA, dataVersion: version(2n) });
    expect((await routeError("Admin")).code).toBe(status.NOT_FOUND);
  });

  it("an unregistered group is NOT_FOUND naming it, and nothing is applied", async () => {
    await register(brokerA);
    const err = await adminError(t.admin, "registerTopic", {
      topic: "T",
      queueDatas: [qd("broker-a"), qd("ghost")],
    });
    expect(err.code).toBe(status.NOT_FOUND);
    expect(err.details).toBe("queue_datas[1].broker_name: broker group ghost is not registered");
    expect((await routeError("T")).code).toBe(status.NOT_FOUND);
    expect(revision()).toBe(1);
  });

  const invalid: Array<[string, { topic: string; queueDatas: QueueData[] }, string]> = [
    ["a bad topic", { topic: "a b", queueDatas: [qd("broker-a")] }, "topic: must match"],
    ["no queue data", { topic: "T", queueDatas: [] }, "queue_datas: required"],
    ["a bad broker name", { topic: "T", queueDatas: [qd("")] }, "queue_datas[0].broker_name: required"],
    [
      "a duplicate group",
      { topic: "T", queueDatas: [qd("broker-a"), qd("broker-a")] },
      "queue_datas[1].broker_name: duplicate",
    ],
    [
      "too many queues",
      { topic: "T", queueDatas: [qd("broker-a", { readQueueNums: 1025 })] },
      "queue_datas[0].read_queue_nums: must be 0..1024",
    ],
    [
      "bad write queues",
      { topic: "T", queueDatas: [qd("broker-a", { writeQueueNums: 5000 })] },
      "queue_datas[0].write_queue_nums",
    ],
    [
      "a bad perm",
      { topic: "T", queueDatas: [qd("broker-a", { perm: 8 })] },
      "queue_datas[0].perm: must be 0..7",
    ],
  ];
  it.each(invalid)("rejects %s with INVALID_ARGUMENT naming the field", async (_n, req, msg) => {
    await register(brokerA);
    const err = await adminError(t.admin, "registerTopic", req);
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toContain(msg);
    expect(revision()).toBe(1);
  });
});

describe("topic lists", () => {
  it("system topics: cluster and group names, all or one cluster's, with one broker address", async () => {
    expect(await adminCall(t.admin, "listSystemTopics", { clusterName: "" })).toEqual({
      topics: [],
      brokerAddr: "",
      epoch: 9n,
      revision: 0n,
    });
    await register(brokerA);
    await register(brokerB);
    expect(await adminCall(t.admin, "listSystemTopics", { clusterName: "" })).toMatchObject({
      topics: ["C1", "C2", "broker-a", "broker-b"],
      brokerAddr: "10.0.0.1:10911",
    });
    expect(await adminCall(t.admin, "listSystemTopics", { clusterName: "C2" })).toMatchObject({
      topics: ["C2", "broker-b"],
      brokerAddr: "10.0.1.1:10911",
    });
    expect((await adminError(t.admin, "listSystemTopics", { clusterName: "C9" })).code).toBe(
      status.NOT_FOUND,
    );
    expect((await adminError(t.admin, "listSystemTopics", { clusterName: "C 9" })).code).toBe(
      status.INVALID_ARGUMENT,
    );
  });

  it("unit topics by flag, all or one cluster's", async () => {
    await register({
      ...brokerA,
      topicConfigs: [
        topic("Plain"),
        topic("Unit", { topicSysFlag: 1 }),
        topic("UnitSub", { topicSysFlag: 2 }),
        topic("Both", { topicSysFlag: 3 }),
      ],
    });
    await register({ ...brokerB, topicConfigs: [topic("Plain", { topicSysFlag: 2 }), topic("Unit")] });
    const list = async (filter: UnitTopicFilter, clusterName = "") =>
      (await adminCall(t.admin, "listUnitTopics", { filter, clusterName })).topics;
    expect(await list(UnitTopicFilter.UNIT_TOPIC_FILTER_UNIT)).toEqual(["Both", "Unit"]);
    expect(await list(UnitTopicFilter.UNIT_TOPIC_FILTER_HAS_UNIT_SUB)).toEqual(["Both", "Plain", "UnitSub"]);
    expect(await list(UnitTopicFilter.UNIT_TOPIC_FILTER_HAS_UNIT_SUB_NOT_UNIT)).toEqual(["Plain", "UnitSub"]);
    expect(await list(UnitTopicFilter.UNIT_TOPIC_FILTER_HAS_UNIT_SUB, "C1")).toEqual(["Both", "UnitSub"]);
    expect(await list(UnitTopicFilter.UNIT_TOPIC_FILTER_UNIT, "C2")).toEqual([]);

    const unspecified = await adminError(t.admin, "listUnitTopics", {
      filter: UnitTopicFilter.UNIT_TOPIC_FILTER_UNSPECIFIED,
      clusterName: "",
    });
    expect(unspecified.code).toBe(status.INVALID_ARGUMENT);
    expect(unspecified.details).toMatch(/^filter: must be one of UNIT_TOPIC_FILTER_UNIT, /);
    const unknown = await adminError(t.admin, "listUnitTopics", {
      filter: UnitTopicFilter.UNIT_TOPIC_FILTER_UNIT,
      clusterName: "C9",
    });
    expect(unknown.code).toBe(status.NOT_FOUND);
  });
});

describe("runtime config", () => {
  it("reads the effective config and which keys may change", async () => {
    const r = await adminCall(t.admin, "getRuntimeConfig", {});
    expect(r.values.get("heartbeatTimeoutMs")).toBe("10000");
    expect(r.values.get("listen")).toBe("127.0.0.1:0");
    expect(r.values.get("dataDir")).toBe(t.dataDir);
    expect(r.values.get("actingMaster")).toBe("false");
    expect(r.updatableKeys).toEqual([
      "heartbeatIntervalMs",
      "heartbeatTimeoutMs",
      "logLevel",
      "maxTopicsPerRegistration",
    ]);
  });

  it("updates whitelisted keys, which take effect at once", async () => {
    const u = await adminCall(t.admin, "updateRuntimeConfig", {
      values: new Map([
        ["heartbeatTimeoutMs", "30000"],
        ["heartbeatIntervalMs", "3000"],
        ["maxTopicsPerRegistration", "2"],
        ["logLevel", "error"],
      ]),
    });
    expect(u.updatedKeys).toEqual([
      "heartbeatIntervalMs",
      "heartbeatTimeoutMs",
      "logLevel",
      "maxTopicsPerRegistration",
    ]);
    expect(u.values.get("heartbeatTimeoutMs")).toBe("30000");
    expect((await adminCall(t.admin, "getRuntimeConfig", {})).values.get("logLevel")).toBe("error");

    const reg = await register(registration({ topicConfigs: [topic("A")] }));
    expect(reg).toMatchObject({ heartbeatTimeoutMs: 30_000n, heartbeatIntervalMs: 3_000n });
    const tooMany = await unaryError((cb) =>
      t.broker.registerBroker(
        registration({
          topicConfigs: [topic("A"), topic("B"), topic("C")],
          dataVersion: { stateVersion: 1n, timestamp: 1000n, counter: 2n }, // a new table: it is read
        }),
        cb,
      ),
    );
    expect(tooMany.code).toBe(status.INVALID_ARGUMENT);
    expect(tooMany.details).toContain("at most 2 topics per registration");
  });

  const refused: Array<[string, Record<string, string>, RegExp]> = [
    ["the listen address", { listen: "0.0.0.0:1" }, /^values\[listen\]: cannot be changed at runtime/],
    ["the data directory", { dataDir: "/tmp/evil" }, /^values\[dataDir\]: cannot be changed at runtime/],
    ["the KV config path", { kvConfigPath: "/etc/passwd" }, /^values\[kvConfigPath\]: cannot be changed/],
    ["an unknown key", { rocketmqHome: "/tmp" }, /^values\[rocketmqHome\]: unknown config key/],
    [
      "a bad value",
      { heartbeatTimeoutMs: "5" },
      /^values\[heartbeatTimeoutMs\]: must be an integer in 1000\.\.600000/,
    ],
    [
      "an interval not below the timeout",
      { heartbeatIntervalMs: "10000" },
      /^values\[heartbeatIntervalMs\]: must be less than heartbeatTimeoutMs/,
    ],
    ["nothing", {}, /^values: required/],
  ];
  it.each(refused)("refuses %s with INVALID_ARGUMENT, changing nothing", async (_n, values, message) => {
    // A valid change rides along with the bad one: all or nothing.
    const entries = Object.entries(values);
    if (entries.length > 0) entries.unshift(["logLevel", "debug"]);
    const err = await adminError(t.admin, "updateRuntimeConfig", { values: new Map(entries) });
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toMatch(message);
    const now = await adminCall(t.admin, "getRuntimeConfig", {});
    expect(now.values.get("logLevel")).toBe("info");
    expect(now.values.get("listen")).toBe("127.0.0.1:0");
  });
});

describe("discovery", () => {
  it("AdminService is listed by reflection, callable with buf curl, and reported by health", async () => {
    const methods = await bufCurl(t.server.address, ["--list-methods", "http://ADDR"]);
    expect(methods.stdout.trim().split("\n")).toEqual(
      expect.arrayContaining([
        "namesrv.v1.AdminService/PutKVConfig",
        "namesrv.v1.AdminService/WipeWritePermOfBroker",
        "namesrv.v1.AdminService/UpdateRuntimeConfig",
      ]),
    );
    const put = await bufCurl(t.server.address, [
      "-d",
      '{"namespace":"NS","key":"k","value":"v"}',
      "http://ADDR/namesrv.v1.AdminService/PutKVConfig",
    ]);
    expect(put.stderr).toBe("");
    expect(JSON.parse(put.stdout)).toMatchObject({ created: true });
    const health = await bufCurl(t.server.address, [
      "-d",
      '{"service":"namesrv.v1.AdminService"}',
      "http://ADDR/grpc.health.v1.Health/Check",
    ]);
    expect(JSON.parse(health.stdout)).toEqual({ status: "SERVING" });
  });
});
