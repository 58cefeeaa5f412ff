import { afterEach, describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock/manual-clock.js";
import type { Expiry } from "../../src/liveness/expiry.js";
import { silentLogger } from "../../src/log/logger.js";
import { Registry, type RegistryOptions } from "../../src/registry/registry.js";
import {
  CLUSTER,
  dataVersionInput,
  expectDomainError,
  heartbeatOf,
  identityOf,
  registerInput,
  topicInput,
} from "./fixtures.js";

const DEFAULT_TIMEOUT = 2_000;
const GRACE = 500;
const SWEEP = 10;
const EPOCH = 42n;

/** Broker-asked timeout: the smallest one allowed. */
const TIMEOUT = 1_000;

const A = "10.0.0.1:10911";
const B = "10.0.1.1:10911";
const C = "10.0.2.1:10911";

const brokerA = registerInput({
  topicConfigs: [topicInput("TA"), topicInput("SHARED")],
  heartbeatTimeoutMs: 1_000n,
});
const brokerB = registerInput({
  brokerName: "broker-b",
  brokerAddr: B,
  haServerAddr: "",
  topicConfigs: [topicInput("TB"), topicInput("SHARED")],
  heartbeatTimeoutMs: 1_000n,
});
const brokerC = registerInput({
  brokerName: "broker-c",
  brokerAddr: C,
  haServerAddr: "",
  topicConfigs: [topicInput("TC")],
  heartbeatTimeoutMs: 1_000n,
});

let open: Registry[] = [];
afterEach(() => {
  for (const r of open) r.close();
  open = [];
});

/** A registry on a manual clock that records its events. Created at the clock's start time. */
function setup(overrides: Partial<RegistryOptions> = {}) {
  const clock = new ManualClock(0);
  const registry = new Registry({
    clock,
    logger: silentLogger(),
    epoch: EPOCH,
    heartbeatTimeoutMs: DEFAULT_TIMEOUT,
    heartbeatIntervalMs: 1_000,
    streamLossGraceMs: GRACE,
    sweepIntervalMs: SWEEP,
    maxTopicsPerRegistration: 100,
    ...overrides,
  });
  open.push(registry);
  const expired: Expiry[][] = [];
  const streamClosed: [number, string[]][] = [];
  registry.events.on("expired", (e) => expired.push(e));
  registry.events.on("stream-closed", (session, addrs) => streamClosed.push([session, addrs]));
  const revisions: number[] = [];
  registry.routes.onChange((batch) => revisions.push(batch.revision));
  return { clock, registry, expired, streamClosed, revisions };
}

const isRegistered = (registry: Registry, addr: string) => registry.routes.member(addr) !== undefined;

describe("Registry: register", () => {
  it("returns the epoch, revision, advised interval and the effective timeout", () => {
    const { registry } = setup();
    expect(registry.register(brokerA)).toEqual({
      epoch: EPOCH,
      revision: 1,
      changed: true,
      masterAddr: "",
      haServerAddr: "",
      heartbeatIntervalMs: 1_000,
      heartbeatTimeoutMs: TIMEOUT,
      orderTopicConfig: new Map(),
    });
    expect(registry.register({ ...brokerB, heartbeatTimeoutMs: 0n }).heartbeatTimeoutMs).toBe(
      DEFAULT_TIMEOUT,
    );
  });

  it("tells a slave its master's address and HA address", () => {
    const { registry } = setup();
    registry.register(brokerA);
    const result = registry.register(registerInput({ brokerId: 1n, brokerAddr: "10.0.0.2:10911" }));
    expect(result.masterAddr).toBe(A);
    expect(result.haServerAddr).toBe("10.0.0.1:10912");
  });

  it("rejects an invalid request with INVALID_ARGUMENT and changes nothing", () => {
    const { registry, revisions } = setup();
    const err = expectDomainError(
      () =>
        registry.register({ ...brokerA, topicConfigs: [topicInput("TA"), topicInput("BAD", { perm: 8 })] }),
      "invalid-argument",
    );
    expect(err.message).toMatch(/^topic_configs\[1\]\.perm: /);
    expect(revisions).toEqual([]);
    expect(isRegistered(registry, A)).toBe(false);
  });

  it("an unchanged re-registration keeps the revision", () => {
    const { registry, revisions } = setup();
    registry.register(brokerA);
    const again = registry.register(brokerA);
    expect(again.changed).toBe(false);
    expect(again.revision).toBe(1);
    expect(revisions).toEqual([1]);
  });

  it("an unchanged re-registration adds back listed topics the group lacks, and changes nothing else (RocketMQ's heal)", () => {
    const { registry, revisions } = setup();
    registry.register(brokerA);
    // A topic added by the broker without bumping its data version is routed.
    const added = registry.register({
      ...brokerA,
      topicConfigs: [topicInput("TA"), topicInput("SHARED"), topicInput("NEW")],
    });
    expect(added.changed).toBe(true);
    expect(registry.routes.route("NEW")).toBeDefined();
    // An unchanged version never removes nor rewrites topics: TA keeps its queue data.
    const fewer = registry.register({ ...brokerA, topicConfigs: [topicInput("TA", { perm: 4 })] });
    expect(fewer.changed).toBe(false);
    expect(registry.routes.route("SHARED")).toBeDefined();
    expect(registry.routes.route("TA")?.route.queueDatas[0]?.perm).toBe(6);
    expect(revisions).toEqual([1, 2]);
  });

  it("a topic deleted only on the NameServer comes back with the broker's next unchanged registration", () => {
    const { registry } = setup();
    registry.register(brokerA);
    registry.deleteTopic("TA", "");
    expect(registry.routes.route("TA")).toBeUndefined();
    expect(registry.register(brokerA).changed).toBe(true);
    expect(registry.routes.route("TA")?.route.queueDatas.map((q) => q.brokerName)).toEqual(["broker-a"]);
  });

  it("reads an unchanged table only when its digest differs or an operator changed the group", () => {
    const { registry } = setup();
    let reads = 0;
    const source = (digest: string | undefined, names: string[]) => ({
      digest,
      read: () => {
        reads++;
        return names.map((n) => topicInput(n));
      },
    });
    const { topicConfigs: _, ...header } = brokerA;
    registry.register({ ...header, topicTable: source("d1", ["TA", "SHARED"]) });
    expect(reads).toBe(1);
    registry.register({ ...header, topicTable: source("d1", ["TA", "SHARED"]) });
    expect(reads).toBe(1); // same digest: not decoded
    registry.register({ ...header, topicTable: source("d2", ["TA", "SHARED", "X"]) });
    expect(reads).toBe(2); // another digest: read, X added
    expect(registry.routes.hasTopic("X")).toBe(true);
    registry.register({ ...header, topicTable: source("d2", ["TA", "SHARED", "X"]) });
    expect(reads).toBe(2);
    registry.deleteTopic("X", "");
    registry.register({ ...header, topicTable: source("d2", ["TA", "SHARED", "X"]) });
    expect(reads).toBe(3); // the group was changed by an operator: read, X back
    expect(registry.routes.hasTopic("X")).toBe(true);
  });

  it("a slave's unchanged registration does not heal a group that has a master", () => {
    const { registry } = setup();
    registry.register(brokerA);
    const slave = { ...brokerA, brokerId: 1n, brokerAddr: "10.0.0.9:10911" };
    registry.register(slave);
    expect(registry.register({ ...slave, topicConfigs: [topicInput("SLAVE_ONLY")] }).changed).toBe(false);
    expect(registry.routes.hasTopic("SLAVE_ONLY")).toBe(false);
  });
});

describe("Registry: silent expiry", () => {
  it("removes a silent broker exactly at its timeout, not 1 ms before", () => {
    const { clock, registry, expired } = setup();
    registry.register(brokerA);

    clock.advance(TIMEOUT - 1);
    expect(isRegistered(registry, A)).toBe(true);
    expect(expired).toEqual([]);

    clock.advance(1);
    expect(isRegistered(registry, A)).toBe(false);
    expect(expired).toEqual([[{ addr: A, reason: "silent", atMs: TIMEOUT }]]);
    expectDomainError(() => registry.route("TA"), "not-found");
  });

  it("uses the server default timeout for a broker that asks for none", () => {
    const { clock, registry } = setup();
    registry.register({ ...brokerA, heartbeatTimeoutMs: 0n });
    clock.advance(DEFAULT_TIMEOUT - 1);
    expect(isRegistered(registry, A)).toBe(true);
    clock.advance(1);
    expect(isRegistered(registry, A)).toBe(false);
  });

  it("a heartbeat renews the lease", () => {
    const { clock, registry, expired } = setup();
    registry.register(brokerA);
    const session = registry.openStream();
    clock.advance(600);

    expect(registry.heartbeat(session, heartbeatOf(brokerA))).toEqual({
      epoch: EPOCH,
      revision: 1,
      action: "OK",
      reason: "",
      brokerAddr: A,
    });

    clock.advance(TIMEOUT - 1);
    expect(isRegistered(registry, A)).toBe(true);
    clock.advance(1);
    expect(isRegistered(registry, A)).toBe(false);
    expect(expired).toEqual([[{ addr: A, reason: "silent", atMs: 600 + TIMEOUT }]]);
  });

  it("a re-registration renews the lease", () => {
    const { clock, registry } = setup();
    registry.register(brokerA);
    clock.advance(600);
    registry.register(brokerA);
    clock.advance(TIMEOUT - 1);
    expect(isRegistered(registry, A)).toBe(true);
  });

  it("several brokers expiring in the same sweep leave in one revision", () => {
    const { clock, registry, expired, revisions } = setup();
    clock.advance(3);
    registry.register(brokerA); // deadline 1003
    registry.register(brokerC); // deadline 1003
    clock.advance(4);
    registry.register(brokerB); // deadline 1007
    expect(registry.routes.revision).toBe(3);

    clock.advance(1_000 - 7); // t = 1000: the sweep before the deadlines
    expect(revisions).toEqual([1, 2, 3]);
    clock.advance(SWEEP); // t = 1010: one sweep finds all three

    expect(revisions).toEqual([1, 2, 3, 4]);
    expect(registry.routes.topicNames()).toEqual([]);
    expect(expired).toHaveLength(1);
    expect(expired[0]?.map((e) => e.addr).sort()).toEqual([A, B, C].sort());
  });
});

describe("Registry: heartbeats", () => {
  it("asks an unknown broker to register again", () => {
    const { registry } = setup();
    const session = registry.openStream();
    expect(registry.heartbeat(session, heartbeatOf(brokerA))).toEqual({
      epoch: EPOCH,
      revision: 0,
      action: "REGISTER_AGAIN",
      reason: "broker not registered",
      brokerAddr: A,
    });
    expect(isRegistered(registry, A)).toBe(false);
  });

  it("asks a broker with a different data version to register again, and renews it", () => {
    const { clock, registry } = setup();
    registry.register(brokerA);
    const session = registry.openStream();
    clock.advance(600);

    const verdict = registry.heartbeat(session, heartbeatOf(brokerA, { dataVersion: dataVersionInput(2) }));
    expect(verdict.action).toBe("REGISTER_AGAIN");
    expect(verdict.reason).toMatch(/data version/);

    clock.advance(TIMEOUT - 1);
    expect(isRegistered(registry, A)).toBe(true);
  });

  it("asks a heartbeat under another identity to register again, without renewing", () => {
    const { clock, registry } = setup();
    registry.register(brokerA);
    const session = registry.openStream();
    clock.advance(600);

    const verdict = registry.heartbeat(session, heartbeatOf(brokerA, { brokerId: 1n }));
    expect(verdict.action).toBe("REGISTER_AGAIN");

    clock.advance(TIMEOUT - 600);
    expect(isRegistered(registry, A)).toBe(false);
  });

  it("rejects an invalid heartbeat with INVALID_ARGUMENT", () => {
    const { registry } = setup();
    const session = registry.openStream();
    const err = expectDomainError(
      () => registry.heartbeat(session, heartbeatOf(brokerA, { brokerAddr: "nohost" })),
      "invalid-argument",
    );
    expect(err.message).toMatch(/^broker_addr: /);
  });
});

describe("Registry: repeated heartbeats on one stream (memoized)", () => {
  it("validates a heartbeat whose identity changed mid-stream again, and rejects it if invalid", () => {
    const { registry } = setup();
    registry.register(brokerA);
    const session = registry.openStream();
    expect(registry.heartbeat(session, heartbeatOf(brokerA)).action).toBe("OK");
    expect(registry.heartbeat(session, heartbeatOf(brokerA)).action).toBe("OK");

    for (const bad of [
      { brokerAddr: "nohost" },
      { brokerName: "bad name" },
      { clusterName: "" },
      { brokerId: -1n },
    ]) {
      expectDomainError(() => registry.heartbeat(session, heartbeatOf(brokerA, bad)), "invalid-argument");
    }
    // The valid one is still answered after the rejected ones (the memo kept no invalid value).
    expect(registry.heartbeat(session, heartbeatOf(brokerA)).action).toBe("OK");
  });

  it("answers a changed identity or data version anew, and the same one again afterwards", () => {
    const { registry } = setup();
    registry.register(brokerA);
    const session = registry.openStream();
    const ok = registry.heartbeat(session, heartbeatOf(brokerA));
    expect(registry.heartbeat(session, heartbeatOf(brokerA))).toBe(ok);

    const otherId = registry.heartbeat(session, heartbeatOf(brokerA, { brokerId: 1n }));
    expect(otherId.action).toBe("REGISTER_AGAIN");
    expect(otherId.reason).toMatch(/registered as broker/);
    const otherVersion = registry.heartbeat(
      session,
      heartbeatOf(brokerA, { dataVersion: dataVersionInput(2) }),
    );
    expect(otherVersion.reason).toMatch(/data version/);
    const noVersion = registry.heartbeat(session, heartbeatOf(brokerA, { dataVersion: undefined }));
    expect(noVersion.reason).toMatch(/data version/);
    expect(registry.heartbeat(session, heartbeatOf(brokerA)).action).toBe("OK");
  });

  it("answers anew when the table's revision changes", () => {
    const { registry } = setup();
    registry.register(brokerA);
    const session = registry.openStream();
    expect(registry.heartbeat(session, heartbeatOf(brokerA)).revision).toBe(1);
    registry.register(brokerB);
    expect(registry.heartbeat(session, heartbeatOf(brokerA))).toMatchObject({ action: "OK", revision: 2 });
  });

  it("answers anew when the broker re-registers a new data version without a new revision", () => {
    const { registry } = setup();
    registry.register(brokerA);
    const session = registry.openStream();
    expect(registry.heartbeat(session, heartbeatOf(brokerA)).action).toBe("OK");
    // Same topics, new data version: the table's revision stays, the member changes.
    registry.register({ ...brokerA, dataVersion: dataVersionInput(2) });
    expect(registry.version().revision).toBe(1);
    const stale = registry.heartbeat(session, heartbeatOf(brokerA));
    expect(stale).toMatchObject({ action: "REGISTER_AGAIN", revision: 1 });
    expect(stale.reason).toMatch(/data version/);
    expect(
      registry.heartbeat(session, heartbeatOf(brokerA, { dataVersion: dataVersionInput(2) })).action,
    ).toBe("OK");
  });

  it("answers anew once the broker is gone, and renews the lease on every repeated beat", () => {
    const { clock, registry } = setup();
    registry.register(brokerA);
    const session = registry.openStream();
    for (let i = 0; i < 3; i++) {
      clock.advance(TIMEOUT - 100);
      expect(registry.heartbeat(session, heartbeatOf(brokerA)).action).toBe("OK");
    }
    expect(isRegistered(registry, A)).toBe(true);
    registry.unregister(identityOf(brokerA));
    expect(registry.heartbeat(session, heartbeatOf(brokerA)).reason).toBe("broker not registered");
  });

  it("does not mix up two streams' heartbeats", () => {
    const { registry } = setup();
    registry.register(brokerA);
    const first = registry.openStream();
    const second = registry.openStream();
    expect(registry.heartbeat(first, heartbeatOf(brokerA)).action).toBe("OK");
    expect(registry.heartbeat(second, heartbeatOf(brokerB)).reason).toBe("broker not registered");
    expect(registry.heartbeat(first, heartbeatOf(brokerA)).action).toBe("OK");
  });
});

describe("Registry: heartbeat streams", () => {
  it("a closed stream removes its brokers after the grace", () => {
    const { clock, registry, expired, streamClosed } = setup();
    registry.register({ ...brokerA, heartbeatTimeoutMs: 10_000n });
    const session = registry.openStream();
    registry.heartbeat(session, heartbeatOf(brokerA));
    clock.advance(100);

    registry.closeStream(session, "cancelled");
    expect(streamClosed).toEqual([[session, [A]]]);

    clock.advance(GRACE - 1);
    expect(isRegistered(registry, A)).toBe(true);
    clock.advance(1);
    expect(isRegistered(registry, A)).toBe(false);
    expect(expired).toEqual([[{ addr: A, reason: "stream-lost", atMs: 100 + GRACE }]]);
  });

  it("a reconnect inside the grace keeps the broker and makes no new revision", () => {
    const { clock, registry, expired, revisions } = setup();
    registry.register(brokerA);
    const first = registry.openStream();
    registry.heartbeat(first, heartbeatOf(brokerA));
    registry.closeStream(first, "broken");

    clock.advance(GRACE - SWEEP); // late in the grace, on a sweep tick so the later expiry is exact
    const second = registry.openStream();
    expect(registry.heartbeat(second, heartbeatOf(brokerA)).action).toBe("OK");
    const resumedAt = clock.now();

    clock.advance(TIMEOUT - 1);
    expect(isRegistered(registry, A)).toBe(true);
    expect(revisions).toEqual([1]);
    expect(expired).toEqual([]);

    // Still leased: silence after the reconnect expires it as usual.
    clock.advance(1);
    expect(expired).toEqual([[{ addr: A, reason: "silent", atMs: resumedAt + TIMEOUT }]]);
  });

  it("closing a stream the broker has left starts no grace", () => {
    const { clock, registry, streamClosed } = setup();
    registry.register(brokerA);
    const first = registry.openStream();
    const second = registry.openStream();
    registry.heartbeat(first, heartbeatOf(brokerA));
    registry.heartbeat(second, heartbeatOf(brokerA));

    registry.closeStream(first, "replaced");
    expect(streamClosed).toEqual([[first, []]]);
    clock.advance(GRACE);
    expect(isRegistered(registry, A)).toBe(true);
  });

  it("closeStream is idempotent", () => {
    const { clock, registry, streamClosed } = setup();
    registry.register({ ...brokerA, heartbeatTimeoutMs: 10_000n });
    const session = registry.openStream();
    registry.heartbeat(session, heartbeatOf(brokerA));
    registry.closeStream(session, "cancelled");
    clock.advance(GRACE - 1);
    registry.closeStream(session, "cancelled again");

    expect(streamClosed).toEqual([
      [session, [A]],
      [session, []],
    ]);
    clock.advance(1);
    expect(isRegistered(registry, A)).toBe(false);
  });
});

describe("Registry: unregister and takeover", () => {
  it("unregister removes the broker and its lease", () => {
    const { clock, registry, expired } = setup();
    registry.register(brokerA);
    const session = registry.openStream();
    registry.heartbeat(session, heartbeatOf(brokerA));

    expect(registry.unregister(identityOf(brokerA))).toEqual({ epoch: EPOCH, revision: 2, removed: true });
    expect(registry.heartbeat(session, heartbeatOf(brokerA)).action).toBe("REGISTER_AGAIN");
    registry.closeStream(session, "done");
    clock.advance(10 * TIMEOUT);
    expect(expired).toEqual([]);
  });

  it("unregister of an unknown broker returns removed=false", () => {
    const { registry } = setup();
    expect(registry.unregister(identityOf(brokerA))).toEqual({ epoch: EPOCH, revision: 0, removed: false });
  });

  it("unregister with the wrong group fails and keeps the broker leased", () => {
    const { clock, registry } = setup();
    registry.register(brokerA);
    expectDomainError(
      () => registry.unregister({ ...identityOf(brokerA), brokerName: "broker-b" }),
      "conflict",
    );
    expect(isRegistered(registry, A)).toBe(true);
    clock.advance(TIMEOUT);
    expect(isRegistered(registry, A)).toBe(false);
  });

  it("a broker displaced by a takeover loses its lease", () => {
    const { clock, registry, expired } = setup();
    registry.register(brokerA);
    const successor = "10.0.0.9:10911";
    registry.register({ ...brokerA, brokerAddr: successor, heartbeatTimeoutMs: 10_000n });
    // B expires when A's old lease would have: the sweep must report B alone.
    registry.register(brokerB);

    expect(registry.heartbeat(registry.openStream(), heartbeatOf(brokerA)).action).toBe("REGISTER_AGAIN");
    clock.advance(TIMEOUT);
    expect(expired).toEqual([[{ addr: B, reason: "silent", atMs: TIMEOUT }]]);
    expect(registry.route("TA").route.brokerDatas[0]?.brokerAddrs.get(0)).toBe(successor);
  });
});

describe("Registry: queries", () => {
  it("route returns the topic's route with epoch and revisions", () => {
    const { registry } = setup();
    registry.register(brokerA);
    registry.register(brokerB);
    const result = registry.route("TA");
    expect(result.epoch).toBe(EPOCH);
    expect(result.revision).toBe(2);
    expect(result.topicRevision).toBe(1);
    expect(result.route.queueDatas.map((q) => q.brokerName)).toEqual(["broker-a"]);
    expect(registry.route("SHARED").route.queueDatas.map((q) => q.brokerName)).toEqual([
      "broker-a",
      "broker-b",
    ]);
  });

  it("route of an unknown topic is NOT_FOUND, of an invalid name INVALID_ARGUMENT", () => {
    const { registry } = setup();
    registry.register(brokerA);
    expect(expectDomainError(() => registry.route("NOPE"), "not-found").message).toContain("NOPE");
    expect(expectDomainError(() => registry.route("a b"), "invalid-argument").message).toMatch(/^topic: /);
  });

  it("topicNames lists all topics, or one cluster's; an unknown cluster is NOT_FOUND", () => {
    const { registry } = setup();
    registry.register(brokerA);
    registry.register({ ...brokerC, clusterName: "Cluster2" });

    expect(registry.queries.topicNames("")).toEqual({
      epoch: EPOCH,
      revision: 2,
      topics: ["SHARED", "TA", "TC"],
    });
    expect(registry.queries.topicNames(CLUSTER).topics).toEqual(["SHARED", "TA"]);
    expect(registry.queries.topicNames("Cluster2").topics).toEqual(["TC"]);
    expect(expectDomainError(() => registry.queries.topicNames("Nowhere"), "not-found").message).toContain(
      "Nowhere",
    );
    expect(expectDomainError(() => registry.queries.topicNames("a.b"), "invalid-argument").message).toMatch(
      /^cluster_name: /,
    );
  });

  it("brokerGroups lists the groups with epoch and revision", () => {
    const { registry } = setup();
    registry.register(brokerB);
    registry.register(brokerA);
    const result = registry.queries.brokerGroups();
    expect(result.epoch).toBe(EPOCH);
    expect(result.revision).toBe(2);
    expect(result.groups.map((g) => g.brokerName)).toEqual(["broker-a", "broker-b"]);
  });
});

describe("Registry: close", () => {
  it("cancels the sweeper timer, idempotently; nothing expires afterwards", () => {
    const { clock, registry, expired } = setup();
    registry.register(brokerA);
    expect(clock.pendingTimers()).toBe(1);

    registry.close();
    expect(clock.pendingTimers()).toBe(0);
    registry.close();
    expect(clock.pendingTimers()).toBe(0);

    clock.advance(10 * TIMEOUT);
    expect(expired).toEqual([]);
    expect(isRegistered(registry, A)).toBe(true);
  });

  it("sweep() still checks expiry on demand", () => {
    const { clock, registry } = setup();
    registry.register(brokerA);
    registry.close();
    clock.advance(TIMEOUT);
    registry.sweep();
    expect(isRegistered(registry, A)).toBe(false);
  });
});
