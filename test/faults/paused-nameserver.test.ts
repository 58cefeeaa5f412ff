/**
 * The Nacos "pushed 0 instances" failure, reproduced with real processes: a NameServer with a 3 s
 * heartbeat timeout is SIGSTOPped for longer than that while two live stand-in brokers keep
 * heartbeating into its socket buffers. On SIGCONT it must read those heartbeats before judging
 * liveness: a watcher must never see the brokers' topics removed.
 */
import { afterEach, describe, expect, it } from "vitest";
import { type LineProcess, startAgentProcess, until } from "../helpers/cli.js";
import { connect } from "../helpers/grpc.js";
import { type ServerProcess, startServerProcess } from "../helpers/process.js";
import { FrameRecorder } from "../helpers/watch.js";

const LIVENESS = [
  "--heartbeat-timeout-ms",
  "3000",
  "--heartbeat-interval-ms",
  "300",
  "--sweep-interval-ms",
  "100",
];
const PAUSE_MS = 5_000;

let ns: ServerProcess | undefined;
let agents: LineProcess[] = [];
let cleanup: Array<() => void> = [];
afterEach(async () => {
  for (const c of cleanup) c();
  for (const a of agents) a.kill();
  ns?.kill("SIGCONT");
  ns?.kill();
  await ns?.exited;
  await Promise.all(agents.map((a) => a.exited));
  ns = undefined;
  agents = [];
  cleanup = [];
});

/** Runs the scenario; returns the topics the watcher ever saw removed and the NameServer's logs. */
async function pauseScenario(extraArgs: string[]) {
  ns = await startServerProcess([
    "--listen",
    "127.0.0.1:0",
    "--log-level",
    "info",
    ...LIVENESS,
    ...extraArgs,
  ]);
  const address = ns.address;
  agents.push(
    await startAgentProcess([address], {
      brokerName: "broker-a",
      brokerAddr: "127.0.0.1:10911",
      topics: ["Ta", "Tshared"],
    }),
    await startAgentProcess([address], {
      brokerName: "broker-b",
      brokerAddr: "127.0.0.1:10912",
      topics: ["Tb", "Tshared"],
    }),
  );
  const clients = connect(address);
  const watch = new FrameRecorder(clients.route, { allTopics: true });
  cleanup.push(
    () => watch.cancel(),
    () => clients.close(),
  );
  await watch.until((w) => w.consistent !== null && w.view.has("Ta") && w.view.has("Tb"));
  const removed = new Set<string>();
  const framesBefore = watch.frames.length;
  ns.kill("SIGSTOP");
  await new Promise((r) => setTimeout(r, PAUSE_MS));
  ns.kill("SIGCONT");
  // Some sweeps after the wake-up: long enough for a wrongful expiry and the re-registrations after it.
  const woke = Date.now();
  await until(() => Date.now() - woke > 2_000, "two seconds after SIGCONT", 5_000, 100);
  for (const f of watch.frames.slice(framesBefore)) {
    for (const u of f.routes?.updates ?? []) if (u.removed) removed.add(u.topic);
  }
  expect(watch.violations).toEqual([]);
  return { removed: [...removed].sort(), logs: ns.logs, view: watch.view };
}

describe("a NameServer paused past the heartbeat timeout (SIGSTOP/SIGCONT)", () => {
  it("removes no live broker on waking: it reads the waiting heartbeats first", async () => {
    const { removed, logs, view } = await pauseScenario([]);
    expect(removed).toEqual([]);
    expect(logs.filter((l) => l.msg === "broker expired")).toEqual([]);
    expect(logs.some((l) => String(l.msg).startsWith("sweep ran late"))).toBe(true);
    expect([...view.keys()].sort()).toEqual(["Ta", "Tb", "Tshared"]);
  });

  // The control: without the protection the bug shows, which proves the scenario can fail. It is
  // a race (a sweep on waking against the heartbeats waiting in the socket buffers), which a loaded
  // machine sometimes wins the other way, so it gets two tries and is reported as skipped, not
  // passed, when the race never went the bug's way. The protection's decisions themselves are
  // tested exactly with a manual clock (test/unit/mass-expiry.test.ts, liveness.test.ts).
  it("without the protection, the same pause expires both brokers (the bug this guards against)", async (ctx) => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const { removed, logs } = await pauseScenario(["--mass-expiry-protection", "false"]);
      const expired = logs.filter((l) => l.msg === "broker expired").length;
      if (expired > 0) {
        expect(removed.length).toBeGreaterThan(0);
        return;
      }
      for (const c of cleanup) c();
      for (const a of agents) a.kill();
      ns?.kill();
      await ns?.exited;
      await Promise.all(agents.map((a) => a.exited));
      ns = undefined;
      agents = [];
      cleanup = [];
    }
    ctx.skip("the waiting heartbeats won the race twice on this machine: the bug did not show");
  });
});
