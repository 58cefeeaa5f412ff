/**
 * Scenario 3: heartbeats. 1,000 brokers, each on its own connection with one Heartbeat stream,
 * heartbeat once a second (spread over the second) from a few client processes; the server's CPU
 * is measured over a window. The baseline in the same run is a bare grpc-js server answering every
 * heartbeat with fixed bytes on the same streams (no logic). "namesrv, metrics off" is the same build
 * with the HTTP listener (and every metric) off: the metrics' cost per heartbeat in the same run.
 * `--compare-with` adds another build.
 *
 *   npm run bench:heartbeat -- [--brokers 1000] [--window-s 5] [--processes 2] [--no-metrics-ab] [--metrics-off-first] [--compare-with B/dist/src/main.js]
 */
import { writeFileSync } from "node:fs";
import {
  HeartbeatAction,
  HeartbeatResponse,
  RegisterBrokerResponse,
} from "../../gen/ts/namesrv/v1/broker_service.js";
import { AB_OPTIONS, METRICS_OFF } from "./lib/ab-options.js";
import { type OptionValues, parseOptions } from "./lib/args.js";
import {
  benchScript,
  cpuNs,
  type LineChild,
  type ServerProc,
  startNamesrv,
  startScript,
  startServer,
} from "./lib/proc.js";
import { fmt, machineInfo, publish, type ScenarioReport, type TargetCheck, table } from "./lib/report.js";
import { runAsMain, withProcesses } from "./lib/scenario.js";
import { nowUs, ratio, sleep } from "./lib/stats.js";

export const HEARTBEAT_OPTIONS = {
  brokers: { default: 1000, help: "brokers, each with its own connection and Heartbeat stream" },
  intervalMs: { default: 1000, help: "heartbeat interval per broker" },
  processes: { default: 2, help: "client processes the brokers are spread over" },
  warmupS: { default: 2, help: "seconds of heartbeats before the measured window" },
  windowS: { default: 5, help: "measured seconds" },
  ...AB_OPTIONS,
} as const;

export type HeartbeatOptions = OptionValues<typeof HEARTBEAT_OPTIONS>;

interface Stats {
  sent: number;
  ok: number;
  registerAgain: number;
  errors: number;
}

export interface HeartbeatFigures {
  readonly target: string;
  readonly windowS: number;
  readonly heartbeats: number;
  readonly heartbeatsPerS: number;
  /** Server CPU over the window, % of one core. */
  readonly cpuPercent: number;
  readonly cpuUsPerHeartbeat: number;
  readonly ok: number;
  readonly registerAgain: number;
  readonly errors: number;
}

async function stats(swarm: LineChild[]): Promise<Stats> {
  const total: Stats = { sent: 0, ok: 0, registerAgain: 0, errors: 0 };
  await Promise.all(
    swarm.map(async (c) => {
      const before = c.lines.length;
      c.send({ cmd: "stats" });
      const line = await c.waitFor(
        (l, i = c.lines.indexOf(l)) => "stats" in l && i >= before,
        10_000,
        "stats",
      );
      const s = line.stats as Stats;
      total.sent += s.sent;
      total.ok += s.ok;
      total.registerAgain += s.registerAgain;
      total.errors += s.errors;
    }),
  );
  return total;
}

async function measure(name: string, server: ServerProc, opts: HeartbeatOptions): Promise<HeartbeatFigures> {
  const per = Math.ceil(opts.brokers / opts.processes);
  const swarm: LineChild[] = [];
  for (let p = 0; p < opts.processes; p++) {
    const first = p * per;
    const count = Math.min(per, opts.brokers - first);
    if (count > 0) {
      swarm.push(
        startScript("heartbeat-client", {
          address: server.address,
          first,
          count,
          intervalMs: opts.intervalMs,
        }),
      );
    }
  }
  try {
    await Promise.all(swarm.map((c) => c.waitFor((l) => l.ready === true, 120_000, "brokers ready")));
    await sleep(opts.warmupS * 1000 + opts.intervalMs);
    const s0 = await stats(swarm);
    const c0 = cpuNs(server.pid);
    const t0 = nowUs();
    await sleep(opts.windowS * 1000);
    const cpu = cpuNs(server.pid) - c0;
    const wallUs = nowUs() - t0;
    const s1 = await stats(swarm);
    const answered = s1.ok + s1.registerAgain - (s0.ok + s0.registerAgain);
    return {
      target: name,
      windowS: wallUs / 1e6,
      heartbeats: answered,
      heartbeatsPerS: answered / (wallUs / 1e6),
      cpuPercent: (cpu / 1000 / wallUs) * 100,
      cpuUsPerHeartbeat: cpu / 1000 / answered,
      ok: s1.ok - s0.ok,
      registerAgain: s1.registerAgain - s0.registerAgain,
      errors: s1.errors,
    };
  } finally {
    await Promise.all(swarm.map((c) => c.stop()));
  }
}

export async function runHeartbeat(argv: string[]): Promise<ScenarioReport> {
  const opts = parseOptions("heartbeat", HEARTBEAT_OPTIONS, argv);
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  const notes: string[] = [];
  return withProcesses(async (tmp) => {
    const payloads = `${tmp}/payloads.json`;
    const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString("base64");
    writeFileSync(
      payloads,
      JSON.stringify({
        register: b64(
          RegisterBrokerResponse.encode(
            RegisterBrokerResponse.fromPartial({
              epoch: 1n,
              revision: 1n,
              heartbeatIntervalMs: BigInt(opts.intervalMs),
              heartbeatTimeoutMs: 10_000n,
            }),
          ).finish(),
        ),
        heartbeat: b64(
          HeartbeatResponse.encode(
            HeartbeatResponse.fromPartial({
              epoch: 1n,
              revision: 1000n,
              action: HeartbeatAction.HEARTBEAT_ACTION_OK,
              brokerAddr: "10.2.0.1:10911",
            }),
          ).finish(),
        ),
      }),
    );
    const bare = await startServer("bare-js", process.execPath, [
      benchScript("bare-server"),
      JSON.stringify({ listen: "127.0.0.1:0", payloads }),
    ]);
    const bareFigures = await measure("bare grpc-js", bare, opts);
    await bare.stop();
    const measureOff = async () => {
      const off = await startNamesrv(
        ["--heartbeat-interval-ms", String(opts.intervalMs), "--http-listen", ""],
        [],
        undefined,
        "namesrv-nometrics",
      );
      const f = await measure(METRICS_OFF, off, opts);
      await off.stop();
      return f;
    };
    const figures = [bareFigures];
    if (opts.metricsAb && opts.metricsOffFirst) figures.push(await measureOff());
    const namesrv = await startNamesrv(
      ["--heartbeat-interval-ms", String(opts.intervalMs)],
      opts.nodeArgs.split(" ").filter(Boolean),
    );
    const ours = await measure("namesrv", namesrv, opts);
    await namesrv.stop();
    figures.push(ours);
    if (opts.metricsAb && !opts.metricsOffFirst) figures.push(await measureOff());
    if (opts.compareWith !== "") {
      const other = await startNamesrv(
        ["--heartbeat-interval-ms", String(opts.intervalMs)],
        [],
        opts.compareWith,
        "namesrv-b",
      );
      figures.push(await measure("namesrv (B)", other, opts));
      await other.stop();
    }
    for (const f of figures) {
      const expected = (opts.brokers * (f.windowS * 1000)) / opts.intervalMs;
      if (f.heartbeats < 0.9 * expected || f.errors > 0 || f.registerAgain > 0) {
        notes.push(
          `${f.target}: ${f.heartbeats} answers in the window (expected ~${Math.round(expected)}), ${f.registerAgain} REGISTER_AGAIN, ${f.errors} stream errors`,
        );
      }
    }
    const tables = [
      table(
        [
          "heartbeat target",
          "brokers",
          "heartbeats/s",
          "server CPU % of a core",
          "CPU µs/heartbeat",
          "CPU vs bare-js",
        ],
        figures.map((f) => [
          f.target,
          fmt.int(opts.brokers),
          fmt.int(f.heartbeatsPerS),
          fmt.n(f.cpuPercent, 1),
          fmt.n(f.cpuUsPerHeartbeat, 1),
          fmt.x(ratio(f.cpuPercent, bareFigures.cpuPercent)),
        ]),
      ),
    ];
    const targets: TargetCheck[] = [
      {
        target: `${fmt.int(opts.brokers)} heartbeating brokers < 10 % of one core`,
        measured: `${fmt.n(ours.cpuPercent, 1)} % (${fmt.x(ratio(ours.cpuPercent, bareFigures.cpuPercent))} the bare grpc-js server's ${fmt.n(bareFigures.cpuPercent, 1)} %)`,
        met: ours.cpuPercent < 10,
      },
    ];
    const off = figures.find((f) => f.target === METRICS_OFF);
    if (off !== undefined) {
      targets.push({
        target: "heartbeat CPU with metrics on vs off (no target: the metrics' cost)",
        measured: `${fmt.n(ours.cpuUsPerHeartbeat, 1)} vs ${fmt.n(off.cpuUsPerHeartbeat, 1)} µs per heartbeat (${fmt.x(ratio(ours.cpuUsPerHeartbeat, off.cpuUsPerHeartbeat))})`,
        met: null,
      });
    }
    const report: ScenarioReport = {
      scenario: "heartbeat",
      startedAt,
      machine,
      settings: { ...opts },
      figures,
      targets,
      tables,
      notes,
    };
    publish(report);
    return report;
  });
}

runAsMain(import.meta.url, runHeartbeat);
