import { once } from "node:events";
import { afterEach, describe, expect, it } from "vitest";
import type { RegisterBrokerResponse } from "../../gen/ts/namesrv/v1/broker_service.js";
import { type RouteChange, RouteWatcher } from "../../src/client/route-watcher.js";
import { registration, topic, unary } from "../helpers/grpc.js";
import { startTestServer, type TestServer } from "../helpers/server.js";

let servers: TestServer[] = [];
let watchers: RouteWatcher[] = [];
afterEach(async () => {
  for (const w of watchers) w.close();
  for (const s of servers) await s.stop();
  servers = [];
  watchers = [];
});

async function server(listen = "127.0.0.1:0", epoch?: bigint) {
  const s = await startTestServer({ listen }, epoch);
  servers.push(s);
  return s;
}
function watcher(address: string, topics: readonly string[] | "all") {
  const w = new RouteWatcher({ address, topics, initialBackoffMs: 10, maxBackoffMs: 100 });
  watchers.push(w);
  return w;
}
const nextChange = (w: RouteWatcher) => once(w, "change").then(([c]) => c as RouteChange);
const brokerA = registration({ topicConfigs: [topic("TopicA"), topic("TopicB")] });

describe("RouteWatcher", () => {
  it("keeps a local copy of the watched routes and reports each change", async () => {
    const s = await server();
    await unary<RegisterBrokerResponse>((cb) => s.broker.registerBroker(brokerA, cb));
    const w = watcher(s.server.address, ["TopicA", "TopicC"]);
    const synced = await nextChange(w);
    expect(synced).toMatchObject({ revision: 1n, updated: ["TopicA"], removed: [] });
    expect(w.get("TopicA")?.brokerDatas[0]?.brokerAddrs.get(0n)).toBe("10.0.0.1:10911");
    expect(w.get("TopicB")).toBeUndefined(); // not watched

    const change = nextChange(w);
    await unary((cb) =>
      s.broker.registerBroker(
        {
          ...brokerA,
          dataVersion: { stateVersion: 1n, timestamp: 2n, counter: 2n },
          topicConfigs: [topic("TopicC")],
        },
        cb,
      ),
    );
    expect(await change).toMatchObject({ revision: 2n, updated: ["TopicC"], removed: ["TopicA"] });
    expect(w.topics()).toEqual(["TopicC"]);
    expect(w.position).toEqual({ epoch: s.server.registry.epoch, revision: 2n });
  });

  it("restart() resumes from its position without a new snapshot", async () => {
    const s = await server();
    await unary((cb) => s.broker.registerBroker(brokerA, cb));
    const w = watcher(s.server.address, "all");
    await once(w, "synced");
    let snapshots = 0;
    w.on("synced", () => snapshots++);
    w.restart();
    const change = nextChange(w);
    await unary((cb) =>
      s.broker.unregisterBroker(
        {
          clusterName: brokerA.clusterName,
          brokerName: brokerA.brokerName,
          brokerId: 0n,
          brokerAddr: brokerA.brokerAddr,
        },
        cb,
      ),
    );
    expect(await change).toMatchObject({ revision: 2n, removed: ["TopicA", "TopicB"] });
    expect(snapshots).toBe(0);
    expect(w.topics()).toEqual([]);
  });

  it("reconnects with backoff after the NameServer restarts, and a new epoch resets its view", async () => {
    const first = await server("127.0.0.1:0", 1n);
    await unary((cb) => first.broker.registerBroker(brokerA, cb));
    const w = watcher(first.server.address, "all");
    await once(w, "synced");
    expect(w.topics()).toEqual(["TopicA", "TopicB"]);

    const disconnected = once(w, "disconnected");
    // Listen before the restart: the watcher may reconnect (and be reset) before the
    // registration below returns.
    const reset = once(w, "reset");
    await first.stop();
    servers = servers.filter((x) => x !== first);
    await disconnected;
    const second = await server(first.server.address, 2n);
    await unary((cb) =>
      second.broker.registerBroker(
        registration({
          brokerName: "broker-b",
          brokerAddr: "10.0.1.1:10911",
          topicConfigs: [topic("TopicZ")],
        }),
        cb,
      ),
    );
    const [reason] = await reset;
    expect(reason).toContain("epoch changed");
    // The new snapshot may come before or after the registration: wait for the view to hold it.
    await new Promise<void>((resolve) => {
      const check = () => {
        if (w.position?.epoch !== 2n || w.position.revision < 1n) return;
        w.off("change", check);
        resolve();
      };
      w.on("change", check);
      check();
    });
    expect(w.topics()).toEqual(["TopicZ"]);
    expect(w.position?.epoch).toBe(2n);
  });
});
