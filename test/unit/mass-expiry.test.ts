import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock/manual-clock.js";
import type { Expiry } from "../../src/liveness/expiry.js";
import { ExpiryGuard } from "../../src/liveness/expiry-guard.js";
import { LivenessTracker } from "../../src/liveness/liveness-tracker.js";
import {
  INITIAL_MASS_EXPIRY_STATE,
  type MassExpiryState,
  type MassExpiryVerdict,
  massExpirySettingsOf,
  reviewExpiries,
} from "../../src/liveness/mass-expiry.js";
import { Sweeper } from "../../src/liveness/sweeper.js";
import { silentLogger } from "../../src/log/logger.js";

const SETTINGS = {
  enabled: true,
  thresholdPercent: 50,
  windowMs: 3_000,
  holdMs: 3_000,
  intervalMs: 100,
  stallToleranceMs: 1_000,
  minBrokers: 3,
};

const ex = (...addrs: string[]): Expiry[] => addrs.map((addr) => ({ addr, reason: "silent", atMs: 0 }));

/** One review step of a table: time, what the tracker found expired, how many leases exist. */
interface Step {
  at: number;
  expiring: string[];
  live: number;
  release: string[];
  verdict: MassExpiryVerdict;
}

function run(steps: Step[], settings = SETTINGS): void {
  let state: MassExpiryState = INITIAL_MASS_EXPIRY_STATE;
  for (const [i, step] of steps.entries()) {
    const r = reviewExpiries(
      state,
      { nowMs: step.at, expiring: ex(...step.expiring), liveCount: step.live },
      settings,
    );
    expect({ step: i, release: r.release.map((e) => e.addr), verdict: r.verdict }).toEqual({
      step: i,
      release: step.release,
      verdict: step.verdict,
    });
    state = r.state;
  }
}

describe("reviewExpiries (mass-expiry protection, pure)", () => {
  it("releases a minority at once", () => {
    run([
      { at: 0, expiring: [], live: 5, release: [], verdict: "none" },
      { at: 100, expiring: ["a"], live: 5, release: ["a"], verdict: "released" },
      { at: 200, expiring: ["b"], live: 4, release: ["b"], verdict: "released" },
    ]);
  });

  it("counts earlier removals of the window into the share, and forgets them after it", () => {
    // a, b leave (2 of 5 = 40 %); c would make 3 of 5 = 60 % within 3 s: held.
    run([
      { at: 0, expiring: ["a", "b"], live: 5, release: ["a", "b"], verdict: "released" },
      { at: 100, expiring: ["c"], live: 3, release: [], verdict: "hold-started" },
      { at: 1_100, expiring: ["c"], live: 3, release: [], verdict: "holding" },
      { at: 2_100, expiring: ["c"], live: 3, release: [], verdict: "holding" },
      // The window has moved past a and b: c alone is 1 of 3.
      { at: 3_100, expiring: ["c"], live: 3, release: ["c"], verdict: "released-under-threshold" },
    ]);
  });

  it("holds a majority leaving at once, then releases them when they stay silent for the hold", () => {
    run([
      { at: 0, expiring: ["a", "b", "c"], live: 4, release: [], verdict: "hold-started" },
      { at: 100, expiring: ["a", "b", "c"], live: 4, release: [], verdict: "holding" },
      { at: 1_100, expiring: ["a", "b", "c"], live: 4, release: [], verdict: "holding" },
      { at: 2_100, expiring: ["a", "b", "c"], live: 4, release: [], verdict: "holding" },
      { at: 2_900, expiring: ["a", "b", "c"], live: 4, release: [], verdict: "holding" },
      {
        at: 3_000,
        expiring: ["a", "b", "c"],
        live: 4,
        release: ["a", "b", "c"],
        verdict: "released-after-hold",
      },
    ]);
  });

  it("ends a hold with no removal when every held broker comes back", () => {
    run([
      { at: 0, expiring: ["a", "b", "c"], live: 4, release: [], verdict: "hold-started" },
      { at: 100, expiring: [], live: 4, release: [], verdict: "hold-ended" },
      { at: 200, expiring: [], live: 4, release: [], verdict: "none" },
    ]);
  });

  it("releases the rest of a hold once enough came back to be under the threshold", () => {
    run([
      { at: 0, expiring: ["a", "b", "c"], live: 5, release: [], verdict: "hold-started" },
      { at: 100, expiring: ["c"], live: 5, release: ["c"], verdict: "released-under-threshold" },
    ]);
  });

  it("exactly the threshold is not over it (one of two groups may die)", () => {
    run([{ at: 0, expiring: ["a", "b"], live: 4, release: ["a", "b"], verdict: "released" }]);
  });

  it("does not apply the share rule under minBrokers", () => {
    run([{ at: 0, expiring: ["a", "b"], live: 2, release: ["a", "b"], verdict: "released" }]);
  });

  it("defers everything for one interval after a late review (the process was stalled), whatever the share", () => {
    run([
      { at: 0, expiring: [], live: 2, release: [], verdict: "none" },
      // 6 s without a review: a stall. Both would leave; nothing is released.
      { at: 6_000, expiring: ["a", "b"], live: 2, release: [], verdict: "stalled" },
      // A one-shot check in the same turn of the loop is deferred too.
      { at: 6_001, expiring: ["a", "b"], live: 2, release: [], verdict: "stalled" },
      // One interval later the heartbeats were read: nobody expires.
      { at: 6_100, expiring: [], live: 2, release: [], verdict: "none" },
    ]);
  });

  it("after a stall, brokers that really are silent leave one interval later", () => {
    run([
      { at: 0, expiring: [], live: 2, release: [], verdict: "none" },
      { at: 6_000, expiring: ["a"], live: 2, release: [], verdict: "stalled" },
      { at: 6_100, expiring: ["a"], live: 2, release: ["a"], verdict: "released" },
    ]);
  });

  it("a stall during a hold starts the hold's count again", () => {
    run([
      { at: 0, expiring: ["a", "b", "c"], live: 4, release: [], verdict: "hold-started" },
      { at: 500, expiring: ["a", "b", "c"], live: 4, release: [], verdict: "holding" },
      { at: 2_000, expiring: ["a", "b", "c"], live: 4, release: [], verdict: "stalled" },
      { at: 2_100, expiring: ["a", "b", "c"], live: 4, release: [], verdict: "holding" },
      { at: 3_100, expiring: ["a", "b", "c"], live: 4, release: [], verdict: "holding" },
      { at: 4_100, expiring: ["a", "b", "c"], live: 4, release: [], verdict: "holding" },
      { at: 4_900, expiring: ["a", "b", "c"], live: 4, release: [], verdict: "holding" },
      {
        at: 5_000,
        expiring: ["a", "b", "c"],
        live: 4,
        release: ["a", "b", "c"],
        verdict: "released-after-hold",
      },
    ]);
  });

  it("when disabled, releases everything at once, stall or not", () => {
    run(
      [
        { at: 0, expiring: [], live: 4, release: [], verdict: "none" },
        {
          at: 6_000,
          expiring: ["a", "b", "c", "d"],
          live: 4,
          release: ["a", "b", "c", "d"],
          verdict: "released",
        },
      ],
      { ...SETTINGS, enabled: false },
    );
  });

  it("takes its settings from the config: window and hold are one heartbeat timeout", () => {
    expect(
      massExpirySettingsOf({
        massExpiryProtection: true,
        massExpiryThresholdPercent: 40,
        heartbeatTimeoutMs: 10_000,
        sweepIntervalMs: 250,
      }),
    ).toEqual({
      enabled: true,
      thresholdPercent: 40,
      windowMs: 10_000,
      holdMs: 10_000,
      intervalMs: 250,
      stallToleranceMs: 1_000,
      minBrokers: 3,
    });
  });
});

describe("ExpiryGuard between a LivenessTracker and a Sweeper (manual clock)", () => {
  function setup() {
    const clock = new ManualClock(0);
    const tracker = new LivenessTracker(clock, 500);
    const guard = new ExpiryGuard(clock, silentLogger(), SETTINGS);
    const removed: string[][] = [];
    const sweeper = new Sweeper(
      clock,
      SETTINGS.intervalMs,
      () => guard.review(tracker.expired(), tracker.size),
      (expired) => {
        for (const e of expired) tracker.remove(e.addr);
        removed.push(expired.map((e) => e.addr).sort());
      },
    );
    return { clock, tracker, guard, removed, sweeper };
  }

  it("holds five brokers going silent together for one hold, then removes them in one batch", () => {
    const { clock, tracker, guard, removed, sweeper } = setup();
    for (const a of ["a", "b", "c", "d", "e"]) tracker.renew(a, 1_000);
    clock.advance(1_000);
    expect(removed).toEqual([]);
    expect(guard.counts.holds).toBe(1);
    clock.advance(SETTINGS.holdMs - 1);
    expect(removed).toEqual([]);
    clock.advance(1);
    expect(removed).toEqual([["a", "b", "c", "d", "e"]]);
    expect(guard.counts).toMatchObject({ holds: 1, heldBrokers: 5, releasedAfterHold: 5 });
    sweeper.close();
  });

  it("a held broker that heartbeats again stays; the ones still silent leave once under the threshold", () => {
    const { clock, tracker, removed, sweeper } = setup();
    for (const a of ["a", "b", "c", "d", "e"]) tracker.renew(a, 1_000);
    const s = tracker.openSession();
    clock.advance(1_000);
    expect(removed).toEqual([]);
    for (const a of ["a", "b", "c"]) tracker.heartbeat(a, s);
    clock.advance(SETTINGS.intervalMs);
    expect(removed).toEqual([["d", "e"]]);
    sweeper.close();
  });
});
