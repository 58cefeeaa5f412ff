import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServerProcess } from "../helpers/process.js";
import { bufBinary, PROTOSET } from "./helpers/buf.js";
import { Program, runProgram } from "./helpers/program.js";
import { type FrameJson, WatchView } from "./helpers/watch-view.js";

/**
 * Generic-client use of a real server process through `buf curl` (the reflection client that ships
 * in the buf npm package; test/interop/grpcurl.test.ts does the same with grpcurl): schema from
 * server reflection, or from the committed descriptor set passed like grpcurl's -protoset.
 * test/integration/reflection.test.ts covers reflection for unary, bidi-streaming, errors and
 * health; this adds the server-streaming WatchRoutes and the protoset path.
 */

let server: ServerProcess;
const programs: Program[] = [];
beforeAll(async () => {
  server = await startServerProcess(["--listen", "127.0.0.1:0"]);
});
afterAll(async () => {
  for (const p of programs) p.kill();
  await Promise.all(programs.map((p) => p.exited));
  server?.kill();
});

const H2C = ["curl", "--protocol", "grpc", "--http2-prior-knowledge"];
const url = (method = "") => `http://${server.address}${method ? `/${method}` : ""}`;

/** Starts `buf curl ARGS`; each response message it prints arrives as a `message` event. */
function startCurl(args: string[]): Program {
  const p = new Program("buf curl stream", [bufBinary(), ...H2C, ...args], "documents");
  programs.push(p);
  return p;
}

const registration = (addr: string) =>
  JSON.stringify({
    cluster_name: "DefaultCluster",
    broker_name: "broker-a",
    broker_id: "0",
    broker_addr: addr,
    topic_configs: [{ topic_name: "TopicA", read_queue_nums: 4, write_queue_nums: 4, perm: 6 }],
    data_version: { state_version: "1", counter: "1" },
  });

describe("buf curl", () => {
  it("lists the services through reflection", async () => {
    const r = await runProgram("buf curl", [bufBinary(), ...H2C, "--list-services", url()]);
    expect(r.code).toBe(0);
    expect(r.events.map((e) => e.line)).toEqual([
      "grpc.health.v1.Health",
      "namesrv.v1.AdminService",
      "namesrv.v1.BrokerService",
      "namesrv.v1.RouteService",
    ]);
  });

  it("calls methods with the committed descriptor set as a protoset, without reflection", async () => {
    const schema = ["--schema", PROTOSET, "--reflect=false"];
    const methods = await runProgram("buf curl", [bufBinary(), ...H2C, ...schema, "--list-methods", url()]);
    expect(methods.events.map((e) => e.line)).toContain("namesrv.v1.RouteService/WatchRoutes");

    const reg = startCurl([
      ...schema,
      "-d",
      registration("127.0.0.1:10911"),
      url("namesrv.v1.BrokerService/RegisterBroker"),
    ]);
    expect((await reg.exited).code).toBe(0);
    expect(reg.events[0]?.message).toMatchObject({ changed: true, revision: "1" });

    const route = startCurl([
      ...schema,
      "-d",
      '{"topic":"TopicA"}',
      url("namesrv.v1.RouteService/GetRouteInfoByTopic"),
    ]);
    expect((await route.exited).code).toBe(0);
    expect(route.events[0]?.message).toMatchObject({
      route: { brokerDatas: [{ brokerName: "broker-a", brokerAddrs: { "0": "127.0.0.1:10911" } }] },
      topicRevision: "1",
    });
  });

  it("streams WatchRoutes (server streaming) through reflection: snapshot, then the change", async () => {
    const watch = startCurl(["-d", '{"topics":["TopicA"]}', url("namesrv.v1.RouteService/WatchRoutes")]);
    const view = new WatchView();
    let cursor = 0;
    const applyUntil = async (what: string, ok: (v: WatchView) => boolean) => {
      for (;;) {
        const { event, index } = await watch.waitFor(what, (e) => e.event === "message", cursor);
        cursor = index + 1;
        view.apply(event.message as FrameJson);
        if (view.consistent && ok(view)) return;
      }
    };

    await applyUntil("END_OF_SNAPSHOT", () => true);
    expect(watch.events[0]?.message).toMatchObject({ snapshotBegin: {}, revision: "1" });
    expect(view.routes.get("TopicA")).toMatchObject({ queueDatas: [{ brokerName: "broker-a", perm: 6 }] });

    const un = startCurl([
      "-d",
      JSON.stringify({
        cluster_name: "DefaultCluster",
        broker_name: "broker-a",
        broker_id: "0",
        broker_addr: "127.0.0.1:10911",
      }),
      url("namesrv.v1.BrokerService/UnregisterBroker"),
    ]);
    expect((await un.exited).code).toBe(0);
    expect(un.events[0]?.message).toMatchObject({ removed: true, revision: "2" });

    await applyUntil("TopicA's removal", (v) => !v.routes.has("TopicA"));
    expect(view.changes).toEqual([{ topic: "TopicA", topicRevision: "2", removed: true, frameRevision: 2n }]);
    expect(view.violations).toEqual([]);
    expect(watch.stderrText).toBe("");
  });
});
