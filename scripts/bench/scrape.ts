/**
 * Scenario 6: the cost of a Prometheus scrape. namesrv holds the realistic table (10,000 topics)
 * and 10,000 open WatchRoutes streams (4 topics each, spread over client processes); /metrics is
 * scraped `scrapes` times back to back, and the server's CPU over those scrapes, less its idle CPU
 * over an equal time just before (progress marks, heartbeats of nothing), is the cost per scrape.
 *
 *   npm run bench:scrape -- [--subscribers 10000] [--scrapes 50] [--processes 4]
 */
import { request } from "node:http";
import { WatchRoutesRequest } from "../../gen/ts/namesrv/v1/route_service.js";
import { type OptionValues, parseOptions } from "./lib/args.js";
import { loadTable, REALISTIC, topicName, topicsByGroup } from "./lib/fixture.js";
import { cpuNs, type LineChild, startNamesrv, startScript } from "./lib/proc.js";
import { fmt, machineInfo, publish, type ScenarioReport, table } from "./lib/report.js";
import { runAsMain, withProcesses } from "./lib/scenario.js";

export const SCRAPE_OPTIONS = {
  subscribers: { default: 10_000, help: "open WatchRoutes streams during the scrapes" },
  processes: { default: 4, help: "client processes the subscribers are spread over" },
  streamsPerConnection: { default: 100, help: "WatchRoutes streams per HTTP/2 connection" },
  scrapes: { default: 50, help: "measured scrapes, back to back" },
  warmup: { default: 10, help: "unmeasured scrapes first" },
} as const;

export type ScrapeOptions = OptionValues<typeof SCRAPE_OPTIONS>;

function get(address: string, path: string): Promise<{ status: number; bytes: number; body: string }> {
  const port = Number(address.slice(address.lastIndexOf(":") + 1));
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (d: string) => {
        body += d;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, bytes: Buffer.byteLength(body), body }));
    });
    req.on("error", reject);
    req.end();
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runScrape(argv: string[]): Promise<ScenarioReport> {
  const opts = parseOptions("scrape", SCRAPE_OPTIONS, argv);
  const startedAt = new Date().toISOString();
  const machine = machineInfo();
  const notes: string[] = [];
  return withProcesses(async () => {
    const namesrv = await startNamesrv();
    if (namesrv.httpAddress === undefined)
      throw new Error("namesrv named no HTTP listener in its ready line");
    await loadTable(namesrv.address);
    const watched = (topicsByGroup(REALISTIC)[7] ?? []).slice(0, 4).map(topicName);
    const watchRequest = WatchRoutesRequest.encode(
      WatchRoutesRequest.fromPartial({ topics: watched }),
    ).finish();
    const per = Math.ceil(opts.subscribers / opts.processes);
    const procs: LineChild[] = [];
    for (let p = 0; p * per < opts.subscribers; p++) {
      procs.push(
        startScript("subscriber", {
          address: namesrv.address,
          id: p,
          streams: Math.min(per, opts.subscribers - p * per),
          streamsPerConnection: opts.streamsPerConnection,
          request: Buffer.from(watchRequest).toString("base64"),
          mode: "fanout",
        }),
      );
    }
    await Promise.all(procs.map((c) => c.waitFor((l) => l.ready === true, 120_000, "subscribers ready")));
    const http = namesrv.httpAddress;
    let last = await get(http, "/metrics");
    const subscribersSeen = /^namesrv_watch_subscribers (\d+)/m.exec(last.body)?.[1];
    const topicsSeen = /^namesrv_topics (\d+)/m.exec(last.body)?.[1];
    if (Number(subscribersSeen) !== opts.subscribers) {
      notes.push(`the scrape saw ${subscribersSeen} subscribers, not ${opts.subscribers}`);
    }
    for (let i = 0; i < opts.warmup; i++) last = await get(http, "/metrics");

    // Idle CPU over about the time the scrapes take, then the scrapes.
    const t0 = process.hrtime.bigint();
    const c0 = cpuNs(namesrv.child.pid as number);
    for (let i = 0; i < opts.scrapes; i++) last = await get(http, "/metrics");
    const scrapeWallNs = Number(process.hrtime.bigint() - t0);
    const scrapeCpu = cpuNs(namesrv.child.pid as number) - c0;
    const i0 = cpuNs(namesrv.child.pid as number);
    await sleep(scrapeWallNs / 1e6);
    const idleCpu = cpuNs(namesrv.child.pid as number) - i0;
    const perScrapeMs = Math.max(0, scrapeCpu - idleCpu) / 1e6 / opts.scrapes;
    const wallPerScrapeMs = scrapeWallNs / 1e6 / opts.scrapes;
    const figures = {
      subscribers: Number(subscribersSeen),
      topics: Number(topicsSeen),
      scrapes: opts.scrapes,
      cpuMsPerScrape: perScrapeMs,
      wallMsPerScrape: wallPerScrapeMs,
      idleCpuMs: idleCpu / 1e6,
      bodyBytes: last.bytes,
    };
    const tables = [
      table(
        ["topics", "subscribers", "server CPU ms/scrape", "wall ms/scrape", "body bytes"],
        [
          [
            fmt.int(figures.topics),
            fmt.int(figures.subscribers),
            fmt.n(perScrapeMs, 2),
            fmt.n(wallPerScrapeMs, 2),
            fmt.int(figures.bodyBytes),
          ],
        ],
      ),
    ];
    const report: ScenarioReport = {
      scenario: "scrape",
      startedAt,
      machine,
      settings: { ...opts, table: REALISTIC },
      figures,
      targets: [
        {
          target: "a scrape with 10,000 topics and 10,000 subscribers costs < 5 ms of server CPU",
          measured: `${fmt.n(perScrapeMs, 2)} ms`,
          met: figures.subscribers >= 10_000 && figures.topics >= 10_000 ? perScrapeMs < 5 : null,
        },
      ],
      tables,
      notes,
    };
    publish(report);
    return report;
  });
}

runAsMain(import.meta.url, runScrape);
