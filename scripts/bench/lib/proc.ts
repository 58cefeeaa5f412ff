/**
 * Child processes of a benchmark run: every process a scenario starts is tracked here and stopped
 * by its PID when the scenario ends, fails or is interrupted. Also reads a process's CPU time and
 * resident memory from /proc.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readdirSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** The repository root (this file is dist/scripts/bench/lib/proc.js once compiled). */
export const REPO = fileURLToPath(new URL("../../../../", import.meta.url));
/** The compiled NameServer entry point. */
export const NAMESRV_MAIN = `${REPO}dist/src/main.js`;
/** A compiled script of this folder, e.g. `benchScript("bare-server")`. */
export function benchScript(name: string): string {
  return `${REPO}dist/scripts/bench/${name}.js`;
}

const tracked = new Set<ChildProcess>();
let handlersInstalled = false;

function installHandlers(): void {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      process.stderr.write(`bench: ${signal}: stopping ${tracked.size} child process(es)\n`);
      void stopAll().finally(() => process.exit(130));
    });
  }
  process.once("exit", () => {
    for (const child of tracked) killPid(child, "SIGKILL");
  });
}

function killPid(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(child.pid, signal);
  } catch {
    // already gone
  }
}

/** Spawns a tracked child process. */
export function spawnTracked(
  command: string,
  args: readonly string[],
  opts: { env?: NodeJS.ProcessEnv; stdin?: boolean } = {},
): ChildProcess {
  installHandlers();
  const child = spawn(command, args, {
    env: { ...process.env, ...opts.env },
    stdio: [opts.stdin ? "pipe" : "ignore", "pipe", "pipe"],
  });
  tracked.add(child);
  child.once("exit", () => tracked.delete(child));
  return child;
}

/** Stops one child by its PID: SIGTERM, then SIGKILL after `graceMs`. Resolves when it has exited. */
export async function stop(child: ChildProcess, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) {
    tracked.delete(child);
    return;
  }
  const exited = once(child, "exit");
  killPid(child, "SIGTERM");
  const timer = setTimeout(() => killPid(child, "SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
  tracked.delete(child);
}

/** Stops every tracked child. */
export async function stopAll(): Promise<void> {
  await Promise.all([...tracked].map((c) => stop(c, 3000)));
}

/** A child that speaks JSON lines on stdout (and optionally reads them on stdin). */
export class LineChild {
  readonly lines: Array<Record<string, unknown>> = [];
  private waiters: Array<{
    match: (l: Record<string, unknown>) => boolean;
    resolve: (l: Record<string, unknown>) => void;
  }> = [];
  private stderr = "";
  readonly exited: Promise<void>;

  constructor(
    readonly name: string,
    readonly child: ChildProcess,
  ) {
    child.stderr?.on("data", (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-4000);
    });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (text) => {
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text) as Record<string, unknown>;
      } catch {
        line = { raw: text };
      }
      this.lines.push(line);
      if (this.lines.length > 10_000) this.lines.splice(0, 5_000);
      this.waiters = this.waiters.filter((w) => {
        if (!w.match(line)) return true;
        w.resolve(line);
        return false;
      });
    });
    this.exited = once(child, "exit").then(() => undefined);
  }

  get pid(): number {
    return this.child.pid as number;
  }

  /** The first line (already received or future) matching `match`; fails on exit or timeout. */
  waitFor(
    match: (l: Record<string, unknown>) => boolean,
    timeoutMs: number,
    what = "line",
  ): Promise<Record<string, unknown>> {
    const seen = this.lines.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const fail = (why: string) => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(
          new Error(`${this.name} (pid ${this.pid}): ${why} waiting for ${what}; stderr: ${this.stderr}`),
        );
      };
      const timer = setTimeout(() => fail(`timeout after ${timeoutMs} ms`), timeoutMs);
      const waiter = {
        match,
        resolve: (l: Record<string, unknown>) => {
          clearTimeout(timer);
          resolve(l);
        },
      };
      this.waiters.push(waiter);
      void this.exited.then(() => {
        clearTimeout(timer);
        fail("process exited");
      });
    });
  }

  send(message: Record<string, unknown>): void {
    this.child.stdin?.write(`${JSON.stringify(message)}\n`);
  }

  stop(): Promise<void> {
    return stop(this.child);
  }
}

/** A server process (namesrv, bare grpc-js or bare Go) that printed its bound address. */
export interface ServerProc extends LineChild {
  readonly address: string;
  /** The HTTP listener (metrics), when the ready line names one. */
  readonly httpAddress?: string;
}

/**
 * Starts a server that prints a JSON line `{"msg":"... ready","address":"host:port"}` when bound
 * (namesrv and both bare servers do), and waits for it.
 */
export async function startServer(
  name: string,
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv = {},
): Promise<ServerProc> {
  const proc = new LineChild(name, spawnTracked(command, args, { env }));
  try {
    const ready = await proc.waitFor(
      (l) => typeof l.msg === "string" && l.msg.endsWith("ready") && typeof l.address === "string",
      30_000,
      "ready line",
    );
    return Object.assign(proc, {
      address: String(ready.address),
      ...(typeof ready.httpAddress === "string" ? { httpAddress: ready.httpAddress } : {}),
    });
  } catch (err) {
    await proc.stop();
    throw err;
  }
}

/**
 * Starts `node dist/src/main.js --listen 127.0.0.1:0 ARGS` (or another build's main.js). Its log
 * stays at info: the ready line is an info line, and state changes are rare.
 */
export function startNamesrv(
  args: readonly string[] = [],
  nodeArgs: readonly string[] = [],
  main = NAMESRV_MAIN,
  name = "namesrv",
  env: NodeJS.ProcessEnv = LOAD_GENERATOR_LIMITS,
): Promise<ServerProc> {
  // The HTTP listener (metrics) on a free port, through the environment: builds without it ignore
  // unknown NAMESRV_* variables, so --compare-with older builds still starts. Pass
  // --http-listen "" in `args` for a server without metrics.
  return startServer(name, process.execPath, [...nodeArgs, main, "--listen", "127.0.0.1:0", ...args], {
    NAMESRV_HTTP_LISTEN: "127.0.0.1:0",
    ...env,
  });
}

/**
 * Per-address and per-client limits raised for the load generators, which run thousands of
 * brokers and subscribers from 127.0.0.1 (production hosts are many addresses). Set through the
 * environment, which an older build (`--compare-with`) ignores where a flag would fail it.
 */
export const LOAD_GENERATOR_LIMITS: NodeJS.ProcessEnv = {
  NAMESRV_MAX_CONNECTIONS_PER_ADDRESS: "1000000",
  NAMESRV_MAX_UNARY_CALLS_PER_ADDRESS: "1000000",
  NAMESRV_MAX_STREAMS_PER_ADDRESS: "1000000",
  NAMESRV_MAX_PENDING_HEARTBEAT_STREAMS_PER_CLIENT: "1000000",
  NAMESRV_MAX_WATCHES_PER_CLIENT: "1000000",
};

/** Starts a compiled bench script as a JSON-lines child with stdin. */
export function startScript(name: string, config: unknown, nodeArgs: readonly string[] = []): LineChild {
  return new LineChild(
    name,
    spawnTracked(process.execPath, [...nodeArgs, benchScript(name), JSON.stringify(config)], { stdin: true }),
  );
}

const TICK_NS = 1e9 / 100; // USER_HZ is 100 on Linux

/**
 * CPU time of `pid` (all its threads, user + system), ns. Sums each live thread's
 * /proc/PID/task/TID/schedstat (ns resolution); falls back to /proc/PID/stat (10 ms ticks).
 */
export function cpuNs(pid: number): number {
  try {
    let total = 0;
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, "utf8");
      total += Number(text.split(" ")[0]);
    }
    if (total > 0) return total;
  } catch {
    // fall back
  }
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) * TICK_NS; // utime, stime
}

/** Resident set size of `pid`, bytes (VmRSS). */
export function rssBytes(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const m = /^VmRSS:\s+(\d+) kB/m.exec(status);
  return m ? Number(m[1]) * 1024 : Number.NaN;
}

/** CPU used by `pid` while `work` runs: ns and wall µs. */
export async function measureCpu<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ result: T; cpuNs: number; wallUs: number }> {
  const c0 = cpuNs(pid);
  const t0 = process.hrtime.bigint();
  const result = await work();
  const wallUs = Number((process.hrtime.bigint() - t0) / 1000n);
  return { result, cpuNs: cpuNs(pid) - c0, wallUs };
}
