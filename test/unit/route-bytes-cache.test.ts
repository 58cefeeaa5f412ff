import { describe, expect, it } from "vitest";
import { TopicRouteData } from "../../gen/ts/namesrv/v1/route.js";
import {
  GetRouteInfoByTopicResponse,
  TopicRouteUpdate,
  WatchRoutesResponse,
} from "../../gen/ts/namesrv/v1/route_service.js";
import { RouteTable } from "../../src/route/route-table.js";
import { topicRouteData } from "../../src/server/codec.js";
import { RouteBytesCache } from "../../src/server/route-bytes-cache.js";
import { RouteResponseWriter } from "../../src/server/route-response.js";
import { WatchEncoder } from "../../src/server/watch-encoder.js";
import { registration, topic, version } from "./fixtures.js";

const EPOCH = 0x1234_5678_9abc_def0n;

/** The route of `name` as the generated encoder writes it from the table now. */
function generated(table: RouteTable, name: string, zone = ""): Uint8Array {
  const found = table.route(name, zone);
  if (found === undefined) throw new Error(`no route for ${name}`);
  return TopicRouteData.encode(topicRouteData(found.route)).finish();
}

function zoned(): RouteTable {
  const table = new RouteTable();
  table.register(registration({ zoneName: "z1", topics: [topic("A"), topic("B")] }));
  table.register(
    registration({
      brokerName: "broker-b",
      brokerAddr: "10.0.0.2:10911",
      zoneName: "z2",
      topics: [topic("A")],
    }),
  );
  return table;
}

describe("RouteBytesCache: one cache of encoded routes for lookups and watches", () => {
  it("encodes a route as the generated code does, once per topic revision and zone", () => {
    const table = zoned();
    const cache = new RouteBytesCache(table);
    const a = cache.route("A");
    expect(a?.bytes).toEqual(generated(table, "A"));
    expect(a?.topicRevision).toBe(table.topicRevision("A"));
    expect(cache.route("A")?.bytes).toBe(a?.bytes); // the very same bytes
    const z1 = cache.route("A", "z1");
    expect(z1?.bytes).toEqual(generated(table, "A", "z1"));
    expect(TopicRouteData.decode(z1?.bytes as Uint8Array).brokerDatas.map((b) => b.brokerName)).toEqual([
      "broker-a",
    ]);
    expect(cache.route("NOPE")).toBeUndefined();
  });

  it("keeps a route while other topics change, and drops it when its topic changes", () => {
    const table = zoned();
    const cache = new RouteBytesCache(table);
    const a = cache.route("A")?.bytes;
    table.register(
      registration({ brokerName: "broker-c", brokerAddr: "10.0.0.3:10911", topics: [topic("C")] }),
    );
    expect(cache.route("A")?.bytes).toBe(a);
    table.register(
      registration({ dataVersion: version(2), zoneName: "z1", topics: [topic("A", { perm: 4 })] }),
    );
    const next = cache.route("A")?.bytes;
    expect(next).not.toBe(a);
    expect(next).toEqual(generated(table, "A"));
    // B lost its only group: gone.
    expect(cache.route("B")).toBeUndefined();
  });

  it("builds WatchRoutes updates around the same route bytes that lookups get", () => {
    const table = zoned();
    const cache = new RouteBytesCache(table);
    const update = cache.update("A");
    expect(cache.update("A")).toBe(update);
    expect(cache.updateBytes("A")).toBe(update.byteLength);
    const decoded = TopicRouteUpdate.decode(update);
    expect(decoded).toEqual({
      topic: "A",
      route: topicRouteData((table.route("A") as { route: Parameters<typeof topicRouteData>[0] }).route),
      topicRevision: BigInt(table.topicRevision("A") as number),
      removed: false,
    });
    // The update embeds the route bytes the lookup path serves.
    const route = cache.route("A")?.bytes as Uint8Array;
    expect(Buffer.from(update).includes(Buffer.from(route))).toBe(true);
  });

  it("describes a removed topic as removed at its removal's revision", () => {
    const table = zoned();
    const cache = new RouteBytesCache(table);
    table.deleteTopic("B");
    expect(TopicRouteUpdate.decode(cache.update("B"))).toEqual({
      topic: "B",
      route: undefined,
      topicRevision: BigInt(table.removedAt("B") as number),
      removed: true,
    });
  });

  it("stops following changes on close", () => {
    const table = zoned();
    const cache = new RouteBytesCache(table);
    cache.route("A");
    cache.close();
    table.register(
      registration({ dataVersion: version(2), zoneName: "z1", topics: [topic("A", { perm: 4 })] }),
    );
    // Still correct (checked against the topic revision on every read).
    expect(cache.route("A")?.bytes).toEqual(generated(table, "A"));
  });
});

describe("RouteResponseWriter", () => {
  it("writes the same GetRouteInfoByTopicResponse as the generated encoder", () => {
    const table = zoned();
    const cache = new RouteBytesCache(table);
    const route = cache.route("A") as { bytes: Uint8Array; topicRevision: number };
    const bytes = new RouteResponseWriter(EPOCH).response(route.bytes, 300, route.topicRevision);
    expect(GetRouteInfoByTopicResponse.decode(bytes)).toEqual({
      route: TopicRouteData.decode(generated(table, "A")),
      epoch: EPOCH,
      revision: 300n,
      topicRevision: BigInt(route.topicRevision),
    });
  });
});

describe("WatchEncoder", () => {
  it("splices each topic's cached update into routes frames", () => {
    const table = new RouteTable();
    table.register(registration({ topics: [topic("A"), topic("B")] }));
    table.register(registration({ dataVersion: version(2), topics: [topic("A", { perm: 4 })] }));
    const enc = new WatchEncoder(new RouteBytesCache(table), EPOCH);
    const decoded = WatchRoutesResponse.decode(
      enc.frame({ kind: "routes", revision: 2, topics: ["A", "B"], more: true }),
    );
    const a = table.route("A");
    expect(decoded).toEqual({
      epoch: EPOCH,
      revision: 2n,
      routes: {
        more: true,
        updates: [
          { topic: "A", route: a && topicRouteData(a.route), topicRevision: 2n, removed: false },
          { topic: "B", route: undefined, topicRevision: 2n, removed: true },
        ],
      },
    });
  });

  it("builds a routes frame once for all streams that get it at the same revision", () => {
    const table = new RouteTable();
    table.register(registration({ topics: [topic("A"), topic("B")] }));
    const enc = new WatchEncoder(new RouteBytesCache(table), EPOCH);
    const frame = enc.frame({ kind: "routes", revision: 1, topics: ["A", "B"], more: false });
    expect(enc.frame({ kind: "routes", revision: 1, topics: ["A", "B"], more: false })).toBe(frame);
    expect(enc.frame({ kind: "routes", revision: 1, topics: ["A"], more: false })).not.toBe(frame);
    table.register(registration({ dataVersion: version(2), topics: [topic("A", { perm: 4 }), topic("B")] }));
    const next = enc.frame({ kind: "routes", revision: 2, topics: ["A", "B"], more: false });
    expect(next).not.toBe(frame);
    expect(WatchRoutesResponse.decode(next).routes?.updates.map((u) => u.route?.queueDatas[0]?.perm)).toEqual(
      [4, 6],
    );
  });

  it("encodes a frame object shared by many streams once, even when others were encoded in between", () => {
    const table = new RouteTable();
    table.register(registration({ topics: [topic("A"), topic("B"), topic("C")] }));
    const enc = new WatchEncoder(new RouteBytesCache(table), EPOCH);
    // Two frames of one snapshot plan, handed out in turns (streams at different positions).
    const first = { kind: "routes", revision: 1, topics: ["A", "B"], more: true } as const;
    const second = { kind: "routes", revision: 1, topics: ["C"], more: false } as const;
    const bytes = enc.frame(first);
    enc.frame(second);
    expect(enc.frame(first)).toBe(bytes);
    expect(WatchRoutesResponse.decode(bytes).routes?.updates.map((u) => u.topic)).toEqual(["A", "B"]);
  });

  it("encodes the other frame kinds with epoch and revision", () => {
    const enc = new WatchEncoder(new RouteBytesCache(new RouteTable()), EPOCH);
    const reset = WatchRoutesResponse.decode(
      enc.frame({ kind: "reset", revision: 4, reason: "revision-compacted", message: "too old" }),
    );
    expect(reset).toMatchObject({ epoch: EPOCH, revision: 4n, reset: { reason: "too old", code: 2 } });
    expect(WatchRoutesResponse.decode(enc.frame({ kind: "progress", revision: 0 })).progress).toEqual({});
  });
});
