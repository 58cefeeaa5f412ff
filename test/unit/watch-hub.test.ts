import { describe, expect, it, vi } from "vitest";
import { ManualClock } from "../../src/clock/manual-clock.js";
import { silentLogger } from "../../src/log/logger.js";
import { RouteTable } from "../../src/route/route-table.js";
import type { UpdateSizes, WatchFrame, WatchRequest, WatchSink } from "../../src/watch/frames.js";
import { FRAME_BUDGET_BYTES } from "../../src/watch/subscription.js";
import { WatchHub } from "../../src/watch/watch-hub.js";
import { parseWatchRequest } from "../../src/watch/watch-request.js";
import { registration, topic, version } from "./fixtures.js";

const EPOCH = 7n;

/** A sink that records frames and can refuse them (backpressure) on demand. */
class RecordingSink implements WatchSink {
  readonly frames: WatchFrame[] = [];
  accepting = true;
  evicted: string | null = null;
  readonly sizes: UpdateSizes;
  /** `sizes`: a function (this sink's own measure) or a measure shared with other sinks. */
  constructor(sizes: ((topic: string) => number) | UpdateSizes = () => 100) {
    this.sizes = typeof sizes === "function" ? { updateBytes: sizes } : sizes;
  }
  send(frame: WatchFrame): boolean {
    this.frames.push(frame);
    return this.accepting;
  }
  evict(message: string): void {
    this.evicted = message;
  }
  kinds(): string[] {
    return this.frames.map((f) => (f.kind === "routes" && f.more ? "routes+" : f.kind));
  }
}

function setup(opts: { progressIntervalMs?: number; stuckTimeoutMs?: number } = {}) {
  const clock = new ManualClock();
  const table = new RouteTable(3);
  const hub = new WatchHub(table, {
    clock,
    logger: silentLogger(),
    epoch: EPOCH,
    progressIntervalMs: opts.progressIntervalMs ?? 1_000,
    stuckTimeoutMs: opts.stuckTimeoutMs ?? 5_000,
    random: () => 0.5,
  });
  return { clock, table, hub };
}

const all: WatchRequest = { topics: "all" };
const flush = () => new Promise<void>((resolve) => queueMicrotask(resolve));

describe("WatchHub", () => {
  it("snapshots on subscribe, then sends each change set once, coalescing batches applied in one tick", async () => {
    const { table, hub } = setup();
    table.register(registration({ topics: [topic("A"), topic("B")] }));
    const sink = new RecordingSink();
    hub.subscribe(all, sink);
    expect(sink.kinds()).toEqual(["snapshot-begin", "routes", "end-of-snapshot"]);
    table.register(registration({ dataVersion: version(2), topics: [topic("A", { perm: 4 }), topic("B")] }));
    table.register(registration({ dataVersion: version(3), topics: [topic("A", { perm: 2 })] }));
    await flush();
    expect(sink.kinds()).toEqual(["snapshot-begin", "routes", "end-of-snapshot", "routes"]);
    expect(sink.frames.at(-1)).toEqual({ kind: "routes", revision: 3, topics: ["A", "B"], more: false });
  });

  it("splits a change set larger than the frame budget, marking all but the last frame `more`", () => {
    const { table, hub } = setup();
    table.register(registration({ topics: ["A", "B", "C", "D", "E"].map((n) => topic(n)) }));
    const sink = new RecordingSink(() => FRAME_BUDGET_BYTES / 2);
    hub.subscribe(all, sink);
    expect(sink.kinds()).toEqual(["snapshot-begin", "routes+", "routes+", "routes", "end-of-snapshot"]);
    const routed = sink.frames.flatMap((f) => (f.kind === "routes" ? f.topics : []));
    expect(routed.sort()).toEqual(["A", "B", "C", "D", "E"]);
  });

  it("stops at backpressure, keeps only the newest state per topic, and resumes on drain", async () => {
    const { table, hub } = setup();
    table.register(registration({ topics: [topic("A")] }));
    const sink = new RecordingSink();
    const sub = hub.subscribe(all, sink);
    sink.accepting = false;
    table.register(registration({ dataVersion: version(2), topics: [topic("A", { perm: 4 })] }));
    await flush();
    const sent = sink.frames.length;
    for (let i = 3; i < 20; i++) {
      table.register(registration({ dataVersion: version(i), topics: [topic("A", { readQueueNums: i })] }));
      await flush();
    }
    expect(sink.frames.length).toBe(sent); // nothing more while backed up
    sink.accepting = true;
    sub.drained();
    expect(sink.frames.length).toBe(sent + 1);
    expect(sink.frames.at(-1)).toEqual({
      kind: "routes",
      revision: table.revision,
      topics: ["A"],
      more: false,
    });
  });

  it("evicts a subscription backed up past the stuck timeout, and only that one", () => {
    const { clock, table, hub } = setup({ stuckTimeoutMs: 5_000 });
    table.register(registration({ topics: [topic("A")] }));
    const stuck = new RecordingSink();
    stuck.accepting = false;
    const fine = new RecordingSink();
    hub.subscribe(all, stuck);
    hub.subscribe(all, fine);
    clock.advance(4_999);
    expect(stuck.evicted).toBeNull();
    clock.advance(2_000);
    expect(stuck.evicted).toContain("resume");
    expect(fine.evicted).toBeNull();
    expect(hub.size).toBe(1);
  });

  it("says how long a stream was backed up in whole milliseconds, though the clock has fractions", () => {
    const { clock, table, hub } = setup({ stuckTimeoutMs: 5_000 });
    table.register(registration({ topics: [topic("A")] }));
    clock.advance(0.362);
    const stuck = new RecordingSink();
    stuck.accepting = false;
    hub.subscribe(all, stuck);
    clock.advance(6_000);
    expect(stuck.evicted).toMatch(/^watch stream backed up for \d+ ms; resume/);
  });

  it("sends progress marks to idle live streams only, jittered around the interval", async () => {
    const { clock, table, hub } = setup({ progressIntervalMs: 1_000 });
    table.register(registration({ topics: [topic("A")] }));
    const sink = new RecordingSink();
    hub.subscribe({ topics: new Set(["A"]) }, sink);
    clock.advance(900);
    expect(sink.kinds()).not.toContain("progress");
    table.register(registration({ brokerName: "other", brokerAddr: "10.9.9.9:1", topics: [topic("Z")] }));
    await flush();
    clock.advance(600); // 1000 * (0.8 + 0.4 * 0.5) = 1000 after the last frame
    expect(sink.frames.at(-1)).toEqual({ kind: "progress", revision: 2 });
  });

  it("resumes from the table's change history, or resets with the reason", () => {
    const { table, hub } = setup();
    table.register(registration({ topics: [topic("A"), topic("B")] })); // 1
    table.register(registration({ dataVersion: version(2), topics: [topic("A")] })); // 2: B removed
    const resumed = new RecordingSink();
    hub.subscribe({ topics: "all", resume: { epoch: EPOCH, revision: 1 } }, resumed);
    expect(resumed.frames).toEqual([{ kind: "routes", revision: 2, topics: ["B"], more: false }]);
    const other = new RecordingSink();
    hub.subscribe({ topics: "all", resume: { epoch: EPOCH + 1n, revision: 1 } }, other);
    expect(other.kinds()).toEqual(["reset", "snapshot-begin", "routes", "end-of-snapshot"]);
    expect(other.frames[0]).toMatchObject({ kind: "reset", reason: "epoch-changed" });
  });

  it("close() forgets every subscription and cancels its timer", () => {
    const { clock, table, hub } = setup();
    hub.subscribe(all, new RecordingSink());
    hub.close();
    hub.close();
    expect(hub.size).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
    table.register(registration({ topics: [topic("A")] })); // no listener left to throw
  });
});

describe("WatchHub: frames shared by subscriptions (ChunkMemo)", () => {
  const watching = (...topics: string[]): WatchRequest => ({ topics: new Set(topics) });

  /** Sizes shared by every sink, changeable by the test (as an encoder's are by new revisions). */
  function sharedSizes(initial: number) {
    const state = { bytes: initial, calls: 0 };
    const sizes: UpdateSizes = {
      updateBytes: () => {
        state.calls++;
        return state.bytes;
      },
    };
    return { state, sizes };
  }

  it("hands subscriptions with the same dirty topics at one revision the same frame, measured once", async () => {
    const { table, hub } = setup();
    table.register(registration({ topics: [topic("A"), topic("B"), topic("C")] }));
    const { state, sizes } = sharedSizes(100);
    const sinks = [1, 2, 3].map(() => new RecordingSink(sizes));
    for (const sink of sinks) hub.subscribe(watching("A", "B"), sink);
    state.calls = 0;
    table.register(
      registration({ dataVersion: version(2), topics: [topic("A", { perm: 4 }), topic("B", { perm: 4 })] }),
    );
    await flush();
    const frames = sinks.map((s) => s.frames.at(-1));
    expect(frames[0]).toEqual({ kind: "routes", revision: 2, topics: ["A", "B"], more: false });
    expect(frames[1]).toBe(frames[0]);
    expect(frames[2]).toBe(frames[0]);
    expect(state.calls).toBe(2);
  });

  it("cuts anew at a new revision, with the sizes of that revision", async () => {
    const { table, hub } = setup();
    table.register(registration({ topics: [topic("A"), topic("B")] }));
    const { state, sizes } = sharedSizes(100);
    const sinks = [1, 2].map(() => new RecordingSink(sizes));
    for (const sink of sinks) hub.subscribe(all, sink);
    table.register(
      registration({ dataVersion: version(2), topics: [topic("A", { perm: 4 }), topic("B", { perm: 4 })] }),
    );
    await flush();
    expect(sinks[1]?.frames.at(-1)).toEqual({ kind: "routes", revision: 2, topics: ["A", "B"], more: false });

    // The next revision's updates are bigger: the same two topics no longer fit one frame.
    state.bytes = FRAME_BUDGET_BYTES / 2 + 1;
    table.register(
      registration({ dataVersion: version(3), topics: [topic("A", { perm: 2 }), topic("B", { perm: 2 })] }),
    );
    await flush();
    for (const sink of sinks) {
      expect(sink.frames.slice(-2)).toEqual([
        { kind: "routes", revision: 3, topics: ["A"], more: true },
        { kind: "routes", revision: 3, topics: ["B"], more: false },
      ]);
    }
  });

  it("cuts anew for a different dirty set at the same revision", async () => {
    const { table, hub } = setup();
    table.register(registration({ topics: [topic("A"), topic("B")] }));
    const { sizes } = sharedSizes(100);
    const both = new RecordingSink(sizes);
    const onlyA = new RecordingSink(sizes);
    const blocked = new RecordingSink(sizes);
    hub.subscribe(watching("A", "B"), both);
    hub.subscribe(watching("A"), onlyA);
    const late = hub.subscribe(watching("B", "A"), blocked);

    // `blocked` refuses a frame (a change of B), then keeps B dirty through another change of B;
    // then all three see a change of A and B together.
    blocked.accepting = false;
    table.register(registration({ dataVersion: version(2), topics: [topic("A"), topic("B", { perm: 4 })] }));
    await flush();
    table.register(registration({ dataVersion: version(3), topics: [topic("A"), topic("B", { perm: 2 })] }));
    await flush();
    table.register(
      registration({ dataVersion: version(4), topics: [topic("A", { perm: 4 }), topic("B", { perm: 6 })] }),
    );
    await flush();
    expect(both.frames.at(-1)).toEqual({ kind: "routes", revision: 4, topics: ["A", "B"], more: false });
    expect(onlyA.frames.at(-1)).toEqual({ kind: "routes", revision: 4, topics: ["A"], more: false });
    blocked.accepting = true;
    late.drained();
    // Its dirty set is B (still from revision 3) then A: another order, so a frame of its own.
    expect(blocked.frames.at(-1)).toEqual({ kind: "routes", revision: 4, topics: ["B", "A"], more: false });
  });

  it("does not share frames between sinks that measure differently", async () => {
    const { table, hub } = setup();
    table.register(registration({ topics: [topic("A"), topic("B")] }));
    const small = new RecordingSink(() => 100);
    const big = new RecordingSink(() => FRAME_BUDGET_BYTES);
    hub.subscribe(all, small);
    hub.subscribe(all, big);
    table.register(
      registration({ dataVersion: version(2), topics: [topic("A", { perm: 4 }), topic("B", { perm: 4 })] }),
    );
    await flush();
    expect(small.frames.at(-1)).toMatchObject({ topics: ["A", "B"], more: false });
    expect(big.frames.slice(-2)).toMatchObject([
      { topics: ["A"], more: true },
      { topics: ["B"], more: false },
    ]);
  });
});

describe("WatchHub: all-topics snapshots share one plan (SnapshotPlan)", () => {
  const NAMES = ["A", "B", "C", "D", "E", "F"];
  const half = () => FRAME_BUDGET_BYTES / 2; // two topics per frame

  it("subscriptions starting at one revision share the names, read once, and every frame, cut once", () => {
    const { table, hub } = setup();
    table.register(registration({ topics: NAMES.map((n) => topic(n)) }));
    const names = vi.spyOn(table, "topicNames");
    let measured = 0;
    const sizes: UpdateSizes = {
      updateBytes: () => {
        measured++;
        return half();
      },
    };
    const slow = new RecordingSink(sizes);
    slow.accepting = false; // takes SNAPSHOT_BEGIN only, for now
    const slowSub = hub.subscribe(all, slow);
    const fast = [1, 2].map(() => new RecordingSink(sizes));
    for (const sink of fast) hub.subscribe(all, sink);
    slow.accepting = true;
    slowSub.drained();
    for (const sink of [slow, ...fast]) {
      expect(sink.kinds()).toEqual(["snapshot-begin", "routes+", "routes+", "routes", "end-of-snapshot"]);
    }
    for (let i = 1; i <= 3; i++) {
      expect(fast[0]?.frames[i]).toBe(slow.frames[i]);
      expect(fast[1]?.frames[i]).toBe(slow.frames[i]);
    }
    expect(slow.frames.flatMap((f) => (f.kind === "routes" ? f.topics : []))).toEqual(NAMES);
    expect(names).toHaveBeenCalledTimes(1);
    // Cut once for all three: each topic measured once, plus the one that no longer fit each full frame.
    expect(measured).toBe(NAMES.length + 2);
  });

  it("a topic changed during the snapshot goes out once, at the newest revision, before END_OF_SNAPSHOT", async () => {
    const { table, hub } = setup();
    table.register(registration({ topics: NAMES.map((n) => topic(n)) }));
    const sink = new RecordingSink(half);
    let room = 2; // SNAPSHOT_BEGIN and the first frame (A, B), then backed up
    sink.send = function (frame: WatchFrame): boolean {
      this.frames.push(frame);
      return --room > 0;
    };
    const sub = hub.subscribe(all, sink);
    expect(sink.frames).toEqual([
      { kind: "snapshot-begin", revision: 1 },
      { kind: "routes", revision: 1, topics: ["A", "B"], more: true },
    ]);
    // A (sent) and C (not yet) change, G appears.
    table.register(
      registration({
        dataVersion: version(2),
        topics: [...NAMES.map((n) => topic(n, n === "A" || n === "C" ? { perm: 4 } : {})), topic("G")],
      }),
    );
    await flush();
    sink.send = RecordingSink.prototype.send;
    sub.drained();
    expect(sink.frames.slice(2)).toEqual([
      { kind: "routes", revision: 2, topics: ["C", "D"], more: true },
      { kind: "routes", revision: 2, topics: ["E", "F"], more: true },
      { kind: "routes", revision: 2, topics: ["A", "G"], more: false },
      { kind: "end-of-snapshot", revision: 2 },
    ]);
  });
});

describe("parseWatchRequest", () => {
  it("accepts names or all topics and a resume point", () => {
    const r = parseWatchRequest({
      topics: ["A", "A", "B"],
      allTopics: false,
      resumeEpoch: 5n,
      resumeRevision: 9n,
    });
    expect(r).toEqual({ topics: new Set(["A", "B"]), resume: { epoch: 5n, revision: 9 } });
    expect(parseWatchRequest({ topics: [], allTopics: true, resumeEpoch: 0n, resumeRevision: 3n })).toEqual({
      topics: "all",
    });
  });
});
