/**
 * The processes of a chaos run: NameServers (each behind its FaultProxy, with its own data
 * directory kept across restarts) and stand-in brokers registered with every NameServer. Every
 * process is tracked and ended by its PID; JSON log lines are kept with their arrival time.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { FaultProxy } from "./proxy.js";

const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const NAMESRV_MAIN = `${REPO}dist/src/main.js`;
const AGENT_MAIN = `${REPO}dist/src/cli/broker-agent-main.js`;

/** Liveness settings of the run: short, so that faults have effects within seconds. */
export const CHAOS_LIVENESS = {
  heartbeatTimeoutMs: 3_000,
  heartbeatIntervalMs: 300,
  sweepIntervalMs: 100,
  streamLossGraceMs: 1_000,
  watchProgressIntervalMs: 1_000,
} as const;

export interface LogLine {
  readonly t: number;
  /** Which start of the process wrote it (1 = the first): a restarted NameServer has a new epoch. */
  readonly start: number;
  readonly line: Record<string, unknown>;
}

const live = new Set<ChildProcess>();
process.once("exit", () => {
  for (const c of live) if (c.pid !== undefined && c.exitCode === null) process.kill(c.pid, "SIGKILL");
});

/** A process that can be killed, paused, resumed and started again. */
abstract class Member {
  child: ChildProcess | null = null;
  paused = false;
  readonly logs: LogLine[] = [];
  starts = 0;

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  protected spawnChild(args: string[], onLine: (l: Record<string, unknown>) => void): ChildProcess {
    const child = spawn(process.execPath, args, {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...process.env },
    });
    live.add(child);
    child.once("exit", () => live.delete(child));
    this.child = child;
    this.paused = false;
    this.starts++;
    const start = this.starts;
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on("line", (text) => {
      try {
        const line = JSON.parse(text) as Record<string, unknown>;
        this.logs.push({ t: Date.now(), start, line });
        onLine(line);
      } catch {
        // not a log line
      }
    });
    child.stderr?.resume();
    return child;
  }

  signal(sig: NodeJS.Signals): void {
    const pid = this.child?.pid;
    if (pid === undefined || !this.running) return;
    try {
      process.kill(pid, sig);
    } catch {
      return;
    }
    if (sig === "SIGSTOP") this.paused = true;
    if (sig === "SIGCONT") this.paused = false;
  }

  async kill(): Promise<void> {
    const child = this.child;
    if (child === null || !this.running) return;
    const exited = new Promise((r) => child.once("exit", r));
    this.signal("SIGKILL");
    await exited;
    this.paused = false;
  }
}

export class NameServerMember extends Member {
  readonly proxy = new FaultProxy();
  proxyAddress = "";
  /** The NameServer's own address (bypassing the proxy), while it runs. */
  directAddress: string | null = null;

  constructor(
    readonly index: number,
    readonly dataDir: string,
    private readonly extraFlags: readonly string[] = [],
  ) {
    super();
  }

  async start(): Promise<void> {
    if (this.proxyAddress === "") this.proxyAddress = await this.proxy.listen();
    const L = CHAOS_LIVENESS;
    const ready = new Promise<string>((resolve, reject) => {
      const child = this.spawnChild(
        [
          NAMESRV_MAIN,
          "--listen=127.0.0.1:0",
          "--http-listen=127.0.0.1:0", // several NameServers: no fixed metrics port
          `--data-dir=${this.dataDir}`,
          `--heartbeat-timeout-ms=${L.heartbeatTimeoutMs}`,
          `--heartbeat-interval-ms=${L.heartbeatIntervalMs}`,
          `--sweep-interval-ms=${L.sweepIntervalMs}`,
          `--stream-loss-grace-ms=${L.streamLossGraceMs}`,
          `--watch-progress-interval-ms=${L.watchProgressIntervalMs}`,
          "--shutdown-timeout-ms=500",
          "--log-level=info",
          ...this.extraFlags,
        ],
        (line) => {
          if (line.msg === "namesrv ready") resolve(String(line.address));
        },
      );
      child.once("exit", (code, sig) =>
        reject(new Error(`namesrv ${this.index} exited before ready (${code ?? sig})`)),
      );
    });
    const address = await ready;
    this.directAddress = address;
    this.proxy.target(Number(address.split(":").at(-1)));
  }

  override async kill(): Promise<void> {
    this.proxy.target(null);
    this.directAddress = null;
    await super.kill();
    this.proxy.reset();
  }
}

export interface BrokerIdentity {
  readonly brokerName: string;
  readonly brokerAddr: string;
  topics: string[];
}

export class BrokerMember extends Member {
  constructor(
    readonly id: BrokerIdentity,
    private readonly namesrv: () => string[],
  ) {
    super();
  }

  start(): void {
    this.spawnChild(
      [
        AGENT_MAIN,
        "--namesrv",
        this.namesrv().join(","),
        "--broker-name",
        this.id.brokerName,
        "--broker-addr",
        this.id.brokerAddr,
        "--topics",
        this.id.topics.join(","),
      ],
      () => {},
    );
  }

  /** Registrations acknowledged by each NameServer (by proxy address), with their times. */
  registrations(peer: string): number[] {
    return this.logs.filter((l) => l.line.msg === "registered" && l.line.peer === peer).map((l) => l.t);
  }

  /**
   * Graceful stop: SIGTERM makes the agent unregister from every NameServer (each call bounded by
   * its 3 s timeout) and exit; a paused agent is resumed first; SIGKILL after `boundMs` if it has
   * not exited by then.
   */
  stop(boundMs = 8_000): Promise<void> {
    const child = this.child;
    if (child === null || !this.running) return this.stopping ?? Promise.resolve();
    const exited = new Promise((r) => child.once("exit", r));
    this.signal("SIGCONT");
    this.signal("SIGTERM");
    const timer = setTimeout(() => this.signal("SIGKILL"), boundMs);
    this.stopping = exited.then(() => {
      clearTimeout(timer);
      this.paused = false;
      this.stopping = null;
    });
    return this.stopping;
  }

  /** The graceful stop under way, if any (a restart waits for it). */
  stopping: Promise<void> | null = null;
}
