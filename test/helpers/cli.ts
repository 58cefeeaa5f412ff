import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** The built CLI and stand-in broker entries (the vitest globalSetup builds dist/ first). */
export const CLI = fileURLToPath(new URL("../../dist/src/cli/main.js", import.meta.url));
export const AGENT = fileURLToPath(new URL("../../dist/src/cli/broker-agent-main.js", import.meta.url));

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `namesrvctl ARGS` to completion. NAMESRV_ADDR is cleared unless `env` sets it. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, NAMESRV_ADDR: "", ...env },
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const [code] = await once(child, "close");
  return { code: code as number | null, stdout, stderr };
}

/**
 * A long-running child process whose stdout lines are collected, with awaitable conditions on
 * them. `kill()` is by PID and idempotent.
 */
export class LineProcess {
  readonly lines: string[] = [];
  stderr = "";
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private waiters: Array<() => void> = [];

  constructor(readonly child: ChildProcess) {
    this.exited = once(child, "exit").then(([code, signal]) => ({
      code: code as number | null,
      signal: signal as NodeJS.Signals | null,
    }));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (line) => {
      this.lines.push(line);
      this.wake();
    });
    child.stderr?.on("data", (d: Buffer) => {
      this.stderr += d.toString();
    });
    void this.exited.then(() => this.wake());
  }

  /** stdout lines parsed as JSON (lines that are not JSON are skipped). */
  json(): Array<Record<string, unknown>> {
    const out: Array<Record<string, unknown>> = [];
    for (const l of this.lines) {
      try {
        out.push(JSON.parse(l) as Record<string, unknown>);
      } catch {}
    }
    return out;
  }

  /**
   * Resolves when `predicate` holds (checked now and after every line); rejects if the process
   * exits first or after `timeoutMs`, with its output in the message.
   */
  until(predicate: (p: LineProcess) => boolean, what: string, timeoutMs = 15_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => fail(`timed out waiting for ${what}`), timeoutMs);
      const fail = (why: string) => {
        clearTimeout(timer);
        reject(new Error(`${why}\nstdout:\n${this.lines.join("\n")}\nstderr:\n${this.stderr}`));
      };
      const check = () => {
        if (predicate(this)) {
          clearTimeout(timer);
          resolve();
        } else if (this.child.exitCode !== null || this.child.signalCode !== null) {
          fail(`process exited before ${what}`);
        } else {
          this.waiters.push(check);
        }
      };
      check();
    });
  }

  kill(signal: NodeJS.Signals = "SIGKILL"): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}

/** Starts `namesrvctl ARGS` without waiting for it (for `watch`). */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv = {}): LineProcess {
  return new LineProcess(
    spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, NAMESRV_ADDR: "", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
}

export interface AgentIdentity {
  brokerName: string;
  brokerAddr: string;
  cluster?: string;
  brokerId?: number;
  topics: string[];
}

/** More of the stand-in broker's command line and environment (e.g. its TLS and token flags). */
export interface AgentProcessExtras {
  args?: string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * Starts the stand-in broker (`dist/src/cli/broker-agent-main.js`) against `namesrv` and waits
 * until it has registered with each of `waitFor` (default: all of them).
 */
export async function startAgentProcess(
  namesrv: string[],
  id: AgentIdentity,
  waitFor: string[] = namesrv,
  extras: AgentProcessExtras = {},
): Promise<LineProcess> {
  const p = new LineProcess(
    spawn(
      process.execPath,
      [
        AGENT,
        "--namesrv",
        namesrv.join(","),
        "--cluster",
        id.cluster ?? "DefaultCluster",
        "--broker-name",
        id.brokerName,
        "--broker-id",
        String(id.brokerId ?? 0),
        "--broker-addr",
        id.brokerAddr,
        "--topics",
        id.topics.join(","),
        ...(extras.args ?? []),
      ],
      { env: { ...process.env, NAMESRV_ADDR: "", ...extras.env }, stdio: ["ignore", "pipe", "pipe"] },
    ),
  );
  try {
    await p.until(
      (x) => waitFor.every((a) => x.json().some((l) => l.msg === "registered" && l.peer === a)),
      `${id.brokerName} registered with ${waitFor.join(", ")}`,
    );
  } catch (err) {
    p.kill();
    throw err;
  }
  return p;
}

/**
 * Polls `check` (sync or async) every `intervalMs` until it returns true; rejects after
 * `timeoutMs`. For conditions on another process that emit no event here.
 */
export async function until(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 10_000,
  intervalMs = 20,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Runs a namesrvctl invocation inside this process (src/cli/run.ts) with captured output: the
 * same parsing and commands as the binary without the cost of a process, for tables of cases.
 * `onLine` sees each stdout line as it is written.
 */
export async function runCliInProcess(
  args: string[],
  env: NodeJS.ProcessEnv = {},
  onLine: (line: string) => void = () => {},
): Promise<CliResult> {
  const { runCli: run } = await import("../../src/cli/run.js");
  let stdout = "";
  let stderr = "";
  const code = await run(args, env, {
    out: (line) => {
      stdout += `${line}\n`;
      onLine(line);
    },
    err: (line) => {
      stderr += `${line}\n`;
    },
    stopped: new Promise(() => {}),
  });
  return { code, stdout, stderr };
}
