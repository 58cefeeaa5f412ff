/**
 * Route subscribers for the fan-out and failover scenarios, in one process: `streams` WatchRoutes
 * streams over connections of `streamsPerConnection` streams each, all with the same request.
 * They speak gRPC over node:http2 directly (length-prefixed messages, status in trailers): a grpc-js
 * client costs ~50 µs per received message, so 10,000 grpc-js subscribers on this machine would
 * measure themselves rather than the server.
 * Receive times are CLOCK_MONOTONIC microseconds (process.hrtime), comparable across the processes
 * of one machine. Talks JSON lines on stdout:
 *
 * - {"ready":true}: every stream has received END_OF_SNAPSHOT.
 * - mode "fanout" (frames are not decoded, only their event field is read): the k-th `routes`
 *   frame after a stream's snapshot is change k; once every stream has it:
 *   {"change":k,"count":n,"firstUs":..,"lastUs":..,"p50Us":..}.
 * - mode "failover" (frames are decoded): a stream's watched topics all present is {"present":k}
 *   once every stream is there; all gone again is {"gone":k,"count":n,"firstUs":..,"lastUs":..}.
 * - {"streamError":message} for the first failed stream.
 *
 *   node dist/scripts/bench/subscriber.js '{"address":..,"streams":2500,"streamsPerConnection":100,"request":BASE64,"mode":"fanout"}'
 */
import http2 from "node:http2";
import { WatchRoutesResponse } from "../../gen/ts/namesrv/v1/route_service.js";
import { grpcFrame, PATH, watchEventField } from "./lib/raw-client.js";
import { median, nowUs } from "./lib/stats.js";

interface SubscriberConfig {
  readonly address: string;
  readonly id: number;
  readonly streams: number;
  readonly streamsPerConnection: number;
  /** WatchRoutesRequest bytes, base64. */
  readonly request: string;
  readonly mode: "fanout" | "failover";
  /** Failover mode: how many topics each stream watches. */
  readonly watchedTopics?: number;
}

const config = JSON.parse(process.argv[2] ?? "{}") as SubscriberConfig;
const out = (line: unknown) => process.stdout.write(`${JSON.stringify(line)}\n`);
const request = Buffer.from(config.request, "base64");
const EVENT = { routes: 4, endOfSnapshot: 5 } as const;

let readyStreams = 0;
let failed = false;
const arrivals: number[][] = [];
const presentCounts: number[] = [];

function arrived(list: number[][], k: number, t: number, report: (times: number[]) => void): void {
  let times = list[k];
  if (times === undefined) {
    times = [];
    list[k] = times;
  }
  times.push(t);
  if (times.length === config.streams) report(times);
}

function summary(times: number[]): { count: number; firstUs: number; lastUs: number; p50Us: number } {
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  for (const t of times) {
    first = Math.min(first, t);
    last = Math.max(last, t);
  }
  return { count: times.length, firstUs: first, lastUs: last, p50Us: median(times) };
}

function onReady(): void {
  if (++readyStreams === config.streams) out({ ready: true, streams: config.streams });
}

/** Fan-out: count `routes` frames after the snapshot, without decoding them. */
function fanoutStream(): (frame: Buffer) => void {
  let ready = false;
  let changes = 0;
  return (frame) => {
    const t = nowUs();
    const event = watchEventField(frame);
    if (!ready) {
      if (event === EVENT.endOfSnapshot) {
        ready = true;
        onReady();
      }
      return;
    }
    if (event !== EVENT.routes) return;
    const k = changes++;
    arrived(arrivals, k, t, (times) => out({ change: k, ...summary(times) }));
  };
}

/** Failover: track which watched topics exist; report when all are present, then when all are gone. */
function failoverStream(): (frame: Buffer) => void {
  const present = new Set<string>();
  const watched = config.watchedTopics ?? 1;
  let cycle = 0;
  let waitingFor: "present" | "gone" = "present";
  return (frame) => {
    const t = nowUs();
    const msg = WatchRoutesResponse.decode(frame);
    if (msg.snapshotBegin !== undefined) present.clear();
    if (msg.routes !== undefined) {
      for (const u of msg.routes.updates) {
        if (u.removed) present.delete(u.topic);
        else present.add(u.topic);
      }
      if (msg.routes.more) return;
    }
    if (msg.endOfSnapshot !== undefined) onReady();
    if (waitingFor === "present" && present.size === watched) {
      waitingFor = "gone";
      const k = cycle;
      presentCounts[k] = (presentCounts[k] ?? 0) + 1;
      if (presentCounts[k] === config.streams) out({ present: k });
    } else if (waitingFor === "gone" && present.size === 0) {
      waitingFor = "present";
      const k = cycle++;
      arrived(arrivals, k, t, (times) => out({ gone: k, ...summary(times) }));
    }
  };
}

/** Splits a gRPC response body into messages (5-byte prefix: compressed flag, big-endian length). */
function messages(onMessage: (message: Buffer) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= 5) {
      const length = pending.readUInt32BE(1);
      if (pending.length < 5 + length) break;
      onMessage(pending.subarray(5, 5 + length));
      pending = pending.subarray(5 + length);
    }
  };
}

function streamFailed(message: string): void {
  if (!failed) out({ streamError: message });
  failed = true;
}

const body = grpcFrame(request);
let session: http2.ClientHttp2Session | undefined;
for (let s = 0; s < config.streams; s++) {
  if (s % config.streamsPerConnection === 0) {
    session = http2.connect(`http://${config.address}`);
    session.on("error", (err) => streamFailed(`connection: ${err.message}`));
  }
  const stream = (session as http2.ClientHttp2Session).request({
    ":method": "POST",
    ":path": PATH.watchRoutes,
    "content-type": "application/grpc",
    te: "trailers",
  });
  stream.on("data", messages(config.mode === "fanout" ? fanoutStream() : failoverStream()));
  stream.on("trailers", (trailers) => {
    streamFailed(`stream ended: grpc-status ${trailers["grpc-status"]} ${trailers["grpc-message"] ?? ""}`);
  });
  stream.on("error", (err) => streamFailed(err.message));
  stream.end(body);
}
process.once("SIGTERM", () => process.exit(0));
