import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock/manual-clock.js";
import { deadlineOf, type Expiry, findExpired, type Lease } from "../../src/liveness/expiry.js";
import { LivenessTracker } from "../../src/liveness/liveness-tracker.js";
import { Sweeper } from "../../src/liveness/sweeper.js";

const GRACE = 500;
const TIMEOUT = 1_000;

function lease(overrides: Partial<Lease> = {}): Lease {
  return {
    addr: "10.0.0.1:10911",
    timeoutMs: TIMEOUT,
    lastSeenMs: 10_000,
    streamLostAtMs: null,
    ...overrides,
  };
}

describe("expiry: deadlineOf", () => {
  it.each([
    {
      label: "a lease with a stream (or none) ends timeoutMs after it was last seen",
      lease: lease(),
      deadline: { atMs: 11_000, reason: "silent" },
    },
    {
      label: "a lost stream ends the lease graceMs after the loss when that comes first",
      lease: lease({ streamLostAtMs: 10_200 }),
      deadline: { atMs: 10_700, reason: "stream-lost" },
    },
    {
      label: "the silent deadline wins when it comes before the end of the grace",
      lease: lease({ streamLostAtMs: 10_800 }),
      deadline: { atMs: 11_000, reason: "silent" },
    },
    {
      label: "a stream lost before the last contact still ends graceMs after the loss",
      lease: lease({ streamLostAtMs: 9_000 }),
      deadline: { atMs: 9_500, reason: "stream-lost" },
    },
    {
      label: "both deadlines at the same moment end the lease then",
      lease: lease({ streamLostAtMs: 10_500 }),
      deadline: { atMs: 11_000, reason: "silent" },
    },
    {
      label: "a per-broker timeout is honoured",
      lease: lease({ timeoutMs: 30_000 }),
      deadline: { atMs: 40_000, reason: "silent" },
    },
  ])("$label", ({ lease, deadline }) => {
    expect(deadlineOf(lease, GRACE)).toEqual(deadline);
  });

  it("a zero grace ends a lost stream's lease at the moment of loss", () => {
    expect(deadlineOf(lease({ streamLostAtMs: 10_100 }), 0)).toEqual({ atMs: 10_100, reason: "stream-lost" });
  });
});

describe("expiry: findExpired", () => {
  const silent = lease({ addr: "silent:1" }); // deadline 11_000
  const lost = lease({ addr: "lost:1", streamLostAtMs: 10_100 }); // deadline 10_600
  const fresh = lease({ addr: "fresh:1", lastSeenMs: 10_900 }); // deadline 11_900

  it.each([
    { nowMs: 10_599, expired: [] },
    { nowMs: 10_600, expired: [{ addr: "lost:1", reason: "stream-lost", atMs: 10_600 }] },
    { nowMs: 10_999, expired: [{ addr: "lost:1", reason: "stream-lost", atMs: 10_600 }] },
    {
      nowMs: 11_000,
      expired: [
        { addr: "silent:1", reason: "silent", atMs: 11_000 },
        { addr: "lost:1", reason: "stream-lost", atMs: 10_600 },
      ],
    },
    {
      nowMs: 11_900,
      expired: [
        { addr: "silent:1", reason: "silent", atMs: 11_000 },
        { addr: "lost:1", reason: "stream-lost", atMs: 10_600 },
        { addr: "fresh:1", reason: "silent", atMs: 11_900 },
      ],
    },
  ] satisfies { nowMs: number; expired: Expiry[] }[])("at $nowMs ms", ({ nowMs, expired }) => {
    expect(findExpired([silent, lost, fresh], nowMs, GRACE)).toEqual(expired);
  });

  it("a silent lease expires exactly at its deadline, not 1 ms before", () => {
    expect(findExpired([silent], 10_999, GRACE)).toEqual([]);
    expect(findExpired([silent], 11_000, GRACE)).toEqual([
      { addr: "silent:1", reason: "silent", atMs: 11_000 },
    ]);
  });

  it("finds nothing among no leases", () => {
    expect(findExpired([], 1e12, GRACE)).toEqual([]);
  });
});

describe("LivenessTracker", () => {
  const X = "10.0.0.1:10911";
  const Y = "10.0.0.2:10911";

  function setup() {
    const clock = new ManualClock(0);
    const tracker = new LivenessTracker(clock, GRACE);
    return { clock, tracker };
  }

  it("renew creates a lease seen now with the given timeout, and renewing moves it", () => {
    const { clock, tracker } = setup();
    tracker.renew(X, TIMEOUT);
    expect(tracker.lease(X)).toMatchObject({
      addr: X,
      timeoutMs: TIMEOUT,
      lastSeenMs: 0,
      streamLostAtMs: null,
    });

    clock.advance(400);
    tracker.renew(X, 2_000);
    expect(tracker.lease(X)).toMatchObject({ timeoutMs: 2_000, lastSeenMs: 400 });

    clock.advance(1_999);
    expect(tracker.expired()).toEqual([]);
    clock.advance(1);
    expect(tracker.expired()).toEqual([{ addr: X, reason: "silent", atMs: 2_400 }]);
  });

  it("expired() is a pure read: it removes nothing", () => {
    const { clock, tracker } = setup();
    tracker.renew(X, TIMEOUT);
    clock.advance(TIMEOUT);
    expect(tracker.expired()).toHaveLength(1);
    expect(tracker.expired()).toHaveLength(1);
    expect(tracker.lease(X)).toBeDefined();
  });

  it("a heartbeat renews a known lease and returns false for an unknown broker", () => {
    const { clock, tracker } = setup();
    const session = tracker.openSession();
    expect(tracker.heartbeat(X, session)).toBe(false);
    expect(tracker.lease(X)).toBeUndefined();

    tracker.renew(X, TIMEOUT);
    clock.advance(700);
    expect(tracker.heartbeat(X, session)).toBe(true);
    expect(tracker.lease(X)?.lastSeenMs).toBe(700);
    clock.advance(999);
    expect(tracker.expired()).toEqual([]);
  });

  it("sessions get distinct ids", () => {
    const { tracker } = setup();
    const a = tracker.openSession();
    const b = tracker.openSession();
    expect(a).not.toBe(b);
  });

  it("closing a session starts the grace of the brokers attached to it", () => {
    const { clock, tracker } = setup();
    const session = tracker.openSession();
    tracker.renew(X, TIMEOUT);
    tracker.renew(Y, TIMEOUT);
    tracker.heartbeat(X, session);
    tracker.heartbeat(Y, session);
    clock.advance(100);

    expect(tracker.closeSession(session).sort()).toEqual([X, Y]);
    expect(tracker.lease(X)?.streamLostAtMs).toBe(100);
    clock.advance(GRACE - 1);
    expect(tracker.expired()).toEqual([]);
    clock.advance(1);
    expect(tracker.expired()).toEqual([
      { addr: X, reason: "stream-lost", atMs: 600 },
      { addr: Y, reason: "stream-lost", atMs: 600 },
    ]);
  });

  it("closing a session is idempotent and does not restart a grace", () => {
    const { clock, tracker } = setup();
    const session = tracker.openSession();
    tracker.renew(X, TIMEOUT);
    tracker.heartbeat(X, session);
    tracker.closeSession(session);
    clock.advance(100);
    expect(tracker.closeSession(session)).toEqual([]);
    expect(tracker.lease(X)?.streamLostAtMs).toBe(0);
  });

  it("a broker that never heartbeated on a session is not affected by its close", () => {
    const { tracker } = setup();
    const session = tracker.openSession();
    tracker.renew(X, TIMEOUT);
    expect(tracker.closeSession(session)).toEqual([]);
    expect(tracker.lease(X)?.streamLostAtMs).toBeNull();
  });

  it("a heartbeat on another session moves the broker: closing the old one starts no grace", () => {
    const { tracker } = setup();
    const first = tracker.openSession();
    const second = tracker.openSession();
    tracker.renew(X, TIMEOUT);
    tracker.renew(Y, TIMEOUT);
    tracker.heartbeat(X, first);
    tracker.heartbeat(Y, first);
    tracker.heartbeat(X, second);

    expect(tracker.closeSession(first)).toEqual([Y]);
    expect(tracker.lease(X)?.streamLostAtMs).toBeNull();
    expect(tracker.lease(Y)?.streamLostAtMs).not.toBeNull();
    expect(tracker.closeSession(second)).toEqual([X]);
  });

  it("a heartbeat on a new session clears the stream loss", () => {
    const { clock, tracker } = setup();
    const first = tracker.openSession();
    tracker.renew(X, TIMEOUT);
    tracker.heartbeat(X, first);
    tracker.closeSession(first);

    clock.advance(GRACE - 1);
    const second = tracker.openSession();
    expect(tracker.heartbeat(X, second)).toBe(true);
    expect(tracker.lease(X)).toMatchObject({ streamLostAtMs: null, lastSeenMs: GRACE - 1 });
    clock.advance(TIMEOUT - 1);
    expect(tracker.expired()).toEqual([]);
    // ... and it is attached to the new session.
    expect(tracker.closeSession(second)).toEqual([X]);
  });

  it("a renew (registration) clears the stream loss", () => {
    const { clock, tracker } = setup();
    const session = tracker.openSession();
    tracker.renew(X, TIMEOUT);
    tracker.heartbeat(X, session);
    tracker.closeSession(session);
    clock.advance(100);

    tracker.renew(X, TIMEOUT);
    expect(tracker.lease(X)?.streamLostAtMs).toBeNull();
    clock.advance(GRACE);
    expect(tracker.expired()).toEqual([]);
  });

  it("a heartbeat on an already-closed session keeps the pending stream loss", () => {
    const { clock, tracker } = setup();
    const session = tracker.openSession();
    tracker.renew(X, TIMEOUT);
    tracker.heartbeat(X, session);
    tracker.closeSession(session);
    clock.advance(100);

    expect(tracker.heartbeat(X, session)).toBe(true);
    expect(tracker.lease(X)?.streamLostAtMs).not.toBeNull();
    clock.advance(GRACE - 100);
    expect(tracker.expired().map((e) => e.addr)).toEqual([X]);
  });

  it("remove drops the lease and detaches it from its session", () => {
    const { clock, tracker } = setup();
    const session = tracker.openSession();
    tracker.renew(X, TIMEOUT);
    tracker.renew(Y, TIMEOUT);
    tracker.heartbeat(X, session);

    tracker.remove(X);
    tracker.remove("unknown:1");
    expect(tracker.lease(X)).toBeUndefined();
    expect(tracker.closeSession(session)).toEqual([]);
    expect(tracker.heartbeat(X, session)).toBe(false);
    clock.advance(TIMEOUT);
    expect(tracker.expired().map((e) => e.addr)).toEqual([Y]);
  });
});

describe("Sweeper", () => {
  const expiry: Expiry = { addr: "10.0.0.1:10911", reason: "silent", atMs: 0 };

  it("asks detect every interval and hands off only non-empty results", () => {
    const clock = new ManualClock(0);
    const detectedAt: number[] = [];
    const handed: Expiry[][] = [];
    let next: Expiry[] = [];
    new Sweeper(
      clock,
      100,
      () => {
        detectedAt.push(clock.now());
        return next;
      },
      (expired) => handed.push(expired),
    );

    clock.advance(99);
    expect(detectedAt).toEqual([]);
    clock.advance(1);
    expect(detectedAt).toEqual([100]);
    expect(handed).toEqual([]);

    next = [expiry];
    clock.advance(200);
    expect(detectedAt).toEqual([100, 200, 300]);
    expect(handed).toEqual([[expiry], [expiry]]);
  });

  it("sweep() checks at once, outside the interval", () => {
    const clock = new ManualClock(0);
    const handed: Expiry[][] = [];
    const sweeper = new Sweeper(
      clock,
      100,
      () => [expiry],
      (expired) => handed.push(expired),
    );
    sweeper.sweep();
    expect(handed).toEqual([[expiry]]);
  });

  it("checkAfter() checks once at an exact deadline between intervals; close() cancels it", () => {
    const clock = new ManualClock(0);
    const detectedAt: number[] = [];
    const sweeper = new Sweeper(
      clock,
      1_000,
      () => {
        detectedAt.push(clock.now());
        return [];
      },
      () => {},
    );
    sweeper.checkAfter(250);
    clock.advance(249);
    expect(detectedAt).toEqual([]);
    clock.advance(1);
    expect(detectedAt).toEqual([250]);
    sweeper.checkAfter(100);
    sweeper.close();
    expect(clock.pendingTimers()).toBe(0);
  });

  it("close() cancels its timer, stops sweeping and is idempotent", () => {
    const clock = new ManualClock(0);
    let detections = 0;
    const sweeper = new Sweeper(
      clock,
      100,
      () => {
        detections++;
        return [];
      },
      () => {},
    );
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(100);
    expect(detections).toBe(1);

    sweeper.close();
    expect(clock.pendingTimers()).toBe(0);
    sweeper.close();
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(1_000);
    expect(detections).toBe(1);
  });
});
