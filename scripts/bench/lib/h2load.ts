/**
 * Runs h2load (Debian nghttp2-client) as a gRPC load generator: POSTs one pre-framed request body
 * with `content-type: application/grpc` and `te: trailers`, and reads per-request latencies from
 * its --log-file. h2load does not read gRPC trailers, so callers check the response size
 * (`dataBytesPerRequest`) to know that every call got the full answer.
 */
import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import { spawnTracked, stop } from "./proc.js";

export interface H2loadOptions {
  /** "host:port" of the server. */
  readonly address: string;
  /** gRPC method path, e.g. /namesrv.v1.RouteService/GetRouteInfoByTopic. */
  readonly path: string;
  /** The request in gRPC framing (see grpcFrame). */
  readonly body: Buffer;
  /** Connections. */
  readonly clients: number;
  /** Concurrent streams per connection. */
  readonly streams: number;
  /** Measured duration, s. */
  readonly durationS: number;
  /** Requests per second per connection (rate-limited mode), or undefined for as fast as possible. */
  readonly rpsPerClient?: number;
  /** h2load worker threads (default 1). */
  readonly threads?: number;
}

export interface H2loadResult {
  readonly done: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly errored: number;
  /** Requests per second as h2load reports them over the measured duration. */
  readonly reqPerS: number;
  /** Response body bytes (DATA frames) per done request: 5 + message size when every call succeeded. */
  readonly dataBytesPerRequest: number;
  /** Per-request latency of every 2xx response, µs, sorted ascending. */
  readonly latenciesUs: Float64Array;
  /** Completion times (µs since the Unix epoch) of the same requests, in log order. */
  readonly endsUnixUs: Float64Array;
}

export function h2loadAvailable(): boolean {
  try {
    execFileSync("h2load", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export async function runH2load(opts: H2loadOptions): Promise<H2loadResult> {
  const dir = mkdtempSync(`${os.tmpdir()}/namesrv-h2load-`);
  try {
    const bodyFile = `${dir}/body.bin`;
    const logFile = `${dir}/log.tsv`;
    writeFileSync(bodyFile, opts.body);
    const args = [
      "-c",
      String(opts.clients),
      "-m",
      String(opts.streams),
      "-t",
      String(opts.threads ?? 1),
      "-D",
      String(opts.durationS),
      "-d",
      bodyFile,
      "-H",
      "content-type: application/grpc",
      "-H",
      "te: trailers",
      "--log-file",
      logFile,
    ];
    if (opts.rpsPerClient !== undefined) args.push("--rps", String(opts.rpsPerClient));
    args.push(`http://${opts.address}${opts.path}`);
    const child = spawnTracked("h2load", args);
    let output = "";
    child.stdout?.on("data", (d: Buffer) => {
      output += d.toString();
    });
    child.stderr?.on("data", (d: Buffer) => {
      output += d.toString();
    });
    const killer = setTimeout(() => void stop(child), (opts.durationS + 30) * 1000);
    const [code] = (await once(child, "exit")) as [number | null];
    clearTimeout(killer);
    if (code !== 0) throw new Error(`h2load exited ${code}: ${output}`);
    return parse(output, readFileSync(logFile, "utf8"));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function parse(output: string, log: string): H2loadResult {
  const req =
    /requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored/.exec(
      output,
    );
  const rate = /finished in [\d.]+\w+, ([\d.]+) req\/s/.exec(output);
  const traffic = /traffic: .*?, [\d.]+\w*B \((\d+)\) data/.exec(output);
  if (req === null || rate === null || traffic === null)
    throw new Error(`cannot parse h2load output:\n${output}`);
  const done = Number(req[3]);
  const latencies: number[] = [];
  const ends: number[] = [];
  for (const row of log.split("\n")) {
    if (row === "") continue;
    const [start, status, duration] = row.split("\t");
    if (status === undefined || duration === undefined || !status.startsWith("2")) continue;
    latencies.push(Number(duration));
    ends.push(Number(start) + Number(duration));
  }
  return {
    done,
    succeeded: Number(req[4]),
    failed: Number(req[5]),
    errored: Number(req[6]),
    reqPerS: Number(rate[1]),
    dataBytesPerRequest: done > 0 ? Number(traffic[1]) / done : 0,
    latenciesUs: Float64Array.from(latencies).sort(),
    endsUnixUs: Float64Array.from(ends),
  };
}
