/**
 * Scenario 1: route lookup throughput and latency. h2load sends gRPC-framed GetRouteInfoByTopic
 * requests for one topic of a realistic table (10 clusters, 100 groups x 2 brokers, 10,000 topics,
 * each on 4 groups) to namesrv and, in the same run, to a bare grpc-js server answering the very same
 * response bytes with no logic (and a bare Go grpc server when Go is installed). Targets run
 * interleaved, round by round, so drift on a shared machine hits them alike. Then ghz, a second load
 * generator that is a real gRPC client (it decodes every response and its status), measures each
 * target once more with the same connections and calls in flight; its figures are printed next to
 * h2load's, as a cross-check of both the load generator and the ranking of the targets.
 *
 * The "namesrv" target serves metrics (HTTP listener on); "namesrv, metrics off" is the same build
 * without them, so the two give the metrics' cost on lookups in the same run.
 *
 *   npm run bench:lookup -- [--duration-s 3] [--rounds 2] [--clients 4] [--streams 16] [--no-metrics-ab] [--metrics-off-first]
 */
import { writeFileSync } from "node:fs";
import { GetRouteInfoByTopicRequest } from "../../gen/ts/namesrv/v1/route_service.js";
import { AB_OPTIONS, METRICS_OFF } from "./lib/ab-options.js";
import { type OptionValues, parseOptions } from "./lib/args.js";
import { loadTable, REALISTIC, topicName } from "./lib/fixture.js";
import { ensureGhz, type GhzResult, runGhz } from "./lib/ghz.js";
import { runH2load } from "./lib/h2load.js";
import { benchScript, measureCpu, type ServerProc, startNamesrv, startServer } from "./lib/proc.js";
import { asBuffer, grpcFrame, PATH, RawClient } from "./lib/raw-client.js";
import { fmt, machineInfo, publish, type ScenarioReport, type TargetCheck, table } from "./lib/report.js";
import { buildGoBaseline, ensureH2load, runAsMain, withProcesses } from "./lib/scenario.js";
import { max, median, min, percentile, ratio } from "./lib/stats.js";

export const LOOKUP_OPTIONS = {
  durationS: { default: 2, help: "measured seconds per target and round" },
  warmupS: { default: 1, help: "unmeasured h2load seconds per target before the first round" },
  rounds: {
    default: 4,
    help: "rounds; each measures every target once, in rotating order (noise hits all alike)",
  },
  clients: { default: 4, help: "h2load connections" },
  streams: { default: 16, help: "h2load concurrent streams per connection" },
  topic: { default: 4242, help: "index of the looked-up topic in the table" },
  ghz: {
    default: true,
    help: "also measure every target with ghz, printed next to h2load's figures (--no-ghz to skip)",
  },
  go: { default: true, help: "include the bare Go baseline when Go is installed (--no-go to skip)" },
  goMaxProcs: { default: 1, help: "GOMAXPROCS of the Go baseline (1: one core, like Node's event loop)" },
  ...AB_OPTIONS,
} as const;

export type LookupOptions = OptionValues<typeof LOOKUP_OPTIONS>;

/** One target's figures over all rounds. */
export interface LookupFigures {
  readonly target: string;
  readonly calls: number;
  readonly seconds: number;
  readonly callsPerS: number;
  readonly p50Us: number;
  readonly p99Us: number;
  readonly maxUs: number;
  readonly cpuUsPerCall: number;
  readonly responseBytes: number;
  readonly failed: number;
  /** The same target measured by ghz (one run of durationS), when ghz ran. */
  readonly ghz?: GhzResult;
}

export async function runLookup(argv: string[]): Promise<ScenarioReport> {
  const opts = parseOptions("lookup", LOOKUP_OPTIONS, argv);
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  ensureH2load();
  const notes: string[] = [];
  return withProcesses(async (tmp) => {
    const startOff = async () => {
      // Same build, no HTTP listener: no call counter, no watch observer, no counters.
      const off = await startNamesrv(["--http-listen", ""], [], undefined, "namesrv-nometrics");
      await loadTable(off.address);
      return { name: METRICS_OFF, proc: off };
    };
    const offFirst = opts.metricsAb && opts.metricsOffFirst ? await startOff() : null;
    const namesrv = await startNamesrv([], opts.nodeArgs.split(" ").filter(Boolean));
    await loadTable(namesrv.address);
    const topic = topicName(opts.topic);
    const request = GetRouteInfoByTopicRequest.encode(
      GetRouteInfoByTopicRequest.fromPartial({ topic }),
    ).finish();
    const lookupOnce = async (address: string) => {
      const client = new RawClient(address);
      try {
        return await client.unary(PATH.getRoute, asBuffer(request));
      } finally {
        client.close();
      }
    };
    const response = await lookupOnce(namesrv.address);
    /** Response bytes per call of each target (5-byte gRPC prefix + message). */
    const expectedBytes = new Map<string, number>();

    const payloads = `${tmp}/payloads.json`;
    writeFileSync(payloads, JSON.stringify({ lookup: response.toString("base64") }));
    const lookupFile = `${tmp}/lookup.bin`;
    writeFileSync(lookupFile, response);
    const targets: Array<{ name: string; proc: ServerProc }> = [
      {
        name: "bare grpc-js",
        proc: await startServer("bare-js", process.execPath, [
          benchScript("bare-server"),
          JSON.stringify({ listen: "127.0.0.1:0", payloads }),
        ]),
      },
      ...(offFirst !== null ? [offFirst] : []),
      { name: "namesrv", proc: namesrv },
    ];
    if (opts.metricsAb && offFirst === null) targets.push(await startOff());
    if (opts.compareWith !== "") {
      const other = await startNamesrv([], [], opts.compareWith, "namesrv-b");
      await loadTable(other.address);
      expectedBytes.set("namesrv (B)", 5 + (await lookupOnce(other.address)).byteLength);
      targets.push({ name: "namesrv (B)", proc: other });
    }
    if (opts.go) {
      const go = buildGoBaseline();
      if ("path" in go) {
        targets.push({
          name: "bare Go",
          proc: await startServer("bare-go", go.path, ["-listen", "127.0.0.1:0", "-lookup", lookupFile], {
            GOMAXPROCS: String(opts.goMaxProcs),
          }),
        });
      } else {
        notes.push(go.skipped);
      }
    }

    const body = grpcFrame(request);
    const load = (address: string, durationS: number) =>
      runH2load({
        address,
        path: PATH.getRoute,
        body,
        clients: opts.clients,
        streams: opts.streams,
        durationS,
      });
    for (const t of targets) await load(t.proc.address, opts.warmupS);

    const acc = new Map(
      targets.map((t) => [
        t.name,
        {
          calls: 0,
          seconds: 0,
          cpuNs: 0,
          failed: 0,
          bytes: 0,
          latencies: [] as Float64Array[],
          /** Per round: calls/s and CPU µs per call (for ratios of targets measured side by side). */
          rounds: [] as Array<{ callsPerS: number; cpuUsPerCall: number }>,
        },
      ]),
    );
    for (let round = 0; round < opts.rounds; round++) {
      const order = targets.map((_, i) => targets[(i + round) % targets.length] as (typeof targets)[number]);
      for (const t of order) {
        const m = await measureCpu(t.proc.pid, () => load(t.proc.address, opts.durationS));
        const a = acc.get(t.name) as NonNullable<ReturnType<typeof acc.get>>;
        a.calls += m.result.done;
        a.seconds += opts.durationS;
        a.cpuNs += m.cpuNs;
        a.failed += m.result.failed + m.result.errored;
        a.bytes = m.result.dataBytesPerRequest;
        a.latencies.push(m.result.latenciesUs);
        a.rounds.push({
          callsPerS: m.result.done / opts.durationS,
          cpuUsPerCall: m.cpuNs / 1000 / m.result.done,
        });
        process.stderr.write(
          `lookup: round ${round + 1}/${opts.rounds} ${t.name}: ${fmt.int(m.result.reqPerS)} calls/s\n`,
        );
      }
    }

    const ghz = new Map<string, GhzResult>();
    if (opts.ghz) {
      const missing = ensureGhz();
      if (missing !== null) notes.push(missing);
      else {
        for (const t of targets) {
          const r = await runGhz({
            address: t.proc.address,
            call: "namesrv.v1.RouteService.GetRouteInfoByTopic",
            data: { topic },
            connections: opts.clients,
            concurrency: opts.clients * opts.streams,
            durationS: opts.durationS,
          });
          ghz.set(t.name, r);
          process.stderr.write(`lookup: ghz ${t.name}: ${fmt.int(r.callsPerS)} calls/s\n`);
          if (r.failed > 0) notes.push(`ghz ${t.name}: ${r.failed} calls did not end OK`);
        }
      }
    }

    const figures: LookupFigures[] = targets.map((t) => {
      const a = acc.get(t.name) as NonNullable<ReturnType<typeof acc.get>>;
      const g = ghz.get(t.name);
      const all = Float64Array.from(a.latencies.flatMap((l) => [...l]));
      return {
        target: t.name,
        calls: a.calls,
        seconds: a.seconds,
        callsPerS: a.calls / a.seconds,
        p50Us: percentile(all, 50),
        p99Us: percentile(all, 99),
        maxUs: percentile(all, 100),
        cpuUsPerCall: a.cpuNs / 1000 / a.calls,
        responseBytes: a.bytes,
        failed: a.failed,
        ...(g !== undefined ? { ghz: g } : {}),
      };
    });
    for (const f of figures) {
      const expected = expectedBytes.get(f.target) ?? 5 + response.byteLength;
      if (Math.abs(f.responseBytes - expected) > 0.01 * expected) {
        notes.push(
          `${f.target}: ${f.responseBytes.toFixed(1)} response bytes per call, expected ${expected}: some calls failed`,
        );
      }
    }
    const bare = figures[0] as LookupFigures;
    const ours = figures.find((f) => f.target === "namesrv") as LookupFigures;
    const rows = figures.map((f) => [
      f.target,
      fmt.int(f.callsPerS),
      fmt.ms(f.p50Us),
      fmt.ms(f.p99Us),
      fmt.n(f.cpuUsPerCall, 1),
      fmt.x(ratio(f.callsPerS, bare.callsPerS)),
      fmt.x(ratio(f.p99Us, bare.p99Us)),
      fmt.x(ratio(f.cpuUsPerCall, bare.cpuUsPerCall)),
    ]);
    const tables = [
      table(
        [
          "lookup target",
          "calls/s",
          "p50 ms",
          "p99 ms",
          "CPU µs/call",
          "calls/s vs bare-js",
          "p99 vs bare-js",
          "CPU/call vs bare-js",
        ],
        rows,
      ),
    ];
    if (ghz.size > 0) {
      const bareGhz = bare.ghz;
      tables.push(
        table(
          [
            "lookup target (ghz)",
            "calls/s",
            "p50 ms",
            "p99 ms",
            "calls/s vs bare-js",
            "calls/s vs h2load's",
            "p99 vs h2load's",
          ],
          figures.flatMap((f) =>
            f.ghz === undefined
              ? []
              : [
                  [
                    f.target,
                    fmt.int(f.ghz.callsPerS),
                    fmt.ms(f.ghz.p50Us),
                    fmt.ms(f.ghz.p99Us),
                    bareGhz === undefined ? "-" : fmt.x(ratio(f.ghz.callsPerS, bareGhz.callsPerS)),
                    fmt.x(ratio(f.ghz.callsPerS, f.callsPerS)),
                    fmt.x(ratio(f.ghz.p99Us, f.p99Us)),
                  ],
                ],
          ),
        ),
      );
    }
    const throughput = ratio(ours.callsPerS, bare.callsPerS);
    const p99 = ratio(ours.p99Us, bare.p99Us);
    const targetsChecked: TargetCheck[] = [
      { target: "lookup calls/s >= 0.9x bare grpc-js", measured: fmt.x(throughput), met: throughput >= 0.9 },
      { target: "lookup p99 <= 1.2x bare grpc-js p99", measured: fmt.x(p99), met: p99 <= 1.2 },
    ];
    const off = figures.find((f) => f.target === METRICS_OFF);
    if (off !== undefined) {
      const withMetrics = ratio(ours.callsPerS, off.callsPerS);
      // CPU per call is the steadier figure on a loaded machine: throughput at the CPU limit is its inverse.
      const cpuRatio = ratio(off.cpuUsPerCall, ours.cpuUsPerCall);
      // Each round measures both within seconds of each other: the median of the rounds' ratios is
      // not moved by a burst of other work that hit one target in one round.
      const onRounds = acc.get("namesrv")?.rounds ?? [];
      const offRounds = acc.get(METRICS_OFF)?.rounds ?? [];
      const paired = (f: (r: { callsPerS: number; cpuUsPerCall: number }, o: typeof r) => number) =>
        onRounds.map((r, i) => f(r, offRounds[i] ?? { callsPerS: Number.NaN, cpuUsPerCall: Number.NaN }));
      const callsPaired = paired((r, o) => ratio(r.callsPerS, o.callsPerS));
      const cpuPaired = paired((r, o) => ratio(o.cpuUsPerCall, r.cpuUsPerCall));
      const range = (v: number[]) => `${fmt.x(min(v))}-${fmt.x(max(v))}`;
      targetsChecked.push({
        target: "lookup calls/s with metrics on >= 0.95x metrics off",
        measured:
          `${fmt.x(withMetrics)} over all rounds (calls per CPU second: ${fmt.x(cpuRatio)}); ` +
          `median of the ${callsPaired.length} rounds' ratios ${fmt.x(median(callsPaired))} (${range(callsPaired)}), ` +
          `calls per CPU second ${fmt.x(median(cpuPaired))} (${range(cpuPaired)})`,
        met: withMetrics >= 0.95,
      });
    }
    const report: ScenarioReport = {
      scenario: "lookup",
      startedAt,
      machine,
      settings: {
        ...opts,
        table: REALISTIC,
        topic,
        requestBytes: request.byteLength,
        responseBytes: response.byteLength,
        inFlight: opts.clients * opts.streams,
      },
      figures,
      targets: targetsChecked,
      tables,
      notes,
    };
    publish(report);
    return report;
  });
}

runAsMain(import.meta.url, runLookup);
