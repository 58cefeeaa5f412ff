/**
 * Scenario 2: registration. One broker registers 1,000 / 10,000 / 50,000 / 100,000 topics (the last
 * beyond RocketMQ's ~70,000-topic limit, its 16 MiB frame) into a server holding the realistic table:
 * server CPU per changed and per unchanged registration, round trip, bytes on the wire. The baseline
 * in the same run is a bare grpc-js server receiving the same request bytes (no logic), so
 * "extra" is what our registration logic costs beyond moving the bytes. Then lookups run at a fixed
 * rate, first alone and then while 10,000-topic registrations change the looked-up topic's route:
 * how long lookups stall behind a registration.
 *
 *   npm run bench:register -- [--sizes 1000,10000,50000,100000] [--repeats 10] [--during-s 3]
 */
import { writeFileSync } from "node:fs";
import {
  RegisterBrokerRequest,
  RegisterBrokerResponse,
  UnregisterBrokerRequest,
} from "../../gen/ts/namesrv/v1/broker_service.js";
import { GetRouteInfoByTopicRequest } from "../../gen/ts/namesrv/v1/route_service.js";
import { type OptionValues, parseOptions } from "./lib/args.js";
import { LONG_TIMEOUT_MS, loadTable, REALISTIC, topicConfig, topicName } from "./lib/fixture.js";
import { type H2loadResult, runH2load } from "./lib/h2load.js";
import { benchScript, cpuNs, measureCpu, type ServerProc, startNamesrv, startServer } from "./lib/proc.js";
import { asBuffer, grpcFrame, PATH, RawClient } from "./lib/raw-client.js";
import { fmt, machineInfo, publish, type ScenarioReport, type TargetCheck, table } from "./lib/report.js";
import { ensureH2load, runAsMain, withProcesses } from "./lib/scenario.js";
import { median, nowUs, percentile, ratio, sleep } from "./lib/stats.js";

export const REGISTER_OPTIONS = {
  sizes: { default: [1000, 10_000, 50_000, 100_000], help: "topics per registration, one point each" },
  repeats: { default: 10, help: "changed registrations per size (capped by --topic-budget)" },
  topicBudget: { default: 300_000, help: "at most this many topics sent per size and kind (bounds the run)" },
  unchangedRepeats: { default: 20, help: "unchanged re-registrations per size" },
  compareWith: {
    default: "",
    help: "another build's dist/src/main.js: its unchanged re-registration CPU is measured too (A/B in the same run)",
  },
  duringSize: { default: 10_000, help: "topics per registration while lookups run" },
  duringS: { default: 3, help: "seconds of lookups alone, then as long with registrations" },
  duringIntervalMs: { default: 250, help: "one changed registration every this many ms while lookups run" },
  lookupClients: { default: 10, help: "h2load connections for the lookups" },
  lookupRps: { default: 200, help: "lookups per second per connection (fixed rate)" },
  nodeArgs: { default: "", help: "extra node flags for namesrv, e.g. --cpu-prof (space-separated)" },
} as const;

export type RegisterOptions = OptionValues<typeof REGISTER_OPTIONS>;

/** The looked-up topic; every registration below lists it, so each changed one changes its route. */
const LOOKUP_TOPIC = 42;

/** A broker's registration of `size` topics; `variant` 0 and 1 differ in every topic and in data version. */
function registration(size: number, variant: number): Buffer {
  const queues = variant === 0 ? 8 : 16;
  const req = RegisterBrokerRequest.fromPartial({
    clusterName: "bench-reg",
    brokerName: `reg-${size}`,
    brokerId: 0n,
    brokerAddr: `10.9.${size % 250}.1:10911`,
    haServerAddr: "",
    topicConfigs: Array.from({ length: size }, (_, i) => topicConfig(topicName(i), queues)),
    dataVersion: {
      stateVersion: 1n,
      timestamp: 1_700_000_000_000n + BigInt(variant),
      counter: BigInt(variant),
    },
    heartbeatTimeoutMs: LONG_TIMEOUT_MS,
  });
  return asBuffer(RegisterBrokerRequest.encode(req).finish());
}

interface Timed {
  /** Server CPU per call, µs. */
  readonly cpuUs: number;
  /** Client round trips, µs. */
  readonly rttUs: number[];
}

async function timed(pid: number, calls: number, call: (i: number) => Promise<void>): Promise<Timed> {
  const rttUs: number[] = [];
  const m = await measureCpu(pid, async () => {
    for (let i = 0; i < calls; i++) {
      const t0 = nowUs();
      await call(i);
      rttUs.push(nowUs() - t0);
    }
  });
  return { cpuUs: m.cpuNs / 1000 / calls, rttUs };
}

export interface RegisterPoint {
  readonly topics: number;
  readonly requestBytes: number;
  readonly responseBytes: number;
  readonly firstCpuUs: number;
  readonly firstRttUs: number;
  readonly changed: { readonly calls: number; readonly cpuUs: number; readonly rttP50Us: number };
  readonly unchanged: { readonly calls: number; readonly cpuUs: number; readonly rttP50Us: number };
  readonly bare: { readonly calls: number; readonly cpuUs: number; readonly rttP50Us: number };
  /** The same unchanged re-registrations on the --compare-with build, when given. */
  readonly unchangedB?: { readonly calls: number; readonly cpuUs: number; readonly rttP50Us: number };
}

export async function runRegister(argv: string[]): Promise<ScenarioReport> {
  const opts = parseOptions("register", REGISTER_OPTIONS, argv);
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  ensureH2load();
  const notes: string[] = [];
  return withProcesses(async (tmp) => {
    const namesrv = await startNamesrv([], opts.nodeArgs.split(" ").filter(Boolean));
    await loadTable(namesrv.address);
    const ours = new RawClient(namesrv.address, "register");
    const other =
      opts.compareWith === "" ? undefined : await startNamesrv([], [], opts.compareWith, "namesrv-b");
    if (other !== undefined) await loadTable(other.address);
    const otherClient = other === undefined ? undefined : new RawClient(other.address, "register-b");
    let bare: ServerProc | undefined;
    let bareClient: RawClient | undefined;
    const points: RegisterPoint[] = [];
    try {
      for (const size of opts.sizes) {
        const variants = [registration(size, 0), registration(size, 1)];
        const register = async (body: Buffer) =>
          RegisterBrokerResponse.decode(await ours.unary(PATH.register, body, 120_000));
        const c0 = cpuNs(namesrv.pid);
        const t0 = nowUs();
        const first = await register(variants[0] as Buffer);
        const firstRttUs = nowUs() - t0;
        const firstCpuUs = (cpuNs(namesrv.pid) - c0) / 1000;
        const responseBytes = RegisterBrokerResponse.encode(first).finish().byteLength;
        if (bare === undefined) {
          const payloads = `${tmp}/payloads.json`;
          writeFileSync(
            payloads,
            JSON.stringify({
              register: Buffer.from(RegisterBrokerResponse.encode(first).finish()).toString("base64"),
            }),
          );
          bare = await startServer("bare-js", process.execPath, [
            benchScript("bare-server"),
            JSON.stringify({ listen: "127.0.0.1:0", payloads }),
          ]);
          bareClient = new RawClient(bare.address, "register-bare");
        }
        const repeats = Math.max(2, Math.min(opts.repeats, Math.floor(opts.topicBudget / size)));
        let last = 0;
        let notChanged = 0;
        const changed = await timed(namesrv.pid, repeats, async (i) => {
          last = (i + 1) % 2;
          if (!(await register(variants[last] as Buffer)).changed) notChanged++;
        });
        const unchangedRepeats = Math.max(
          2,
          Math.min(opts.unchangedRepeats, Math.floor(opts.topicBudget / size)),
        );
        let wasChanged = 0;
        const unchanged = await timed(namesrv.pid, unchangedRepeats, async () => {
          if ((await register(variants[last] as Buffer)).changed) wasChanged++;
        });
        let unchangedB: Timed | undefined;
        if (other !== undefined && otherClient !== undefined) {
          await otherClient.unary(PATH.register, variants[last] as Buffer, 120_000);
          await otherClient.unary(PATH.register, variants[last] as Buffer, 120_000);
          unchangedB = await timed(other.pid, unchangedRepeats, async () => {
            await otherClient.unary(PATH.register, variants[last] as Buffer, 120_000);
          });
        }
        if (notChanged > 0 || wasChanged > 0) {
          notes.push(
            `${size} topics: ${notChanged} changed registrations reported unchanged, ${wasChanged} the reverse`,
          );
        }
        const bc = bareClient as RawClient;
        for (let i = 0; i < 3; i++) await bc.unary(PATH.register, variants[0] as Buffer, 120_000); // warm-up
        const bareTimed = await timed((bare as ServerProc).pid, repeats, async () => {
          await bc.unary(PATH.register, variants[0] as Buffer, 120_000);
        });
        await ours.unary(
          PATH.unregister,
          asBuffer(
            UnregisterBrokerRequest.encode(
              UnregisterBrokerRequest.fromPartial({
                clusterName: "bench-reg",
                brokerName: `reg-${size}`,
                brokerId: 0n,
                brokerAddr: `10.9.${size % 250}.1:10911`,
              }),
            ).finish(),
          ),
        );
        const point: RegisterPoint = {
          topics: size,
          requestBytes: (variants[0] as Buffer).byteLength + 5,
          responseBytes: responseBytes + 5,
          firstCpuUs,
          firstRttUs,
          changed: { calls: repeats, cpuUs: changed.cpuUs, rttP50Us: median(changed.rttUs) },
          unchanged: { calls: unchangedRepeats, cpuUs: unchanged.cpuUs, rttP50Us: median(unchanged.rttUs) },
          bare: { calls: repeats, cpuUs: bareTimed.cpuUs, rttP50Us: median(bareTimed.rttUs) },
          ...(unchangedB === undefined
            ? {}
            : {
                unchangedB: {
                  calls: unchangedRepeats,
                  cpuUs: unchangedB.cpuUs,
                  rttP50Us: median(unchangedB.rttUs),
                },
              }),
        };
        points.push(point);
        process.stderr.write(
          `register: ${size} topics: changed ${fmt.ms(point.changed.cpuUs)} ms CPU, unchanged ${fmt.ms(point.unchanged.cpuUs)} ms${point.unchangedB === undefined ? "" : ` (B: ${fmt.ms(point.unchangedB.cpuUs)} ms, A/B ${fmt.x(ratio(point.unchanged.cpuUs, point.unchangedB.cpuUs))})`}, bare ${fmt.ms(point.bare.cpuUs)} ms\n`,
        );
      }

      // Lookups at a fixed rate, alone, then while registrations change the looked-up topic.
      const variants = [registration(opts.duringSize, 0), registration(opts.duringSize, 1)];
      await ours.unary(PATH.register, variants[0] as Buffer, 120_000);
      const body = grpcFrame(
        GetRouteInfoByTopicRequest.encode(
          GetRouteInfoByTopicRequest.fromPartial({ topic: topicName(LOOKUP_TOPIC) }),
        ).finish(),
      );
      const lookups = () =>
        runH2load({
          address: namesrv.address,
          path: PATH.getRoute,
          body,
          clients: opts.lookupClients,
          streams: 1,
          durationS: opts.duringS,
          rpsPerClient: opts.lookupRps,
        });
      await runH2load({
        address: namesrv.address,
        path: PATH.getRoute,
        body,
        clients: 1,
        streams: 1,
        durationS: 1,
      });
      const alone = await lookups();
      let stop = false;
      const regRtt: number[] = [];
      const loop = (async () => {
        for (let i = 1; !stop; i++) {
          const t0 = nowUs();
          await ours.unary(PATH.register, variants[i % 2] as Buffer, 120_000);
          regRtt.push(nowUs() - t0);
          await sleep(Math.max(0, opts.duringIntervalMs - (nowUs() - t0) / 1000));
        }
      })();
      const during = await lookups();
      stop = true;
      await loop;
      const summary = (r: H2loadResult) => ({
        calls: r.done,
        failed: r.failed + r.errored,
        p50Us: percentile(r.latenciesUs, 50),
        p99Us: percentile(r.latenciesUs, 99),
        maxUs: percentile(r.latenciesUs, 100),
      });
      const duringFigures = {
        topics: opts.duringSize,
        registrations: regRtt.length,
        registrationRttP50Us: median(regRtt),
        alone: summary(alone),
        during: summary(during),
      };

      const rows = points.map((p) => [
        fmt.int(p.topics),
        fmt.kib(p.requestBytes),
        fmt.ms(p.firstCpuUs),
        fmt.ms(p.changed.cpuUs),
        fmt.ms(p.changed.rttP50Us),
        fmt.ms(p.unchanged.cpuUs),
        fmt.ms(p.unchanged.rttP50Us),
        fmt.ms(p.bare.cpuUs),
        fmt.x(ratio(p.changed.cpuUs, p.bare.cpuUs)),
        fmt.x(ratio(p.unchanged.cpuUs, p.changed.cpuUs)),
      ]);
      const tables = [
        table(
          [
            "topics",
            "request KiB",
            "new: CPU ms",
            "changed: CPU ms",
            "changed: RTT ms",
            "unchanged: CPU ms",
            "unchanged: RTT ms",
            "bare: CPU ms",
            "changed vs bare",
            "unchanged vs changed",
          ],
          rows,
        ),
        table(
          ["lookups (fixed rate)", "calls", "p50 ms", "p99 ms", "max ms", "p99 vs alone"],
          [
            [
              "alone",
              fmt.int(duringFigures.alone.calls),
              fmt.ms(duringFigures.alone.p50Us),
              fmt.ms(duringFigures.alone.p99Us),
              fmt.ms(duringFigures.alone.maxUs),
              fmt.x(1),
            ],
            [
              `during ${fmt.int(duringFigures.registrations)} changed ${fmt.int(opts.duringSize)}-topic registrations`,
              fmt.int(duringFigures.during.calls),
              fmt.ms(duringFigures.during.p50Us),
              fmt.ms(duringFigures.during.p99Us),
              fmt.ms(duringFigures.during.maxUs),
              fmt.x(ratio(duringFigures.during.p99Us, duringFigures.alone.p99Us)),
            ],
          ],
        ),
      ];
      const targets: TargetCheck[] = [];
      const p10k = points.find((p) => p.topics === 10_000);
      if (p10k !== undefined) {
        targets.push(
          {
            target: "changed registration of 10,000 topics < 100 ms server time",
            measured: `${fmt.ms(p10k.changed.cpuUs)} ms CPU (${fmt.x(ratio(p10k.changed.cpuUs, p10k.bare.cpuUs))} the bare transport's ${fmt.ms(p10k.bare.cpuUs)} ms)`,
            met: p10k.changed.cpuUs < 100_000,
          },
          {
            target: "unchanged re-registration of 10,000 topics < 5 ms server time",
            measured: `${fmt.ms(p10k.unchanged.cpuUs)} ms CPU (${fmt.x(ratio(p10k.unchanged.cpuUs, p10k.changed.cpuUs))} a changed one)`,
            met: p10k.unchanged.cpuUs < 5_000,
          },
        );
      }
      const stall = duringFigures.during.maxUs - duringFigures.alone.p50Us;
      targets.push({
        target: "lookups never stall more than 50 ms behind a registration",
        measured: `worst lookup ${fmt.ms(duringFigures.during.maxUs)} ms during registrations (alone: p50 ${fmt.ms(duringFigures.alone.p50Us)}, max ${fmt.ms(duringFigures.alone.maxUs)} ms)`,
        met: stall <= 50_000,
      });
      const biggest = points.reduce((a, p) => (p.topics > a.topics ? p : a), points[0] as RegisterPoint);
      if (biggest !== undefined && biggest.topics > 70_000) {
        targets.push({
          target: "a registration beyond RocketMQ's ~70,000-topic limit succeeds",
          measured: `${fmt.int(biggest.topics)} topics, ${(biggest.requestBytes / 2 ** 20).toFixed(1)} MiB: OK`,
          met: true,
        });
      }
      const report: ScenarioReport = {
        scenario: "register",
        startedAt,
        machine,
        settings: { ...opts, table: REALISTIC, lookupTopic: topicName(LOOKUP_TOPIC) },
        figures: { points, lookups: duringFigures },
        targets,
        tables,
        notes,
      };
      publish(report);
      return report;
    } finally {
      ours.close();
      bareClient?.close();
      otherClient?.close();
    }
  });
}

runAsMain(import.meta.url, runRegister);
