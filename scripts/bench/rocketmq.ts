/**
 * `npm run bench:rocketmq`: Apache RocketMQ's own NameServer (NamesrvStartup, from Maven Central via
 * scripts/rocketmq/install.sh) and this one, side by side in one run, on the same work:
 *   - route lookups over remoting (calls/s, p50, p99) from the project's own load generator
 *     (scripts/bench/remoting-load.ts), the same for both; the same lookups over gRPC here;
 *   - registration of 10,000 topics over remoting (REGISTER_BROKER with a JSON body, as brokers send);
 *   - a broker's SIGKILL until a client learns the new route: RocketMQ's clients poll every 30 s, so
 *     theirs is the server's removal plus up to 30 s; this one's gRPC watchers get it pushed;
 *   - RSS of both servers after the work.
 * Options: --duration-ms (per lookup run, default 10000), --connections (4), --inflight (32 per
 * connection), --topics (10000), --repeats (5). Loopback only; every process is stopped at the end.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { credentials } from "@grpc/grpc-js";
import { RouteServiceClient, type WatchRoutesResponse } from "../../gen/ts/namesrv/v1/route_service.js";
import { ResponseCode } from "../../src/remoting/codes.js";
import { parseOptions } from "./lib/args.js";
import {
  benchScript,
  LineChild,
  REPO,
  rssBytes,
  spawnTracked,
  startNamesrv,
  stop,
  stopAll,
} from "./lib/proc.js";
import { RemotingConn, registration } from "./lib/remoting.js";
import { median, nowUs, sleep } from "./lib/stats.js";

const opts = parseOptions(
  "bench:rocketmq",
  {
    durationMs: { default: 10_000, help: "each lookup run, ms" },
    connections: { default: 4, help: "load generator connections" },
    inflight: { default: 32, help: "requests outstanding per connection" },
    topics: { default: 10_000, help: "topics of the big registration" },
    repeats: { default: 5, help: "big registrations per server" },
  },
  process.argv.slice(2),
);

const LIB = join(REPO, ".rocketmq", "lib");
const GRACE_MS = 2_000; // this server's default streamLossGraceMs
const RMQ_POLL_MS = 30_000; // RocketMQ clients' pollNameServerInterval

interface Figures {
  lookups?: { callsPerS: number; p50Us: number; p99Us: number; errors: number };
  grpcLookups?: { callsPerS: number; p50Us: number; p99Us: number; errors: number };
  registerMs?: number;
  removalMs?: number;
  learnedMs?: string;
  rssMb?: number;
}

async function freePort(): Promise<number> {
  const s = createServer().listen(0, "127.0.0.1");
  await new Promise((r) => s.once("listening", r));
  const port = (s.address() as { port: number }).port;
  await new Promise((r) => s.close(r));
  return port;
}

async function startJavaNamesrv(dir: string): Promise<{ proc: LineChild; address: string }> {
  const port = await freePort();
  writeFileSync(join(dir, "namesrv.conf"), `listenPort=${port}\n`);
  const child = spawnTracked(
    "java",
    [
      "-Xms512m",
      "-Xmx512m",
      "-XX:+UseSerialGC",
      "-XX:ActiveProcessorCount=2",
      `-Duser.home=${dir}`,
      "-cp",
      `${LIB}/*`,
      "org.apache.rocketmq.namesrv.NamesrvStartup",
      "-c",
      join(dir, "namesrv.conf"),
    ],
    { env: { ROCKETMQ_HOME: dir } },
  );
  const proc = new LineChild("rocketmq-namesrv", child);
  await proc.waitFor((l) => String(l.raw ?? "").includes("boot success"), 120_000, "boot success");
  return { proc, address: `127.0.0.1:${port}` };
}

async function load(kind: "remoting" | "grpc", address: string, topic: string) {
  const gen = new LineChild(
    `load-${kind}`,
    spawnTracked(process.execPath, [
      benchScript("remoting-load"),
      JSON.stringify({
        kind,
        address,
        topic,
        connections: opts.connections,
        inflight: opts.inflight,
        durationMs: opts.durationMs,
        warmupMs: 2_000,
      }),
    ]),
  );
  const r = await gen.waitFor((l) => l.result === true, opts.durationMs + 60_000, "result");
  await gen.exited;
  return r as unknown as { callsPerS: number; p50Us: number; p99Us: number; errors: number };
}

/** Median time of `repeats` registrations of a broker with `topics` topics (each a new data version). */
async function registerBig(address: string): Promise<number> {
  const conn = await RemotingConn.open(address);
  const topics = Array.from({ length: opts.topics }, (_, i) => `BigTopic_${i}`);
  const times: number[] = [];
  for (let i = 1; i <= opts.repeats; i++) {
    const opaque = conn.nextOpaque();
    const frame = registration("bench-big", "127.0.0.1:20911", topics, i, opaque);
    const t0 = nowUs();
    const r = await conn.send(opaque, frame);
    times.push((nowUs() - t0) / 1000);
    if (r.code !== ResponseCode.SUCCESS) throw new Error(`registration refused: ${r.code} ${r.remark}`);
  }
  conn.close();
  return median(times);
}

/** SIGKILL of a stand-in broker process until the server stops routing its topic (polled every 2 ms). */
async function removal(
  address: string,
  watchAddress: string | null,
): Promise<{ removalMs: number; pushedMs: number | null }> {
  const topic = `KillTopic_${Date.now()}`;
  const broker = new LineChild(
    "stand-in-broker",
    spawnTracked(process.execPath, [
      benchScript("remoting-broker"),
      // Two topics: RocketMQ takes a first registration with exactly one topic for a partial one and refuses it.
      JSON.stringify({
        address,
        brokerName: "bench-kill",
        brokerAddr: "127.0.0.1:30911",
        topics: [topic, `${topic}_b`],
      }),
    ]),
  );
  const answer = await broker.waitFor((l) => "registered" in l, 30_000, "registration");
  if (answer.registered !== true) throw new Error(`stand-in broker refused: ${JSON.stringify(answer)}`);
  let pushedAt: number | null = null;
  let client: RouteServiceClient | null = null;
  if (watchAddress !== null) {
    client = new RouteServiceClient(watchAddress, credentials.createInsecure());
    const call = client.watchRoutes({
      topics: [topic],
      allTopics: false,
      resumeEpoch: 0n,
      resumeRevision: 0n,
    });
    call.on("error", () => {});
    let seen = false;
    await new Promise<void>((resolve) => {
      call.on("data", (f: WatchRoutesResponse) => {
        for (const u of f.routes?.updates ?? []) {
          if (u.topic === topic && !u.removed && !seen) {
            seen = true;
            resolve();
          }
          if (u.topic === topic && u.removed && pushedAt === null) pushedAt = nowUs();
        }
      });
    });
  }
  const conn = await RemotingConn.open(address);
  const killedAt = nowUs();
  process.kill(broker.pid, "SIGKILL");
  let removedAt = 0;
  for (let i = 0; i < 200_000; i++) {
    const r = await conn.lookup(topic);
    if (r.code === ResponseCode.TOPIC_NOT_EXIST) {
      removedAt = nowUs();
      break;
    }
    await sleep(2);
  }
  for (let i = 0; i < 500 && watchAddress !== null && pushedAt === null; i++) await sleep(2);
  conn.close();
  client?.close();
  return {
    removalMs: (removedAt - killedAt) / 1000,
    pushedMs: pushedAt === null ? null : (pushedAt - killedAt) / 1000,
  };
}

async function benchServer(name: string, address: string, pid: number, grpc: boolean): Promise<Figures> {
  const f: Figures = {};
  // A registered group for the lookups, on a connection kept open (its closing would remove it).
  const keeper = await RemotingConn.open(address);
  const opaque = keeper.nextOpaque();
  const topics = ["LookupTopic", ...Array.from({ length: 99 }, (_, i) => `T${i}`)];
  const reg = await keeper.send(opaque, registration("bench-a", "127.0.0.1:10911", topics, 1, opaque));
  if (reg.code !== ResponseCode.SUCCESS)
    throw new Error(`${name}: registration refused ${reg.code} ${reg.remark}`);
  process.stderr.write(`${name}: remoting lookups\n`);
  f.lookups = await load("remoting", address, "LookupTopic");
  if (grpc) {
    process.stderr.write(`${name}: gRPC lookups\n`);
    f.grpcLookups = await load("grpc", address, "LookupTopic");
  }
  process.stderr.write(`${name}: ${opts.topics}-topic registrations\n`);
  f.registerMs = await registerBig(address);
  process.stderr.write(`${name}: broker SIGKILL\n`);
  const r = await removal(address, grpc ? address : null);
  f.removalMs = r.removalMs;
  f.learnedMs =
    r.pushedMs === null
      ? `${fmt(r.removalMs)} + up to ${RMQ_POLL_MS} (30 s poll)`
      : `${fmt(r.pushedMs)} (pushed to gRPC watchers; RocketMQ clients: + up to ${RMQ_POLL_MS})`;
  f.rssMb = rssBytes(pid) / 1048576;
  keeper.close();
  return f;
}

function fmt(n: number | undefined, digits = 1): string {
  return n === undefined || !Number.isFinite(n) ? "-" : n.toFixed(digits);
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "bench-rocketmq-"));
  try {
    process.stderr.write("starting Apache RocketMQ NamesrvStartup and this NameServer\n");
    const java = await startJavaNamesrv(dir);
    const ours = await startNamesrv(["--data-dir", join(dir, "data")]);
    const javaFigures = await benchServer("rocketmq", java.address, java.proc.pid, false);
    await stop(java.proc.child);
    const ourFigures = await benchServer("namesrv", ours.address, ours.pid, true);
    await ours.stop();

    const rows: Array<[string, string, string, string]> = [
      [
        "remoting lookups, calls/s",
        fmt(javaFigures.lookups?.callsPerS, 0),
        fmt(ourFigures.lookups?.callsPerS, 0),
        fmt((ourFigures.lookups?.callsPerS ?? 0) / (javaFigures.lookups?.callsPerS ?? 1), 2),
      ],
      ["remoting lookups, p50 µs", fmt(javaFigures.lookups?.p50Us, 0), fmt(ourFigures.lookups?.p50Us, 0), ""],
      ["remoting lookups, p99 µs", fmt(javaFigures.lookups?.p99Us, 0), fmt(ourFigures.lookups?.p99Us, 0), ""],
      [
        "gRPC lookups, calls/s",
        "-",
        fmt(ourFigures.grpcLookups?.callsPerS, 0),
        "grpc-js client as generator (its own limit); npm run bench:lookup uses h2load",
      ],
      ["gRPC lookups, p99 µs", "-", fmt(ourFigures.grpcLookups?.p99Us, 0), ""],
      [
        `register ${opts.topics} topics, ms (median of ${opts.repeats})`,
        fmt(javaFigures.registerMs),
        fmt(ourFigures.registerMs),
        "",
      ],
      [
        "broker SIGKILL -> server stops routing, ms",
        fmt(javaFigures.removalMs),
        fmt(ourFigures.removalMs),
        `grace ${GRACE_MS}`,
      ],
      ["broker SIGKILL -> client learns, ms", javaFigures.learnedMs ?? "-", ourFigures.learnedMs ?? "-", ""],
      ["RSS after the work, MiB", fmt(javaFigures.rssMb), fmt(ourFigures.rssMb), ""],
    ];
    const errors = (javaFigures.lookups?.errors ?? 0) + (ourFigures.lookups?.errors ?? 0);
    console.log(
      `\nbench:rocketmq  (${opts.connections} connections x ${opts.inflight} in flight, ${opts.durationMs} ms per run; lookup errors: ${errors})`,
    );
    console.log("| measure | Apache RocketMQ NamesrvStartup 5.3.3 | this NameServer | ratio / note |");
    console.log("|---|---|---|---|");
    for (const r of rows) console.log(`| ${r.join(" | ")} |`);
  } finally {
    await stopAll();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch(async (err) => {
  console.error(err);
  await stopAll();
  process.exit(1);
});
