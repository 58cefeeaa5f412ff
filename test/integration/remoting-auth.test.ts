import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCESS_KEY_FIELD, aclSignature, SIGNATURE_FIELD } from "../../src/remoting/acl.js";
import { RequestCode as Rq, ResponseCode as Rs } from "../../src/remoting/codes.js";
import { RemotingClient, registerBody, registerHeader } from "../helpers/remoting-client.js";
import { type SecureTestServer, startSecureServer } from "../helpers/tls.js";

/** Remoting with --auth-file: RocketMQ ACL signatures (AclClientRPCHook) checked against the auth file. */

const KEYS = {
  broker: { accessKey: "brokerAK1", secretKey: "brokerSecret1" },
  client: { accessKey: "clientAK1", secretKey: "clientSecret1" },
  admin: { accessKey: "adminAK01", secretKey: "adminSecret1" },
};

let t: SecureTestServer;
let c: RemotingClient;
beforeAll(async () => {
  t = await startSecureServer({
    principals: [
      { name: "broker-a", roles: ["broker"], brokerNames: ["broker-a"], ...KEYS.broker },
      { name: "apps", roles: ["client"], ...KEYS.client },
      { name: "ops", roles: ["admin"], ...KEYS.admin },
      { name: "grpc-only", roles: ["admin"], token: "grpc-token" },
    ],
  });
  c = await RemotingClient.connect(t.server.address);
});
afterAll(async () => {
  c.close();
  await t.stop();
});

/** Ext fields signed as AclClientRPCHook signs them. */
function signed(
  keys: { accessKey: string; secretKey: string },
  fields: Record<string, string>,
  body?: string,
): Record<string, string> {
  const ext = new Map(Object.entries({ ...fields, [ACCESS_KEY_FIELD]: keys.accessKey }));
  const sig = aclSignature(ext, body === undefined ? undefined : Buffer.from(body), keys.secretKey);
  return { ...Object.fromEntries(ext), [SIGNATURE_FIELD]: sig };
}

const body = registerBody([{ name: "T1" }]);

describe("remoting with an auth file", () => {
  it("a signed broker registers; a signed client looks routes up; an admin writes KV", async () => {
    const reg = await c.request(Rq.REGISTER_BROKER, signed(KEYS.broker, registerHeader(), body), body);
    expect(reg.code).toBe(Rs.SUCCESS);
    const route = await c.request(Rq.GET_ROUTEINFO_BY_TOPIC, signed(KEYS.client, { topic: "T1" }));
    expect(route.code).toBe(Rs.SUCCESS);
    const put = await c.request(
      Rq.PUT_KV_CONFIG,
      signed(KEYS.admin, { namespace: "N", key: "k", value: "v" }),
    );
    expect(put.code).toBe(Rs.SUCCESS);
    // An admin may do everything.
    const adminRoute = await c.request(Rq.GET_ROUTEINFO_BY_TOPIC, signed(KEYS.admin, { topic: "T1" }));
    expect(adminRoute.code).toBe(Rs.SUCCESS);
  });

  it.each([
    ["no signature", () => ({ topic: "T1" }), /no credentials/],
    [
      "an unknown access key",
      () => signed({ accessKey: "nobody1", secretKey: "whatever1" }, { topic: "T1" }),
      /do not match/,
    ],
    [
      "a wrong secret",
      () => signed({ ...KEYS.client, secretKey: "notTheSecret" }, { topic: "T1" }),
      /do not match/,
    ],
    [
      "a field changed after signing",
      () => ({ ...signed(KEYS.client, { topic: "T1" }), topic: "T2" }),
      /do not match/,
    ],
  ])("refuses %s with NO_PERMISSION and logs it", async (_name, fields, remark) => {
    const before = t.logged("remoting request refused by auth").length;
    const r = await c.request(Rq.GET_ROUTEINFO_BY_TOPIC, fields());
    expect(r.code).toBe(Rs.NO_PERMISSION);
    expect(r.remark).toMatch(remark);
    expect(t.logged("remoting request refused by auth").length).toBe(before + 1);
  });

  it("refuses a tampered body", async () => {
    const fields = signed(KEYS.broker, registerHeader("127.0.0.1:10999"), body);
    const r = await c.request(Rq.REGISTER_BROKER, fields, registerBody([{ name: "T1" }, { name: "Evil" }]));
    expect(r.code).toBe(Rs.NO_PERMISSION);
    expect(t.server.registry.queries.topicNames("").topics).not.toContain("Evil");
  });

  it("roles: a client may not register or administer; a broker may not act for another group", async () => {
    const reg = await c.request(
      Rq.REGISTER_BROKER,
      signed(KEYS.client, registerHeader("127.0.0.1:10998"), body),
      body,
    );
    expect(reg.code).toBe(Rs.NO_PERMISSION);
    expect(reg.remark).toMatch(/needs the broker role/);
    const cfg = await c.request(
      Rq.UPDATE_NAMESRV_CONFIG,
      signed(KEYS.client, {}, "logLevel=debug\n"),
      "logLevel=debug\n",
    );
    expect(cfg.code).toBe(Rs.NO_PERMISSION);
    const other = await c.request(
      Rq.REGISTER_BROKER,
      signed(KEYS.broker, registerHeader("127.0.0.1:10997", { brokerName: "broker-b" }), body),
      body,
    );
    expect(other.code).toBe(Rs.NO_PERMISSION);
    expect(other.remark).toMatch(/may not act for broker_name "broker-b"/);
    expect(t.server.registry.queries.brokerGroups().groups.map((g) => g.brokerName)).toEqual(["broker-a"]);
  });

  it("no way round: unknown codes and oneway requests need a signature too", async () => {
    const unknown = await c.request(4242, {});
    expect(unknown.code).toBe(Rs.NO_PERMISSION);
    const signedUnknown = await c.request(4242, signed(KEYS.admin, {}));
    expect(signedUnknown.code).toBe(Rs.REQUEST_CODE_NOT_SUPPORTED);
    const before = t.logged("remoting request refused by auth").length;
    c.oneway(Rq.UNREGISTER_BROKER, {
      clusterName: "C1",
      brokerName: "broker-a",
      brokerAddr: "127.0.0.1:10911",
      brokerId: "0",
    });
    await c.request(Rq.GET_KV_CONFIG, signed(KEYS.admin, { namespace: "N", key: "k" }));
    expect(t.logged("remoting request refused by auth").length).toBe(before + 1);
    expect(t.server.registry.queries.brokerGroups().groups).toHaveLength(1);
  });
});
