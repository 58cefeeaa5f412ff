/** What every scenario shares: its entry point, cleanup of its processes, and its tools. */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import { pathToFileURL } from "node:url";
import { h2loadAvailable } from "./h2load.js";
import { REPO, stopAll } from "./proc.js";

/** Runs `run` with the command-line flags when `metaUrl` is the script node was started with. */
export function runAsMain(metaUrl: string, run: (argv: string[]) => Promise<unknown>): void {
  const entry = process.argv[1];
  if (entry === undefined || pathToFileURL(entry).href !== metaUrl) return;
  run(process.argv.slice(2)).then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      void stopAll().finally(() => process.exit(1));
    },
  );
}

/** Runs `work`, then stops every process it started (by PID), whatever happened. */
export async function withProcesses<T>(work: (tmp: string) => Promise<T>): Promise<T> {
  const tmp = mkdtempSync(`${os.tmpdir()}/namesrv-bench-`);
  try {
    return await work(tmp);
  } finally {
    await stopAll();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** Installs h2load (Debian nghttp2-client) if it is missing. */
export function ensureH2load(): void {
  if (h2loadAvailable()) return;
  execFileSync(`${REPO}scripts/bench/install-bench-deps.sh`, ["h2load"], { stdio: "inherit" });
}

/**
 * Builds the bare Go baseline (a package of the root Go module) when Go is installed; returns its
 * path, or the reason it is skipped.
 */
export function buildGoBaseline(): { path: string } | { skipped: string } {
  try {
    execFileSync("go", ["version"], { stdio: "ignore" });
  } catch {
    return {
      skipped:
        "Go is not installed: the bare Go baseline is skipped (install Go >= 1.22; grpc-go comes from the module proxy)",
    };
  }
  const path = `${REPO}.tools/bin/namesrv-bench-bare`;
  try {
    execFileSync(`${REPO}scripts/bench/go/build.sh`, [path], { stdio: ["ignore", "ignore", "pipe"] });
    return { path };
  } catch (err) {
    return {
      skipped: `the bare Go baseline did not build: ${err instanceof Error ? err.message : String(err)}`,
    };
  }
}
