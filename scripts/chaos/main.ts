/**
 * The fault harness: `npm run chaos -- --seed 7 --duration 60s` (or `--seeds 1,2,3`), or
 * `npm run chaos -- --replay FILE` to perform a recorded run's actions again.
 *
 * Runs real processes on loopback (NameServers behind fault proxies, stand-in brokers registered
 * with every NameServer), watchers (raw WatchRoutes streams and RouteWatchers, some on all
 * topics), RouteClient lookups and admin writes (KV puts, drains, topic deletes) fanned out to
 * every NameServer, while a seeded schedule kills, pauses, stops and restarts processes and breaks
 * connections. Then it heals everything and checks the recorded history (checker.ts). Prints
 * seeds, faults by kind, operations and frames checked and every violation with the history and
 * faults around it, the seed and the history file that replay it. Exits 1 when a seed found a
 * violation.
 */
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describeAction, isOperation } from "./actions.js";
import { type History, readHistory, writeHistory } from "./history.js";
import { runSeed, type SeedResult } from "./run.js";

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
  /** A history file to replay instead of seeds. */
  replay: string | null;
  /** Where history files are written. */
  historyDir: string;
}

function parseOptions(argv: string[]): Options {
  const o: Options = {
    seeds: [1],
    durationMs: 60_000,
    nameServers: 3,
    brokers: 5,
    watchers: 10,
    namesrvFlags: [],
    replay: null,
    historyDir: join(tmpdir(), "namesrv-chaos-histories"),
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
    else if (flag === "--replay") o.replay = resolve(value());
    else if (flag === "--history-dir") o.historyDir = resolve(value());
    else if (flag === "--help") {
      process.stdout.write(
        "npm run chaos -- [--seed N | --seeds A,B,C] [--duration 60s] [--namesrvs 3] [--brokers 5] [--watchers 10] [--namesrv-flag=--x=y ...] [--history-dir DIR]\n" +
          "npm run chaos -- --replay HISTORY_FILE [--history-dir DIR]\n",
      );
      process.exit(0);
    } else throw new Error(`unknown flag ${flag}`);
  }
  if (o.seeds.some((s) => !Number.isSafeInteger(s))) throw new Error("--seed: integers only");
  return o;
}

// ---------- output ----------

/** The command lines that run this again: the seed, and the history file (a replay). */
function replayCommands(r: SeedResult, file: string): string[] {
  const h = r.history.shape;
  const flags = h.namesrvFlags.map((f) => ` --namesrv-flag=${f}`).join("");
  return [
    `seed:   npm run chaos -- --seed ${r.seed} --duration ${h.durationMs}ms --namesrvs ${h.nameServers} --brokers ${h.brokers} --watchers ${h.watchers}${flags}`,
    `replay: npm run chaos -- --replay ${file}`,
  ];
}

function report(r: SeedResult, file: string): void {
  const out = (s: string) => process.stdout.write(`${s}\n`);
  out(`seed ${r.seed}: ${r.violations.length === 0 ? "OK" : `${r.violations.length} VIOLATION(S)`}`);
  out(`  faults: ${[...r.faults].map(([k, n]) => `${k}=${n}`).join(" ") || "none"}`);
  out(
    `  checked: ${Object.entries(r.counts)
      .map(([k, n]) => `${k}=${n}`)
      .join(" ")}`,
  );
  out(`  healed: ${r.healMs < 0 ? "NOT within" : `${r.healMs} ms, within`} the bound of ${r.healBoundMs} ms`);
  out(`  history: ${file}`);
  if (r.violations.length === 0) return;
  const h: History = r.history;
  const faults = h.actions.filter((a) => !isOperation(a));
  out(
    `  fault schedule as performed (${faults.length} actions; heal at +${(h.healAt / 1_000).toFixed(2)}s):`,
  );
  for (const a of faults) out(`    ${describeAction(a)}`);
  for (const v of r.violations.slice(0, 20)) {
    out(`  VIOLATION [${v.check}] ${v.subject}: ${v.message}`);
    for (const c of replayCommands(r, file)) out(`    ${c}`);
    const around = actionsAround(h, v.t);
    if (around.length > 0) out("    faults, drains and topic deletes in the 10 s before it:");
    for (const a of around) out(`      ${describeAction(a)}`);
    if (v.history.length > 0) out("    the watcher's history before it:");
    for (const e of v.history) out(`      ${new Date(e.t).toISOString()} ${e.what}`);
  }
}

/** The faults, drains and topic deletes (not lookups or KV puts) in the 10 s before `t` (ms since the epoch) and 1 s after. */
function actionsAround(h: History, t: number): History["actions"] {
  const at = t - h.startedAt;
  return h.actions.filter(
    (a) => a.kind !== "lookup" && a.kind !== "kv-put" && a.at >= at - 10_000 && a.at <= at + 1_000,
  );
}

async function main(): Promise<void> {
  const o = parseOptions(process.argv.slice(2));
  const replayed = o.replay === null ? null : await readHistory(o.replay);
  const shape = replayed?.shape ?? o;
  const seeds = replayed ? [replayed.seed] : o.seeds;
  process.stdout.write(
    `chaos: ${replayed ? `replay of ${o.replay} (seed ${replayed.seed}, ${replayed.actions.length} actions)` : `seeds ${seeds.join(",")}`}, ${shape.durationMs} ms each, ${shape.nameServers} namesrvs, ${shape.brokers} brokers, ${shape.watchers} watchers\n`,
  );
  await mkdir(o.historyDir, { recursive: true });
  const results: SeedResult[] = [];
  for (const seed of seeds) {
    const r = await runSeed(
      seed,
      {
        durationMs: shape.durationMs,
        nameServers: shape.nameServers,
        brokers: shape.brokers,
        watchers: shape.watchers,
        namesrvFlags: [...shape.namesrvFlags],
      },
      replayed ?? undefined,
    );
    const file = join(o.historyDir, `seed-${seed}${replayed ? "-replay" : ""}-${Date.now()}.jsonl`);
    await writeHistory(file, r.history);
    report(r, file);
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
