/**
 * The soak run: `npm run soak -- --duration 10m` (bounded, loopback).
 *
 * One NameServer process under steady load for the whole run:
 * - `--brokers` brokers heartbeating on streams (swarm processes of scripts/bench/heartbeat-client),
 *   one swarm killed (SIGKILL) and restarted every `--churn-every` (broker churn);
 * - `--watchers` WatchRoutes subscribers (scripts/bench/subscriber) on the changing topics;
 * - route lookups at a fixed `--lookup-rate` per second, timed;
 * - registrations with changed topic tables (a new data version) every `--change-every`.
 * Every `--sample-every` it prints the server's RSS, heap (reported by a preloaded reporter after a
 * full GC), open fds, open streams (as the clients hold them) and the lookup p99 of the interval.
 * It fails (exit 1) when, after the warm-up, RSS or fds keep growing (the least-squares slope over
 * the post-warm-up samples, times the window, exceeds the threshold), when a subscriber stream
 * failed, when more than 1 % of the lookups after the warm-up failed, or when the lookup p99
 * drifts upward (the last third's median p99 above twice the first third's plus 2 ms).
 */
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { credentials, Metadata } from "@grpc/grpc-js";
import { BrokerServiceClient, RegisterBrokerRequest } from "../../gen/ts/namesrv/v1/broker_service.js";
import { RouteServiceClient, WatchRoutesRequest } from "../../gen/ts/namesrv/v1/route_service.js";
import { topicConfig } from "../bench/lib/fixture.js";
import { type LineChild, rssBytes, startNamesrv, startScript, stopAll } from "../bench/lib/proc.js";
import { percentile } from "../bench/lib/stats.js";

interface Options {
  durationMs: number;
  brokers: number;
  watchers: number;
  lookupRate: number;
  swarms: number;
  churnEveryMs: number;
  changeEveryMs: number;
  sampleEveryMs: number;
  warmUpMs: number;
  /** Largest fitted RSS growth over the post-warm-up window, bytes. */
  maxRssGrowth: number;
  /** Largest fitted fd growth over the post-warm-up window. */
  maxFdGrowth: number;
}

function parseDuration(text: string): number {
  const m = /^(\d+)(ms|s|m)?$/.exec(text);
  if (!m) throw new Error(`bad duration ${text} (e.g. 10m, 120s)`);
  const n = Number(m[1]);
  return m[2] === "ms" ? n : m[2] === "m" ? n * 60_000 : n * 1_000;
}

function parseOptions(argv: string[]): Options {
  const o: Options = {
    durationMs: 600_000,
    brokers: 1_000,
    watchers: 10_000,
    lookupRate: 200,
    swarms: 4,
    churnEveryMs: 20_000,
    changeEveryMs: 1_000,
    sampleEveryMs: 10_000,
    warmUpMs: -1,
    maxRssGrowth: 16 * 1024 * 1024,
    maxFdGrowth: 8,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const eq = arg.indexOf("=");
    const [flag, inline] = eq < 0 ? [arg, undefined] : [arg.slice(0, eq), arg.slice(eq + 1)];
    const v = () => inline ?? (argv[++i] as string);
    switch (flag) {
      case "--duration":
        o.durationMs = parseDuration(v());
        break;
      case "--brokers":
        o.brokers = Number(v());
        break;
      case "--watchers":
        o.watchers = Number(v());
        break;
      case "--lookup-rate":
        o.lookupRate = Number(v());
        break;
      case "--churn-every":
        o.churnEveryMs = parseDuration(v());
        break;
      case "--sample-every":
        o.sampleEveryMs = parseDuration(v());
        break;
      case "--warm-up":
        o.warmUpMs = parseDuration(v());
        break;
      case "--max-rss-growth-mib":
        o.maxRssGrowth = Number(v()) * 1024 * 1024;
        break;
      case "--help":
        process.stdout.write(
          "npm run soak -- [--duration 10m] [--brokers 1000] [--watchers 10000] [--lookup-rate 200] [--churn-every 20s] [--sample-every 10s] [--warm-up 3m] [--max-rss-growth-mib 16]\n",
        );
        process.exit(0);
        break;
      default:
        throw new Error(`unknown flag ${flag}`);
    }
  }
  // Default warm-up: a third of the run, at least one sample interval (heaps, JIT and buffers settle).
  if (o.warmUpMs < 0) o.warmUpMs = Math.max(o.sampleEveryMs, Math.floor(o.durationMs / 3));
  return o;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const HEAP_REPORTER = fileURLToPath(new URL("./heap-reporter.js", import.meta.url));
/** The topics that change; every subscriber watches them. */
const CHANGING_TOPICS = ["soak-c0", "soak-c1", "soak-c2", "soak-c3"];

interface Sample {
  tMs: number;
  rss: number;
  heap: number;
  fds: number;
  streams: number;
  lookupP99Ms: number;
  lookups: number;
  lookupErrors: number;
}

/** Least-squares slope of y over x. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += ((xs[i] as number) - mx) * ((ys[i] as number) - my);
    den += ((xs[i] as number) - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

function fdCount(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return Number.NaN;
  }
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const log = (s: string) => process.stdout.write(`${s}\n`);
  log(
    `soak: ${o.durationMs / 1000} s, ${o.brokers} brokers in ${o.swarms} swarms (one restarted every ${o.churnEveryMs / 1000} s), ${o.watchers} watchers, ${o.lookupRate} lookups/s, a changed registration every ${o.changeEveryMs / 1000} s, warm-up ${o.warmUpMs / 1000} s`,
  );
  const dataDir = mkdtempSync(join(tmpdir(), "namesrv-soak-"));
  const server = await startNamesrv(
    [
      // info: the ready line is an info line; state changes are rare next to the load.
      "--log-level",
      "info",
      "--data-dir",
      dataDir,
      "--max-watch-subscribers",
      String(Math.max(20_000, o.watchers * 2)),
      "--max-pending-heartbeat-streams",
      String(Math.max(1_000, o.brokers)),
    ],
    ["--expose-gc", "--import", HEAP_REPORTER],
  );
  let heap = 0;
  server.child.stdout?.on("data", () => {});
  const heapLines = () => {
    for (let i = server.lines.length - 1; i >= 0; i--) {
      const l = server.lines[i] as Record<string, unknown>;
      if (typeof l.soakHeap === "number") return l.soakHeap;
    }
    return heap;
  };

  // Brokers whose registrations change; their topics are what the subscribers watch.
  const broker = new BrokerServiceClient(server.address, credentials.createInsecure());
  let version = 1n;
  const changeRegistration = async () => {
    version++;
    const k = Number(version % 3n);
    const reg = RegisterBrokerRequest.fromPartial({
      clusterName: "soak",
      brokerName: "soak-changing",
      brokerId: 0n,
      brokerAddr: "10.9.0.1:10911",
      heartbeatTimeoutMs: 600_000n,
      topicConfigs: CHANGING_TOPICS.map((t) => topicConfig(t, 4 + k)),
      dataVersion: { stateVersion: version, timestamp: 1_700_000_000_000n, counter: version },
    });
    await new Promise<void>((resolve) =>
      broker.registerBroker(reg, new Metadata(), { deadline: Date.now() + 10_000 }, () => resolve()),
    );
  };
  await changeRegistration();

  // Broker swarms.
  const per = Math.ceil(o.brokers / o.swarms);
  const swarmConfig = (s: number) => ({
    address: server.address,
    first: s * per,
    count: Math.min(per, o.brokers - s * per),
    intervalMs: 1_000,
  });
  const swarms: LineChild[] = [];
  for (let s = 0; s * per < o.brokers; s++) swarms.push(startScript("heartbeat-client", swarmConfig(s)));
  await Promise.all(swarms.map((c) => c.waitFor((l) => l.ready === true, 300_000, "brokers ready")));

  // Watchers.
  const request = WatchRoutesRequest.encode(
    WatchRoutesRequest.fromPartial({ topics: CHANGING_TOPICS, allTopics: false }),
  ).finish();
  const subProcs: LineChild[] = [];
  const subPer = Math.ceil(o.watchers / 4);
  for (let p = 0; p * subPer < o.watchers; p++) {
    subProcs.push(
      startScript("subscriber", {
        address: server.address,
        id: p,
        streams: Math.min(subPer, o.watchers - p * subPer),
        streamsPerConnection: 100,
        request: Buffer.from(request).toString("base64"),
        mode: "fanout",
      }),
    );
  }
  await Promise.all(subProcs.map((c) => c.waitFor((l) => l.ready === true, 300_000, "subscribers ready")));
  const failedStreams = () => subProcs.filter((c) => c.lines.some((l) => l.streamError !== undefined)).length;
  log(`soak: load in place (${o.brokers} brokers, ${o.watchers} watch streams)`);

  // Lookups at a fixed rate, timed.
  const route = new RouteServiceClient(server.address, credentials.createInsecure());
  let latencies: number[] = [];
  let lookups = 0;
  let lookupErrors = 0;
  const lookupTimer = setInterval(
    () => {
      const t0 = performance.now();
      route.getRouteInfoByTopic(
        { topic: "soak-c0", zoneName: "" },
        new Metadata(),
        { deadline: Date.now() + 5_000 },
        (err) => {
          lookups++;
          if (err) lookupErrors++;
          else latencies.push(performance.now() - t0);
        },
      );
    },
    Math.max(1, Math.round(1_000 / o.lookupRate)),
  );
  const changeTimer = setInterval(() => void changeRegistration(), o.changeEveryMs);
  let churned = 0;
  const start = Date.now();
  // fds counted right before each churn kill, when every swarm is connected: the sampled fds swing
  // with the churn itself, these do not (unless connections leak).
  const steadyFds: Array<{ tMs: number; fds: number }> = [];
  const churnTimer = setInterval(() => {
    steadyFds.push({ tMs: Date.now() - start, fds: fdCount(server.pid) });
    const s = churned++ % swarms.length;
    const old = swarms[s] as LineChild;
    old.child.kill("SIGKILL");
    swarms[s] = startScript("heartbeat-client", swarmConfig(s));
  }, o.churnEveryMs);

  const samples: Sample[] = [];
  log("   t(s)    rss(MiB)  heap(MiB)  fds  streams  lookup p99(ms)  lookups  errors");
  while (Date.now() - start < o.durationMs) {
    await sleep(Math.min(o.sampleEveryMs, o.durationMs - (Date.now() - start)));
    heap = heapLines();
    const window = latencies;
    latencies = [];
    const s: Sample = {
      tMs: Date.now() - start,
      rss: rssBytes(server.pid),
      heap,
      fds: fdCount(server.pid),
      streams: o.brokers + o.watchers - failedStreams(),
      lookupP99Ms: window.length > 0 ? percentile(window, 0.99) : Number.NaN,
      lookups,
      lookupErrors,
    };
    samples.push(s);
    log(
      `${(s.tMs / 1000).toFixed(0).padStart(7)} ${(s.rss / 2 ** 20).toFixed(1).padStart(10)} ${(s.heap / 2 ** 20).toFixed(1).padStart(10)} ${String(s.fds).padStart(5)} ${String(s.streams).padStart(8)} ${s.lookupP99Ms.toFixed(2).padStart(15)} ${String(s.lookups).padStart(8)} ${String(s.lookupErrors).padStart(7)}`,
    );
  }
  clearInterval(lookupTimer);
  clearInterval(changeTimer);
  clearInterval(churnTimer);

  // Verdicts.
  const after = samples.filter((s) => s.tMs >= o.warmUpMs);
  const xsMin = after.map((s) => s.tMs / 60_000);
  const windowMin =
    after.length > 1 ? (after.at(-1) as Sample).tMs / 60_000 - (after[0] as Sample).tMs / 60_000 : 0;
  const rssSlope = slope(
    xsMin,
    after.map((s) => s.rss),
  );
  const heapSlope = slope(
    xsMin,
    after.map((s) => s.heap),
  );
  const steadyAfter = steadyFds.filter((f) => f.tMs >= o.warmUpMs);
  const fdSlope = slope(
    steadyAfter.map((f) => f.tMs / 60_000),
    steadyAfter.map((f) => f.fds),
  );
  const third = Math.max(1, Math.floor(after.length / 3));
  const p99s = after.map((s) => s.lookupP99Ms).filter((x) => Number.isFinite(x));
  const firstP99 = percentile(p99s.slice(0, third), 0.5);
  const lastP99 = percentile(p99s.slice(-third), 0.5);
  const failures: string[] = [];
  if (after.length < 3) failures.push(`only ${after.length} samples after the warm-up: run longer`);
  if (rssSlope * windowMin > o.maxRssGrowth) {
    failures.push(
      `RSS grows ${(rssSlope / 2 ** 20).toFixed(2)} MiB/min after warm-up (fitted growth ${((rssSlope * windowMin) / 2 ** 20).toFixed(1)} MiB > ${o.maxRssGrowth / 2 ** 20} MiB)`,
    );
  }
  if (fdSlope * windowMin > o.maxFdGrowth)
    failures.push(`open fds grow ${fdSlope.toFixed(2)}/min after warm-up`);
  if (failedStreams() > 0) failures.push(`${failedStreams()} subscriber process(es) saw a stream fail`);
  if (lastP99 > 2 * firstP99 + 2)
    failures.push(`lookup p99 drifted up: ${firstP99.toFixed(2)} ms -> ${lastP99.toFixed(2)} ms`);
  // Lookups during the warm-up (while swarms and subscribers connect) do not count.
  const base = samples.filter((x) => x.tMs < o.warmUpMs).at(-1) ?? { lookups: 0, lookupErrors: 0 };
  const lateLookups = lookups - base.lookups;
  const lateErrors = lookupErrors - base.lookupErrors;
  if (lateErrors > lateLookups * 0.01)
    failures.push(`${lateErrors} of ${lateLookups} lookups after the warm-up failed`);
  log(
    `soak result: RSS slope ${(rssSlope / 2 ** 20).toFixed(3)} MiB/min, heap slope ${(heapSlope / 2 ** 20).toFixed(3)} MiB/min, fd slope ${fdSlope.toFixed(2)}/min (fds before each churn: ${steadyAfter.map((f) => f.fds).join(" ")}) (after ${o.warmUpMs / 1000} s warm-up, ${after.length} samples); lookup p99 ${firstP99.toFixed(2)} -> ${lastP99.toFixed(2)} ms; ${lookups} lookups, ${lookupErrors} errors; ${churned} swarm restarts`,
  );
  for (const f of failures) log(`SOAK FAILURE: ${f}`);
  log(failures.length === 0 ? "soak: PASS" : "soak: FAIL");
  route.close();
  broker.close();
  await stopAll();
  rmSync(dataDir, { recursive: true, force: true });
  process.exit(failures.length === 0 ? 0 : 1);
}

main().catch(async (err) => {
  process.stderr.write(`soak: ${(err as Error).stack ?? err}\n`);
  await stopAll();
  process.exit(2);
});
