import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdir, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";

/**
 * Real Apache RocketMQ processes for the tests in test/rocketmq: a broker, mqadmin, and the Java
 * and Go client programs (test/rocketmq/java, test/rocketmq/go), all from .rocketmq/ as
 * scripts/rocketmq/install.sh leaves it. Everything listens on 127.0.0.1 only.
 */

export const ROOT = join(import.meta.dirname, "..", "..", "..");
export const RMQ = join(ROOT, ".rocketmq");
const CLASSPATH = `${join(RMQ, "classes")}:${join(RMQ, "lib", "*")}`;

/** JVM flags sized for a 2-core machine shared with other work: small heaps, serial GC, C1 only for tools. */
const TOOL_JVM = [
  "-Xms64m",
  "-Xmx256m",
  "-XX:+UseSerialGC",
  "-XX:TieredStopAtLevel=1",
  "-XX:ActiveProcessorCount=2",
];
const BROKER_JVM = [
  "-Xms256m",
  "-Xmx512m",
  "-XX:MaxDirectMemorySize=256m",
  "-XX:+UseSerialGC",
  "-XX:ActiveProcessorCount=2",
];

/** A port the OS says is free now. */
export async function freePort(): Promise<number> {
  const s = createServer();
  s.listen(0, "127.0.0.1");
  await once(s, "listening");
  const port = (s.address() as { port: number }).port;
  s.close();
  await once(s, "close");
  return port;
}

async function isFree(port: number): Promise<boolean> {
  const s = createServer();
  try {
    s.listen(port, "127.0.0.1");
    await once(s, "listening");
    s.close();
    await once(s, "close");
    return true;
  } catch {
    return false;
  }
}

/** A broker listen port P with P-2 (fast port) and P+1 (HA port) free too. */
export async function brokerPort(): Promise<number> {
  for (let i = 0; i < 50; i++) {
    const p = await freePort();
    if (p > 1100 && p < 65000 && (await isFree(p - 2)) && (await isFree(p + 1))) return p;
  }
  throw new Error("no free broker port triple found");
}

/** Output of a finished process. */
export interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end (at most `timeoutMs`), capturing its output. */
export async function run(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<Finished> {
  const child = spawn(cmd, args, { env: { ...process.env, ...opts.env }, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
  });
  child.stderr.on("data", (d: Buffer) => {
    stderr += d.toString();
  });
  const timer = setTimeout(() => child.kill("SIGKILL"), opts.timeoutMs ?? 120_000);
  const [code] = (await once(child, "exit")) as [number | null];
  clearTimeout(timer);
  return { code, stdout, stderr };
}

/** A long-running process whose output lines can be awaited. */
export class Running {
  output = "";
  private waiters: Array<() => void> = [];
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    const take = (d: Buffer) => {
      this.output += d.toString();
      for (const w of this.waiters.splice(0)) w();
    };
    child.stdout?.on("data", take);
    child.stderr?.on("data", take);
    this.exited = once(child, "exit").then(([code]) => code as number | null);
    void this.exited.then(() => {
      for (const w of this.waiters.splice(0)) w();
    });
  }

  /** Resolves when the output matches `re` (rejects after `timeoutMs` or when the process exits first). */
  async waitFor(re: RegExp, timeoutMs = 120_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = this.output.match(re);
      if (m) return m;
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`process exited before ${re}: ${this.output.slice(-2000)}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${re}: ${this.output.slice(-2000)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  kill(signal: NodeJS.Signals = "SIGTERM"): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

export interface BrokerSetup {
  dir: string;
  namesrv: string;
  port: number;
  cluster?: string;
  name?: string;
}

/** Starts an Apache RocketMQ broker (BrokerStartup) with a small store under `dir`; resolves once booted. */
export async function startBroker(b: BrokerSetup): Promise<Running> {
  await mkdir(join(b.dir, "home"), { recursive: true });
  const conf = join(b.dir, "broker.conf");
  await writeFile(
    conf,
    [
      `brokerClusterName=${b.cluster ?? "RmqCluster"}`,
      `brokerName=${b.name ?? "broker-a"}`,
      "brokerId=0",
      "brokerIP1=127.0.0.1",
      `listenPort=${b.port}`,
      `namesrvAddr=${b.namesrv}`,
      `storePathRootDir=${join(b.dir, "store")}`,
      `storePathCommitLog=${join(b.dir, "store", "commitlog")}`,
      "mappedFileSizeCommitLog=67108864",
      "mappedFileSizeConsumeQueue=600000",
      "autoCreateTopicEnable=false",
      // Re-register every 10 s (RocketMQ's minimum; default 30 s) so a restarted NameServer is fed soon.
      "registerNameServerPeriod=10000",
      "diskMaxUsedSpaceRatio=95",
      "",
    ].join("\n"),
  );
  const child = spawn(
    "java",
    [
      ...BROKER_JVM,
      `-Duser.home=${b.dir}`,
      "-cp",
      CLASSPATH,
      "org.apache.rocketmq.broker.BrokerStartup",
      "-c",
      conf,
    ],
    { env: { ...process.env, ROCKETMQ_HOME: join(b.dir, "home") }, stdio: ["ignore", "pipe", "pipe"] },
  );
  const broker = new Running(child);
  await broker.waitFor(/boot success/, 180_000);
  return broker;
}

/** Runs an mqadmin command (MQAdminStartup) against `namesrv`. */
export function mqadmin(namesrv: string, args: string[], home?: string): Promise<Finished> {
  return run(
    "java",
    [
      ...TOOL_JVM,
      ...(home ? [`-Duser.home=${home}`] : []),
      "-cp",
      CLASSPATH,
      "org.apache.rocketmq.tools.command.MQAdminStartup",
      ...args,
      "-n",
      namesrv,
    ],
    { env: home ? { ROCKETMQ_HOME: home } : {}, timeoutMs: 120_000 },
  );
}

/** The Java client program (test/rocketmq/java/RocketmqPeer.java); `acl` signs with AclClientRPCHook. */
export function javaPeerArgs(args: string[]): string[] {
  return [...TOOL_JVM, "-cp", CLASSPATH, "RocketmqPeer", ...args];
}

export function javaPeer(args: string[], acl?: { accessKey: string; secretKey: string }): Promise<Finished> {
  return run("java", javaPeerArgs(args), {
    env: acl ? { ROCKETMQ_ACCESS_KEY: acl.accessKey, ROCKETMQ_SECRET_KEY: acl.secretKey } : {},
    timeoutMs: 200_000,
  });
}

export function startJavaPeer(args: string[]): Running {
  return new Running(spawn("java", javaPeerArgs(args), { stdio: ["ignore", "pipe", "pipe"] }));
}

/** The Go client program (test/rocketmq/go). */
export function goPeer(args: string[]): Promise<Finished> {
  return run(join(RMQ, "bin", "rocketmq-go-client"), args, { timeoutMs: 200_000 });
}
