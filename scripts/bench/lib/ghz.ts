/**
 * Runs ghz (a gRPC load generator on grpc-go, `go install`ed at the version pinned in
 * scripts/tool-versions.sh) as a second load generator next to h2load. Unlike h2load it is a real
 * gRPC client: it encodes each request, reads every response and its trailers (status), so its
 * figures include a full client's cost, and a call with a non-OK status counts as failed.
 */
import { execFileSync } from "node:child_process";
import { once } from "node:events";
import { REPO, spawnTracked, stop } from "./proc.js";

export const GHZ = `${REPO}.tools/bin/ghz`;
export const PROTOSET = `${REPO}gen/descriptor/namesrv.binpb`;

export interface GhzOptions {
  /** "host:port" of the server (plaintext). */
  readonly address: string;
  /** Fully qualified method, e.g. namesrv.v1.RouteService.GetRouteInfoByTopic. */
  readonly call: string;
  /** The request in the proto JSON mapping. */
  readonly data: unknown;
  /** Connections, and concurrent calls over all of them. */
  readonly connections: number;
  readonly concurrency: number;
  /** Measured duration, s. */
  readonly durationS: number;
}

export interface GhzResult {
  /** Calls that ended OK, and their rate. */
  readonly count: number;
  readonly callsPerS: number;
  readonly p50Us: number;
  readonly p99Us: number;
  /** Calls that ended with a status other than OK, except those cut off at the end. */
  readonly failed: number;
}

/** Installs ghz when it is missing; returns the reason when it cannot. */
export function ensureGhz(): string | null {
  try {
    execFileSync(`${REPO}scripts/install-go-tools.sh`, ["ghz"], { stdio: ["ignore", "ignore", "pipe"] });
    return null;
  } catch (err) {
    return `ghz could not be installed (needs Go and the Go module proxy): ${err instanceof Error ? err.message : String(err)}`;
  }
}

interface GhzJson {
  count: number;
  rps: number;
  latencyDistribution: Array<{ percentage: number; latency: number }> | null;
  statusCodeDistribution: Record<string, number> | null;
}

export async function runGhz(opts: GhzOptions): Promise<GhzResult> {
  const args = [
    "--insecure",
    "--protoset",
    PROTOSET,
    "--call",
    opts.call,
    "-d",
    JSON.stringify(opts.data),
    "--connections",
    String(opts.connections),
    "-c",
    String(opts.concurrency),
    "-z",
    `${opts.durationS}s`,
    "--format",
    "json",
    opts.address,
  ];
  const child = spawnTracked(GHZ, args);
  let out = "";
  let err = "";
  child.stdout?.on("data", (d: Buffer) => {
    out += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    err += d.toString();
  });
  const killer = setTimeout(() => void stop(child), (opts.durationS + 30) * 1000);
  const [code] = (await once(child, "exit")) as [number | null];
  clearTimeout(killer);
  if (code !== 0) throw new Error(`ghz exited ${code}: ${err}${out.slice(0, 2000)}`);
  const r = JSON.parse(out) as GhzJson;
  // Latencies are in nanoseconds.
  const at = (p: number) =>
    (r.latencyDistribution?.find((d) => d.percentage === p)?.latency ?? Number.NaN) / 1000;
  const ok = r.statusCodeDistribution?.OK ?? 0;
  // When the duration ends ghz closes its connections under the calls still in flight: those (at
  // most `concurrency`) end UNAVAILABLE and are not failures of the server.
  const cut = Math.min(r.statusCodeDistribution?.Unavailable ?? 0, opts.concurrency);
  const seconds = r.rps > 0 ? r.count / r.rps : opts.durationS;
  return { count: ok, callsPerS: ok / seconds, p50Us: at(50), p99Us: at(99), failed: r.count - ok - cut };
}
