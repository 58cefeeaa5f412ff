/**
 * What a scenario prints and writes: a short table on stdout and one JSON file in bench-results/
 * with the figures, the settings and the machine they were measured on.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import { REPO } from "./proc.js";

export interface MachineInfo {
  readonly nproc: number;
  readonly cpuModel: string;
  readonly memGiB: number;
  readonly node: string;
  readonly kernel: string;
  /** 1-minute load average when the scenario started (other work on a shared machine). */
  readonly loadAvg1: number;
  readonly h2load: string | null;
  readonly go: string | null;
}

function version(command: string, args: string[]): string | null {
  try {
    return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
      .trim()
      .split("\n")[0] as string;
  } catch {
    return null;
  }
}

export function machineInfo(): MachineInfo {
  return {
    nproc: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? "unknown",
    memGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    kernel: os.release(),
    loadAvg1: Number((os.loadavg()[0] ?? 0).toFixed(2)),
    h2load: version("h2load", ["--version"]),
    go: version("go", ["version"]),
  };
}

/** Everything a scenario reports. */
export interface ScenarioReport {
  readonly scenario: string;
  readonly startedAt: string;
  readonly machine: MachineInfo;
  readonly settings: Record<string, unknown>;
  /** Raw figures, per target and point. */
  readonly figures: unknown;
  /** The claims, each with its target and verdict. */
  readonly targets: readonly TargetCheck[];
  /** Rendered tables (markdown), as printed. */
  readonly tables: readonly string[];
  readonly notes: readonly string[];
}

/** One issue target, as measured. */
export interface TargetCheck {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean | null;
}

/** A markdown table (readable on a terminal, pasteable into the README). */
export function table(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join(" | ")} |`;
  const rule = `|${widths.map((w, i) => (i === 0 ? `${"-".repeat(w + 1)}-` : `${"-".repeat(w + 1)}:`)).join("|")}|`;
  return [line(headers), rule, ...rows.map(line)].join("\n");
}

/** Number formatting for tables. */
export const fmt = {
  n: (v: number, digits = 0) => (Number.isFinite(v) ? v.toFixed(digits) : "n/a"),
  int: (v: number) => (Number.isFinite(v) ? Math.round(v).toLocaleString("en-US") : "n/a"),
  ms: (us: number) => (Number.isFinite(us) ? (us / 1000).toFixed(us < 10_000 ? 2 : 1) : "n/a"),
  x: (r: number) => (Number.isFinite(r) ? `${r.toFixed(2)}x` : "n/a"),
  kib: (bytes: number) => (Number.isFinite(bytes) ? (bytes / 1024).toFixed(1) : "n/a"),
};

export function checkLine(t: TargetCheck): string {
  const verdict = t.met === null ? "n/a " : t.met ? "MET " : "MISS";
  return `  [${verdict}] ${t.target}: ${t.measured}`;
}

/** Prints the report and writes bench-results/<scenario>-<time>.json; returns the file's path. */
export function publish(report: ScenarioReport): string {
  const out = process.stdout;
  out.write(`\n== ${report.scenario} ==\n`);
  out.write(
    `machine: ${report.machine.nproc} x ${report.machine.cpuModel}, Node ${report.machine.node}, load ${report.machine.loadAvg1}\n`,
  );
  for (const t of report.tables) out.write(`\n${t}\n`);
  if (report.targets.length > 0) {
    out.write("\ntargets:\n");
    for (const t of report.targets) out.write(`${checkLine(t)}\n`);
  }
  for (const n of report.notes) out.write(`note: ${n}\n`);
  const dir = `${REPO}bench-results`;
  mkdirSync(dir, { recursive: true });
  const path = `${dir}/${report.scenario}-${report.startedAt.replace(/[:.]/g, "-")}.json`;
  writeFileSync(path, `${JSON.stringify(report, jsonValue, 2)}\n`);
  out.write(`\nwrote ${path}\n`);
  return path;
}

function jsonValue(_key: string, value: unknown): unknown {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "number" && !Number.isFinite(value)) return null;
  return value;
}
