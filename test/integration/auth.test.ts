import { once } from "node:events";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import {
  type Client,
  Metadata,
  makeGenericClientConstructor,
  type ServiceError,
  status,
} from "@grpc/grpc-js";
import { afterEach, describe, expect, it } from "vitest";
import type { RegisterBrokerResponse } from "../../gen/ts/namesrv/v1/broker_service.js";
import { startNameServer } from "../../src/app.js";
import { DEFAULT_CONFIG, type NameServerConfig } from "../../src/config/config.js";
import { silentLogger } from "../../src/log/logger.js";
import { tempDir } from "../helpers/admin.js";
import { bufCurl } from "../helpers/buf-curl.js";
import { HeartbeatStream, heartbeatOf, registration, unary, unaryError } from "../helpers/grpc.js";
import {
  authFileText,
  type ClientSetup,
  fixture,
  type SecureClients,
  type SecureTestServer,
  secureClients,
  startSecureServer,
  type TestPrincipal,
} from "../helpers/tls.js";

const PRINCIPALS: TestPrincipal[] = [
  { name: "broker-a", roles: ["broker"], token: "tok-broker-a", brokerNames: ["broker-a"] },
  { name: "any-broker", roles: ["broker"], token: "tok-any-broker" },
  { name: "apps", roles: ["client"], token: "tok-client" },
  { name: "ops", roles: ["admin"], token: "tok-admin" },
  { name: "ops-by-cert", roles: ["admin"], certCommonName: "ops-admin" },
];

let servers: SecureTestServer[] = [];
let clients: SecureClients[] = [];
let raw: Client[] = [];

afterEach(async () => {
  for (const c of clients) c.close();
  for (const c of raw) c.close();
  clients = [];
  raw = [];
  const stopping = servers.map((s) => s.stop());
  servers = [];
  await Promise.all(stopping);
});

async function start(config: Partial<NameServerConfig> = {}) {
  const t = await startSecureServer({ config, principals: PRINCIPALS });
  servers.push(t);
  return t;
}

async function as(t: SecureTestServer, setup: ClientSetup) {
  const c = await secureClients(t.server.address, setup);
  clients.push(c);
  return c;
}

const register = (c: SecureClients, brokerName = "broker-a") =>
  unary<RegisterBrokerResponse>((cb) =>
    c.broker.registerBroker(
      registration({ brokerName, brokerAddr: `10.0.0.1:${brokerName === "broker-a" ? 1 : 2}` }),
      cb,
    ),
  );
const registerError = (c: SecureClients, brokerName = "broker-a") =>
  unaryError((cb) =>
    c.broker.registerBroker(
      registration({ brokerName, brokerAddr: `10.0.0.1:${brokerName === "broker-a" ? 1 : 2}` }),
      cb,
    ),
  );
const lookupError = (c: SecureClients) => unaryError((cb) => c.route.getClusterInfo({}, cb));
const lookup = (c: SecureClients) => unary((cb) => c.route.getClusterInfo({}, cb));
const adminError = (c: SecureClients) => unaryError((cb) => c.admin.getRuntimeConfig({}, cb));
const admin = (c: SecureClients) => unary((cb) => c.admin.getRuntimeConfig({}, cb));

function expectRefused(err: ServiceError, code: status, details: RegExp) {
  expect(err.code).toBe(code);
  expect(err.details).toMatch(details);
}

describe("authentication", () => {
  it("refuses calls without credentials with UNAUTHENTICATED, on every service, and logs each", async () => {
    const t = await start();
    const anon = await as(t, {});
    for (const err of [await lookupError(anon), await registerError(anon), await adminError(anon)]) {
      expectRefused(
        err,
        status.UNAUTHENTICATED,
        /no credentials: send metadata "authorization: Bearer <token>"/,
      );
    }
    const refusals = t.logged("request refused by auth");
    expect(refusals.map((l) => l.method)).toEqual([
      "/namesrv.v1.RouteService/GetClusterInfo",
      "/namesrv.v1.BrokerService/RegisterBroker",
      "/namesrv.v1.AdminService/GetRuntimeConfig",
    ]);
    expect(refusals[0]).toMatchObject({ code: "UNAUTHENTICATED", peer: expect.any(String) });
    expect(t.server.registry.routes.revision).toBe(0);
  });

  it("refuses an unknown token and a malformed authorization value", async () => {
    const t = await start();
    expectRefused(
      await lookupError(await as(t, { token: "nope" })),
      status.UNAUTHENTICATED,
      /unknown bearer token/,
    );
    const c = await as(t, {});
    const md = new Metadata();
    md.set("authorization", "Basic dXNlcjpwYXNz");
    const err = await unaryError((cb) => c.route.getClusterInfo({}, md, cb));
    expectRefused(err, status.UNAUTHENTICATED, /must be "Bearer <token>"/);
    expect(JSON.stringify(t.logs)).not.toContain("dXNlcjpwYXNz");
  });
});

describe("roles", () => {
  it("client: RouteService only", async () => {
    const t = await start();
    const c = await as(t, { token: "tok-client" });
    await expect(lookup(c)).resolves.toBeDefined();
    expectRefused(
      await registerError(c),
      status.PERMISSION_DENIED,
      /"apps" .* may not call namesrv.v1.BrokerService; it needs the broker role/,
    );
    expectRefused(await adminError(c), status.PERMISSION_DENIED, /needs the admin role/);
  });

  it("broker: BrokerService only", async () => {
    const t = await start();
    const c = await as(t, { token: "tok-any-broker" });
    await expect(register(c, "broker-b")).resolves.toBeDefined();
    expectRefused(await lookupError(c), status.PERMISSION_DENIED, /needs the client role/);
    expectRefused(await adminError(c), status.PERMISSION_DENIED, /needs the admin role/);
  });

  it("admin: every service", async () => {
    const t = await start();
    const c = await as(t, { token: "tok-admin" });
    await expect(lookup(c)).resolves.toBeDefined();
    await expect(register(c, "broker-b")).resolves.toBeDefined();
    await expect(admin(c)).resolves.toBeDefined();
  });
});

describe("a broker token bound to broker names", () => {
  it("registers its own name and is refused another's, which never reaches the table", async () => {
    const t = await start();
    const c = await as(t, { token: "tok-broker-a" });
    await expect(register(c, "broker-a")).resolves.toBeDefined();
    const revision = t.server.registry.routes.revision;
    expectRefused(
      await registerError(c, "broker-b"),
      status.PERMISSION_DENIED,
      /"broker-a" may not act for broker_name "broker-b"/,
    );
    expect(t.server.registry.routes.revision).toBe(revision);
    const unregister = await unaryError((cb) =>
      c.broker.unregisterBroker(
        { clusterName: "DefaultCluster", brokerName: "broker-b", brokerId: 0n, brokerAddr: "10.0.0.1:2" },
        cb,
      ),
    );
    expectRefused(unregister, status.PERMISSION_DENIED, /may not act for broker_name "broker-b"/);
  });

  it("ends a heartbeat stream that names another broker, and the server closes its session", async () => {
    const t = await start();
    const c = await as(t, { token: "tok-broker-a" });
    const own = registration({ brokerName: "broker-a", brokerAddr: "10.0.0.1:1" });
    await register(c, "broker-a");
    const hb = new HeartbeatStream(c.broker);
    expect((await hb.beat(heartbeatOf(own))).action).toBeDefined();
    const closed = once(t.server.registry.events, "stream-closed");
    hb.call.write(heartbeatOf({ ...own, brokerName: "broker-b", brokerAddr: "10.0.0.1:2" }));
    const end = await hb.status;
    expect(end.code).toBe(status.PERMISSION_DENIED);
    expect(end.details).toMatch(/may not act for broker_name "broker-b"/);
    await closed;
  });
});

describe("services outside the roles", () => {
  const passthrough = {
    requestSerialize: (b: Buffer) => b,
    requestDeserialize: (b: Buffer) => b,
    responseSerialize: (b: Buffer) => b,
    responseDeserialize: (b: Buffer) => b,
  };
  const Generic = makeGenericClientConstructor(
    {
      check: {
        path: "/grpc.health.v1.Health/Check",
        requestStream: false,
        responseStream: false,
        ...passthrough,
      },
      reflect: {
        path: "/grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
        requestStream: true,
        responseStream: true,
        ...passthrough,
      },
    },
    "Generic",
  );

  it("health needs no credentials; reflection needs a known principal", async () => {
    const t = await start();
    const anon = new Generic(t.server.address, (await import("@grpc/grpc-js")).credentials.createInsecure());
    raw.push(anon);
    const check = (anon as unknown as { check: (req: Buffer, cb: (e: ServiceError | null) => void) => void })
      .check;
    await expect(unary((cb) => check.call(anon, Buffer.alloc(0), cb))).resolves.toBeDefined();
    const reflect = async (metadata: Metadata) => {
      const call = (
        anon as unknown as {
          reflect: (md: Metadata) => NodeJS.EventEmitter & { write(b: Buffer): void; end(): void };
        }
      ).reflect.call(anon, metadata);
      call.on("error", () => {});
      call.on("data", () => {});
      const ended = new Promise<{ code: status }>((resolve) => call.on("status", resolve));
      call.write(Buffer.from([0x3a, 0x00])); // list_services: ""
      call.end();
      return (await ended).code;
    };
    expect(await reflect(new Metadata())).toBe(status.UNAUTHENTICATED);
    const withToken = new Metadata();
    withToken.set("authorization", "Bearer tok-client");
    expect(await reflect(withToken)).toBe(status.OK);
  });
});

describe("client certificates as principals", () => {
  it("a verified certificate whose CN is a principal gets its roles; an unknown CN is refused", async () => {
    const t = await start({ tlsMode: "enforcing", tlsClientAuth: "optional" });
    const ops = await as(t, { tls: { ca: "ca.crt", cert: "client-admin.crt", key: "client-admin.key" } });
    await expect(admin(ops)).resolves.toBeDefined();
    const stranger = await as(t, {
      tls: { ca: "ca.crt", cert: "client-broker.crt", key: "client-broker.key" },
    });
    expectRefused(
      await adminError(stranger),
      status.UNAUTHENTICATED,
      /client certificate CN "broker-a" is not a known principal/,
    );
    // A token decides alone: the CN's admin role does not widen a client token.
    const both = await as(t, {
      tls: { ca: "ca.crt", cert: "client-admin.crt", key: "client-admin.key" },
      token: "tok-client",
    });
    expectRefused(await adminError(both), status.PERMISSION_DENIED, /"apps"/);
  });
});

describe("grpcurl-style use (buf curl)", () => {
  it("calls through TLS with a token, reflection included, and shows a refusal's status and message", async () => {
    const t = await start({ tlsMode: "enforcing" });
    const address = t.server.address.replace("127.0.0.1", "localhost");
    const common = ["--cacert", fixture("ca.crt"), "--reflect-header", "*"];
    const asClient = [...common, "-H", "authorization: Bearer tok-client"];
    const ok = await bufCurl(
      address,
      [...asClient, "--data", "{}", "https://ADDR/namesrv.v1.RouteService/GetClusterInfo"],
      undefined,
      true,
    );
    expect(ok).toMatchObject({ code: 0, stderr: "" });
    const denied = await bufCurl(
      address,
      [...asClient, "--data", "{}", "https://ADDR/namesrv.v1.AdminService/GetRuntimeConfig"],
      undefined,
      true,
    );
    expect(denied.code).not.toBe(0);
    expect(denied.stdout + denied.stderr).toMatch(/permission_denied[\s\S]*needs the admin role/);
  });
});

describe("auth file reload", () => {
  it("applies a changed file and keeps the previous principals when the new file is invalid", async () => {
    const t = await start();
    const newcomer = await as(t, { token: "tok-new" });
    expectRefused(await lookupError(newcomer), status.UNAUTHENTICATED, /unknown bearer token/);
    await writeFile(
      t.authFile,
      authFileText([...PRINCIPALS, { name: "new", roles: ["client"], token: "tok-new" }]),
    );
    t.checkFiles();
    await expect(lookup(newcomer)).resolves.toBeDefined();

    await writeFile(t.authFile, '{"principals": [{"name": "x", "roles": ["root"], "tokenSha256": "00"}]}');
    t.checkFiles();
    expect(t.logged("auth file changed but is unusable")[0]?.err).toMatch(
      /principals\[0\]\.roles: "root" is not a role/,
    );
    await expect(lookup(newcomer)).resolves.toBeDefined();
  });

  it("a start with an invalid auth file fails naming the file and the field", async () => {
    const dir = await tempDir();
    const authFile = join(dir, "auth.json");
    await writeFile(authFile, '{"principals": [{"name": "x", "roles": ["client"]}]}');
    const starting = startNameServer(
      { ...DEFAULT_CONFIG, listen: "127.0.0.1:0", dataDir: join(dir, "data"), authFile },
      { logger: silentLogger() },
    );
    await expect(starting).rejects.toThrow(
      `authFile ${authFile}: principals[0]: needs tokenSha256 or certCommonName`,
    );
  });
});
