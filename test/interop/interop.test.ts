import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ServerProcess, startServerProcess } from "../helpers/process.js";
import { LANGUAGES, type Language } from "./helpers/languages.js";
import { EVENT_WAIT_MS, Program, type ProgramEvent, runProgram } from "./helpers/program.js";
import { type FrameJson, WatchView } from "./helpers/watch-view.js";

/**
 * The same scenario in every language, with that language's gRPC library and the stubs in gen/,
 * against a real `node dist/src/main.js` process: two brokers register and keep heartbeat streams,
 * a client reads routes, a watcher receives a snapshot and then every change as one broker
 * unregisters and the other crashes, and bad input gets INVALID_ARGUMENT. Every program prints
 * its observations in the canonical protobuf JSON mapping, so one set of assertions checks them all.
 */

// A short stream-loss grace makes a crashed broker leave quickly; a long heartbeat timeout makes
// sure that it left because its stream broke, not because it went silent.
const SERVER_ARGS = [
  "--listen",
  "127.0.0.1:0",
  "--stream-loss-grace-ms",
  "200",
  "--heartbeat-interval-ms",
  "200",
  "--heartbeat-timeout-ms",
  "60000",
];

const A = { cluster: "DefaultCluster", name: "broker-a", addr: "127.0.0.1:10911" };
const B = { cluster: "ClusterB", name: "broker-b", addr: "127.0.0.1:10921" };

/** What GetRouteInfoByTopic and WatchRoutes carry, in the canonical JSON mapping (zero values omitted). */
const queues = (brokerName: string, read: number, write: number, perm: number) => ({
  brokerName,
  readQueueNums: read,
  writeQueueNums: write,
  perm,
});
const group = (b: typeof A) => ({ cluster: b.cluster, brokerName: b.name, brokerAddrs: { "0": b.addr } });
const ROUTE_A_BOTH = {
  queueDatas: [queues("broker-a", 4, 4, 6), queues("broker-b", 8, 8, 6)],
  brokerDatas: [group(A), group(B)],
};
const ROUTE_A_ONLY_A = { queueDatas: [queues("broker-a", 4, 4, 6)], brokerDatas: [group(A)] };
const ROUTE_B = { queueDatas: [queues("broker-a", 8, 8, 4)], brokerDatas: [group(A)] };

for (const lang of LANGUAGES) {
  describe.sequential(`${lang.name} client on the generated stubs`, () => {
    let server: ServerProcess;
    let epoch: string;
    const programs: Program[] = [];
    let brokerA: Program;
    let brokerB: Program;
    let watcher: Program;
    const view = new WatchView();
    let watchCursor = 0;

    const start = (label: string, command: string, args: string[]) => {
      const p = new Program(
        `${lang.name} ${label}`,
        lang.argv(command, ["--target", server.address, ...args]),
      );
      programs.push(p);
      return p;
    };
    const once = (command: string, args: string[]) =>
      runProgram(`${lang.name} ${command}`, lang.argv(command, ["--target", server.address, ...args]));
    const route = async (topic: string): Promise<ProgramEvent> => {
      const r = await once("route", ["--topic", topic]);
      expect(r.code).toBe(0);
      expect(r.events).toHaveLength(1);
      return r.events[0] as ProgramEvent;
    };

    /** Applies watcher frames in order until the view is consistent and `ok` holds. */
    const awaitView = async (what: string, ok: (v: WatchView) => boolean) => {
      const deadline = Date.now() + EVENT_WAIT_MS; // for all the frames, not each one
      for (;;) {
        const { event, index } = await watcher.waitFor(
          what,
          (e) => e.event === "frame" || e.event === "end",
          watchCursor,
          deadline,
        );
        watchCursor = index + 1;
        if (event.event === "end") throw new Error(`watch ended before ${what}: ${JSON.stringify(event)}`);
        view.apply(event.frame as FrameJson);
        if (view.consistent && ok(view)) return;
      }
    };

    beforeAll(async () => {
      await lang.prepare();
      server = await startServerProcess(SERVER_ARGS);
      epoch = String(server.logs.find((l) => l.msg === "namesrv ready")?.epoch);
    }, 300_000);

    afterAll(async () => {
      for (const p of programs) p.kill();
      await Promise.all(programs.map((p) => p.exited));
      server?.kill();
    });

    it("brokers register their topic tables and keep heartbeat streams", async () => {
      brokerA = start("broker-a", "broker", [
        "--cluster",
        A.cluster,
        "--name",
        A.name,
        "--addr",
        A.addr,
        "--topic",
        "TopicA:4:4:6",
        "--topic",
        "TopicB:8:8:4",
      ]);
      const regA = await brokerA.waitFor("registration", (e) => e.event === "registered");
      expect(regA.event.response).toMatchObject({
        epoch,
        revision: "1",
        changed: true,
        heartbeatIntervalMs: "200",
      });

      brokerB = start("broker-b", "broker", [
        "--cluster",
        B.cluster,
        "--name",
        B.name,
        "--addr",
        B.addr,
        "--topic",
        "TopicA:8:8:6",
      ]);
      const regB = await brokerB.waitFor("registration", (e) => e.event === "registered");
      expect(regB.event.response).toMatchObject({ epoch, revision: "2", changed: true });

      // The stream is kept: answers keep coming, every one OK and for this broker.
      for (const [broker, addr] of [
        [brokerA, A.addr],
        [brokerB, B.addr],
      ] as const) {
        const first = await broker.waitFor("a heartbeat answer", (e) => e.event === "heartbeat");
        await broker.waitFor("a second heartbeat answer", (e) => e.event === "heartbeat", first.index + 1);
        const answers = broker.events.filter((e) => e.event === "heartbeat").map((e) => e.response);
        for (const a of answers)
          expect(a).toMatchObject({ epoch, action: "HEARTBEAT_ACTION_OK", brokerAddr: addr });
        expect(broker.events.some((e) => e.event === "stream_end")).toBe(false);
      }
    });

    it("a client reads the routes", async () => {
      const a = await route("TopicA");
      expect(a).toMatchObject({ event: "route", response: { epoch, revision: "2", topicRevision: "2" } });
      expect((a.response as { route: unknown }).route).toEqual(ROUTE_A_BOTH);

      const b = await route("TopicB");
      expect((b.response as { route: unknown }).route).toEqual(ROUTE_B);
      expect(b.response).toMatchObject({ topicRevision: "1" });

      expect(await route("TopicNobodyServes")).toMatchObject({ event: "error", code: "NOT_FOUND" });
    });

    it("bad input gets INVALID_ARGUMENT naming the field and the rule", async () => {
      const r = await once("invalid", []);
      expect(r.code).toBe(0);
      const byCase = Object.fromEntries(r.events.map((e) => [e.case, e]));
      expect(byCase.register_perm).toMatchObject({ code: "INVALID_ARGUMENT" });
      expect(byCase.register_perm?.details).toBe("topic_configs[0].perm: must be 0..7");
      expect(byCase.route_topic).toMatchObject({ code: "INVALID_ARGUMENT" });
      expect(byCase.route_topic?.details).toMatch(/^topic: must match/);
      expect(byCase.heartbeat_addr).toMatchObject({ code: "INVALID_ARGUMENT" });
      expect(byCase.heartbeat_addr?.details).toMatch(/^broker_addr: must be "host:port"/);
      // Nothing of the rejected registration was applied.
      expect(await route("TopicBad")).toMatchObject({ event: "error", code: "NOT_FOUND" });
    });

    it("a watcher receives a snapshot: SNAPSHOT_BEGIN, the routes, END_OF_SNAPSHOT", async () => {
      watcher = start("watcher", "watch", ["--topic", "TopicA", "--topic", "TopicB"]);
      const first = await watcher.waitFor("the first frame", (e) => e.event === "frame" || e.event === "end");
      expect(first.event).toMatchObject({
        event: "frame",
        frame: { epoch, revision: "2", snapshotBegin: {} },
      });
      await awaitView("END_OF_SNAPSHOT", () => true);
      expect(view.snapshots).toBe(1);
      expect(view.revision).toBe(2n);
      expect(Object.fromEntries(view.routes)).toEqual({ TopicA: ROUTE_A_BOTH, TopicB: ROUTE_B });
    });

    it("when a broker unregisters, the client and the watcher see its group leave the route", async () => {
      brokerB.send("unregister");
      const un = await brokerB.waitFor("the unregistration", (e) => e.event === "unregistered");
      expect(un.event.response).toMatchObject({ epoch, revision: "3", removed: true });
      await brokerB.waitFor("the end of its heartbeat stream", (e) => e.event === "stream_end");
      expect(await brokerB.exited).toEqual({ code: 0, signal: null });

      const a = await route("TopicA");
      expect(a.response).toMatchObject({ revision: "3", topicRevision: "3" });
      expect((a.response as { route: unknown }).route).toEqual(ROUTE_A_ONLY_A);

      await awaitView("broker-b's removal from TopicA", (v) => v.revision >= 3n);
      expect(view.revision).toBe(3n);
      expect(Object.fromEntries(view.routes)).toEqual({ TopicA: ROUTE_A_ONLY_A, TopicB: ROUTE_B });
      expect(view.changes.map((c) => [c.topic, c.frameRevision, c.removed ?? false])).toEqual([
        ["TopicA", 3n, false],
      ]);
    });

    it("when a broker crashes, after the stream-loss grace the watcher gets removed = true for all its topics in one revision", async () => {
      brokerA.kill("SIGKILL");
      expect((await brokerA.exited).signal).toBe("SIGKILL");
      // The heartbeat timeout is 60 s: only the broken heartbeat stream can remove broker-a here.
      await awaitView("the removal of TopicA and TopicB", (v) => v.routes.size === 0);
      const removals = view.changes.filter((c) => c.removed);
      expect(removals.map((c) => c.topic).sort()).toEqual(["TopicA", "TopicB"]);
      expect(removals.map((c) => c.frameRevision)).toEqual([4n, 4n]);
      expect(view.revision).toBe(4n);
      expect(view.violations).toEqual([]);
      expect(watcher.events.some((e) => e.event === "end")).toBe(false); // the stream stays open

      // The watcher learned it after the table changed, so a lookup now finds nothing.
      expect(await route("TopicA")).toMatchObject({ event: "error", code: "NOT_FOUND" });
      expect(await route("TopicB")).toMatchObject({ event: "error", code: "NOT_FOUND" });
    });
  });
}

/** The programs themselves: a typo in a flag must not pass as "no events". */
describe("interop programs", () => {
  it.each(LANGUAGES.map((l): [string, Language] => [l.name, l]))(
    "%s rejects a missing --target",
    async (_, lang) => {
      await lang.prepare();
      const r = await runProgram(`${lang.name} route`, lang.argv("route", ["--topic", "TopicA"]));
      expect(r.code).not.toBe(0);
      expect(r.events).toEqual([]);
    },
  );
});
