import { randomBytes } from "node:crypto";
import http2 from "node:http2";
import fc from "fast-check";
import { AdminServiceService } from "../../gen/ts/namesrv/v1/admin_service.js";
import {
  BrokerServiceService,
  type HeartbeatRequest,
  type RegisterBrokerRequest,
  type UnregisterBrokerRequest,
} from "../../gen/ts/namesrv/v1/broker_service.js";
import type { DataVersion, TopicConfig } from "../../gen/ts/namesrv/v1/route.js";
import {
  type GetRouteInfoByTopicRequest,
  type ListTopicsRequest,
  RouteServiceService,
  type WatchRoutesRequest,
} from "../../gen/ts/namesrv/v1/route_service.js";

/**
 * Generators and a raw HTTP/2 caller for the protocol fuzz tests (test/integration/fuzz.test.ts).
 * Valid values come from small pools so that random sequences collide (same group, same address,
 * same topic) and exercise replacement, fencing and ownership conflicts; malformed values cover
 * each documented rule. Names like "__proto__" are valid ([%|a-zA-Z0-9_-]) and sit in the pools on
 * purpose: they must behave like any other name.
 */

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
const UINT32_MAX = 2 ** 32 - 1;

export const CLUSTERS = ["C1", "__proto__", "constructor"] as const;
export const GROUPS = ["broker-a", "broker-b", "toString", "__proto__"] as const;
export const TOPICS = ["T1", "T2", "T%3", "__proto__", "hasOwnProperty", "a|b"] as const;
export const ADDRS = ["10.0.0.1:10911", "10.0.0.2:10911", "[::1]:10911", "host-x:1"] as const;

/** Names that break the rule: empty, too long, unicode, separators, control characters. */
const BAD_NAMES = [
  "",
  "a".repeat(128),
  "tópico",
  "名前",
  "😀",
  "a b",
  "a/b",
  "a.b",
  "\u0000",
  "T1\n",
  " T1",
  "\uFFFD",
] as const;

const BAD_ADDRS = [
  "",
  "host",
  "host:0",
  "host:65536",
  "host:-1",
  ":80",
  "[::1:80",
  "::1:80",
  "héllo:80",
  `${"a".repeat(300)}:1`,
  "10.0.0.1:10911 ",
  "10.0.0.1:99999999999999999999",
] as const;

/** A name: mostly from the pool, sometimes broken, sometimes any string. */
function name(pool: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.constantFrom(...pool) },
    { weight: 1, arbitrary: fc.constantFrom(...BAD_NAMES) },
    { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 140 }) },
  );
}

function optionalName(pool: readonly string[]): fc.Arbitrary<string> {
  return fc.oneof({ weight: 3, arbitrary: fc.constant("") }, { weight: 1, arbitrary: name(pool) });
}

const addr = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(...ADDRS) },
  { weight: 1, arbitrary: fc.constantFrom(...BAD_ADDRS) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
);

const int64 = fc.oneof(
  fc.bigInt(INT64_MIN, INT64_MAX),
  fc.constantFrom(INT64_MIN, INT64_MAX, -1n, 2n ** 53n - 1n, 2n ** 53n),
);

const brokerId = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom(0n, 1n, 2n) },
  { weight: 2, arbitrary: int64 },
);

/** uint32 counts: mostly in range, sometimes just over or huge. */
const queueNums = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 16 }) },
  { weight: 2, arbitrary: fc.constantFrom(1024, 1025, 65_536, UINT32_MAX) },
);
const perm = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 7 }) },
  { weight: 2, arbitrary: fc.constantFrom(8, 255, UINT32_MAX) },
);

const dataVersion: fc.Arbitrary<DataVersion | undefined> = fc.option(
  fc.record({
    stateVersion: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(0n, 1n, 2n) },
      { weight: 1, arbitrary: int64 },
    ),
    timestamp: fc.oneof(fc.constant(0n), int64),
    counter: fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(0n, 1n, 2n, 3n) },
      { weight: 1, arbitrary: int64 },
    ),
  }),
  { nil: undefined, freq: 4 },
);

const topicConfig: fc.Arbitrary<TopicConfig> = fc.record({
  topicName: name(TOPICS),
  readQueueNums: queueNums,
  writeQueueNums: queueNums,
  perm,
  topicSysFlag: fc.oneof(fc.constantFrom(0, 1, 2, 3), fc.integer({ min: 0, max: UINT32_MAX })),
});

const anyRegisterRequest: fc.Arbitrary<RegisterBrokerRequest> = fc.record({
  clusterName: name(CLUSTERS),
  brokerName: name(GROUPS),
  brokerId,
  brokerAddr: addr,
  haServerAddr: fc.oneof(fc.constant(""), addr),
  zoneName: optionalName(["z1", "Z1", "__proto__"]),
  topicConfigs: fc.array(topicConfig, { maxLength: 5 }),
  dataVersion,
  heartbeatTimeoutMs: fc.oneof(
    { weight: 4, arbitrary: fc.constant(0n) },
    { weight: 1, arbitrary: fc.constantFrom(999n, 1_000n, 600_000n, 600_001n, -1n) },
    { weight: 1, arbitrary: int64 },
  ),
});

/**
 * Valid identities: mostly consistent ones (each group in one cluster, each address under one id),
 * so that most valid requests apply; sometimes any combination, for ownership conflicts.
 */
const validIdentity = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      ...GROUPS.flatMap((brokerName, g) =>
        [0n, 1n].map((brokerId) => ({
          clusterName: CLUSTERS[g % CLUSTERS.length] as string,
          brokerName,
          brokerId,
          brokerAddr: `10.0.${g}.${brokerId}:10911`,
        })),
      ),
    ),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      clusterName: fc.constantFrom(...CLUSTERS),
      brokerName: fc.constantFrom(...GROUPS),
      brokerId: fc.constantFrom(0n, 1n, 2n),
      brokerAddr: fc.constantFrom(...ADDRS),
    }),
  },
);

/** A registration that passes validation (it may still be refused by ownership or fencing). */
const validRegisterRequest: fc.Arbitrary<RegisterBrokerRequest> = fc
  .record({
    id: validIdentity,
    haServerAddr: fc.constantFrom("", ...ADDRS),
    zoneName: fc.constantFrom("", "z1", "Z1"),
    topicConfigs: fc.uniqueArray(
      fc.record({
        topicName: fc.constantFrom(...TOPICS),
        readQueueNums: fc.integer({ min: 0, max: 16 }),
        writeQueueNums: fc.integer({ min: 0, max: 16 }),
        perm: fc.integer({ min: 0, max: 7 }),
        topicSysFlag: fc.constantFrom(0, 1, 2, 3),
      }),
      { maxLength: 4, selector: (t) => t.topicName },
    ),
    dataVersion: fc.option(
      fc.record({
        stateVersion: fc.constantFrom(0n, 1n, 2n),
        timestamp: fc.constant(0n),
        counter: fc.constantFrom(0n, 1n, 2n, 3n),
      }),
      { nil: undefined, freq: 4 },
    ),
    heartbeatTimeoutMs: fc.constantFrom(0n, 1_000n, 600_000n),
  })
  .map(({ id, ...rest }) => ({ ...id, ...rest }));

/** Half valid registrations (so the table fills up), half with any field possibly broken. */
export const registerRequest: fc.Arbitrary<RegisterBrokerRequest> = fc.oneof(
  validRegisterRequest,
  anyRegisterRequest,
);

export const identityRequest: fc.Arbitrary<UnregisterBrokerRequest> = fc.oneof(
  validIdentity,
  fc.record({ clusterName: name(CLUSTERS), brokerName: name(GROUPS), brokerId, brokerAddr: addr }),
);

export const heartbeatRequest: fc.Arbitrary<HeartbeatRequest> = fc.oneof(
  {
    weight: 2,
    arbitrary: validIdentity.chain((id) => dataVersion.map((dv) => ({ ...id, dataVersion: dv }))),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      clusterName: name(CLUSTERS),
      brokerName: name(GROUPS),
      brokerId,
      brokerAddr: addr,
      dataVersion,
    }),
  },
);

export const routeRequest: fc.Arbitrary<GetRouteInfoByTopicRequest> = fc.record({
  topic: name(TOPICS),
  zoneName: optionalName(["z1", "__proto__"]),
});

export const listTopicsRequest: fc.Arbitrary<ListTopicsRequest> = fc.record({
  clusterName: optionalName(CLUSTERS),
  pageSize: fc.oneof(fc.constant(0), fc.nat({ max: UINT32_MAX })),
  pageToken: fc.oneof({ weight: 4, arbitrary: fc.constant("") }, { weight: 1, arbitrary: fc.string() }),
});

/** `epoch`: the server's epoch, so that some resume points are honoured. */
export function watchRequest(epoch: bigint): fc.Arbitrary<WatchRoutesRequest> {
  return fc.record({
    topics: fc.array(name(TOPICS), { maxLength: 4 }),
    allTopics: fc.boolean(),
    resumeEpoch: fc.oneof(fc.constantFrom(0n, epoch), fc.bigInt(0n, 2n ** 64n - 1n)),
    resumeRevision: fc.oneof(fc.integer({ min: 0, max: 40 }).map(BigInt), fc.bigInt(0n, 2n ** 64n - 1n)),
  });
}

/** One request of a fuzzed sequence. */
export type FuzzOp =
  | { kind: "register"; req: RegisterBrokerRequest }
  | { kind: "unregister"; req: UnregisterBrokerRequest }
  | { kind: "route"; req: GetRouteInfoByTopicRequest }
  | { kind: "listTopics"; req: ListTopicsRequest }
  | { kind: "clusterInfo" }
  | { kind: "watch"; req: WatchRoutesRequest }
  | { kind: "heartbeat"; reqs: HeartbeatRequest[] };

export function fuzzOp(epoch: bigint): fc.Arbitrary<FuzzOp> {
  return fc.oneof(
    { weight: 6, arbitrary: registerRequest.map((req) => ({ kind: "register" as const, req })) },
    { weight: 2, arbitrary: identityRequest.map((req) => ({ kind: "unregister" as const, req })) },
    { weight: 2, arbitrary: routeRequest.map((req) => ({ kind: "route" as const, req })) },
    { weight: 1, arbitrary: listTopicsRequest.map((req) => ({ kind: "listTopics" as const, req })) },
    { weight: 1, arbitrary: fc.constant({ kind: "clusterInfo" as const }) },
    { weight: 1, arbitrary: watchRequest(epoch).map((req) => ({ kind: "watch" as const, req })) },
    {
      weight: 2,
      arbitrary: fc
        .array(heartbeatRequest, { minLength: 1, maxLength: 3 })
        .map((reqs) => ({ kind: "heartbeat" as const, reqs })),
    },
  );
}

/** Every method path of BrokerService, RouteService and AdminService. */
export const METHOD_PATHS: readonly string[] = [
  BrokerServiceService,
  RouteServiceService,
  AdminServiceService,
]
  .flatMap((svc) => Object.values(svc))
  .map((m) => m.path);

/** A gRPC length-prefixed message: flag byte, 4-byte big-endian length, payload. */
export function grpcFrame(
  payload: Buffer,
  opts: { compressed?: boolean; declaredLength?: number } = {},
): Buffer {
  const header = Buffer.alloc(5);
  header.writeUInt8(opts.compressed ? 1 : 0, 0);
  header.writeUInt32BE(opts.declaredLength ?? payload.length, 1);
  return Buffer.concat([header, payload]);
}

/** One malformed body (or header) to send to a method, and whether OK is a possible answer. */
export interface GarbageCase {
  readonly label: string;
  readonly body: Buffer;
  readonly contentType?: string;
  /** Random bytes may decode to a valid request (protobuf skips unknown fields): OK is then right. */
  readonly mayBeValid: boolean;
}

/** The malformed inputs sent to every method. `rand(n)`: n random bytes (seeded by the caller). */
export function garbageCases(rand: (n: number) => Buffer): GarbageCase[] {
  const payload = rand(32);
  return [
    { label: "random payload", body: grpcFrame(rand(1 + (payload[0] ?? 0))), mayBeValid: true },
    // Unframed bytes can still parse as a frame whose payload decodes (protobuf skips unknown fields).
    { label: "random bytes, no framing", body: rand(3 + (payload[1] ?? 0)), mayBeValid: true },
    { label: "truncated header", body: grpcFrame(payload).subarray(0, 3), mayBeValid: false },
    {
      label: "length prefix larger than payload",
      body: grpcFrame(payload, { declaredLength: 1000 }),
      mayBeValid: false,
    },
    {
      label: "huge length prefix",
      body: grpcFrame(payload, { declaredLength: 0xffffffff }),
      mayBeValid: false,
    },
    // grpc-js reads a compressed frame with no grpc-encoding as identity-encoded.
    {
      label: "compressed flag without grpc-encoding",
      body: grpcFrame(payload, { compressed: true }),
      mayBeValid: true,
    },
    {
      label: "wrong content-type",
      body: grpcFrame(Buffer.alloc(0)),
      contentType: "application/json",
      mayBeValid: false,
    },
    {
      label: "two messages for a unary method",
      body: Buffer.concat([grpcFrame(Buffer.alloc(0)), grpcFrame(Buffer.alloc(0))]),
      mayBeValid: true,
    },
  ];
}

/** Seeded random bytes (mulberry32), so a garbage run is reproducible from its seed. */
export function seededBytes(seed: number): (n: number) => Buffer {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return (x ^ (x >>> 14)) >>> 0;
  };
  return (n) => {
    const b = Buffer.alloc(n);
    for (let i = 0; i < n; i++) b[i] = next() & 0xff;
    return b;
  };
}

/** Unseeded random bytes, for callers that do not need reproducibility. */
export const anyBytes = (n: number): Buffer => randomBytes(n);

/** How the server answered a raw call. */
export interface RawAnswer {
  /** HTTP :status of the response headers. */
  readonly httpStatus: number | undefined;
  /** grpc-status from the trailers (or a trailers-only response); undefined when absent. */
  readonly grpcStatus: number | undefined;
  readonly grpcMessage: string;
  /** The stream was still open with response data flowing when we gave up waiting (a valid watch). */
  readonly stillStreaming: boolean;
}

/**
 * Sends `body` on one HTTP/2 stream to `path` and half-closes it, then waits for the end of the
 * response. A stream that is still streaming data after `timeoutMs` is cancelled and reported as
 * such; one that sent nothing at all by then is reported with no status (a hang).
 */
export function rawCall(
  session: http2.ClientHttp2Session,
  path: string,
  body: Buffer,
  contentType = "application/grpc",
  timeoutMs = 2_000,
): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const req = session.request({
      ":method": "POST",
      ":path": path,
      "content-type": contentType,
      te: "trailers",
    });
    let httpStatus: number | undefined;
    let grpcStatus: number | undefined;
    let grpcMessage = "";
    let gotData = false;
    let settled = false;
    const read = (headers: http2.IncomingHttpHeaders) => {
      if (headers["grpc-status"] !== undefined) grpcStatus = Number(headers["grpc-status"]);
      const msg = headers["grpc-message"];
      if (typeof msg === "string") grpcMessage = decodeURIComponent(msg);
    };
    const done = (stillStreaming: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (!req.closed) req.close(http2.constants.NGHTTP2_CANCEL);
      resolve({ httpStatus, grpcStatus, grpcMessage, stillStreaming });
    };
    const timer = setTimeout(() => done(gotData), timeoutMs);
    req.on("response", (headers) => {
      httpStatus = Number(headers[":status"]);
      read(headers);
    });
    req.on("trailers", read);
    req.on("data", () => {
      gotData = true;
    });
    req.on("error", () => {});
    req.on("close", () => done(false));
    req.end(body);
  });
}
