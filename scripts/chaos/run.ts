/**
 * One chaos run: start the processes, drive the faults and client operations (drawn from the seed,
 * or read from a history file for a replay), heal, and check the recorded history.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { credentials, Metadata, type ServiceError } from "@grpc/grpc-js";
import { AdminServiceClient } from "../../gen/ts/namesrv/v1/admin_service.js";
import { RouteClient } from "../../src/client/route-client.js";
import { type Action, Actor, type LoggedAction } from "./actions.js";
import {
  checkAgainstLookups,
  checkNoMassRemoval,
  checkNoZombies,
  checkTopicDeletes,
  checkUnregistrations,
  expectedTable,
  historyAround,
  type LiveBroker,
} from "./checker.js";
import { BrokerMember, CHAOS_LIVENESS, NameServerMember } from "./cluster.js";
import { convergenceProblem } from "./convergence.js";
import type { History, RunShape } from "./history.js";
import {
  type Lookup,
  Prober,
  RawWatcher,
  type RecordedWatcher,
  SdkWatcher,
  type Violation,
} from "./recorder.js";
import {
  type BrokerOpRecord,
  brokerRecords,
  epochsByStart,
  namesrvRecords,
  RegistrationIndex,
  type TopicDeleteRecord,
} from "./records.js";
import { faultSchedule, type KeepDead, operationPlan, topicNames, watcherPlan } from "./schedule.js";

export interface SeedResult {
  seed: number;
  faults: Map<string, number>;
  counts: Record<string, number>;
  healMs: number;
  healBoundMs: number;
  violations: Violation[];
  /** What a replay needs (history.ts). */
  history: History;
}

/** Heal bound: a silent broker's timeout, a mass-expiry hold, the stream-loss grace, reconnect backoff, slack. */
export const HEAL_BOUND_MS =
  CHAOS_LIVENESS.heartbeatTimeoutMs * 2 + CHAOS_LIVENESS.streamLossGraceMs + 1_000 + 10_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function call<Res>(fn: (cb: (err: ServiceError | null, res?: Res) => void) => void): Promise<Res> {
  return new Promise((resolve, reject) => fn((err, res) => (err ? reject(err) : resolve(res as Res))));
}

/** The retained-removals window the NameServers run with (a --watch-retained-removals flag), or the default. */
function retainedRemovals(flags: readonly string[]): number {
  for (const f of flags) {
    const m = /^--watch-retained-removals=(\d+)$/.exec(f);
    if (m) return Number(m[1]);
  }
  return 100_000;
}

/**
 * Runs one seed. With `replay`, the seed, shape and broker kept dead come from the history and
 * its actions before the heal are performed at their recorded offsets instead of the schedule's.
 */
export async function runSeed(seed: number, o: RunShape, replay?: History): Promise<SeedResult> {
  const drawn = faultSchedule(seed, o);
  const keepDead: KeepDead | null = replay ? replay.keepDead : drawn.keepDead;
  const root = await mkdtemp(join(tmpdir(), `namesrv-chaos-${seed}-`));
  const violations: Violation[] = [];
  const allTopics = topicNames(o.brokers);
  const compactionPossible = retainedRemovals(o.namesrvFlags) < allTopics.length;

  // --- processes ---
  const nss = Array.from(
    { length: o.nameServers },
    (_, i) => new NameServerMember(i, join(root, `ns${i}`), o.namesrvFlags),
  );
  await Promise.all(nss.map((n) => n.start()));
  const proxies = nss.map((n) => n.proxyAddress);
  const brokers = Array.from(
    { length: o.brokers },
    (_, j) =>
      new BrokerMember(
        {
          brokerName: `broker-${j}`,
          brokerAddr: `127.0.0.1:2${String(j).padStart(4, "0")}`,
          topics: [`T${j}a`, `T${j}b`, "Tshared"],
        },
        () => proxies,
      ),
  );
  for (const b of brokers) b.start();
  const registeredEverywhere = () =>
    brokers.every((b) => proxies.every((p) => b.registrations(p).length > 0));
  for (let i = 0; i < 200 && !registeredEverywhere(); i++) await sleep(50);
  if (!registeredEverywhere()) throw new Error("brokers did not register with every NameServer");

  // --- watchers, lookup clients, the actor ---
  const watchers: RecordedWatcher[] = watcherPlan(o).map((w) => {
    const Kind = w.kind === "raw" ? RawWatcher : SdkWatcher;
    return new Kind(w.name, w.ns, proxies[w.ns] as string, w.topics, { compactionPossible });
  });
  const routeClients = [0, 1].map(() => new RouteClient({ namesrvAddrs: proxies, callTimeoutMs: 1_000 }));
  const actor = new Actor(nss, brokers, routeClients);

  // --- revision-stamped lookups (the NameServers' truth) ---
  const prober = new Prober();
  const lookups: Lookup[] = [];
  let probes = 0;
  let probing = true;
  const probeLoop = (async () => {
    while (probing) {
      await Promise.all(
        nss.map(async (n) => {
          if (!n.running || n.paused || n.directAddress === null) return;
          const address = n.directAddress;
          for (const topic of allTopics) {
            probes++;
            const r = await prober.lookup(n.index, address, topic);
            if (typeof r === "object") lookups.push(r);
          }
        }),
      );
      await sleep(300);
    }
  })();

  // --- the drive: faults and operations ---
  if (replay)
    await replayActions(
      actor,
      replay.actions.filter((a) => a.at < replay.healAt),
    );
  else await drive(actor, seed, o, brokers);
  await actor.settle();

  // --- heal ---
  const healAt = Date.now() - actor.startedAt;
  for (const n of nss) {
    await actor.perform({ kind: "proxy-heal", ns: n.index });
    await actor.perform({ kind: "ns-signal", ns: n.index, signal: "SIGCONT" });
  }
  for (const [j, b] of brokers.entries()) {
    await actor.perform({ kind: "broker-signal", broker: j, signal: "SIGCONT" });
    if (!b.running) await actor.perform({ kind: "broker-start", broker: j, topics: b.id.topics });
  }
  for (const n of nss) if (!n.running) await actor.perform({ kind: "ns-start", ns: n.index });
  // One broker stays down after the heal (seeded), killed or stopped gracefully (unregistering):
  // its removal is checked too.
  if (keepDead !== null) {
    await actor.perform({ kind: keepDead.graceful ? "broker-stop" : "broker-kill", broker: keepDead.broker });
  }
  for (const j of brokers.keys()) await actor.perform({ kind: "undrain", broker: j });
  const healedAt = Date.now();
  const liveBrokers: LiveBroker[] = brokers.filter((b) => b.running).map((b) => ({ ...b.id }));
  const nsOfPeer = (peer: string) => proxies.indexOf(peer);
  const records = () => {
    const ops: BrokerOpRecord[] = brokers.flatMap((b) => brokerRecords(b.id.brokerAddr, b.logs, nsOfPeer));
    const deletes: TopicDeleteRecord[] = [...actor.deletes];
    for (const n of nss) {
      const r = namesrvRecords(n.index, n.logs);
      ops.push(...r.ops);
      deletes.push(...r.deletes);
    }
    return { ops, deletes, registrations: new RegistrationIndex(ops) };
  };
  let lastProblem = "";
  let healMs = -1;
  while (Date.now() - healedAt < HEAL_BOUND_MS) {
    const { deletes, registrations } = records();
    const expected = (ns: number, epoch: string) =>
      expectedTable(ns, epoch, liveBrokers, deletes, registrations);
    lastProblem = await convergenceProblem(nss, liveBrokers, expected, watchers);
    if (lastProblem === "") {
      healMs = Date.now() - healedAt;
      break;
    }
    await sleep(250);
  }
  probing = false;
  await probeLoop;
  if (healMs < 0) {
    violations.push({
      check: "heal",
      subject: "cluster",
      message: `not converged ${HEAL_BOUND_MS} ms after healing: ${lastProblem}`,
      t: Date.now(),
      history: [],
    });
  }

  // --- KV: no acknowledged write lost across kill -9 and restart ---
  for (const { ns, key, value } of actor.acked) {
    const n = nss[ns] as NameServerMember;
    const direct = new AdminServiceClient(n.directAddress as string, credentials.createInsecure());
    try {
      const got = await call<{ value: string }>((cb) =>
        direct.getKvConfig({ namespace: "CHAOS", key }, new Metadata(), { deadline: Date.now() + 2_000 }, cb),
      );
      if (got.value !== value) throw new Error(`value ${got.value}`);
    } catch (err) {
      violations.push({
        check: "kv-lost",
        subject: `namesrv ${ns}`,
        message: `acknowledged put CHAOS/${key}=${value} is not there after restarts (${(err as Error).message})`,
        t: Date.now(),
        history: [],
      });
    } finally {
      direct.close();
    }
  }

  // --- history checks ---
  for (const w of watchers) w.finish();
  for (const w of watchers) violations.push(...w.violations);
  const { ops, deletes, registrations } = records();
  const torn = checkAgainstLookups(watchers, lookups);
  violations.push(...torn.violations);
  const zombies = checkNoZombies(watchers, registrations);
  violations.push(...zombies.violations);
  const unregs = checkUnregistrations(watchers, lookups, ops, registrations);
  violations.push(...unregs.violations);
  const groupAddr = new Map(brokers.map((b) => [b.id.brokerName, b.id.brokerAddr]));
  const deleted = checkTopicDeletes(watchers, lookups, deletes, registrations, (g) => groupAddr.get(g));
  violations.push(...deleted.violations);
  violations.push(...checkNoMassRemoval(watchers));
  for (const v of violations) {
    const w = watchers.find((x) => x.name === v.subject);
    if (w) v.history = historyAround(w.history, v.t);
  }

  const counts: Record<string, number> = { ...actor.counts, probes };
  counts.frames = watchers.reduce((s, w) => s + w.frames, 0);
  counts.consistentPoints = watchers.reduce((s, w) => s + w.points.length, 0);
  counts.resets = watchers.reduce((s, w) => s + w.resets, 0);
  counts.revisionStampedLookups = lookups.length;
  counts.pointLookupComparisons = torn.compared;
  counts.brokerReappearances = zombies.reappearances;
  const brokerSide = ops.filter((x) => x.seenBy === "broker");
  counts.registrations = brokerSide.filter((x) => x.op === "register").length;
  counts.unregistrationsAcked = brokerSide.filter((x) => x.op === "unregister" && x.ok).length;
  counts.unregistrationsAckedRemoved = brokerSide.filter(
    (x) => x.op === "unregister" && x.ok && x.changed === true,
  ).length;
  counts.unregistrationsFailed = brokerSide.filter((x) => x.op === "unregister" && !x.ok).length;
  counts.unregistrationsApplied = ops.filter((x) => x.seenBy === "namesrv" && x.op === "unregister").length;
  counts.unregistrationComparisons = unregs.compared;
  counts.topicDeletesApplied = deletes.filter((d) => d.seenBy === "namesrv").length;
  counts.deleteComparisons = deleted.compared;
  const nsLog = (msg: string) =>
    nss.reduce((s, n) => s + n.logs.filter((l) => String(l.line.msg).startsWith(msg)).length, 0);
  counts.expiries = nsLog("broker expired");
  counts.massExpiryHolds = nsLog("mass expiry held");
  counts.stalledSweeps = nsLog("sweep ran late");
  counts.nsStarts = nss.reduce((s, n) => s + epochsByStart(n.logs).size, 0);

  // --- teardown ---
  for (const w of watchers) w.close();
  for (const c of routeClients) c.close();
  actor.close();
  prober.close();
  await Promise.all([...brokers, ...nss].map((m) => m.kill()));
  await Promise.all(nss.map((n) => n.proxy.close()));
  await rm(root, { recursive: true, force: true });
  const history: History = {
    seed,
    shape: o,
    keepDead,
    startedAt: actor.startedAt,
    healAt,
    actions: actor.actions,
    answers: actor.answers,
    violations,
    recorded: {
      brokerOps: ops,
      topicDeletes: deletes,
      watchers: watchers.map((w) => ({ name: w.name, history: w.history })),
    },
  };
  return { seed, faults: actor.faults, counts, healMs, healBoundMs: HEAL_BOUND_MS, violations, history };
}

/** Drives the seed's fault schedule and operation plan, each step at its offset. */
async function drive(
  actor: Actor,
  seed: number,
  o: RunShape,
  brokers: readonly BrokerMember[],
): Promise<void> {
  const { steps } = faultSchedule(seed, o);
  const start = actor.startedAt;
  const at = (ms: number) => sleep(Math.max(0, start + ms - Date.now()));
  const pending = new Set<Promise<unknown>>();
  const later = (ms: number, fn: () => unknown) => {
    const p = sleep(ms).then(fn);
    pending.add(p);
  };
  const operations = (async () => {
    for (const { atMs, ...op } of operationPlan(seed, o)) {
      await at(atMs);
      void actor.perform(op as Action);
    }
  })();
  for (const step of steps) {
    await at(step.atMs);
    const ns = step.ns;
    const broker = step.broker;
    const ends = (a: Action) => later(step.forMs, () => actor.perform(a));
    switch (step.kind) {
      case "ns-kill":
        await actor.perform({ kind: "ns-kill", ns }, step.kind);
        ends({ kind: "ns-start", ns });
        break;
      case "ns-pause":
        await actor.perform({ kind: "ns-signal", ns, signal: "SIGSTOP" }, step.kind);
        ends({ kind: "ns-signal", ns, signal: "SIGCONT" });
        break;
      case "broker-kill":
      case "broker-stop": {
        // A graceful stop takes up to a few seconds (unregistering): not awaited here.
        const down = actor.perform({ kind: step.kind, broker }, step.kind);
        if (step.kind === "broker-kill") await down;
        later(step.forMs, () => {
          // Some restarts come with a changed topic table (a new data version).
          const b = brokers[broker] as BrokerMember;
          const topics =
            step.newTopic === null
              ? b.id.topics
              : [...b.id.topics.filter((t) => !t.includes("x")), step.newTopic];
          return actor.perform({ kind: "broker-start", broker, topics });
        });
        break;
      }
      case "broker-pause":
        await actor.perform({ kind: "broker-signal", broker, signal: "SIGSTOP" }, step.kind);
        ends({ kind: "broker-signal", broker, signal: "SIGCONT" });
        break;
      case "latency":
        await actor.perform(
          { kind: "proxy-fault", ns, fault: "latency", latencyMs: step.latencyMs },
          step.kind,
        );
        ends({ kind: "proxy-heal", ns });
        break;
      case "blackhole":
      case "all-brokers-cut":
        // Every connection to this NameServer goes quiet: all its brokers fall silent at once.
        await actor.perform({ kind: "proxy-fault", ns, fault: "blackhole", latencyMs: 0 }, step.kind);
        ends({ kind: "proxy-heal", ns });
        break;
      case "half-open":
        await actor.perform({ kind: "proxy-fault", ns, fault: "half-open", latencyMs: 0 }, step.kind);
        ends({ kind: "proxy-heal", ns });
        break;
      case "reset":
        await actor.perform({ kind: "proxy-reset", ns }, step.kind);
        break;
    }
  }
  await operations;
  // Let the last faults end on their own (each lasts at most 6 s) before the heal.
  await Promise.allSettled([...pending]);
}

/**
 * Performs recorded actions at their recorded offsets, in their recorded order; none waits for the
 * one before (as in the run, where faults end and operations start on their own timers).
 */
async function replayActions(actor: Actor, actions: readonly LoggedAction[]): Promise<void> {
  const start = actor.startedAt;
  for (const a of actions) {
    await sleep(Math.max(0, start + a.at - Date.now()));
    const { at: _at, seq: _seq, step, ...action } = a;
    void actor.perform(action as Action, step);
  }
}
