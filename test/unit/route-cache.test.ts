import { once } from "node:events";
import { status } from "@grpc/grpc-js";
import { describe, expect, it } from "vitest";
import { TopicRouteData } from "../../gen/ts/namesrv/v1/route.js";
import { NameServerError } from "../../src/client/errors.js";
import { silentSdkLogger } from "../../src/client/logger.js";
import { RouteCache } from "../../src/client/route-cache.js";
import type { RouteCacheOptions } from "../../src/client/route-cache-options.js";
import type { PolledRoute, PollSource } from "../../src/client/route-poller.js";
import { resolveClientSecurity } from "../../src/client/security.js";
import { watchFallsBackToPoll, watchNextAddress } from "../../src/client/watch-poll-fallback.js";
import { ManualClock } from "../../src/clock/manual-clock.js";

/**
 * The cache's orchestration in poll mode, driven by an in-memory poll source and a manual clock
 * (the watch mode needs a server: test/integration/route-client.test.ts).
 */
class FakeNameServer implements PollSource {
  /** topic -> broker name of its one queue data. */
  readonly routes = new Map<string, string>();
  revision = 1n;
  down = false;

  async listTopics() {
    this.check();
    return { topics: [...this.routes.keys()], epoch: 7n, revision: this.revision, namesrv: "ns:1" };
  }

  async getRoute(topic: string): Promise<PolledRoute> {
    this.check();
    const broker = this.routes.get(topic);
    if (broker === undefined) throw new NameServerError(status.NOT_FOUND, `topic ${topic} not found`, "ns:1");
    const route = TopicRouteData.fromPartial({ queueDatas: [{ brokerName: broker, readQueueNums: 4 }] });
    return { route, epoch: 7n, revision: this.revision, topicRevision: 1n, namesrv: "ns:1" };
  }

  private check(): void {
    if (this.down) throw new NameServerError(status.UNAVAILABLE, "connection refused", "ns:1");
  }
}

function pollCache(source: PollSource, clock: ManualClock, options: Partial<RouteCacheOptions> = {}) {
  return new RouteCache(
    { topics: ["TopicA", "TopicB"], mode: "poll", pollIntervalMs: 1000, ...options },
    {
      addrs: ["ns:1"],
      currentAddress: () => "ns:1",
      pollSource: source,
      clock,
      random: () => 0,
      log: silentSdkLogger,
      security: resolveClientSecurity(undefined),
    },
  );
}

describe("RouteCache (poll mode)", () => {
  it("answers nothing before its first poll, then from the polled view once live", async () => {
    const ns = new FakeNameServer();
    ns.routes.set("TopicA", "broker-a").set("TopicC", "broker-c");
    const clock = new ManualClock();
    const cache = pollCache(ns, clock);
    expect(cache.live).toBe(false);
    expect(cache.lookup("TopicA")).toBeUndefined();
    const [change] = await once(cache, "change");
    expect(change).toMatchObject({ updated: ["TopicA"], removed: [], snapshot: true, namesrv: "ns:1" });
    await cache.ready(100);
    expect(cache.live).toBe(true);
    expect(cache.mode).toBe("poll");
    expect(cache.watchAddress).toBeNull();
    expect(cache.lookup("TopicA")).toMatchObject({
      topic: "TopicA",
      source: "cache",
      epoch: 7n,
      revision: 1n,
    });
    expect(cache.lookup("TopicA")?.route.queueDatas[0]?.brokerName).toBe("broker-a");
    // Kept but without a route: the cache knows there is none.
    expect(cache.lookup("TopicB")).toBeNull();
    // Not kept: the cache cannot answer, ask the server.
    expect(cache.lookup("TopicC")).toBeUndefined();
    expect(cache.topics()).toEqual(["TopicA"]);
    cache.close();
    expect(clock.pendingTimers()).toBe(0);
  });

  it("a failed poll makes the view not live (kept, but not answered from); the next good poll revives it", async () => {
    const ns = new FakeNameServer();
    ns.routes.set("TopicA", "broker-a");
    const clock = new ManualClock();
    const cache = pollCache(ns, clock);
    await cache.ready(100);

    ns.down = true;
    const lost = once(cache, "disconnected");
    clock.advance(1000);
    const [address, err] = await lost;
    expect(address).toBe("ns:1");
    expect(err.code).toBe(status.UNAVAILABLE);
    expect(cache.live).toBe(false);
    expect(cache.lookup("TopicA")).toBeUndefined();
    expect(cache.get("TopicA")?.queueDatas[0]?.brokerName).toBe("broker-a");

    ns.down = false;
    ns.routes.set("TopicB", "broker-b");
    ns.revision = 2n;
    const waiting = cache.ready(5000);
    const changed = once(cache, "change");
    clock.advance(1000);
    expect((await changed)[0]).toMatchObject({
      updated: ["TopicB"],
      removed: [],
      snapshot: false,
      revision: 2n,
    });
    await waiting;
    expect(cache.lookup("TopicB")?.revision).toBe(2n);
    cache.close();
  });

  it("ready() rejects with DEADLINE_EXCEEDED naming the NameServer when no poll succeeds in time", async () => {
    const ns = new FakeNameServer();
    ns.down = true;
    const clock = new ManualClock();
    const cache = pollCache(ns, clock, { pollIntervalMs: 60_000 });
    await once(cache, "disconnected");
    const waiting = cache.ready(500).catch((e: NameServerError) => e);
    clock.advance(500);
    const err = await waiting;
    expect(err).toBeInstanceOf(NameServerError);
    expect((err as NameServerError).code).toBe(status.DEADLINE_EXCEEDED);
    expect((err as NameServerError).address).toBe("ns:1");
    cache.close();
  });

  it("refuses an empty topic list", () => {
    expect(() => pollCache(new FakeNameServer(), new ManualClock(), { topics: [] })).toThrow(
      "cache.topics is empty",
    );
  });
});

describe("the watch's failover and fallback decisions", () => {
  it("a watch retries its NameServer until failoverAfter connects failed, then moves to a random other one", () => {
    const next = watchNextAddress(["a:1", "b:1", "c:1"], () => 0.99, 2, silentSdkLogger);
    expect(next("a:1", 1)).toBe("a:1");
    expect(next("a:1", 2)).toBe("c:1");
    expect(next("c:1", 3)).toBe("b:1");
    // failoverAfter below 1 counts as 1; a single NameServer has nowhere to go.
    expect(watchNextAddress(["a:1", "b:1"], () => 0, 0, silentSdkLogger)("a:1", 1)).toBe("b:1");
    expect(watchNextAddress(["a:1"], () => 0, 1, silentSdkLogger)("a:1", 5)).toBe("a:1");
  });

  it("only UNIMPLEMENTED turns the watch into polling", () => {
    expect(watchFallsBackToPoll(status.UNIMPLEMENTED)).toBe(true);
    for (const code of [
      status.UNAVAILABLE,
      status.DEADLINE_EXCEEDED,
      status.CANCELLED,
      status.PERMISSION_DENIED,
    ]) {
      expect(watchFallsBackToPoll(code)).toBe(false);
    }
  });
});
