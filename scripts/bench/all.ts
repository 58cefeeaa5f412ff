/**
 * Runs every benchmark scenario once with its default settings, one after another, then prints
 * all their tables and targets together (markdown, as the README's Performance section shows them)
 * and writes bench-results/all-<time>.json.
 *
 *   npm run bench -- [--only lookup,register,heartbeat,fanout,failover,scrape]
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { runFailover } from "./failover.js";
import { runFanout } from "./fanout.js";
import { runHeartbeat } from "./heartbeat.js";
import { REPO } from "./lib/proc.js";
import { checkLine, machineInfo, type ScenarioReport } from "./lib/report.js";
import { runAsMain } from "./lib/scenario.js";
import { runLookup } from "./lookup.js";
import { runRegister } from "./register.js";
import { runScrape } from "./scrape.js";

const SCENARIOS: Record<string, (argv: string[]) => Promise<ScenarioReport>> = {
  lookup: runLookup,
  register: runRegister,
  heartbeat: runHeartbeat,
  fanout: runFanout,
  failover: runFailover,
  scrape: runScrape,
};

export async function runAll(argv: string[]): Promise<void> {
  let names = Object.keys(SCENARIOS);
  const only = argv.indexOf("--only");
  if (argv.includes("--help")) {
    process.stdout.write(`Usage: npm run bench -- [--only ${names.join(",")}]\n`);
    return;
  }
  if (only >= 0) names = (argv[only + 1] ?? "").split(",").filter((n) => n in SCENARIOS);
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  const reports: ScenarioReport[] = [];
  for (const name of names) {
    const run = SCENARIOS[name] as (argv: string[]) => Promise<ScenarioReport>;
    reports.push(await run([]));
  }
  const lines = [
    `Machine: ${machine.nproc} x ${machine.cpuModel}, ${machine.memGiB} GiB, Node ${machine.node}, Linux ${machine.kernel}; ` +
      `${machine.h2load ?? "no h2load"}; ${machine.go ?? "no Go"}; load average ${machine.loadAvg1} at start.`,
    "",
  ];
  for (const r of reports) {
    lines.push(`#### ${r.scenario}`, "");
    for (const t of r.tables) lines.push(t, "");
    for (const t of r.targets) lines.push(`- ${checkLine(t).trim()}`);
    for (const n of r.notes) lines.push(`- note: ${n}`);
    lines.push("");
  }
  const summary = lines.join("\n");
  process.stdout.write(`\n== all scenarios ==\n\n${summary}\n`);
  const dir = `${REPO}bench-results`;
  mkdirSync(dir, { recursive: true });
  const path = `${dir}/all-${startedAt.replace(/[:.]/g, "-")}.json`;
  writeFileSync(
    path,
    `${JSON.stringify({ startedAt, machine, markdown: summary, reports }, (_k, v) => (typeof v === "bigint" ? v.toString() : v), 2)}\n`,
  );
  process.stdout.write(`wrote ${path}\n`);
}

runAsMain(import.meta.url, runAll);
