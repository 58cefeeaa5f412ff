import { describe, expect, it } from "vitest";
import { ReadyWaiters } from "../../src/client/ready-waiters.js";
import { ManualClock } from "../../src/clock/manual-clock.js";

/** Settles `p` into a plain record, without waiting for anything else. */
async function settled(p: Promise<void>): Promise<"resolved" | string> {
  return p.then(
    () => "resolved",
    (err: Error) => err.message,
  );
}

describe("ReadyWaiters", () => {
  it("release() resolves every waiter and cancels their timers", async () => {
    const clock = new ManualClock();
    const waiters = new ReadyWaiters(clock);
    const a = waiters.wait(1000, () => new Error("late a"));
    const b = waiters.wait(5000, () => new Error("late b"));
    expect(waiters.size).toBe(2);
    expect(clock.pendingTimers()).toBe(2);
    waiters.release();
    expect(await settled(a)).toBe("resolved");
    expect(await settled(b)).toBe("resolved");
    expect(waiters.size).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("rejects a waiter at its timeout, exactly, with the error built then, and forgets it", async () => {
    const clock = new ManualClock(0);
    const waiters = new ReadyWaiters(clock);
    const early = waiters.wait(100, () => new Error(`timed out at ${clock.now()}`));
    const later = waiters.wait(300, () => new Error("late"));
    clock.advance(99);
    expect(waiters.size).toBe(2);
    clock.advance(1);
    expect(await settled(early)).toBe("timed out at 100");
    expect(waiters.size).toBe(1);
    // A release after the timeout reaches only the waiter still waiting.
    waiters.release();
    expect(await settled(later)).toBe("resolved");
    clock.advance(1000);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("a release with no waiter is harmless, and later waiters wait for the next one", async () => {
    const clock = new ManualClock();
    const waiters = new ReadyWaiters(clock);
    waiters.release();
    const w = waiters.wait(50, () => new Error("late"));
    clock.advance(50);
    expect(await settled(w)).toBe("late");
  });
});
