import { once } from "node:events";
import { createServer, type Socket } from "node:net";
import { Server, ServerCredentials, status } from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import type { RegisterBrokerResponse } from "../../gen/ts/namesrv/v1/broker_service.js";
import { type RouteServiceServer, RouteServiceService } from "../../gen/ts/namesrv/v1/route_service.js";
import type { NameServerError } from "../../src/client/errors.js";
import { RouteClient, type RouteClientOptions } from "../../src/client/route-client.js";
import { until } from "../helpers/cli.js";
import { type Clients, connect, registration, topic, unary } from "../helpers/grpc.js";
import { type ServerProcess, startServerProcess } from "../helpers/process.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A random source that returns `values` in turn (then repeats the last one). */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => values[Math.min(i++, values.length - 1)] as number;
}

function routeClient(opts: RouteClientOptions): RouteClient {
  const c = new RouteClient(opts);
  cleanups.push(() => c.close());
  return c;
}

async function serverProcesses(n: number): Promise<ServerProcess[]> {
  const ps = await Promise.all(
    Array.from({ length: n }, () => startServerProcess(["--listen", "127.0.0.1:0"])),
  );
  for (const p of ps) cleanups.push(() => p.kill());
  return ps;
}

function clients(address: string): Clients {
  const c = connect(address);
  cleanups.push(() => c.close());
  return c;
}

const brokerA = registration({
  brokerAddr: "127.0.0.1:10911",
  topicConfigs: [topic("TopicA"), topic("TopicB")],
});

async function registerEverywhere(addrs: string[], req = brokerA): Promise<void> {
  await Promise.all(
    addrs.map((a) => unary<RegisterBrokerResponse>((cb) => clients(a).broker.registerBroker(req, cb))),
  );
}

async function failure(p: Promise<unknown>): Promise<NameServerError> {
  try {
    await p;
  } catch (err) {
    return err as NameServerError;
  }
  throw new Error("expected a failure");
}

/** A TCP port that accepts connections and never answers. */
async function blackHole(): Promise<string> {
  const sockets = new Set<Socket>();
  const server = createServer((s) => {
    sockets.add(s);
    s.on("error", () => {});
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  cleanups.push(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  return `127.0.0.1:${(server.address() as { port: number }).port}`;
}

describe("RouteClient", () => {
  it("sticks to one NameServer and, when it is killed, fails over to a random other one (not the next)", async () => {
    const ps = await serverProcesses(3);
    const addrs = ps.map((p) => p.address);
    await registerEverywhere(addrs);
    // random: 0 picks addrs[0] at first; after it dies, 0.99 picks the last of [addrs[1], addrs[2]].
    const c = routeClient({ namesrvAddrs: addrs, random: sequence(0, 0.99) });
    expect(c.namesrv).toBe(addrs[0]);
    for (let i = 0; i < 3; i++) {
      const r = await c.getRoute("TopicA");
      expect(r).toMatchObject({ namesrv: addrs[0], source: "rpc", topic: "TopicA" });
      expect(r.route.brokerDatas[0]?.brokerAddrs.get(0n)).toBe(brokerA.brokerAddr);
    }

    const failovers: Array<[string, string, number]> = [];
    c.on("failover", (from, to, err) => failovers.push([from, to, err.code]));
    ps[0]?.kill("SIGKILL");
    await ps[0]?.exited;
    const r = await c.getRoute("TopicA");
    expect(r.namesrv).toBe(addrs[2]);
    expect(failovers).toEqual([[addrs[0], addrs[2], status.UNAVAILABLE]]);
    expect(c.namesrv).toBe(addrs[2]);
    expect((await c.listTopics()).namesrv).toBe(addrs[2]);
    expect([...(await c.getClusterInfo()).brokerAddrTable.keys()]).toEqual(["broker-a"]);
  });

  it("applies the per-call deadline and fails over from a NameServer that does not answer", async () => {
    const live = await startTestServer();
    cleanups.push(() => live.stop());
    await registerEverywhere([live.server.address]);
    const hole = await blackHole();
    const c = routeClient({
      namesrvAddrs: [hole, live.server.address],
      random: sequence(0),
      callTimeoutMs: 200,
    });
    const codes: number[] = [];
    c.on("failover", (_from, _to, err) => codes.push(err.code));
    const r = await c.getRoute("TopicB");
    expect(r.namesrv).toBe(live.server.address);
    expect(codes).toEqual([status.DEADLINE_EXCEEDED]);
  });

  it("does not fail over on an answer (NOT_FOUND, INVALID_ARGUMENT); reports UNAVAILABLE when none is reachable", async () => {
    const s = await startTestServer();
    cleanups.push(() => s.stop());
    const c = routeClient({ namesrvAddrs: [s.server.address, "127.0.0.1:1"], random: sequence(0) });
    const notFound = await failure(c.getRoute("Nope"));
    expect(notFound).toMatchObject({ code: status.NOT_FOUND, address: s.server.address });
    expect((await failure(c.getRoute("bad topic"))).code).toBe(status.INVALID_ARGUMENT);
    expect(c.namesrv).toBe(s.server.address);

    const dead = routeClient({ namesrvAddrs: ["127.0.0.1:1", "127.0.0.1:2"] });
    const err = await failure(dead.getRoute("TopicA"));
    expect(err.code).toBe(status.UNAVAILABLE);
    expect(err.unreachable).toBe(true);
    expect(err.message).toMatch(/no NameServer reachable \(tried 127\.0\.0\.1:[12], 127\.0\.0\.1:[12]\)/);
  });

  it("watch-backed cache: answers from pushed routes, and moves to a random other NameServer when its one dies", async () => {
    const ps = await serverProcesses(2);
    const addrs = ps.map((p) => p.address);
    await registerEverywhere(addrs);
    const c = routeClient({
      namesrvAddrs: addrs,
      random: sequence(0, 0.5),
      cache: { topics: "all", initialBackoffMs: 10, maxBackoffMs: 50 },
    });
    const changes: Array<{ namesrv: string; snapshot: boolean; updated: readonly string[] }> = [];
    c.on("change", (ch) => changes.push(ch));
    await c.ready(10_000);
    expect(c.cacheMode).toBe("watch");
    expect(c.watchNamesrv).toBe(addrs[0]);
    expect(await c.getRoute("TopicA")).toMatchObject({ source: "cache", namesrv: addrs[0] });
    expect((await failure(c.getRoute("TopicZ"))).code).toBe(status.NOT_FOUND);

    // A change is pushed to the cache.
    const pushed = once(c, "change");
    await registerEverywhere(addrs, {
      ...brokerA,
      dataVersion: { stateVersion: 1n, timestamp: 2n, counter: 2n },
      topicConfigs: [topic("TopicA"), topic("TopicB"), topic("TopicC")],
    });
    expect((await pushed)[0]).toMatchObject({ namesrv: addrs[0], snapshot: false, updated: ["TopicC"] });
    expect(c.cached("TopicC")?.queueDatas[0]?.brokerName).toBe("broker-a");

    // Its NameServer dies: after failing to reconnect the watch moves on and resyncs elsewhere.
    ps[0]?.kill("SIGKILL");
    await until(
      () => changes.some((ch) => ch.namesrv === addrs[1] && ch.snapshot),
      "a snapshot from the other",
    );
    expect(c.watchNamesrv).toBe(addrs[1]);
    expect(c.cachedTopics()).toEqual(["TopicA", "TopicB", "TopicC"]);
    expect(await c.getRoute("TopicC")).toMatchObject({ source: "cache", namesrv: addrs[1] });
  });

  it("falls back to polling when the NameServer does not implement WatchRoutes", async () => {
    const real = await startTestServer();
    cleanups.push(() => real.stop());
    await registerEverywhere([real.server.address]);
    const old = await unaryOnlyNameServer(real);
    const c = routeClient({
      namesrvAddrs: [old],
      cache: { topics: ["TopicA", "TopicC"], pollIntervalMs: 50 },
    });
    const fallback = once(c, "fallback");
    await c.ready(10_000);
    expect(String((await fallback)[0])).toContain("not implemented");
    expect(c.cacheMode).toBe("poll");
    expect(await c.getRoute("TopicA")).toMatchObject({ source: "cache", namesrv: old });
    expect((await failure(c.getRoute("TopicC"))).code).toBe(status.NOT_FOUND);
    expect((await c.getRoute("TopicB")).source).toBe("rpc"); // not cached

    const polled = once(c, "change");
    await registerEverywhere([real.server.address], {
      ...brokerA,
      dataVersion: { stateVersion: 1n, timestamp: 2n, counter: 2n },
      topicConfigs: [topic("TopicA"), topic("TopicC")],
    });
    expect((await polled)[0]).toMatchObject({ updated: ["TopicC"], removed: [] });
    expect(await c.getRoute("TopicC")).toMatchObject({ source: "cache" });
  });

  it("close() is idempotent and later calls fail", async () => {
    const s = await startTestServer();
    cleanups.push(() => s.stop());
    const c = new RouteClient({ namesrvAddrs: [s.server.address], cache: { topics: "all" } });
    await c.ready(10_000);
    c.close();
    c.close();
    await expect(c.getRoute("TopicA")).rejects.toThrow("closed");
  });
});

/**
 * A NameServer of an older kind: RouteService's unary methods (served by `real`), no WatchRoutes
 * (grpc-js answers UNIMPLEMENTED for a method without a handler).
 */
async function unaryOnlyNameServer(real: TestServer): Promise<string> {
  const server = new Server();
  const unaryMethods: Pick<RouteServiceServer, "getRouteInfoByTopic" | "getClusterInfo" | "listTopics"> = {
    getRouteInfoByTopic: (call, cb) => real.route.getRouteInfoByTopic(call.request, cb),
    getClusterInfo: (call, cb) => real.route.getClusterInfo(call.request, cb),
    listTopics: (call, cb) => real.route.listTopics(call.request, cb),
  };
  // Leaving watchRoutes out is the point: grpc-js then answers it with UNIMPLEMENTED.
  server.addService(RouteServiceService, unaryMethods as RouteServiceServer);
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", ServerCredentials.createInsecure(), (err, p) =>
      err ? reject(err) : resolve(p),
    ),
  );
  cleanups.push(() => server.forceShutdown());
  return `127.0.0.1:${port}`;
}
