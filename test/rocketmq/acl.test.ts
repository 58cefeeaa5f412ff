import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACCESS_KEY_FIELD, aclSignature, SIGNATURE_FIELD } from "../../src/remoting/acl.js";
import { RequestCode as Rq, ResponseCode as Rs } from "../../src/remoting/codes.js";
import { tempDir } from "../helpers/admin.js";
import { RemotingClient, registerBody, registerHeader } from "../helpers/remoting-client.js";
import { type SecureTestServer, startSecureServer } from "../helpers/tls.js";
import { javaPeer, mqadmin } from "./helpers/peers.js";

/**
 * --auth-file with RocketMQ's own ACL-signing clients, unchanged: the Java client with
 * AclClientRPCHook and mqadmin with conf/tools.yml. Allowed and refused cases.
 */

const BROKER = { accessKey: "rmqBroker", secretKey: "rmqBrokerSecret" };
const CLIENT = { accessKey: "rmqClient", secretKey: "rmqClientSecret" };
const ADMIN = { accessKey: "rmqAdmin", secretKey: "rmqAdminSecret" };

let t: SecureTestServer;
let home: string;
beforeAll(async () => {
  t = await startSecureServer({
    principals: [
      { name: "broker", roles: ["broker"], ...BROKER },
      { name: "apps", roles: ["client"], ...CLIENT },
      { name: "ops", roles: ["admin"], ...ADMIN },
    ],
  });
  // A broker's registration, signed as a RocketMQ broker's AclClientRPCHook would sign it.
  const c = await RemotingClient.connect(t.server.address);
  const body = registerBody([{ name: "AclTopic", queues: 3 }]);
  const ext = new Map(Object.entries({ ...registerHeader(), [ACCESS_KEY_FIELD]: BROKER.accessKey }));
  ext.set(SIGNATURE_FIELD, aclSignature(ext, Buffer.from(body), BROKER.secretKey));
  expect((await c.request(Rq.REGISTER_BROKER, Object.fromEntries(ext), body)).code).toBe(Rs.SUCCESS);
  c.close();
  home = await tempDir("namesrv-rmq-home-");
  await mkdir(join(home, "conf"));
});
afterAll(async () => {
  await t?.stop();
  if (home) await rm(home, { recursive: true, force: true });
});

const tools = (keys: { accessKey: string; secretKey: string }) =>
  writeFile(join(home, "conf", "tools.yml"), `accessKey: ${keys.accessKey}\nsecretKey: ${keys.secretKey}\n`);

describe("RocketMQ ACL signatures from RocketMQ's own clients", () => {
  it("the Java client signing with a client key looks the route up", async () => {
    const r = await javaPeer(["route", t.server.address, "AclTopic"], CLIENT);
    expect(r.stdout).toContain("QUEUES 3");
  });

  it("the Java client with a wrong secret, or unsigned, is refused with NO_PERMISSION", async () => {
    const wrong = await javaPeer(["route", t.server.address, "AclTopic"], {
      ...CLIENT,
      secretKey: "wrongSecret",
    });
    expect(wrong.stdout).toMatch(/ERROR 16 /);
    const unsigned = await javaPeer(["route", t.server.address, "AclTopic"]);
    expect(unsigned.stdout).toMatch(/ERROR 16 /);
    expect(t.logged("remoting request refused by auth").length).toBeGreaterThanOrEqual(2);
  });

  it("mqadmin signing with an admin key writes KV; with a client key it is refused", async () => {
    await tools(ADMIN);
    const ok = await mqadmin(t.server.address, ["updateKvConfig", "-s", "NS", "-k", "k", "-v", "v"], home);
    expect(ok.stdout).toContain("create or update kv config to namespace success.");
    expect(t.server.kv.get({ namespace: "NS", key: "k" })).toBe("v");
    await tools(CLIENT);
    const refused = await mqadmin(
      t.server.address,
      ["updateKvConfig", "-s", "NS", "-k", "k", "-v", "x"],
      home,
    );
    expect(refused.stdout + refused.stderr).toMatch(/CODE: 16/);
    expect(t.server.kv.get({ namespace: "NS", key: "k" })).toBe("v");
  });
});
