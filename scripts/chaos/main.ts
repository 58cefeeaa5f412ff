/**
 * The fault harness: `npm run chaos -- --seed 7 --duration 60s` (or `--seeds 1,2,3`).
 *
 * Runs real processes on loopback (NameServers behind fault proxies, stand-in brokers registered
 * with every NameServer), watchers (raw WatchRoutes streams and RouteWatchers, some on all
 * topics), RouteClient lookups and admin writes fanned out to every NameServer, while a seeded
 * schedule kills, pauses and restarts processes and breaks connections. Then it heals everything
 * and checks the recorded history (checker.ts). Prints seeds, faults by kind, operations and
 * frames checked and every violation with the history around it and the seed that replays it.
 * Exits 1 when a seed found a violation.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { credentials, Metadata, type ServiceError } from "@grpc/grpc-js";
import { AdminServiceClient } from "../../gen/ts/namesrv/v1/admin_service.js";
import type { TopicRouteData } from "../../gen/ts/namesrv/v1/route.js";
import { RouteServiceClient } from "../../gen/ts/namesrv/v1/route_service.js";
import { RouteClient } from "../../src/client/route-client.js";
import { checkAgainstLookups, checkNoMassRemoval, checkNoZombies, historyAround } from "./checker.js";
import { BrokerMember, CHAOS_LIVENESS, NameServerMember } from "./cluster.js";
import {
  type Lookup,
  Prober,
  RawWatcher,
  type RecordedWatcher,
  SdkWatcher,
  type Violation,
} from "./recorder.js";
import { faultSchedule, rng } from "./schedule.js";

// ---------- arguments ----------

function parseDuration(text: string): number {
  const m = /^(\d+)(ms|s|m)?$/.exec(text);
  if (!m) throw new Error(`bad duration ${text} (e.g. 60s, 2m, 500ms)`);
  const n = Number(m[1]);
  return m[2] === "ms" ? n : m[2] === "m" ? n * 60_000 : n * 1_000;
}

interface Options {
  seeds: number[];
  durationMs: number;
  nameServers: number;
  brokers: number;
  watchers: number;
  /** Extra NameServer flags (e.g. --mass-expiry-protection=false to see the harness catch it). */
  namesrvFlags: string[];
}

function parseOptions(argv: string[]): Options {
  const o: Options = {
    seeds: [1],
    durationMs: 60_000,
    nameServers: 3,
    brokers: 5,
    watchers: 10,
    namesrvFlags: [],
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf("=");
    const [flag, inline] = eq < 0 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
    const value = () => inline ?? (argv[++i] as string);
    if (flag === "--seed" || flag === "--seeds") o.seeds = value().split(",").map(Number);
    else if (flag === "--duration") o.durationMs = parseDuration(value());
    else if (flag === "--namesrvs") o.nameServers = Number(value());
    else if (flag === "--brokers") o.brokers = Number(value());
    else if (flag === "--watchers") o.watchers = Number(value());
    else if (flag === "--namesrv-flag") o.namesrvFlags.push(value());
    else if (flag === "--help") {
      process.stdout.write(
        "npm run chaos -- [--seed N | --seeds A,B,C] [--duration 60s] [--namesrvs 3] [--brokers 5] [--watchers 10] [--namesrv-flag=--x=y ...]\n",
      );
      process.exit(0);
    } else throw new Error(`unknown flag ${flag}`);
  }
  if (o.seeds.some((s) => !Number.isSafeInteger(s))) throw new Error("--seed: integers only");
  return o;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function call<Res>(fn: (cb: (err: ServiceError | null, res?: Res) => void) => void): Promise<Res> {
  return new Promise((resolve, reject) => fn((err, res) => (err ? reject(err) : resolve(res as Res))));
}

const deadline = (ms: number) => ({ deadline: Date.now() + ms });

// ---------- one seed ----------

interface SeedResult {
  seed: number;
  faults: Map<string, number>;
  counts: Record<string, number>;
  healMs: number;
  healBoundMs: number;
  violations: Violation[];
}

/** Heal bound: a silent broker's timeout, a mass-expiry hold, the stream-loss grace, reconnect backoff, slack. */
const HEAL_BOUND_MS =
  CHAOS_LIVENESS.heartbeatTimeoutMs * 2 + CHAOS_LIVENESS.streamLossGraceMs + 1_000 + 10_000;

async function runSeed(seed: number, o: Options): Promise<SeedResult> {
  const { steps: schedule, keepDead } = faultSchedule(seed, o);
  const random = rng(seed ^ 0x5bd1e995);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const root = await mkdtemp(join(tmpdir(), `namesrv-chaos-${seed}-`));
  const faults = new Map<string, number>();
  const count = (kind: string) => faults.set(kind, (faults.get(kind) ?? 0) + 1);
  const counts = {
    lookups: 0,
    lookupErrors: 0,
    kvPuts: 0,
    kvAcked: 0,
    drains: 0,
    probes: 0,
  } as Record<string, number> & {
    lookups: number;
    lookupErrors: number;
    kvPuts: number;
    kvAcked: number;
    drains: number;
    probes: number;
  };
  const violations: Violation[] = [];
  const timers: Array<() => void> = [];
  const every = (ms: number, fn: () => void | Promise<void>) => {
    let busy = false;
    const t = setInterval(() => {
      if (busy) return;
      busy = true;
      void Promise.resolve(fn()).finally(() => {
        busy = false;
      });
    }, ms);
    timers.push(() => clearInterval(t));
  };

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
  const universe = () => [...new Set(["Tshared", ...brokers.flatMap((b) => b.id.topics)])].sort();

  // --- watchers, lookups, admin writes ---
  const watchers: RecordedWatcher[] = [];
  for (let i = 0; i < o.watchers; i++) {
    const ns = i % o.nameServers;
    const topics = i % 3 === 0 ? "all" : [`T${i % o.brokers}a`, "Tshared", `T${(i + 1) % o.brokers}b`];
    const Kind = i % 2 === 0 ? RawWatcher : SdkWatcher;
    watchers.push(
      new Kind(
        `${Kind === RawWatcher ? "raw" : "sdk"}-watcher-${i}@ns${ns}`,
        ns,
        proxies[ns] as string,
        topics,
      ),
    );
  }
  const routeClients = [0, 1].map(() => new RouteClient({ namesrvAddrs: proxies, callTimeoutMs: 1_000 }));
  every(100, async () => {
    counts.lookups++;
    try {
      await pick(routeClients).getRoute(pick(universe()));
    } catch {
      counts.lookupErrors++;
    }
  });
  const admins = proxies.map(
    (p) => new AdminServiceClient(p, credentials.createInsecure(), { "grpc.use_local_subchannel_pool": 1 }),
  );
  const acked: Array<{ ns: number; key: string; value: string }> = [];
  let kvSeq = 0;
  every(700, async () => {
    const key = `k${seed}-${kvSeq++}`;
    const value = `v${Math.floor(random() * 1e9)}`;
    await Promise.all(
      admins.map(async (a, ns) => {
        counts.kvPuts++;
        try {
          await call((cb) =>
            a.putKvConfig({ namespace: "CHAOS", key, value }, new Metadata(), deadline(2_000), cb),
          );
          counts.kvAcked++;
          acked.push({ ns, key, value });
        } catch {
          // not acknowledged: may or may not be there
        }
      }),
    );
  });
  const drained = new Set<string>();
  every(4_000, async () => {
    const name = pick(brokers).id.brokerName;
    counts.drains++;
    drained.add(name);
    await Promise.allSettled(
      admins.map((a) =>
        call((cb) => a.wipeWritePermOfBroker({ brokerName: name }, new Metadata(), deadline(2_000), cb)),
      ),
    );
    await sleep(1_500);
    await Promise.allSettled(
      admins.map((a) =>
        call((cb) => a.addWritePermOfBroker({ brokerName: name }, new Metadata(), deadline(2_000), cb)),
      ),
    );
  });

  // --- revision-stamped lookups (the NameServers' truth) ---
  const prober = new Prober();
  const lookups: Lookup[] = [];
  every(300, async () => {
    await Promise.all(
      nss.map(async (n) => {
        if (!n.running || n.paused || n.directAddress === null) return;
        const address = n.directAddress;
        for (const topic of universe()) {
          counts.probes++;
          const r = await prober.lookup(n.index, address, topic);
          if (typeof r === "object") lookups.push(r);
        }
      }),
    );
  });

  // --- the fault schedule ---
  const pending = new Set<Promise<unknown>>();
  const later = (ms: number, fn: () => unknown) => {
    const p = sleep(ms).then(fn);
    pending.add(p);
    void p.finally(() => pending.delete(p));
  };
  const start = Date.now();
  for (const step of schedule) {
    await sleep(Math.max(0, start + step.atMs - Date.now()));
    count(step.kind);
    const ns = nss[step.ns] as NameServerMember;
    const broker = brokers[step.broker] as BrokerMember;
    switch (step.kind) {
      case "ns-kill":
        if (!ns.running) break;
        await ns.kill();
        later(step.forMs, () => (ns.running ? undefined : ns.start().catch(() => undefined)));
        break;
      case "ns-pause":
        ns.signal("SIGSTOP");
        later(step.forMs, () => ns.signal("SIGCONT"));
        break;
      case "broker-kill":
        if (!broker.running) break;
        await broker.kill();
        later(step.forMs, () => {
          // Some restarts come with a changed topic table (a new data version).
          if (step.newTopic !== null) {
            broker.id.topics = [...broker.id.topics.filter((t) => !t.includes("x")), step.newTopic];
          }
          if (!broker.running) broker.start();
        });
        break;
      case "broker-pause":
        broker.signal("SIGSTOP");
        later(step.forMs, () => broker.signal("SIGCONT"));
        break;
      case "latency":
        ns.proxy.inject("latency", step.latencyMs);
        later(step.forMs, () => ns.proxy.heal());
        break;
      case "blackhole":
      case "all-brokers-cut":
        // Every connection to this NameServer goes quiet: all its brokers fall silent at once.
        ns.proxy.inject("blackhole");
        later(step.forMs, () => ns.proxy.heal());
        break;
      case "half-open":
        ns.proxy.inject("half-open");
        later(step.forMs, () => ns.proxy.heal());
        break;
      case "reset":
        ns.proxy.reset();
        break;
    }
  }

  // --- heal ---
  for (const t of timers) t();
  await Promise.allSettled([...pending]);
  for (const n of nss) {
    n.proxy.heal();
    n.signal("SIGCONT");
  }
  for (const b of brokers) {
    b.signal("SIGCONT");
    if (!b.running) b.start();
  }
  for (const n of nss) if (!n.running) await n.start();
  // One broker stays dead after the heal (seeded): its removal is checked too.
  const gone = keepDead === null ? null : (brokers[keepDead] as BrokerMember);
  if (gone !== null) await gone.kill();
  for (const name of new Set([...drained, ...brokers.map((b) => b.id.brokerName)])) {
    await Promise.allSettled(
      admins.map((a) =>
        call((cb) => a.addWritePermOfBroker({ brokerName: name }, new Metadata(), deadline(2_000), cb)),
      ),
    );
  }
  const healedAt = Date.now();
  const liveBrokers = brokers.filter((b) => b.running);
  let lastProblem = "";
  let healMs = -1;
  while (Date.now() - healedAt < HEAL_BOUND_MS) {
    lastProblem = await convergenceProblem(nss, liveBrokers, watchers);
    if (lastProblem === "") {
      healMs = Date.now() - healedAt;
      break;
    }
    await sleep(250);
  }
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
  for (const { ns, key, value } of acked) {
    const n = nss[ns] as NameServerMember;
    const direct = new AdminServiceClient(n.directAddress as string, credentials.createInsecure());
    try {
      const got = await call<{ value: string }>((cb) =>
        direct.getKvConfig({ namespace: "CHAOS", key }, new Metadata(), deadline(2_000), cb),
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
  for (const w of watchers) violations.push(...w.violations);
  const torn = checkAgainstLookups(watchers, lookups);
  violations.push(...torn.violations);
  const zombies = checkNoZombies(
    watchers,
    (addr, ns) => brokers.find((b) => b.id.brokerAddr === addr)?.registrations(proxies[ns] as string) ?? [],
    5_000,
  );
  violations.push(...zombies.violations);
  violations.push(...checkNoMassRemoval(watchers));
  for (const v of violations) {
    const w = watchers.find((x) => x.name === v.subject);
    if (w) v.history = historyAround(w.history, v.t);
  }

  counts.frames = watchers.reduce((s, w) => s + w.frames, 0);
  counts.consistentPoints = watchers.reduce((s, w) => s + w.points.length, 0);
  counts.resets = watchers.reduce((s, w) => s + w.resets, 0);
  counts.revisionStampedLookups = lookups.length;
  counts.pointLookupComparisons = torn.compared;
  counts.brokerReappearances = zombies.reappearances;
  counts.registrations = brokers.reduce(
    (s, b) => s + b.logs.filter((l) => l.line.msg === "registered").length,
    0,
  );
  const nsLog = (msg: string) =>
    nss.reduce((s, n) => s + n.logs.filter((l) => String(l.line.msg).startsWith(msg)).length, 0);
  counts.expiries = nsLog("broker expired");
  counts.massExpiryHolds = nsLog("mass expiry held");
  counts.stalledSweeps = nsLog("sweep ran late");
  counts.nsStarts = nss.reduce((s, n) => s + n.starts, 0);

  // --- teardown ---
  for (const w of watchers) w.close();
  for (const c of routeClients) c.close();
  for (const a of admins) a.close();
  prober.close();
  await Promise.all([...brokers, ...nss].map((m) => m.kill()));
  await Promise.all(nss.map((n) => n.proxy.close()));
  await rm(root, { recursive: true, force: true });
  return { seed, faults, counts, healMs, healBoundMs: HEAL_BOUND_MS, violations };
}

/** "" when every NameServer holds exactly the live brokers' registrations and every watcher equals its NameServer. */
async function convergenceProblem(
  nss: readonly NameServerMember[],
  live: readonly BrokerMember[],
  watchers: readonly RecordedWatcher[],
): Promise<string> {
  const expectedTopics = new Map<string, BrokerMember[]>();
  for (const b of live)
    for (const t of b.id.topics) expectedTopics.set(t, [...(expectedTopics.get(t) ?? []), b]);
  const topicsWanted = [...expectedTopics.keys()].sort();
  for (const n of nss) {
    const client = new RouteServiceClient(n.directAddress as string, credentials.createInsecure());
    try {
      const listed = await call<{ topics: string[]; epoch: bigint; revision: bigint }>((cb) =>
        client.listTopics(
          { clusterName: "", pageSize: 0, pageToken: "" },
          new Metadata(),
          deadline(1_000),
          cb,
        ),
      );
      const have = [...listed.topics].sort();
      if (have.join() !== topicsWanted.join())
        return `namesrv ${n.index} has topics ${have} instead of ${topicsWanted}`;
      const routes = new Map<string, TopicRouteData>();
      for (const [topic, owners] of expectedTopics) {
        const r = await call<{ route?: TopicRouteData; revision: bigint }>((cb) =>
          client.getRouteInfoByTopic({ topic, zoneName: "" }, new Metadata(), deadline(1_000), cb),
        );
        const route = r.route as TopicRouteData;
        routes.set(topic, route);
        const groups = route.queueDatas.map((q) => `${q.brokerName}/${q.perm}`).sort();
        const want = owners.map((b) => `${b.id.brokerName}/6`).sort();
        if (groups.join() !== want.join())
          return `namesrv ${n.index} route of ${topic}: ${groups} instead of ${want}`;
        const addrs = route.brokerDatas.flatMap((d) => [...d.brokerAddrs.values()]).sort();
        const wantAddrs = owners.map((b) => b.id.brokerAddr).sort();
        if (addrs.join() !== wantAddrs.join()) return `namesrv ${n.index} addresses of ${topic}: ${addrs}`;
      }
      const { routeKey } = await import("./recorder.js");
      for (const w of watchers.filter((x) => x.ns === n.index)) {
        const c = w.current();
        if (c === null) return `${w.name} has no consistent view`;
        if (c.epoch !== listed.epoch.toString())
          return `${w.name} is at epoch ${c.epoch}, namesrv ${n.index} at ${listed.epoch}`;
        const topics = w.topics === "all" ? topicsWanted : w.topics;
        for (const t of topics) {
          const want = routes.has(t) ? routeKey(routes.get(t)) : "absent";
          const seen = c.view.get(t) ?? "absent";
          if (seen !== want) return `${w.name} differs from namesrv ${n.index} on ${t}`;
        }
        if (w.topics === "all" && c.view.size !== topicsWanted.length)
          return `${w.name} holds ${c.view.size} topics`;
      }
    } catch (err) {
      return `namesrv ${n.index}: ${(err as Error).message}`;
    } finally {
      client.close();
    }
  }
  return "";
}

// ---------- output ----------

function report(r: SeedResult): void {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out(`seed ${r.seed}: ${r.violations.length === 0 ? "OK" : `${r.violations.length} VIOLATION(S)`}`);
  out(`  faults: ${[...r.faults].map(([k, n]) => `${k}=${n}`).join(" ") || "none"}`);
  out(
    `  checked: ${Object.entries(r.counts)
      .map(([k, n]) => `${k}=${n}`)
      .join(" ")}`,
  );
  out(`  healed: ${r.healMs < 0 ? "NOT within" : `${r.healMs} ms, within`} the bound of ${r.healBoundMs} ms`);
  for (const v of r.violations.slice(0, 20)) {
    out(`  VIOLATION [${v.check}] ${v.subject}: ${v.message}`);
    out(`    replay: npm run chaos -- --seed ${r.seed}`);
    for (const h of v.history) out(`    ${new Date(h.t).toISOString()} ${h.what}`);
  }
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  process.stdout.write(
    `chaos: seeds ${o.seeds.join(",")}, ${o.durationMs} ms each, ${o.nameServers} namesrvs, ${o.brokers} brokers, ${o.watchers} watchers\n`,
  );
  const results: SeedResult[] = [];
  for (const seed of o.seeds) {
    const r = await runSeed(seed, o);
    report(r);
    results.push(r);
  }
  const total = new Map<string, number>();
  for (const r of results) for (const [k, n] of r.faults) total.set(k, (total.get(k) ?? 0) + n);
  const bad = results.filter((r) => r.violations.length > 0);
  process.stdout.write(
    `chaos summary: seeds=${results.length} faults=${[...total.values()].reduce((a, b) => a + b, 0)} (${[...total].map(([k, n]) => `${k}=${n}`).join(" ")}) frames=${results.reduce((s, r) => s + (r.counts.frames ?? 0), 0)} violations=${results.reduce((s, r) => s + r.violations.length, 0)} failing seeds=${bad.map((r) => r.seed).join(",") || "none"}\n`,
  );
  process.exit(bad.length > 0 ? 1 : 0);
}

main().catch((err) => {
  process.stderr.write(`chaos: ${(err as Error).stack ?? err}\n`);
  process.exit(2);
});
