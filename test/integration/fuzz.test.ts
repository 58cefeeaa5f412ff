import { rm } from "node:fs/promises";
import http2 from "node:http2";
import { type ServiceError, status } from "@grpc/grpc-js";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import type { HeartbeatRequest } from "../../gen/ts/namesrv/v1/broker_service.js";
import type {
  GetClusterInfoResponse,
  GetRouteInfoByTopicResponse,
  ListTopicsResponse,
  WatchRoutesResponse,
} from "../../gen/ts/namesrv/v1/route_service.js";
import { tempDir } from "../helpers/admin.js";
import {
  type FuzzOp,
  fuzzOp,
  garbageCases,
  METHOD_PATHS,
  type RawAnswer,
  rawCall,
  registerRequest,
  seededBytes,
} from "../helpers/fuzz.js";
import { type Clients, connect, HeartbeatStream, unary } from "../helpers/grpc.js";
import { type ServerProcess, startServerProcess } from "../helpers/process.js";
import { startTestServer } from "../helpers/server.js";

/**
 * Protocol fuzzing. (1) Random sequences of valid and malformed requests to every Broker and Route
 * RPC: each answer is OK or a documented status, and the table afterwards equals that of a second
 * server that received only the requests that succeeded. (2) Raw garbage on the wire for every
 * method: each call ends with a status and the server keeps serving with its table unchanged.
 * (3) The same against a child process, which must still be alive. Seeded: FUZZ_SEED reproduces.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20260314);
const RUNS = Number(process.env.FUZZ_RUNS ?? 12);
const EPOCH = 7n;

/** Statuses a request may end with; anything else (UNKNOWN, INTERNAL, ...) is a bug. */
const ALLOWED = new Set<number>([
  status.OK,
  status.INVALID_ARGUMENT,
  status.NOT_FOUND,
  status.FAILED_PRECONDITION,
]);
/** "field: rule", the field a proto field path such as topic_configs[2].perm. */
const FIELD_PATH = /^[a-z_]+(\[\d+\])?(\.[a-z_]+(\[\d+\])?)*: ./;

const servers: Array<{ stop(): Promise<void> }> = [];
let proc: ServerProcess | undefined;
let dataDir: string | undefined;
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
  proc?.kill();
  proc = undefined;
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
  dataDir = undefined;
});

/** The outcome of one request: its status, and what it answered (for the replay comparison). */
interface Outcome {
  code: number;
  details: string;
  answer?: unknown;
  /** Heartbeat: how many beats were answered before the stream ended. */
  beats?: number;
}

async function call<Res>(
  invoke: (cb: (err: ServiceError | null, res?: Res) => void) => unknown,
): Promise<Outcome> {
  try {
    const answer = await unary<Res>(invoke);
    return { code: status.OK, details: "", answer };
  } catch (err) {
    const e = err as ServiceError;
    return { code: e.code, details: e.details };
  }
}

/** Opens a watch and waits for its first frame (then cancels) or its error. */
async function watch(c: Clients, req: Extract<FuzzOp, { kind: "watch" }>["req"]): Promise<Outcome> {
  const stream = c.route.watchRoutes(req);
  return new Promise((resolve) => {
    stream.on("data", (f: WatchRoutesResponse) => {
      resolve({ code: status.OK, details: "", answer: Object.keys(f).sort() });
      stream.cancel();
    });
    stream.on("error", (e: ServiceError) => resolve({ code: e.code, details: e.details }));
  });
}

/** Sends the heartbeats in order on one stream until one is refused, then half-closes it. */
async function heartbeats(c: Clients, reqs: HeartbeatRequest[]): Promise<Outcome> {
  const hb = new HeartbeatStream(c.broker);
  let beats = 0;
  const answers: unknown[] = [];
  for (const req of reqs) {
    const answer = await Promise.race([hb.beat(req), hb.status]);
    if ("code" in answer) break;
    answers.push(answer);
    beats++;
  }
  hb.end();
  const end = await hb.status;
  return { code: end.code, details: end.details, answer: answers, beats };
}

async function apply(c: Clients, op: FuzzOp): Promise<Outcome> {
  switch (op.kind) {
    case "register":
      return call((cb) => c.broker.registerBroker(op.req, cb));
    case "unregister":
      return call((cb) => c.broker.unregisterBroker(op.req, cb));
    case "route":
      return call((cb) => c.route.getRouteInfoByTopic(op.req, cb));
    case "listTopics":
      return call((cb) => c.route.listTopics(op.req, cb));
    case "clusterInfo":
      return call((cb) => c.route.getClusterInfo({}, cb));
    case "watch":
      return watch(c, op.req);
    case "heartbeat":
      return heartbeats(c, op.reqs);
  }
}

/** The whole route table as the server shows it: cluster info, topic lists, every topic's route. */
async function table(c: Clients): Promise<unknown> {
  const info = await unary<GetClusterInfoResponse>((cb) => c.route.getClusterInfo({}, cb));
  const all = await unary<ListTopicsResponse>((cb) =>
    c.route.listTopics({ clusterName: "", pageSize: 0, pageToken: "" }, cb),
  );
  const routes: Record<string, unknown> = {};
  for (const topic of all.topics) {
    const r = await unary<GetRouteInfoByTopicResponse>((cb) =>
      c.route.getRouteInfoByTopic({ topic, zoneName: "" }, cb),
    );
    routes[`#${topic}`] = r;
  }
  const perCluster: Record<string, string[]> = {};
  for (const cluster of [...info.clusterAddrTable.keys()].sort()) {
    const r = await unary<ListTopicsResponse>((cb) =>
      c.route.listTopics({ clusterName: cluster, pageSize: 0, pageToken: "" }, cb),
    );
    perCluster[`#${cluster}`] = r.topics;
  }
  // The table's state, not the process's: uptime moves on its own.
  return { info: { ...info, uptimeMs: 0n }, topics: all, perCluster, routes };
}

function checkStatus(op: FuzzOp, o: Outcome): void {
  const what = `${op.kind} -> ${o.code} ${JSON.stringify(o.details)}`;
  // A heartbeat stream we half-closed ends OK; one refused ends INVALID_ARGUMENT.
  expect(ALLOWED.has(o.code), what).toBe(true);
  if (o.code === status.INVALID_ARGUMENT) expect(o.details, what).toMatch(FIELD_PATH);
}

describe(`protocol fuzzing (FUZZ_SEED=${SEED}, runs=${RUNS})`, () => {
  it(`random and malformed request sequences leave the table the valid ones alone make (seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fuzzOp(EPOCH), { minLength: 1, maxLength: 40 }), async (ops) => {
        const fuzzed = await startTestServer({}, EPOCH);
        const replay = await startTestServer({}, EPOCH);
        try {
          const succeeded: Array<{ op: FuzzOp; outcome: Outcome }> = [];
          for (const op of ops) {
            const outcome = await apply(fuzzed, op);
            checkStatus(op, outcome);
            if (op.kind === "heartbeat" && (outcome.beats ?? 0) > 0) {
              succeeded.push({ op: { kind: "heartbeat", reqs: op.reqs.slice(0, outcome.beats) }, outcome });
            } else if (outcome.code === status.OK && op.kind !== "heartbeat") {
              succeeded.push({ op, outcome });
            }
          }
          for (const { op, outcome } of succeeded) {
            const again = await apply(replay, op);
            if (op.kind === "heartbeat") expect(again.answer, "heartbeat replay").toEqual(outcome.answer);
            else expect(again, `replay of ${op.kind}`).toEqual(outcome);
          }
          expect(await table(fuzzed)).toEqual(await table(replay));
        } finally {
          await fuzzed.stop();
          await replay.stop();
        }
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: false },
    );
  }, 60_000);

  it(`raw garbage on the wire to every method ends with a status; the server keeps its table (seed ${SEED})`, async () => {
    dataDir = await tempDir();
    const t = await startTestServer({ dataDir }, EPOCH);
    servers.push(t);
    await seedTable(t);
    const before = await table(t);
    const answers = await garbageBattery(t.server.address, SEED);
    expect(answers.length).toBeGreaterThan(0);
    expect(await table(t)).toEqual(before);
  }, 60_000);

  it(`a server process survives fuzzed requests and garbage and still answers (seed ${SEED})`, async () => {
    dataDir = await tempDir();
    // Brokers registered here never heartbeat: a long default timeout keeps them from expiring
    // while the battery runs (a loaded machine takes longer than the 10 s default), so "the table
    // is unchanged" compares what the garbage did, not what the clock did.
    proc = await startServerProcess([
      "--listen",
      "127.0.0.1:0",
      "--data-dir",
      dataDir,
      "--heartbeat-timeout-ms",
      "600000",
      "--stream-loss-grace-ms",
      "0",
    ]);
    const c = connect(proc.address);
    servers.push({ stop: async () => c.close() });
    await seedTable(c);
    const ops = fc.sample(fuzzOp(EPOCH), { seed: SEED, numRuns: 150 });
    for (const op of ops) checkStatus(op, await apply(c, op));
    // Fuzzed registrations may ask for the shortest lease (1000 ms) and never heartbeat, and
    // fuzzed heartbeat streams end (no grace here); on the real clock such brokers expire while
    // the battery runs. Let them go first (lease + a sweep, with room), so that "the table is
    // unchanged" compares what the garbage did, not what time did.
    await new Promise((resolve) => setTimeout(resolve, 1_600));
    const before = await table(c);
    await garbageBattery(proc.address, SEED + 1);
    expect(proc.child.exitCode).toBeNull();
    expect(proc.child.signalCode).toBeNull();
    expect(await table(c)).toEqual(before);
  }, 60_000);
});

/** A few valid registrations, so that "the table is unchanged" compares something. */
async function seedTable(c: Clients): Promise<void> {
  const valid = fc
    .sample(registerRequest, { seed: SEED, numRuns: 200 })
    .filter((r) => r.clusterName === "C1" && r.brokerAddr === "10.0.0.1:10911");
  for (const req of [...valid.slice(0, 3)]) await call((cb) => c.broker.registerBroker(req, cb));
  await unary((cb) =>
    c.broker.registerBroker(
      {
        clusterName: "C1",
        brokerName: "broker-a",
        brokerId: 0n,
        brokerAddr: "10.0.0.9:10911",
        haServerAddr: "",
        zoneName: "",
        topicConfigs: [
          { topicName: "Seeded", readQueueNums: 4, writeQueueNums: 4, perm: 6, topicSysFlag: 0 },
        ],
        dataVersion: { stateVersion: 99n, timestamp: 1n, counter: 1n },
        heartbeatTimeoutMs: 0n,
      },
      cb,
    ),
  );
}

/**
 * Sends every garbage case to every method on one raw HTTP/2 session and checks each answer: a
 * grpc-status (OK only where the bytes may decode to a valid request; never UNKNOWN; INTERNAL only
 * from grpc-js's own decoding, never the handlers' "internal error"), or HTTP 415 for a wrong
 * content-type. Then a generated client must still be served.
 */
async function garbageBattery(address: string, seed: number): Promise<RawAnswer[]> {
  const rand = seededBytes(seed);
  const session = http2.connect(`http://${address}`);
  session.on("error", () => {});
  const answers: RawAnswer[] = [];
  try {
    for (const path of METHOD_PATHS) {
      for (const g of garbageCases(rand)) {
        const a = await rawCall(session, path, g.body, g.contentType);
        answers.push(a);
        const what = `${path} ${g.label}: ${JSON.stringify(a)}`;
        if (g.contentType !== undefined) {
          expect(a.httpStatus, what).toBe(415);
          continue;
        }
        if (a.stillStreaming) {
          // A valid (decoded) watch keeps streaming until cancelled.
          expect(g.mayBeValid && path.endsWith("/WatchRoutes"), what).toBe(true);
          continue;
        }
        expect(a.grpcStatus, what).toBeTypeOf("number");
        expect(a.grpcStatus, what).not.toBe(status.UNKNOWN);
        // grpc-js drops an incomplete last message of a client stream: an empty Heartbeat stream.
        if (!g.mayBeValid && !path.endsWith("/Heartbeat")) expect(a.grpcStatus, what).not.toBe(status.OK);
        if (a.grpcStatus === status.INTERNAL) expect(a.grpcMessage, what).not.toBe("internal error");
        if (a.grpcStatus === status.INVALID_ARGUMENT) expect(a.grpcMessage, what).toMatch(FIELD_PATH);
      }
    }
  } finally {
    session.close();
  }
  const c = connect(address);
  try {
    const info = await unary<GetClusterInfoResponse>((cb) => c.route.getClusterInfo({}, cb));
    expect(info.brokerAddrTable.size).toBeGreaterThan(0);
  } finally {
    c.close();
  }
  return answers;
}
