/**
 * Scenario 4: fan-out. 1,000 and 10,000 route subscribers (WatchRoutes streams, `--streams-per-connection`
 * per connection, over a few client processes) watch the same 4 topics of one broker group; the
 * group's master re-registers with a changed topic table (one broker change, 400 topics, one
 * revision). Measured per change: time until the first and the last subscriber has the frame
 * (p50/p99 over repeats), server CPU per change, and server RSS per subscriber. The baseline in the
 * same run is a bare grpc-js server that holds as many streams, sends them the same snapshot bytes
 * and, on one unary call, writes the same change frame to all of them. "namesrv, metrics off" is the
 * same build with the HTTP listener (and every metric, the watch hub's observer included) off: the
 * metrics' cost on fan-out in the same run. Frames/s is subscribers over the last delivery (p50).
 *
 *   npm run bench:fanout -- [--subscribers 1000,10000] [--repeats 10] [--processes 4] [--no-metrics-ab] [--metrics-off-first] [--compare-with B/dist/src/main.js]
 */
import { writeFileSync } from "node:fs";
import { RegisterBrokerRequest } from "../../gen/ts/namesrv/v1/broker_service.js";
import { WatchRoutesRequest } from "../../gen/ts/namesrv/v1/route_service.js";
import { AB_OPTIONS, METRICS_OFF } from "./lib/ab-options.js";
import { type OptionValues, parseOptions } from "./lib/args.js";
import { groupRegistration, loadTable, REALISTIC, topicName, topicsByGroup } from "./lib/fixture.js";
import {
  benchScript,
  cpuNs,
  type LineChild,
  rssBytes,
  type ServerProc,
  startNamesrv,
  startScript,
  startServer,
} from "./lib/proc.js";
import { asBuffer, PATH, RawClient, watchEventField } from "./lib/raw-client.js";
import { fmt, machineInfo, publish, type ScenarioReport, type TargetCheck, table } from "./lib/report.js";
import { runAsMain, withProcesses } from "./lib/scenario.js";
import { nowUs, percentile, ratio, sleep } from "./lib/stats.js";

export const FANOUT_OPTIONS = {
  subscribers: { default: [1000, 10_000], help: "subscriber counts, one point each" },
  processes: { default: 4, help: "client processes the subscribers are spread over" },
  streamsPerConnection: { default: 100, help: "WatchRoutes streams per client connection" },
  topicsPerSubscriber: { default: 4, help: "topics each subscriber watches (all of the changed group)" },
  repeats: { default: 10, help: "broker changes per point" },
  gapMs: { default: 200, help: "pause between changes" },
  settleMs: { default: 1500, help: "pause after the subscribers are ready, before RSS is read" },
  ...AB_OPTIONS,
} as const;

export type FanoutOptions = OptionValues<typeof FANOUT_OPTIONS>;

/** The changed group's index in the table. */
const GROUP = 0;

export interface FanoutFigures {
  readonly target: string;
  readonly subscribers: number;
  readonly repeats: number;
  readonly firstP50Us: number;
  readonly firstP99Us: number;
  readonly lastP50Us: number;
  readonly lastP99Us: number;
  /** Subscribers over the last delivery's p50: frames handed out per second during a change. */
  readonly framesPerS: number;
  readonly cpuMsPerChange: number;
  readonly rssBeforeBytes: number;
  readonly rssAfterBytes: number;
  readonly rssPerSubscriberBytes: number;
  readonly frameBytes: number;
}

/** Opens `n` subscribers over the client processes; resolves when every stream has its snapshot. */
async function subscribe(
  address: string,
  n: number,
  request: Uint8Array,
  opts: FanoutOptions,
): Promise<LineChild[]> {
  const per = Math.ceil(n / opts.processes);
  const procs: LineChild[] = [];
  for (let p = 0; p * per < n; p++) {
    procs.push(
      startScript("subscriber", {
        address,
        id: p,
        streams: Math.min(per, n - p * per),
        streamsPerConnection: opts.streamsPerConnection,
        request: Buffer.from(request).toString("base64"),
        mode: "fanout",
      }),
    );
  }
  await Promise.all(procs.map((c) => c.waitFor((l) => l.ready === true, 120_000, "subscribers ready")));
  return procs;
}

/** Runs the changes against subscribers already in place. */
async function changes(
  name: string,
  server: ServerProc,
  subs: LineChild[],
  n: number,
  trigger: (k: number) => Promise<unknown>,
  rssBeforeBytes: number,
  frameBytes: number,
  opts: FanoutOptions,
): Promise<FanoutFigures> {
  await sleep(opts.settleMs);
  const rssAfterBytes = rssBytes(server.pid);
  const first: number[] = [];
  const last: number[] = [];
  let cpu = 0;
  for (let k = 0; k < opts.repeats; k++) {
    const c0 = cpuNs(server.pid);
    const t0 = nowUs();
    await trigger(k);
    const lines = await Promise.all(subs.map((c) => c.waitFor((l) => l.change === k, 30_000, `change ${k}`)));
    cpu += cpuNs(server.pid) - c0;
    const count = lines.reduce((s, l) => s + Number(l.count), 0);
    if (count !== n) throw new Error(`${name}: change ${k} reached ${count} of ${n} subscribers`);
    first.push(Math.min(...lines.map((l) => Number(l.firstUs))) - t0);
    last.push(Math.max(...lines.map((l) => Number(l.lastUs))) - t0);
    await sleep(opts.gapMs);
  }
  return {
    target: name,
    subscribers: n,
    repeats: opts.repeats,
    firstP50Us: percentile(first, 50),
    firstP99Us: percentile(first, 99),
    lastP50Us: percentile(last, 50),
    lastP99Us: percentile(last, 99),
    framesPerS: n / (percentile(last, 50) / 1e6),
    cpuMsPerChange: cpu / 1e6 / opts.repeats,
    rssBeforeBytes,
    rssAfterBytes,
    rssPerSubscriberBytes: (rssAfterBytes - rssBeforeBytes) / n,
    frameBytes,
  };
}

export async function runFanout(argv: string[]): Promise<ScenarioReport> {
  const opts = parseOptions("fanout", FANOUT_OPTIONS, argv);
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  const notes: string[] = [];
  const groupTopics = topicsByGroup(REALISTIC)[GROUP] ?? [];
  const watched = groupTopics.slice(0, opts.topicsPerSubscriber).map(topicName);
  const request = WatchRoutesRequest.encode(WatchRoutesRequest.fromPartial({ topics: watched })).finish();
  // Two versions of the group master's registration, each a change from the other.
  const variants = [1, 2].map((v) =>
    asBuffer(
      RegisterBrokerRequest.encode(
        groupRegistration(REALISTIC, GROUP, 0, groupTopics, BigInt(v + 1), v === 1 ? 16 : 8),
      ).finish(),
    ),
  );
  const figures: FanoutFigures[] = [];
  for (const n of opts.subscribers) {
    await withProcesses(async (tmp) => {
      // namesrv: the realistic table; capture the frames a subscriber gets, for the baseline.
      const measureNamesrv = async (
        name: string,
        procName: string,
        main?: string,
        nodeArgs: string[] = [],
        args: string[] = [],
      ) => {
        const namesrv = await startNamesrv(args, nodeArgs, main, procName);
        await loadTable(namesrv.address);
        const client = new RawClient(namesrv.address, "fanout-trigger");
        let change = 0;
        const trigger = () => client.unary(PATH.register, variants[change++ % 2] as Buffer);
        const initial: Buffer[] = [];
        const captured = await new Promise<Buffer>((resolve, reject) => {
          const call = client.serverStream(PATH.watchRoutes, asBuffer(request));
          let live = false;
          call.on("data", (frame: Buffer) => {
            if (!live) {
              initial.push(frame);
              if (watchEventField(frame) === 5) {
                live = true;
                trigger().catch(reject);
              }
            } else if (watchEventField(frame) === 4) {
              call.cancel();
              resolve(frame);
            }
          });
          call.on("error", (err: Error & { code?: number }) => {
            if (err.code !== 1) reject(err);
          });
        });
        await sleep(200);
        const rss0 = rssBytes(namesrv.pid);
        const subs = await subscribe(namesrv.address, n, request, opts);
        figures.push(await changes(name, namesrv, subs, n, trigger, rss0, captured.byteLength, opts));
        client.close();
        await Promise.all([...subs.map((c) => c.stop()), namesrv.stop()]);
        return { initial, captured };
      };
      const measureOff = () =>
        measureNamesrv(METRICS_OFF, "namesrv-nometrics", undefined, [], ["--http-listen", ""]);
      const offFirst = opts.metricsAb && opts.metricsOffFirst ? await measureOff() : null;
      const on = await measureNamesrv(
        "namesrv",
        "namesrv",
        undefined,
        opts.nodeArgs.split(" ").filter(Boolean),
      );
      if (opts.metricsAb && offFirst === null) await measureOff();
      // Any namesrv's frames do for the bare server (the same bytes but for the epoch).
      const { initial, captured } = offFirst ?? on;
      if (opts.compareWith !== "") await measureNamesrv("namesrv (B)", "namesrv-b", opts.compareWith);

      // The bare grpc-js server: same snapshot bytes, same change frame, same streams.
      const payloads = `${tmp}/payloads.json`;
      writeFileSync(
        payloads,
        JSON.stringify({
          watchInitial: initial.map((b) => b.toString("base64")),
          watchChange: captured.toString("base64"),
        }),
      );
      const bare = await startServer("bare-js", process.execPath, [
        benchScript("bare-server"),
        JSON.stringify({ listen: "127.0.0.1:0", payloads }),
      ]);
      const bareClient = new RawClient(bare.address, "fanout-push");
      await sleep(200);
      const bareRss0 = rssBytes(bare.pid);
      const bareSubs = await subscribe(bare.address, n, request, opts);
      figures.push(
        await changes(
          "bare grpc-js",
          bare,
          bareSubs,
          n,
          () => bareClient.unary(PATH.barePush, Buffer.alloc(0)),
          bareRss0,
          captured.byteLength,
          opts,
        ),
      );
      bareClient.close();
      process.stderr.write(`fanout: ${n} subscribers done\n`);
    });
  }

  const bareOf = (n: number) => figures.find((f) => f.target === "bare grpc-js" && f.subscribers === n);
  const tables = [
    table(
      [
        "fan-out target",
        "subscribers",
        "first p50 ms",
        "first p99 ms",
        "last p50 ms",
        "last p99 ms",
        "frames/s",
        "CPU ms/change",
        "RSS KiB/subscriber",
        "last p50 vs bare-js",
        "last p99 vs bare-js",
        "CPU vs bare-js",
      ],
      figures.map((f) => {
        const b = bareOf(f.subscribers);
        return [
          f.target,
          fmt.int(f.subscribers),
          fmt.ms(f.firstP50Us),
          fmt.ms(f.firstP99Us),
          fmt.ms(f.lastP50Us),
          fmt.ms(f.lastP99Us),
          fmt.int(f.framesPerS),
          fmt.n(f.cpuMsPerChange, 1),
          fmt.kib(f.rssPerSubscriberBytes),
          fmt.x(ratio(f.lastP50Us, b?.lastP50Us ?? Number.NaN)),
          fmt.x(ratio(f.lastP99Us, b?.lastP99Us ?? Number.NaN)),
          fmt.x(ratio(f.cpuMsPerChange, b?.cpuMsPerChange ?? Number.NaN)),
        ];
      }),
    ),
  ];
  const targets: TargetCheck[] = [];
  const big = Math.max(...opts.subscribers);
  const ours = figures.find((f) => f.target === "namesrv" && f.subscribers === big);
  const bare = bareOf(big);
  if (ours !== undefined && bare !== undefined) {
    const r = ratio(ours.lastP50Us, bare.lastP50Us);
    targets.push(
      {
        target: `fan-out to ${fmt.int(big)}: last delivery within 1.1x the bare baseline`,
        measured: `${fmt.x(r)} (p50 over ${opts.repeats} changes: ${fmt.ms(ours.lastP50Us)} vs ${fmt.ms(bare.lastP50Us)} ms; p99 ${fmt.x(ratio(ours.lastP99Us, bare.lastP99Us))})`,
        met: r <= 1.1,
      },
      {
        target: `at most 12 KB of server memory per subscriber (${fmt.int(big)})`,
        measured: `${fmt.kib(ours.rssPerSubscriberBytes)} KiB (bare grpc-js: ${fmt.kib(bare.rssPerSubscriberBytes)} KiB, ${fmt.x(ratio(ours.rssPerSubscriberBytes, bare.rssPerSubscriberBytes))})`,
        met: ours.rssPerSubscriberBytes <= 12_000,
      },
    );
  }
  for (const n of opts.subscribers) {
    const on = figures.find((f) => f.target === "namesrv" && f.subscribers === n);
    const off = figures.find((f) => f.target === METRICS_OFF && f.subscribers === n);
    if (on === undefined || off === undefined) continue;
    targets.push({
      target: `fan-out to ${fmt.int(n)} with metrics on vs off (no target: the metrics' cost)`,
      measured:
        `frames/s ${fmt.x(ratio(on.framesPerS, off.framesPerS))}, ` +
        `last delivery p50 ${fmt.ms(on.lastP50Us)} vs ${fmt.ms(off.lastP50Us)} ms (${fmt.x(ratio(on.lastP50Us, off.lastP50Us))}), ` +
        `p99 ${fmt.x(ratio(on.lastP99Us, off.lastP99Us))}, ` +
        `CPU per change ${fmt.n(on.cpuMsPerChange, 1)} vs ${fmt.n(off.cpuMsPerChange, 1)} ms (${fmt.x(ratio(on.cpuMsPerChange, off.cpuMsPerChange))})`,
      met: null,
    });
  }
  const report: ScenarioReport = {
    scenario: "fanout",
    startedAt,
    machine,
    settings: { ...opts, table: REALISTIC, watched, changedGroupTopics: groupTopics.length },
    figures,
    targets,
    tables,
    notes,
  };
  publish(report);
  return report;
}

runAsMain(import.meta.url, runFanout);
