import { once } from "node:events";
import { status } from "@grpc/grpc-js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type {
  RegisterBrokerRequest,
  RegisterBrokerResponse,
} from "../../gen/ts/namesrv/v1/broker_service.js";
import type { TopicRouteData } from "../../gen/ts/namesrv/v1/route.js";
import { ResetReason } from "../../gen/ts/namesrv/v1/route_service.js";
import { topicRouteData } from "../../src/server/codec.js";
import { HeartbeatStream, heartbeatOf, registration, topic, unary } from "../helpers/grpc.js";
import { startTestServer, TEST_LIVENESS, type TestServer } from "../helpers/server.js";
import { FrameRecorder } from "../helpers/watch.js";

const PROGRESS_MS = 1_000;
const STUCK_MS = 5_000;

let t: TestServer;
let recorders: FrameRecorder[];
beforeEach(async () => {
  t = await startTestServer({ watchProgressIntervalMs: PROGRESS_MS, watchStuckTimeoutMs: STUCK_MS });
  recorders = [];
});
afterEach(async () => {
  for (const r of recorders) {
    r.cancel();
    expect(r.violations).toEqual([]);
  }
  await t.stop();
});

const watch = (
  req: Parameters<typeof t.route.watchRoutes>[0] extends infer R ? Partial<R & object> : never,
) => {
  const r = new FrameRecorder(t.route, req);
  recorders.push(r);
  return r;
};
const register = (req: RegisterBrokerRequest) =>
  unary<RegisterBrokerResponse>((cb) => t.broker.registerBroker(req, cb));
const revision = () => t.server.registry.routes.revision;
/** The server's routes of `topics` right now, as the wire shows them. */
const truth = (topics: Iterable<string>) => {
  const m = new Map<string, TopicRouteData>();
  for (const name of topics) {
    const found = t.server.registry.routes.route(name);
    if (found) m.set(name, topicRouteData(found.route));
  }
  return m;
};
const version = (counter: bigint) => ({ stateVersion: 1n, timestamp: counter, counter });

const brokerA = registration({ topicConfigs: [topic("TopicA"), topic("TopicB")] });
const brokerB = registration({
  brokerName: "broker-b",
  brokerAddr: "10.0.1.1:10911",
  topicConfigs: [topic("TopicB")],
});

describe("snapshot", () => {
  it("sends BEGIN, the current route of each watched topic that exists, then END at the revision", async () => {
    await register(brokerA);
    await register(brokerB);
    const r = watch({ topics: ["TopicA", "TopicB", "NotYet"] });
    await r.at(2);
    expect(r.kinds()).toEqual(["BEGIN", "ROUTES", "END"]);
    expect(r.frames.every((f) => f.epoch === t.server.registry.epoch && f.revision === 2n)).toBe(true);
    expect(r.frames[1]?.routes?.updates.map((u) => [u.topic, u.topicRevision])).toEqual([
      ["TopicA", 1n],
      ["TopicB", 2n],
    ]);
    expect(r.view).toEqual(truth(["TopicA", "TopicB"]));
  });

  it("with all_topics sends every topic; an empty table gives an empty snapshot", async () => {
    const empty = watch({ allTopics: true });
    await empty.at(0);
    expect(empty.kinds()).toEqual(["BEGIN", "END"]);
    await register(brokerA);
    const all = watch({ allTopics: true });
    await all.at(1);
    expect([...all.view.keys()].sort()).toEqual(["TopicA", "TopicB"]);
  });

  it("rejects bad requests with INVALID_ARGUMENT naming the field", async () => {
    const both = watch({ topics: ["TopicA"], allTopics: true });
    expect((await both.status).code).toBe(status.INVALID_ARGUMENT);
    expect((await both.status).details).toMatch(/^topics: must be empty/);
    const none = watch({});
    expect((await none.status).details).toMatch(/^topics: required/);
    const bad = watch({ topics: ["ok", "not ok"] });
    expect((await bad.status).details).toMatch(/^topics\[1\]: must match/);
  });
});

describe("changes", () => {
  it("arrive in revision order, as one frame per change set, and keep the view equal to the server", async () => {
    await register(brokerA);
    const r = watch({ allTopics: true });
    await r.at(1);
    await register({
      ...brokerA,
      dataVersion: version(2n),
      topicConfigs: [topic("TopicA", { perm: 4 }), topic("TopicC")],
    });
    await r.at(2);
    const change = r.frames.at(-1);
    expect(change?.revision).toBe(2n);
    expect(change?.routes?.more).toBe(false);
    expect(change?.routes?.updates.map((u) => [u.topic, u.removed]).sort()).toEqual([
      ["TopicA", false],
      ["TopicB", true],
      ["TopicC", false],
    ]);
    expect(r.view).toEqual(truth(["TopicA", "TopicC"]));
    expect(r.view.has("TopicB")).toBe(false);
  });

  it("a topic watched by name appears when it is created", async () => {
    const r = watch({ topics: ["Later"] });
    await r.at(0);
    await register(brokerA);
    await register({ ...brokerA, dataVersion: version(2n), topicConfigs: [topic("TopicA"), topic("Later")] });
    await r.at(2);
    expect(r.kinds()).toEqual(["BEGIN", "END", "ROUTES"]);
    expect([...r.view.keys()]).toEqual(["Later"]);
  });

  it("a broker's expiry removes all its topics in one frame at one revision", async () => {
    const many = Array.from({ length: 50 }, (_, i) => topic(`T${i}`));
    await register({ ...brokerA, topicConfigs: many });
    const s = new HeartbeatStream(t.broker);
    await s.beat(heartbeatOf(brokerA));
    const r = watch({ allTopics: true });
    await r.at(1);
    const closed = t.streamClosed();
    s.cancel();
    await closed;
    t.advance(TEST_LIVENESS.streamLossGraceMs);
    await r.at(2);
    const last = r.frames.at(-1);
    expect(last?.routes?.updates).toHaveLength(50);
    expect(last?.routes?.updates.every((u) => u.removed)).toBe(true);
    expect(r.view.size).toBe(0);
  });

  it("a change to unwatched topics sends nothing; an idle stream gets a progress mark with the current revision", async () => {
    await register(brokerA);
    const r = watch({ topics: ["TopicA"] });
    await r.at(1);
    await register(brokerB);
    expect(revision()).toBe(2);
    t.clock.advance(PROGRESS_MS * 1.3);
    await r.at(2);
    expect(r.kinds()).toEqual(["BEGIN", "ROUTES", "END", "PROGRESS"]);
    expect(r.frames.at(-1)?.revision).toBe(2n);
  });
});

describe("resume", () => {
  it("inside the window continues with only what changed after the resume revision", async () => {
    await register(brokerA);
    await register(brokerB);
    const first = watch({ allTopics: true });
    await first.at(2);
    first.cancel();
    await register({
      ...brokerB,
      dataVersion: version(3n),
      topicConfigs: [topic("TopicB"), topic("TopicD")],
    });
    const r = watch({ allTopics: true, resumeEpoch: t.server.registry.epoch, resumeRevision: 2n });
    await r.at(3);
    expect(r.kinds()).toEqual(["ROUTES"]);
    expect(r.frames[0]?.routes?.updates.map((u) => u.topic).sort()).toEqual(["TopicD"]);
  });

  it("with nothing changed answers with a progress mark at the current revision", async () => {
    await register(brokerA);
    const r = watch({ topics: ["TopicA"], resumeEpoch: t.server.registry.epoch, resumeRevision: 1n });
    await r.at(1);
    expect(r.kinds()).toEqual(["PROGRESS"]);
  });

  it("with another epoch gets RESET (epoch changed) and a fresh snapshot", async () => {
    await register(brokerA);
    const r = watch({ allTopics: true, resumeEpoch: t.server.registry.epoch + 1n, resumeRevision: 1n });
    await r.at(1);
    expect(r.kinds()).toEqual(["RESET", "BEGIN", "ROUTES", "END"]);
    expect(r.frames[0]?.reset?.code).toBe(ResetReason.RESET_REASON_EPOCH_CHANGED);
    expect(r.view).toEqual(truth(["TopicA", "TopicB"]));
  });

  it("with a revision ahead of the server gets RESET (revision ahead)", async () => {
    const r = watch({ allTopics: true, resumeEpoch: t.server.registry.epoch, resumeRevision: 7n });
    await r.at(0);
    expect(r.frames[0]?.reset?.code).toBe(ResetReason.RESET_REASON_REVISION_AHEAD);
  });

  it("from before the retained window gets RESET (revision compacted)", async () => {
    await t.stop();
    t = await startTestServer({ watchRetainedRemovals: 1 });
    await register(brokerA); // 1
    await register({ ...brokerA, dataVersion: version(2n), topicConfigs: [topic("TopicA")] }); // 2: TopicB removed
    await register({ ...brokerA, dataVersion: version(3n), topicConfigs: [] }); // 3: TopicA removed, TopicB forgotten
    const inside = watch({ allTopics: true, resumeEpoch: t.server.registry.epoch, resumeRevision: 2n });
    await inside.at(3);
    expect(inside.kinds()).toEqual(["ROUTES"]);
    const tooOld = watch({ allTopics: true, resumeEpoch: t.server.registry.epoch, resumeRevision: 1n });
    await tooOld.at(3);
    expect(tooOld.kinds()).toEqual(["RESET", "BEGIN", "END"]);
    expect(tooOld.frames[0]?.reset?.code).toBe(ResetReason.RESET_REASON_REVISION_COMPACTED);
  });
});

/** Registers a broker with `count` topics whose queue counts change with `round`: big change sets. */
function churn(round: number, count = 2_000): RegisterBrokerRequest {
  return {
    ...brokerA,
    dataVersion: version(BigInt(round + 10)),
    topicConfigs: Array.from({ length: count }, (_, i) =>
      topic(`Churn_${i}_with_a_long_enough_name_to_fill_frames`, {
        readQueueNums: round % 64,
        writeQueueNums: 1,
      }),
    ),
  };
}

/** Changes the table until the hub reports that `subscription` is backed up. */
async function churnUntilBlocked(): Promise<number> {
  let blocked = false;
  t.server.watchHub.events.once("blocked", () => {
    blocked = true;
  });
  let round = 0;
  while (!blocked && round < 400) {
    await register(churn(++round));
    await new Promise((resolve) => setImmediate(resolve));
  }
  expect(blocked).toBe(true);
  return round;
}

describe("slow subscribers", () => {
  it("a paused subscriber does not hold back the others and later receives the latest state, coalesced", async () => {
    const slow = watch({ allTopics: true });
    const fast = watch({ allTopics: true });
    await slow.at(0);
    await fast.at(0);
    slow.call.pause();
    const rounds = await churnUntilBlocked();
    for (let i = 1; i <= 5; i++) await register(churn(rounds + i));
    await fast.at(revision());
    const everything = t.server.registry.routes.topicNames();
    expect(fast.view).toEqual(truth(everything));

    slow.call.resume();
    await slow.at(revision());
    expect(slow.view).toEqual(truth(everything));
    // Changes made while it was blocked reached it coalesced: fewer change sets than revisions.
    const changeSets = slow.frames.filter((f) => f.routes && !f.routes.more).length;
    expect(changeSets).toBeLessThan(rounds + 5);
  });

  it("a subscriber stuck past the limit is reset: a paused grpc-js client gets RESOURCE_EXHAUSTED without reading on", async () => {
    const stuck = watch({ allTopics: true });
    await stuck.at(0);
    stuck.call.pause();
    await churnUntilBlocked();
    const evicted = once(t.server.watchHub.events, "evicted");
    t.clock.advance(STUCK_MS + PROGRESS_MS);
    await evicted;
    expect(t.server.watchHub.size).toBe(0);
    // RST_STREAM ENHANCE_YOUR_CALM: grpc-js reports it at once, the client still paused (it used
    // to see UNAVAILABLE only after reading every frame queued before it).
    const st = await stuck.status;
    expect(st.code).toBe(status.RESOURCE_EXHAUSTED);
  });
});

describe("shutdown", () => {
  it("ends watch streams with UNAVAILABLE", async () => {
    const r = watch({ allTopics: true });
    await r.at(0);
    await t.server.close();
    const st = await r.status;
    expect(st.code).toBe(status.UNAVAILABLE);
    expect(st.details).toContain("shutting down");
    expect(t.clock.pendingTimers()).toBe(0);
  });
});
