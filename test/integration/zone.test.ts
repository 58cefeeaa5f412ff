import { status } from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import type {
  RegisterBrokerRequest,
  RegisterBrokerResponse,
  UnregisterBrokerResponse,
} from "../../gen/ts/namesrv/v1/broker_service.js";
import {
  type GetClusterInfoResponse,
  GetRouteInfoByTopicRequest,
  type GetRouteInfoByTopicResponse,
  type ListTopicsRequest,
} from "../../gen/ts/namesrv/v1/route_service.js";
import type { NameServerConfig } from "../../src/config/config.js";
import { registration, topic, unary, unaryError } from "../helpers/grpc.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { FrameRecorder } from "../helpers/watch.js";

let t: TestServer | undefined;
let recorders: FrameRecorder[] = [];
afterEach(async () => {
  for (const r of recorders) {
    r.cancel();
    expect(r.violations).toEqual([]);
  }
  recorders = [];
  await t?.stop();
  t = undefined;
});

async function start(overrides: Partial<NameServerConfig> = {}): Promise<TestServer> {
  t = await startTestServer(overrides);
  return t;
}
const register = (s: TestServer, req: RegisterBrokerRequest) =>
  unary<RegisterBrokerResponse>((cb) => s.broker.registerBroker(req, cb));
const route = (s: TestServer, name: string, zoneName = "") =>
  unary<GetRouteInfoByTopicResponse>((cb) => s.route.getRouteInfoByTopic({ topic: name, zoneName }, cb));
const groupsOf = (r: GetRouteInfoByTopicResponse) => ({
  brokers: r.route?.brokerDatas.map((b) => b.brokerName),
  queues: r.route?.queueDatas.map((q) => q.brokerName),
});

const T = [topic("TopicA")];
/** broker-a in zone-1, broker-b in zone-2 (masters), broker-c in zone-2 with only a slave, broker-d with no zone. */
const a = registration({
  brokerName: "broker-a",
  brokerAddr: "10.0.1.1:10911",
  zoneName: "zone-1",
  topicConfigs: T,
});
const b = registration({
  brokerName: "broker-b",
  brokerAddr: "10.0.2.1:10911",
  zoneName: "zone-2",
  topicConfigs: T,
});
const cSlave = registration({
  brokerName: "broker-c",
  brokerId: 2n,
  brokerAddr: "10.0.3.2:10911",
  zoneName: "zone-2",
  topicConfigs: T,
});
const d = registration({ brokerName: "broker-d", brokerAddr: "10.0.4.1:10911", topicConfigs: T });

describe("zone routing", () => {
  it("keeps the zone's groups (ignoring case) and the groups without a master, with their queue datas", async () => {
    const s = await start();
    for (const reg of [a, b, cSlave, d]) await register(s, reg);
    const all = await route(s, "TopicA");
    expect(groupsOf(all).brokers).toEqual(["broker-a", "broker-b", "broker-c", "broker-d"]);

    expect(groupsOf(await route(s, "TopicA", "zone-1"))).toEqual({
      brokers: ["broker-a", "broker-c"],
      queues: ["broker-a", "broker-c"],
    });
    expect(groupsOf(await route(s, "TopicA", "ZONE-2"))).toEqual({
      brokers: ["broker-b", "broker-c"],
      queues: ["broker-b", "broker-c"],
    });
    const elsewhere = await route(s, "TopicA", "zone-9");
    expect(groupsOf(elsewhere)).toEqual({ brokers: ["broker-c"], queues: ["broker-c"] });
    // Same topic revision: the answer is a function of the topic's state and the zone.
    expect(elsewhere.topicRevision).toBe(all.topicRevision);
  });

  it("a zone where the topic has no group gets an empty route, not an error", async () => {
    const s = await start();
    await register(s, a);
    const r = await route(s, "TopicA", "zone-2");
    expect(r.route).toEqual({ queueDatas: [], brokerDatas: [], orderTopicConf: "" });
  });

  it("rejects a bad zone name with INVALID_ARGUMENT naming zone_name", async () => {
    const s = await start();
    await register(s, a);
    const err = await unaryError((cb) =>
      s.route.getRouteInfoByTopic({ topic: "TopicA", zoneName: "zone 1" }, cb),
    );
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toMatch(/^zone_name: must match/);
  });
});

describe("acting master", () => {
  const master = registration({ brokerAddr: "10.0.0.1:10911", topicConfigs: T });
  const slave1 = registration({ brokerId: 1n, brokerAddr: "10.0.0.2:10911", topicConfigs: T });
  const slave2 = registration({ brokerId: 2n, brokerAddr: "10.0.0.3:10911", topicConfigs: T });
  const unregisterMaster = (s: TestServer) =>
    unary<UnregisterBrokerResponse>((cb) =>
      s.broker.unregisterBroker(
        {
          clusterName: master.clusterName,
          brokerName: master.brokerName,
          brokerId: 0n,
          brokerAddr: master.brokerAddr,
        },
        cb,
      ),
    );

  it("off (the default): a group without a master shows its slaves under their own ids", async () => {
    const s = await start();
    await register(s, slave2);
    await register(s, slave1);
    const bd = (await route(s, "TopicA")).route?.brokerDatas[0];
    expect([...(bd?.brokerAddrs ?? [])]).toEqual([
      [1n, "10.0.0.2:10911"],
      [2n, "10.0.0.3:10911"],
    ]);
    expect(bd?.actingMaster).toBe(false);
  });

  it("on: the smallest live slave is shown as master, marked acting, read-only; the real master replaces it", async () => {
    const s = await start({ actingMaster: true });
    await register(s, master);
    await register(s, slave1);
    await register(s, slave2);
    const w = new FrameRecorder(s.route, { topics: ["TopicA"] });
    recorders.push(w);
    const normal = await route(s, "TopicA");
    expect(normal.route?.brokerDatas[0]?.actingMaster).toBe(false);
    expect(normal.route?.queueDatas[0]?.perm).toBe(6);
    await w.at(normal.revision);

    // The master leaves: one revision in which slave 1 becomes the acting master, without WRITE
    // (the queue data the master registered still has it).
    const gone = await unregisterMaster(s);
    const acting = await route(s, "TopicA");
    expect(acting.topicRevision).toBe(gone.revision);
    const bd = acting.route?.brokerDatas[0];
    expect(bd?.actingMaster).toBe(true);
    expect([...(bd?.brokerAddrs ?? [])]).toEqual([
      [0n, "10.0.0.2:10911"],
      [2n, "10.0.0.3:10911"],
    ]);
    expect(acting.route?.queueDatas[0]?.perm).toBe(4);
    await w.at(gone.revision);
    expect(w.view.get("TopicA")).toEqual(acting.route);

    // Zone routing treats an acting master as no master: its group is kept for readers anywhere.
    expect(groupsOf(await route(s, "TopicA", "far-away")).brokers).toEqual(["broker-a"]);

    // Cluster info shows the group as it is.
    const info = await unary<GetClusterInfoResponse>((cb) => s.route.getClusterInfo({}, cb));
    const raw = info.brokerAddrTable.get("broker-a");
    expect([...(raw?.brokerAddrs.keys() ?? [])]).toEqual([1n, 2n]);
    expect(raw?.actingMaster).toBe(false);

    const back = await register(s, {
      ...master,
      dataVersion: { stateVersion: 2n, timestamp: 2n, counter: 2n },
    });
    const restored = await route(s, "TopicA");
    expect(restored.topicRevision).toBe(back.revision);
    expect(restored.route?.brokerDatas[0]?.actingMaster).toBe(false);
    expect(restored.route?.brokerDatas[0]?.brokerAddrs.get(0n)).toBe("10.0.0.1:10911");
    expect(restored.route?.queueDatas[0]?.perm).toBe(6);
  });
});

describe("an omitted zone_name from the generated TypeScript client", () => {
  it('arrives as the string "undefined" and is refused, naming the field, instead of an empty route', async () => {
    const s = await start();
    await register(s, a);
    const omitted = { topic: "TopicA" } as GetRouteInfoByTopicRequest; // a JavaScript caller, or a cast
    expect(Buffer.from(GetRouteInfoByTopicRequest.encode(omitted).finish()).toString()).toContain(
      "undefined",
    );
    const err = await unaryError((cb) => s.route.getRouteInfoByTopic(omitted, cb));
    expect(err.code).toBe(status.INVALID_ARGUMENT);
    expect(err.details).toMatch(
      /^zone_name: "undefined" is what a JavaScript client sends for an omitted field/,
    );
    // (page_size is a uint32: the generated encoder refuses an omitted one on the client side.)
    const list = await unaryError((cb) =>
      s.route.listTopics({ pageSize: 0, pageToken: "" } as ListTopicsRequest, cb),
    );
    expect(list.details).toMatch(/^cluster_name: "undefined"/);
    const reg = await unaryError((cb) =>
      s.broker.registerBroker({ ...b, zoneName: undefined as unknown as string }, cb),
    );
    expect(reg.details).toMatch(/^zone_name: "undefined"/);
    // fromPartial fills the default, as documented.
    expect(
      groupsOf(
        await unary((cb) =>
          s.route.getRouteInfoByTopic(GetRouteInfoByTopicRequest.fromPartial({ topic: "TopicA" }), cb),
        ),
      ).brokers,
    ).toEqual(["broker-a"]);
  });
});
