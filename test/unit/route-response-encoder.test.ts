import { describe, expect, it } from "vitest";
import { GetRouteInfoByTopicResponse } from "../../gen/ts/namesrv/v1/route_service.js";
import type { RouteResult } from "../../src/registry/registry.js";
import { RouteTable } from "../../src/route/route-table.js";
import { topicRouteData } from "../../src/server/codec.js";
import { RouteResponseEncoder } from "../../src/server/route-response-encoder.js";
import { registration, topic, version } from "./fixtures.js";

const EPOCH = 0x1234_5678_9abc_def0n;

function read(table: RouteTable, name: string): RouteResult {
  const found = table.route(name);
  if (found === undefined) throw new Error(`no route for ${name}`);
  return { epoch: EPOCH, revision: table.revision, ...found };
}

/** The response as the generated encoder writes it from the route read now. */
function expected(table: RouteTable, name: string): GetRouteInfoByTopicResponse {
  const r = read(table, name);
  return {
    route: topicRouteData(r.route),
    epoch: EPOCH,
    revision: BigInt(r.revision),
    topicRevision: BigInt(r.topicRevision),
  };
}

describe("RouteResponseEncoder", () => {
  it("writes the same message as the generated encoder, then serves it until the topic changes", () => {
    const table = new RouteTable();
    table.register(registration({ topics: [topic("A"), topic("B")] }));
    const enc = new RouteResponseEncoder(table, EPOCH);
    expect(enc.cached("A", "")).toBeUndefined();
    const first = enc.encode("A", "", read(table, "A"));
    expect(GetRouteInfoByTopicResponse.decode(first)).toEqual(expected(table, "A"));
    expect(enc.cached("A", "")).toEqual(first);

    // Another topic changes: A's route is still served, with the table's new revision.
    table.register(
      registration({ brokerName: "broker-b", brokerAddr: "10.0.0.2:10911", topics: [topic("C")] }),
    );
    const still = enc.cached("A", "");
    expect(still && GetRouteInfoByTopicResponse.decode(still)).toEqual(expected(table, "A"));
    expect(still && GetRouteInfoByTopicResponse.decode(still).revision).toBe(2n);

    // A changes: its kept route is dropped.
    table.register(registration({ dataVersion: version(2), topics: [topic("A", { perm: 4 }), topic("B")] }));
    expect(enc.cached("A", "")).toBeUndefined();
    const next = enc.encode("A", "", read(table, "A"));
    expect(GetRouteInfoByTopicResponse.decode(next)).toEqual(expected(table, "A"));
    expect(GetRouteInfoByTopicResponse.decode(next).route?.queueDatas[0]?.perm).toBe(4);
  });

  it("keeps routes per zone, and a bounded number of zones per topic", () => {
    const table = new RouteTable();
    table.register(registration({ topics: [topic("A")] }));
    const enc = new RouteResponseEncoder(table, EPOCH);
    enc.encode("A", "zone-a", read(table, "A"));
    expect(enc.cached("A", "zone-a")).toBeDefined();
    expect(enc.cached("A", "")).toBeUndefined();
    for (let z = 0; z < 100; z++) enc.encode("A", `zone-${z}`, read(table, "A"));
    expect(enc.cached("A", "zone-99")).toBeUndefined();
  });
});
