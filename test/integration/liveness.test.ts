import { status } from "@grpc/grpc-js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HeartbeatAction, type RegisterBrokerResponse } from "../../gen/ts/namesrv/v1/broker_service.js";
import { HeartbeatStream, heartbeatOf, registration, unary } from "../helpers/grpc.js";
import { startTestServer, TEST_LIVENESS, type TestServer } from "../helpers/server.js";

let t: TestServer;
let streams: HeartbeatStream[];
beforeEach(async () => {
  t = await startTestServer();
  streams = [];
});
afterEach(async () => {
  for (const s of streams) s.cancel();
  await t.stop();
});

const master = registration();
const { heartbeatTimeoutMs: TIMEOUT, streamLossGraceMs: GRACE } = TEST_LIVENESS;

const register = (req = master) => unary<RegisterBrokerResponse>((cb) => t.broker.registerBroker(req, cb));
const routable = () => t.server.registry.routes.route("TopicA") !== undefined;
const open = () => {
  const s = new HeartbeatStream(t.broker);
  streams.push(s);
  return s;
};

describe("heartbeat stream", () => {
  it("answers every heartbeat with OK, epoch and revision", async () => {
    await register();
    const s = open();
    const a = await s.beat(heartbeatOf(master));
    expect(a).toMatchObject({
      action: HeartbeatAction.HEARTBEAT_ACTION_OK,
      epoch: t.server.registry.epoch,
      revision: 1n,
      brokerAddr: master.brokerAddr,
    });
    const b = await s.beat(heartbeatOf(master));
    expect(b.action).toBe(HeartbeatAction.HEARTBEAT_ACTION_OK);
  });

  it("asks an unknown broker to register again", async () => {
    const a = await open().beat(heartbeatOf(master));
    expect(a.action).toBe(HeartbeatAction.HEARTBEAT_ACTION_REGISTER_AGAIN);
    expect(a.reason).toContain("not registered");
  });

  it("asks to register again when the data version differs", async () => {
    await register();
    const a = await open().beat({
      ...heartbeatOf(master),
      dataVersion: { stateVersion: 1n, timestamp: 5n, counter: 2n },
    });
    expect(a.action).toBe(HeartbeatAction.HEARTBEAT_ACTION_REGISTER_AGAIN);
    expect(a.reason).toContain("data version");
  });

  it("ends the stream with INVALID_ARGUMENT on a malformed heartbeat", async () => {
    const s = open();
    s.call.write({ ...heartbeatOf(master), brokerAddr: "no-port" });
    const st = await s.status;
    expect(st.code).toBe(status.INVALID_ARGUMENT);
    expect(st.details).toMatch(/^broker_addr:/);
  });

  it("keeps a heartbeating broker alive past its timeout", async () => {
    await register();
    const s = open();
    for (let i = 0; i < 5; i++) {
      t.advance(TIMEOUT / 2);
      expect((await s.beat(heartbeatOf(master))).action).toBe(HeartbeatAction.HEARTBEAT_ACTION_OK);
    }
    t.advance(TIMEOUT - 1);
    expect(routable()).toBe(true);
  });
});

describe("stream loss", () => {
  it("removes the broker exactly one grace after the stream is cancelled", async () => {
    await register();
    const s = open();
    await s.beat(heartbeatOf(master));
    const closed = t.streamClosed();
    s.cancel();
    await closed;
    t.advance(GRACE - 1);
    expect(routable()).toBe(true);
    t.advance(1);
    expect(routable()).toBe(false);
  });

  it("removes it at the end of the grace by itself, without waiting for the next periodic sweep", async () => {
    await t.stop();
    t = await startTestServer({ sweepIntervalMs: 10_000, heartbeatTimeoutMs: 60_000 });
    await register();
    const s = open();
    await s.beat(heartbeatOf(master));
    const closed = t.streamClosed();
    s.cancel();
    await closed;
    t.clock.advance(GRACE - 1);
    expect(routable()).toBe(true);
    t.clock.advance(1);
    expect(routable()).toBe(false);
  });

  it("treats a half-closed stream as lost too", async () => {
    await register();
    const s = open();
    await s.beat(heartbeatOf(master));
    const closed = t.streamClosed();
    s.end();
    await closed;
    expect((await s.status).code).toBe(status.OK);
    t.advance(GRACE);
    expect(routable()).toBe(false);
  });

  it("causes no route change when the broker reconnects inside the grace", async () => {
    await register();
    const first = open();
    await first.beat(heartbeatOf(master));
    const closed = t.streamClosed();
    first.cancel();
    await closed;
    t.advance(GRACE - 1);
    const second = open();
    expect((await second.beat(heartbeatOf(master))).action).toBe(HeartbeatAction.HEARTBEAT_ACTION_OK);
    t.advance(GRACE * 2);
    expect(routable()).toBe(true);
    expect(t.server.registry.routes.revision).toBe(1);
  });

  it("does not start a grace for a broker that moved to a newer stream", async () => {
    await register();
    const old = open();
    await old.beat(heartbeatOf(master));
    const fresh = open();
    await fresh.beat(heartbeatOf(master));
    const closed = t.streamClosed();
    old.cancel();
    await closed;
    t.advance(GRACE * 2);
    expect(routable()).toBe(true);
  });
});

describe("silent expiry", () => {
  it("expires a registered broker that never opens a stream after its timeout", async () => {
    await register();
    t.advance(TIMEOUT - 1);
    expect(routable()).toBe(true);
    t.advance(1);
    expect(routable()).toBe(false);
  });

  it("expires a broker whose stream stays open but silent", async () => {
    await register();
    const s = open();
    await s.beat(heartbeatOf(master));
    t.advance(TIMEOUT);
    expect(routable()).toBe(false);
  });

  it("uses the broker's own heartbeat_timeout_ms when given", async () => {
    const r = await register({ ...master, heartbeatTimeoutMs: 3_000n });
    expect(r.heartbeatTimeoutMs).toBe(3_000n);
    t.advance(2_999);
    expect(routable()).toBe(true);
    t.advance(1);
    expect(routable()).toBe(false);
  });

  it("removes all brokers expiring in one sweep in one revision", async () => {
    await t.stop();
    t = await startTestServer({ massExpiryProtection: false });
    await register();
    await register(registration({ brokerId: 1n, brokerAddr: "10.0.0.2:10911" }));
    await register(registration({ brokerName: "broker-b", brokerAddr: "10.0.1.1:10911" }));
    const before = t.server.registry.routes.revision;
    t.clock.advance(TIMEOUT);
    t.server.registry.sweep();
    expect(t.server.registry.routes.revision).toBe(before + 1);
    expect(t.server.registry.routes.topicNames()).toEqual([]);
  });

  it("holds every broker going silent at once for one more timeout (mass-expiry protection), then removes them in one revision", async () => {
    await register();
    await register(registration({ brokerId: 1n, brokerAddr: "10.0.0.2:10911" }));
    await register(registration({ brokerName: "broker-b", brokerAddr: "10.0.1.1:10911" }));
    const before = t.server.registry.routes.revision;
    t.advance(TIMEOUT);
    expect(t.server.registry.routes.revision).toBe(before);
    expect(routable()).toBe(true);
    t.advance(TIMEOUT - TEST_LIVENESS.sweepIntervalMs);
    expect(routable()).toBe(true);
    t.advance(TEST_LIVENESS.sweepIntervalMs);
    expect(t.server.registry.routes.revision).toBe(before + 1);
    expect(t.server.registry.routes.topicNames()).toEqual([]);
  });

  it("expires on the server's own sweeper, without an explicit check", async () => {
    await register();
    t.clock.advance(TIMEOUT + TEST_LIVENESS.sweepIntervalMs);
    expect(routable()).toBe(false);
  });
});

describe("restart", () => {
  it("a fresh NameServer answers a known broker's heartbeat with REGISTER_AGAIN and a new epoch", async () => {
    await register();
    const s = open();
    const before = await s.beat(heartbeatOf(master));
    const oldEpoch = before.epoch;
    await t.stop();
    t = await startTestServer({}, oldEpoch + 1n);
    const after = await open().beat(heartbeatOf(master));
    expect(after.action).toBe(HeartbeatAction.HEARTBEAT_ACTION_REGISTER_AGAIN);
    expect(after.epoch).not.toBe(oldEpoch);
    const again = await register();
    expect(again.changed).toBe(true);
    expect(routable()).toBe(true);
  });
});

describe("graceful shutdown", () => {
  it("ends open heartbeat streams with UNAVAILABLE and resolves close()", async () => {
    await register();
    const a = open();
    const b = open();
    await a.beat(heartbeatOf(master));
    await b.beat(heartbeatOf(master));
    await t.server.close();
    const [sa, sb] = await Promise.all([a.status, b.status]);
    expect(sa.code).toBe(status.UNAVAILABLE);
    expect(sa.details).toContain("shutting down");
    expect(sb.code).toBe(status.UNAVAILABLE);
    expect(t.clock.pendingTimers()).toBe(0);
  });
});
