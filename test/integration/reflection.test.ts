import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bufCurl } from "../helpers/buf-curl.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t.stop();
});

const registerJson = JSON.stringify({
  cluster_name: "DefaultCluster",
  broker_name: "broker-a",
  broker_id: "0",
  broker_addr: "127.0.0.1:10911",
  topic_configs: [{ topic_name: "TopicA", read_queue_nums: 4, write_queue_nums: 4, perm: 6 }],
  data_version: { state_version: "1", counter: "1" },
});

describe("server reflection, through buf curl", () => {
  it("lists every service and method", async () => {
    const r = await bufCurl(t.server.address, ["--list-methods", "http://ADDR"]);
    expect(r.code).toBe(0);
    const methods = r.stdout.trim().split("\n");
    expect(methods).toEqual(
      expect.arrayContaining([
        "namesrv.v1.BrokerService/RegisterBroker",
        "namesrv.v1.BrokerService/UnregisterBroker",
        "namesrv.v1.BrokerService/Heartbeat",
        "namesrv.v1.RouteService/GetRouteInfoByTopic",
        "namesrv.v1.RouteService/GetClusterInfo",
        "namesrv.v1.RouteService/ListTopics",
        "namesrv.v1.RouteService/WatchRoutes",
        "grpc.health.v1.Health/Check",
      ]),
    );
  });

  it("invokes unary methods with JSON built from the served descriptors", async () => {
    const reg = await bufCurl(t.server.address, [
      "-d",
      registerJson,
      "http://ADDR/namesrv.v1.BrokerService/RegisterBroker",
    ]);
    expect(reg.stderr).toBe("");
    expect(JSON.parse(reg.stdout)).toMatchObject({ changed: true, revision: "1" });

    const route = await bufCurl(t.server.address, [
      "-d",
      '{"topic":"TopicA"}',
      "http://ADDR/namesrv.v1.RouteService/GetRouteInfoByTopic",
    ]);
    expect(route.code).toBe(0);
    const body = JSON.parse(route.stdout);
    expect(body.route.brokerDatas[0].brokerAddrs).toEqual({ "0": "127.0.0.1:10911" });
    expect(body.epoch).toBe(String(t.server.registry.epoch));
  });

  it("drives the bidirectional Heartbeat stream", async () => {
    const hb = JSON.stringify({
      cluster_name: "DefaultCluster",
      broker_name: "broker-a",
      broker_id: "0",
      broker_addr: "127.0.0.1:10911",
      data_version: { state_version: "1", counter: "1" },
    });
    const r = await bufCurl(
      t.server.address,
      ["-d", "@-", "http://ADDR/namesrv.v1.BrokerService/Heartbeat"],
      `${hb}\n${hb}\n`,
    );
    expect(r.code).toBe(0);
    expect(r.stdout.match(/HEARTBEAT_ACTION_OK/g)).toHaveLength(2);
  });

  it("reports status errors with their code and message", async () => {
    const r = await bufCurl(t.server.address, [
      "-d",
      '{"topic":"no such topic"}',
      "http://ADDR/namesrv.v1.RouteService/GetRouteInfoByTopic",
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toContain("invalid_argument");
    expect(r.stdout + r.stderr).toContain("topic: must match");
  });

  it("serves the standard health service", async () => {
    const r = await bufCurl(t.server.address, ["http://ADDR/grpc.health.v1.Health/Check"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ status: "SERVING" });
  });
});
