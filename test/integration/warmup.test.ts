import { BinaryWriter } from "@bufbuild/protobuf/wire";
import { Client, credentials, type ServiceError, status } from "@grpc/grpc-js";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { RegisterBrokerResponse } from "../../gen/ts/namesrv/v1/broker_service.js";
import type {
  GetClusterInfoResponse,
  GetRouteInfoByTopicResponse,
} from "../../gen/ts/namesrv/v1/route_service.js";
import { registration, unary, unaryError } from "../helpers/grpc.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { FrameRecorder } from "../helpers/watch.js";

const WARM_UP_MS = 5_000;

let t: TestServer;
let recorders: FrameRecorder[];
let health: Client;
beforeEach(async () => {
  t = await startTestServer({ warmUpMs: WARM_UP_MS }, 11n);
  recorders = [];
  health = new Client(t.server.address, credentials.createInsecure(), {
    "grpc.use_local_subchannel_pool": 1,
  });
});
afterEach(async () => {
  for (const r of recorders) {
    r.cancel();
    expect(r.violations).toEqual([]);
  }
  health.close();
  await t.stop();
});

const route = (topic: string) =>
  unary<GetRouteInfoByTopicResponse>((cb) => t.route.getRouteInfoByTopic({ topic, zoneName: "" }, cb));
const routeError = (topic: string) =>
  unaryError((cb) => t.route.getRouteInfoByTopic({ topic, zoneName: "" }, cb));
const register = () => unary<RegisterBrokerResponse>((cb) => t.broker.registerBroker(registration(), cb));
/** A round trip on the watch's own channel: the server has read everything sent on it before. */
const roundTrip = () => unary<GetClusterInfoResponse>((cb) => t.route.getClusterInfo({}, cb));
const watch = (request: ConstructorParameters<typeof FrameRecorder>[1]) => {
  const r = new FrameRecorder(t.route, request);
  recorders.push(r);
  return r;
};

/** grpc.health.v1.Health/Check: 1 = SERVING, 2 = NOT_SERVING. */
function healthOf(service: string): Promise<number> {
  return new Promise((resolve, reject) => {
    health.makeUnaryRequest(
      "/grpc.health.v1.Health/Check",
      (s: string) => Buffer.from(new BinaryWriter().uint32(10).string(s).finish()),
      (b: Buffer) => (b.length === 0 ? 0 : (b[1] as number)),
      service,
      (err: ServiceError | null, res?: number) => (err ? reject(err) : resolve(res as number)),
    );
  });
}

describe("warm-up after start", () => {
  it("refuses route lookups with UNAVAILABLE while accepting registrations, then serves them", async () => {
    expect(t.server.warmUp.active).toBe(true);
    const reg = await register();
    expect(reg.changed).toBe(true);

    const err = await routeError("TopicA");
    expect(err.code).toBe(status.UNAVAILABLE);
    expect(err.details).toMatch(/^warming up: .*\(5000 ms left\); retry later or ask another NameServer$/);
    expect((await routeError("NeverHeardOf")).code).toBe(status.UNAVAILABLE);
    expect((await routeError("bad name")).code).toBe(status.INVALID_ARGUMENT);

    t.clock.advance(WARM_UP_MS - 1);
    expect((await routeError("TopicA")).details).toContain("(1 ms left)");
    t.clock.advance(1);
    expect(t.server.warmUp.active).toBe(false);
    const r = await route("TopicA");
    expect(r.route?.brokerDatas[0]?.brokerAddrs.get(0n)).toBe("10.0.0.1:10911");
    expect((await routeError("NeverHeardOf")).code).toBe(status.NOT_FOUND);
  });

  it("holds watch snapshots until the warm-up ends, then sends the routes registered meanwhile", async () => {
    const w = watch({ allTopics: true });
    const resumed = watch({ topics: ["TopicA"], resumeEpoch: 99n, resumeRevision: 3n });
    await roundTrip();
    await vi.waitFor(() => expect(t.server.watchHub.waitingForWarmUp).toBe(2));
    await register();
    await roundTrip();
    expect(w.frames).toEqual([]);
    expect(resumed.frames).toEqual([]);

    t.clock.advance(WARM_UP_MS);
    await w.at(1);
    expect(w.kinds()).toEqual(["BEGIN", "ROUTES", "END"]);
    expect([...w.view.keys()].sort()).toEqual(["TopicA", "TopicB"]);
    await resumed.at(1);
    expect(resumed.kinds()).toEqual(["RESET", "BEGIN", "ROUTES", "END"]);
    expect(t.server.watchHub.waitingForWarmUp).toBe(0);
  });

  it("reports RouteService NOT_SERVING to health checks while it lasts; brokers see SERVING", async () => {
    expect(await healthOf("namesrv.v1.RouteService")).toBe(2);
    expect(await healthOf("namesrv.v1.BrokerService")).toBe(1);
    expect(await healthOf("")).toBe(1);
    t.clock.advance(WARM_UP_MS);
    expect(await healthOf("namesrv.v1.RouteService")).toBe(1);
  });

  it("a shutdown during the warm-up ends waiting watches with UNAVAILABLE", async () => {
    const w = watch({ allTopics: true });
    await roundTrip();
    await vi.waitFor(() => expect(t.server.watchHub.waitingForWarmUp).toBe(1));
    await t.server.close();
    const st = await w.status;
    expect(st.code).toBe(status.UNAVAILABLE);
    expect(st.details).toContain("shutting down");
    expect(w.frames).toEqual([]);
  });
});

describe("no warm-up (the default)", () => {
  it("serves routes at once", async () => {
    const s = await startTestServer({}, 12n);
    try {
      expect(s.server.warmUp.active).toBe(false);
      await unary((cb) => s.broker.registerBroker(registration(), cb));
      const r = await unary<GetRouteInfoByTopicResponse>((cb) =>
        s.route.getRouteInfoByTopic({ topic: "TopicA", zoneName: "" }, cb),
      );
      expect(r.revision).toBe(1n);
    } finally {
      await s.stop();
    }
  });
});
