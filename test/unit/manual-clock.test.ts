import { describe, expect, it } from "vitest";
import { ManualClock } from "../../src/clock/manual-clock.js";

describe("ManualClock", () => {
  it("starts at the given time (1_000_000 by default) and moves only when advanced", () => {
    expect(new ManualClock().now()).toBe(1_000_000);
    const clock = new ManualClock(5);
    expect(clock.now()).toBe(5);
    clock.advance(10);
    expect(clock.now()).toBe(15);
    clock.advance(0);
    expect(clock.now()).toBe(15);
  });

  it("fires a timeout exactly at its due time, once, with now() set to that time", () => {
    const clock = new ManualClock(0);
    const firedAt: number[] = [];
    clock.setTimeout(() => firedAt.push(clock.now()), 100);

    clock.advance(99);
    expect(firedAt).toEqual([]);
    expect(clock.pendingTimers()).toBe(1);
    clock.advance(250);
    expect(firedAt).toEqual([100]);
    expect(clock.now()).toBe(349);
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(1_000);
    expect(firedAt).toEqual([100]);
  });

  it("fires an interval at every multiple of its period within one advance", () => {
    const clock = new ManualClock(0);
    const firedAt: number[] = [];
    clock.setInterval(() => firedAt.push(clock.now()), 30);
    clock.advance(100);
    expect(firedAt).toEqual([30, 60, 90]);
    clock.advance(20);
    expect(firedAt).toEqual([30, 60, 90, 120]);
    expect(clock.pendingTimers()).toBe(1);
  });

  it("runs due timers in order of due time, then creation order", () => {
    const clock = new ManualClock(0);
    const order: string[] = [];
    clock.setTimeout(() => order.push("late"), 50);
    clock.setTimeout(() => order.push("tie-1"), 20);
    clock.setInterval(() => order.push("every-20"), 20);
    clock.setTimeout(() => order.push("tie-2"), 20);
    clock.setTimeout(() => order.push("early"), 10);
    clock.advance(50);
    expect(order).toEqual(["early", "tie-1", "every-20", "tie-2", "every-20", "late"]);
  });

  it("cancel() removes a timer before it fires and is idempotent", () => {
    const clock = new ManualClock(0);
    let fired = 0;
    const timeout = clock.setTimeout(() => fired++, 10);
    const interval = clock.setInterval(() => fired++, 10);
    expect(clock.pendingTimers()).toBe(2);
    timeout.cancel();
    interval.cancel();
    interval.cancel();
    expect(clock.pendingTimers()).toBe(0);
    clock.advance(100);
    expect(fired).toBe(0);
  });

  it("an interval can cancel itself from its callback", () => {
    const clock = new ManualClock(0);
    let fired = 0;
    const timer = clock.setInterval(() => {
      fired++;
      if (fired === 2) timer.cancel();
    }, 10);
    clock.advance(100);
    expect(fired).toBe(2);
    expect(clock.pendingTimers()).toBe(0);
  });

  it("a timer set from a callback fires in the same advance when it falls due", () => {
    const clock = new ManualClock(0);
    const firedAt: number[] = [];
    clock.setTimeout(() => {
      clock.setTimeout(() => firedAt.push(clock.now()), 15);
    }, 10);
    clock.advance(30);
    expect(firedAt).toEqual([25]);
  });

  it("treats a negative delay as zero", () => {
    const clock = new ManualClock(0);
    let fired = false;
    clock.setTimeout(() => {
      fired = true;
    }, -5);
    clock.advance(0);
    expect(fired).toBe(true);
  });
});
