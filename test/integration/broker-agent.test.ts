import { once } from "node:events";
import { createServer, type Server } from "node:net";
import { status } from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import type { UnregisterBrokerResponse } from "../../gen/ts/namesrv/v1/broker_service.js";
import {
  GetClusterInfoRequest,
  type GetClusterInfoResponse,
  GetRouteInfoByTopicRequest,
  type GetRouteInfoByTopicResponse,
  ListTopicsRequest,
  type ListTopicsResponse,
} from "../../gen/ts/namesrv/v1/route_service.js";
import { BrokerAgent, type Registration } from "../../src/client/broker-agent.js";
import type { NameServerError } from "../../src/client/errors.js";
import { ManualClock } from "../../src/clock/manual-clock.js";
import { type LineProcess, startAgentProcess, until } from "../helpers/cli.js";
import { type Clients, connect, topic, unary, unaryError } from "../helpers/grpc.js";
import { type ServerProcess, startServerProcess } from "../helpers/process.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const identity = {
  clusterName: "DefaultCluster",
  brokerName: "broker-a",
  brokerId: 0,
  brokerAddr: "127.0.0.1:10911",
};

function agent(namesrvAddrs: string[], extra: Partial<ConstructorParameters<typeof BrokerAgent>[0]> = {}) {
  const a = new BrokerAgent({
    namesrvAddrs,
    broker: identity,
    topics: [topic("TopicA"), topic("TopicB")],
    initialBackoffMs: 20,
    maxBackoffMs: 200,
    ...extra,
  });
  cleanups.push(() => a.close());
  return a;
}

/** Resolves with the next registration of `agent` with `address` that satisfies `pred`. */
function registered(a: BrokerAgent, address: string, pred: (r: Registration) => boolean = () => true) {
  return new Promise<Registration>((resolve) => {
    const on = (addr: string, r: Registration) => {
      if (addr === address && pred(r)) {
        a.off("registered", on);
        resolve(r);
      }
    };
    a.on("registered", on);
  });
}

async function testServer(overrides = {}): Promise<TestServer> {
  const s = await startTestServer({ heartbeatIntervalMs: 100, ...overrides });
  cleanups.push(() => s.stop());
  return s;
}

async function serverProcess(args: string[] = []): Promise<ServerProcess> {
  const p = await startServerProcess(["--listen", "127.0.0.1:0", "--heartbeat-interval-ms", "100", ...args]);
  cleanups.push(() => p.kill());
  return p;
}

function clients(address: string): Clients {
  const c = connect(address);
  cleanups.push(() => c.close());
  return c;
}

const route = (c: Clients, t: string) =>
  unary<GetRouteInfoByTopicResponse>((cb) =>
    c.route.getRouteInfoByTopic(GetRouteInfoByTopicRequest.fromPartial({ topic: t }), cb),
  );
const clusterInfo = (c: Clients) =>
  unary<GetClusterInfoResponse>((cb) => c.route.getClusterInfo(GetClusterInfoRequest.fromPartial({}), cb));
const topicNames = async (c: Clients) =>
  (await unary<ListTopicsResponse>((cb) => c.route.listTopics(ListTopicsRequest.fromPartial({}), cb))).topics;

/** A TCP port that accepts connections and never answers: calls to it hang until their deadline. */
async function blackHole(): Promise<string> {
  const sockets = new Set<import("node:net").Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on("error", () => {});
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  cleanups.push(() => {
    for (const s of sockets) s.destroy();
    server.close();
  });
  const addr = server.address() as import("node:net").AddressInfo;
  return `127.0.0.1:${addr.port}`;
}

describe("BrokerAgent", () => {
  it("registers with every NameServer at once; one that hangs delays no other", async () => {
    const live = await testServer();
    const hole = await blackHole();
    const a = agent([hole, live.server.address], { callTimeoutMs: 500 });
    const r = await registered(a, live.server.address);
    expect(r).toMatchObject({ epoch: live.server.registry.epoch, changed: true, heartbeatIntervalMs: 100 });
    // The other link is still waiting for its answer: nothing waited for it.
    expect(a.status().map((s) => [s.address, s.state])).toEqual([
      [hole, "registering"],
      [live.server.address, "online"],
    ]);
    const c = clients(live.server.address);
    expect((await route(c, "TopicA")).route?.brokerDatas[0]?.brokerAddrs.get(0n)).toBe(identity.brokerAddr);
  });

  it("keeps a heartbeat stream, and registers again when the NameServer forgets the broker", async () => {
    const s = await testServer();
    const c = clients(s.server.address);
    const a = agent([s.server.address]);
    await registered(a, s.server.address);
    // The server drops the broker behind the agent's back (as after an expiry): the next
    // heartbeat is answered REGISTER_AGAIN and the agent registers again.
    const again = once(a, "registerAgain");
    const back = registered(a, s.server.address);
    const removed = await unary<UnregisterBrokerResponse>((cb) =>
      c.broker.unregisterBroker({ ...identity, brokerId: 0n }, cb),
    );
    expect(removed.removed).toBe(true);
    const [, reason] = await again;
    expect(reason).toContain("not registered");
    expect((await back).changed).toBe(true);
    expect(await topicNames(c)).toEqual(["TopicA", "TopicB"]);
  });

  it("registers a new topic table everywhere with a new data version", async () => {
    const [s1, s2] = await Promise.all([testServer(), testServer()]);
    const a = agent([s1.server.address, s2.server.address]);
    const first = await Promise.all([registered(a, s1.server.address), registered(a, s2.server.address)]);
    const v1 = first[0].dataVersion;
    const next = [s1, s2].map((s) => registered(a, s.server.address, (r) => r.dataVersion.counter === 2n));
    a.setTopics([topic("TopicB"), topic("TopicC")]);
    expect(a.dataVersion.counter).toBe(v1.counter + 1n);
    for (const r of await Promise.all(next)) expect(r.changed).toBe(true);
    for (const s of [s1, s2])
      expect(await topicNames(clients(s.server.address))).toEqual(["TopicB", "TopicC"]);
  });

  it("close() unregisters everywhere, ends its streams, reports each NameServer, and is idempotent", async () => {
    const s = await testServer();
    const hole = await blackHole();
    const a = agent([s.server.address, hole], { callTimeoutMs: 300 });
    await registered(a, s.server.address);
    await until(() => s.server.registry.routes.member(identity.brokerAddr) !== undefined, "registered");
    const streamEnded = s.streamClosed();
    const outcomes = await a.close();
    expect(outcomes[0]).toEqual({ address: s.server.address, ok: true, removed: true });
    expect(outcomes[1]).toMatchObject({ address: hole, ok: false });
    expect(outcomes[1]?.ok === false && outcomes[1].error.code).toBe(status.DEADLINE_EXCEEDED);
    await streamEnded;
    expect(a.status().map((l) => l.state)).toEqual(["closed", "closed"]);
    expect(await a.close()).toBe(outcomes);
    const err = await unaryError((cb) =>
      connect(s.server.address).route.getRouteInfoByTopic(
        GetRouteInfoByTopicRequest.fromPartial({ topic: "TopicA" }),
        cb,
      ),
    );
    expect(err.code).toBe(status.NOT_FOUND);
  });

  it("re-registers with a restarted NameServer: its routes come back, once, and the other sees no change", async () => {
    const [ns1, ns2] = await Promise.all([serverProcess(), serverProcess()]);
    const a = agent([ns1.address, ns2.address]);
    const [, before] = await Promise.all([registered(a, ns1.address), registered(a, ns2.address)]);
    const c1 = clients(ns1.address);
    const revision1 = (await clusterInfo(c1)).revision;

    const disconnected = once(a, "disconnected");
    ns2.kill("SIGKILL");
    await ns2.exited;
    await disconnected;
    const again = registered(a, ns2.address, (r) => r.epoch !== before.epoch);
    const restarted = await serverProcess(["--listen", ns2.address]);
    expect((await again).changed).toBe(true);

    const c2 = clients(restarted.address);
    for (const t of ["TopicA", "TopicB"]) {
      const r = (await route(c2, t)).route;
      expect(r?.queueDatas.map((q) => q.brokerName)).toEqual(["broker-a"]);
      expect(r?.brokerDatas).toHaveLength(1);
      expect([...(r?.brokerDatas[0]?.brokerAddrs ?? [])]).toEqual([[0n, identity.brokerAddr]]);
    }
    const info = await clusterInfo(c2);
    expect([...info.brokerAddrTable.keys()]).toEqual(["broker-a"]);
    expect(info.revision).toBe(1n); // one registration, not one per retry
    // The NameServer that stayed up saw heartbeats only: no re-registration, no flap.
    expect((await clusterInfo(c1)).revision).toBe(revision1);
    expect(a.status().map((l) => l.state)).toEqual(["online", "online"]);
  });
});

describe("BrokerAgent timers (ManualClock)", () => {
  it("retries with exponential backoff and full jitter, and close() leaves no timer behind", async () => {
    const clock = new ManualClock();
    const a = agent(["127.0.0.1:1"], { clock, random: () => 0.5, initialBackoffMs: 100, maxBackoffMs: 400 });
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const [address, err, delayMs] = await once(a, "disconnected");
      expect([address, (err as NameServerError).code]).toEqual(["127.0.0.1:1", status.UNAVAILABLE]);
      delays.push(delayMs as number);
      expect(clock.pendingTimers()).toBe(1); // only the retry
      clock.advance(delayMs as number);
    }
    // Half of each ceiling (random 0.5): 100, 200, 400, then capped at 400.
    expect(delays).toEqual([50, 100, 200, 200, 200]);
    expect(a.status()[0]?.state).toBe("registering");
    await a.close();
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe("stand-in broker processes (dist/src/cli/broker-agent-main.js)", () => {
  it("a SIGKILLed broker leaves the routes after the grace; a SIGTERMed one unregisters at once", async () => {
    const [ns1, ns2] = await Promise.all([
      serverProcess(["--stream-loss-grace-ms", "300"]),
      serverProcess(["--stream-loss-grace-ms", "300"]),
    ]);
    const addrs = [ns1.address, ns2.address];
    const agents: LineProcess[] = await Promise.all(
      ["a", "b"].map((x, i) =>
        startAgentProcess(addrs, {
          brokerName: `broker-${x}`,
          brokerAddr: `127.0.0.1:${10911 + 10 * i}`,
          topics: ["TopicA"],
        }),
      ),
    );
    for (const p of agents) cleanups.push(() => p.kill());
    const [pa, pb] = agents as [LineProcess, LineProcess];
    const cs = addrs.map(clients);
    const groups = async (c: Clients) =>
      (await route(c, "TopicA")).route?.queueDatas.map((q) => q.brokerName);
    for (const c of cs) expect(await groups(c)).toEqual(["broker-a", "broker-b"]);

    pb.kill("SIGKILL");
    for (const c of cs) await until(async () => (await groups(c))?.join() === "broker-a", "broker-b gone");

    pa.kill("SIGTERM");
    expect(await pa.exited).toEqual({ code: 0, signal: null });
    const unregistered = pa.json().filter((l) => l.msg === "unregistered");
    expect(unregistered.map((l) => [l.peer, l.removed]).sort()).toEqual(addrs.map((x) => [x, true]).sort());
    for (const c of cs) expect(await topicNames(c)).toEqual([]);
  });
});

describe("the stand-in broker's log", () => {
  it("logs each REGISTER_AGAIN once, not again under its own message", async () => {
    const s = await testServer();
    const p = await startAgentProcess([s.server.address], {
      brokerName: "broker-a",
      brokerAddr: "127.0.0.1:10911",
      topics: ["TopicA"],
    });
    cleanups.push(() => p.kill());
    // Forgotten by the NameServer: its next heartbeat is answered REGISTER_AGAIN.
    await unary((cb) =>
      s.broker.unregisterBroker(
        {
          clusterName: "DefaultCluster",
          brokerName: "broker-a",
          brokerId: 0n,
          brokerAddr: "127.0.0.1:10911",
        },
        cb,
      ),
    );
    await p.until((x) => x.json().filter((l) => l.msg === "registered").length >= 2, "registered again");
    // One line per REGISTER_AGAIN, the SDK link's (a loaded machine may see more than one event).
    const asked = p.json().filter((l) => /register again/i.test(String(l.msg)));
    expect(asked.length).toBeGreaterThanOrEqual(1);
    expect(new Set(asked.map((l) => l.msg))).toEqual(new Set(["NameServer asks to register again"]));
    expect(asked.every((l) => l.peer === s.server.address && l.reason !== undefined)).toBe(true);
  });
});
