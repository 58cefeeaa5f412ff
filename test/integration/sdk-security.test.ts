import { once } from "node:events";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type StatusObject, status } from "@grpc/grpc-js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { TopicConfig } from "../../gen/ts/namesrv/v1/route.js";
import { BrokerAgent, type BrokerIdentity } from "../../src/client/broker-agent.js";
import { NameServerError } from "../../src/client/errors.js";
import type { SdkLogger } from "../../src/client/logger.js";
import { RouteClient } from "../../src/client/route-client.js";
import { RouteWatcher } from "../../src/client/route-watcher.js";
import type { ClientSecurity, ClientTlsOptions } from "../../src/client/security.js";
import { startTestServer, type TestServer } from "../helpers/server.js";
import { authFileText, fixture } from "../helpers/tls.js";

/**
 * The SDK's TLS and token options against a real NameServer with tlsMode "enforcing" and an auth
 * file: the right CA and token work for each client; a missing token, the wrong role, the wrong CA,
 * the wrong server name and plaintext are each refused with a status that says why.
 */

const BROKER_TOKEN = "broker-a-token-1f9e";
const CLIENT_TOKEN = "apps-token-77c2";

const dir = mkdtempSync(join(tmpdir(), "sdk-security-"));
const authFile = join(dir, "auth.json");
writeFileSync(
  authFile,
  authFileText([
    { name: "broker-a", roles: ["broker"], token: BROKER_TOKEN, brokerNames: ["broker-a"] },
    { name: "apps", roles: ["client"], token: CLIENT_TOKEN },
    { name: "ops", roles: ["admin"], certCommonName: "ops-admin" },
  ]),
);

const TOPIC = "SecureTopic";
const brokerA: BrokerIdentity = {
  clusterName: "SecureCluster",
  brokerName: "broker-a",
  brokerId: 0,
  brokerAddr: "127.0.0.1:10911",
};
const topics = [TopicConfig.fromPartial({ topicName: TOPIC, readQueueNums: 4, writeQueueNums: 4, perm: 6 })];

const trusting = (extra: ClientTlsOptions = {}): ClientTlsOptions => ({
  caFile: fixture("ca.crt"),
  ...extra,
});

/** Everything a test opened, closed after it whatever happened. */
const opened: Array<{ close(): unknown }> = [];
function track<T extends { close(): unknown }>(x: T): T {
  opened.push(x);
  return x;
}
afterEach(async () => {
  await Promise.all(opened.splice(0).map((x) => x.close()));
});

/** The error a promise rejects with (a failure if it resolves). */
async function rejection(p: Promise<unknown>): Promise<NameServerError> {
  const err = await p.then(
    (v) => {
      throw new Error(`resolved: ${JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? String(x) : x))}`);
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(NameServerError);
  return err as NameServerError;
}

/** A BrokerAgent for `broker` with `security`, resolved once it registered. */
async function registeredAgent(broker: BrokerIdentity, security: ClientSecurity): Promise<BrokerAgent> {
  const agent = track(new BrokerAgent({ namesrvAddrs: [ns.server.address], broker, topics, security }));
  await once(agent, "registered");
  return agent;
}

let ns: TestServer;

beforeAll(async () => {
  ns = await startTestServer({
    tlsMode: "enforcing",
    tlsCertFile: fixture("server.crt"),
    tlsKeyFile: fixture("server.key"),
    authFile,
  });
});

afterAll(async () => {
  await ns?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("SDK clients against a NameServer enforcing TLS and auth", () => {
  it("BrokerAgent, RouteClient and RouteWatcher work with the server's CA and their tokens", async () => {
    const agent = await registeredAgent(brokerA, { tls: trusting(), token: BROKER_TOKEN });
    expect(agent.status()[0]?.state).toBe("online");

    const client = track(
      new RouteClient({
        namesrvAddrs: [ns.server.address],
        security: { tls: trusting(), token: CLIENT_TOKEN },
      }),
    );
    const r = await client.getRoute(TOPIC);
    expect(r.route.brokerDatas.map((b) => b.brokerName)).toEqual(["broker-a"]);
    expect((await client.getClusterInfo()).clusterAddrTable.get("SecureCluster")?.brokerNames).toEqual([
      "broker-a",
    ]);

    const watcher = track(
      new RouteWatcher({
        address: ns.server.address,
        topics: [TOPIC],
        security: { tls: trusting(), token: CLIENT_TOKEN },
      }),
    );
    await once(watcher, "synced");
    expect(watcher.get(TOPIC)?.brokerDatas[0]?.brokerAddrs.get(0n)).toBe("127.0.0.1:10911");

    // The watch-backed cache of a RouteClient goes through the same channel settings.
    const cached = track(
      new RouteClient({
        namesrvAddrs: [ns.server.address],
        security: { tls: trusting(), token: CLIENT_TOKEN },
        cache: { topics: [TOPIC] },
      }),
    );
    await cached.ready(10_000);
    expect((await cached.getRoute(TOPIC)).source).toBe("cache");
  });

  it("without a token: UNAUTHENTICATED with the server's message, from RouteClient and RouteWatcher", async () => {
    const client = track(
      new RouteClient({ namesrvAddrs: [ns.server.address], security: { tls: trusting() } }),
    );
    const err = await rejection(client.getRoute(TOPIC));
    expect(err.code).toBe(status.UNAUTHENTICATED);
    expect(err.address).toBe(ns.server.address);
    expect(err.message).toMatch(new RegExp(`\\(UNAUTHENTICATED from ${ns.server.address}\\)$`));
    expect(err.details).not.toBe("");

    const watcher = track(
      new RouteWatcher({ address: ns.server.address, topics: "all", security: { tls: trusting() } }),
    );
    const [s] = (await once(watcher, "disconnected")) as [StatusObject];
    expect(s.code).toBe(status.UNAUTHENTICATED);

    const unknown = track(
      new RouteClient({
        namesrvAddrs: [ns.server.address],
        security: { tls: trusting(), token: "not-a-known-token" },
      }),
    );
    expect((await rejection(unknown.getRoute(TOPIC))).code).toBe(status.UNAUTHENTICATED);
  });

  it("a token of the wrong role, or for another broker's name, is PERMISSION_DENIED", async () => {
    const asBroker = track(
      new RouteClient({
        namesrvAddrs: [ns.server.address],
        security: { tls: trusting(), token: BROKER_TOKEN },
      }),
    );
    expect((await rejection(asBroker.getRoute(TOPIC))).code).toBe(status.PERMISSION_DENIED);

    const warnings: string[] = [];
    const logger: SdkLogger = {
      info() {},
      debug() {},
      warn: (_obj, msg) => warnings.push(String(msg)),
      child: () => logger,
    };
    const impostor = track(
      new BrokerAgent({
        namesrvAddrs: [ns.server.address],
        broker: { ...brokerA, brokerName: "broker-b", brokerAddr: "127.0.0.1:10921" },
        topics,
        security: { tls: trusting(), token: BROKER_TOKEN },
        logger,
      }),
    );
    const [, err] = (await once(impostor, "disconnected")) as [string, NameServerError];
    expect(err.code).toBe(status.PERMISSION_DENIED);
    // Said at warn, not as an outage.
    expect(warnings).toEqual(["NameServer refused this broker's credentials, retrying"]);
  });

  it("a client that trusts another CA, or checks another server name, fails the handshake", async () => {
    const wrongCa = track(
      new RouteClient({
        namesrvAddrs: [ns.server.address],
        security: { tls: { caFile: fixture("other-ca.crt") }, token: CLIENT_TOKEN },
      }),
    );
    const err = await rejection(wrongCa.getRoute(TOPIC));
    expect(err.code).toBe(status.UNAVAILABLE);
    expect(err.details).toMatch(/certificate/i);

    const wrongName = track(
      new RouteClient({
        namesrvAddrs: [ns.server.address],
        security: { tls: trusting({ serverNameOverride: "namesrv.example.com" }), token: CLIENT_TOKEN },
      }),
    );
    const nameErr = await rejection(wrongName.getRoute(TOPIC));
    expect(nameErr.code).toBe(status.UNAVAILABLE);
    expect(nameErr.details).toMatch(/namesrv\.example\.com/);

    // The override is what is checked: "localhost" is in the certificate, though the address is an IP.
    const byName = track(
      new RouteClient({
        namesrvAddrs: [ns.server.address],
        security: { tls: trusting({ serverNameOverride: "localhost" }), token: CLIENT_TOKEN },
      }),
    );
    await expect(byName.listTopics()).resolves.toMatchObject({ namesrv: ns.server.address });
  });

  it("a plaintext client is told that the NameServer wants TLS", async () => {
    const plain = track(
      new RouteClient({ namesrvAddrs: [ns.server.address], security: { token: CLIENT_TOKEN } }),
    );
    const err = await rejection(plain.getRoute(TOPIC));
    expect(err.code).toBe(status.UNAUTHENTICATED);
    expect(err.details).toMatch(/TLS/);
  });
});

describe("SDK clients with client certificates (tlsClientAuth require)", () => {
  let mtls: TestServer;
  beforeAll(async () => {
    mtls = await startTestServer({
      tlsMode: "enforcing",
      tlsCertFile: fixture("server.crt"),
      tlsKeyFile: fixture("server.key"),
      tlsClientCaFile: fixture("ca.crt"),
      tlsClientAuth: "require",
      authFile,
    });
  });
  afterAll(async () => {
    await mtls?.stop();
  });

  it("the certificate's common name is the principal: ops-admin (admin) works without a token", async () => {
    const admin = track(
      new RouteClient({
        namesrvAddrs: [mtls.server.address],
        security: {
          tls: trusting({ certFile: fixture("client-admin.crt"), keyFile: fixture("client-admin.key") }),
        },
      }),
    );
    await expect(admin.listTopics()).resolves.toMatchObject({ namesrv: mtls.server.address });
  });

  it("no client certificate, or one by another CA, fails the handshake", async () => {
    for (const tls of [
      trusting(),
      trusting({ certFile: fixture("other-client-admin.crt"), keyFile: fixture("other-client-admin.key") }),
    ]) {
      const client = track(
        new RouteClient({ namesrvAddrs: [mtls.server.address], security: { tls, token: CLIENT_TOKEN } }),
      );
      const err = await rejection(client.listTopics());
      expect(err.code).toBe(status.UNAVAILABLE);
    }
  });
});
