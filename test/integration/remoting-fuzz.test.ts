import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RequestCode as Rq, ResponseCode as Rs } from "../../src/remoting/codes.js";
import { type AdminTestServer, startAdminTestServer } from "../helpers/admin.js";
import { RemotingClient, registerBody, registerHeader } from "../helpers/remoting-client.js";

/**
 * Remoting requests fuzzed over a real connection: every served code (and unknown ones) with
 * random, missing or malformed header fields and bodies, in both serializations. Each request gets
 * an answer with a documented response code (never a dropped connection, never a crash), and the
 * server keeps serving. Seeded: FUZZ_SEED reproduces.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20260314);
const CODES = [...Object.values(Rq), 1, 999, 30000];
const FIELDS = [
  "topic",
  "namespace",
  "key",
  "value",
  "brokerName",
  "brokerAddr",
  "clusterName",
  "brokerId",
  "haServerAddr",
  "cluster",
  "heartbeatTimeoutMillis",
  "compressed",
  "bodyCrc32",
  "__ZONE_MODE",
  "__ZONE_NAME",
];
const VALUES = [
  "",
  "T1",
  "broker-a",
  "C1",
  "127.0.0.1:10911",
  "0",
  "-1",
  "99999999999999999999",
  "true",
  "x y",
  "ü",
  "__proto__",
];
const ANSWERS = new Set<number>(Object.values(Rs));

const request = fc.record({
  code: fc.constantFrom(...CODES),
  ext: fc.dictionary(
    fc.constantFrom(...FIELDS),
    fc.oneof(fc.constantFrom(...VALUES), fc.string({ maxLength: 20 })),
    {
      maxKeys: 8,
    },
  ),
  body: fc.option(
    fc.oneof(
      fc.constant(registerBody([{ name: "T1" }])),
      fc.constant('{"queueDatas":[{"brokerName":"broker-a","perm":9}]}'),
      fc.constant('{"counter":1}'),
      fc.constant("heartbeatTimeoutMs=abc\nkvConfigPath=/x\n"),
      fc.string({ maxLength: 200 }),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString("latin1")),
    ),
    { nil: undefined },
  ),
  serialization: fc.constantFrom("JSON" as const, "ROCKETMQ" as const),
});

let t: AdminTestServer;
let c: RemotingClient;
beforeAll(async () => {
  t = await startAdminTestServer();
  c = await RemotingClient.connect(t.server.address);
  expect((await c.request(Rq.REGISTER_BROKER, registerHeader(), registerBody([{ name: "Seed" }]))).code).toBe(
    Rs.SUCCESS,
  );
});
afterAll(async () => {
  c.close();
  await t.stop();
});

describe(`remoting fuzz (FUZZ_SEED=${SEED})`, () => {
  it("every request gets a documented answer on the same connection, and the server keeps serving", async () => {
    const requests = fc.sample(request, { seed: SEED, numRuns: 400 });
    const seen = new Map<number, number>();
    for (const r of requests) {
      const answer = await c.request(r.code, r.ext, r.body, { serialization: r.serialization });
      expect(ANSWERS.has(answer.code), `${JSON.stringify(r)} -> ${answer.code} ${answer.remark}`).toBe(true);
      if (answer.remark === "internal error") throw new Error(`internal error for ${JSON.stringify(r)}`);
      seen.set(answer.code, (seen.get(answer.code) ?? 0) + 1);
    }
    // The sample reaches both the handlers and their refusals.
    for (const code of [Rs.SUCCESS, Rs.INVALID_PARAMETER, Rs.REQUEST_CODE_NOT_SUPPORTED])
      expect(seen.get(code)).toBeGreaterThan(0);
    expect((await c.request(Rq.GET_ALL_TOPIC_LIST_FROM_NAMESERVER)).code).toBe(Rs.SUCCESS);
    expect(t.server.runtimeConfig.current().kvConfigPath).toBe("");
  });
});
